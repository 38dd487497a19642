"""The XSS corpus put where strangers put text: the comment form and three importers.

Comments go in through the interfaces people use (the test client posting the form,
``porch import`` on files written here) and out of the desk's queue through the
desk's own bulk action, as a moderator approves them.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.management import call_command
from django.test import Client

from porch.blog.models import Post
from porch.comments.models import NAME_MAX_LENGTH, Comment
from porch.core.models import SiteSettings
from tests.comments.helpers import form_started
from tests.importers.test_isso import ISSO_SCHEMA
from tests.security.xss_payloads import PAYLOADS, WEBSITES

BATCH = 20
# XML 1.0 cannot carry these; an export holding one is refused, so none is written.
NOT_XML = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def _cdata(text: str) -> str:
    return (
        "<![CDATA[" + text.translate(NOT_XML).replace("]]>", "]]]]><![CDATA[>") + "]]>"
    )


def _xml(text: str) -> str:
    return escape(text.translate(NOT_XML))


@dataclass
class FormResults:
    """What the form did with each payload: stored (comment ids) or refused."""

    stored: list[int] = field(default_factory=list)
    refused: list[tuple[str, int]] = field(default_factory=list)


def site_prepare() -> None:
    """Every comment waits for a moderator; one page holds many comments."""
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(
        moderation_manual_approval=True,
        comments_per_page=50,
        comment_max_depth=3,
        notify_host_on_comment=True,
    )


def _form_post(
    post: Post, number: int, *, name: str, body: str, url: str = "", parent: int | None
) -> tuple[int, int | None]:
    data = {
        "name": name, "email": f"stranger{number}@example.net", "url": url,
        "body": body, "parent": parent or "", "started": form_started(),
    }  # fmt: skip
    # One address per comment: the per-IP rate limit is not what this test is about.
    ip = f"10.{number // 200}.{number % 200}.7"
    response = Client(REMOTE_ADDR=ip).post(
        f"/comments/posts/{post.slug}/comment/", data
    )
    assert response.status_code in (302, 400), (response.status_code, body[:80])
    if response.status_code != 302:
        return response.status_code, None
    return 302, Comment.objects.order_by("-pk").values_list("pk", flat=True)[0]


def _one_payload_post(
    post: Post, number: int, payload: str, parent: int | None, results: FormResults
) -> None:
    name = payload[:NAME_MAX_LENGTH].strip() or "Blank"
    status, made = _form_post(post, number, name=name, body=payload, parent=parent)
    if made is None:  # a refused name: its comment text still goes in
        status, made = _form_post(
            post, number, name=f"Plain {number}", body=payload, parent=parent
        )
    if made is None:
        results.refused.append((payload, status))
    else:
        results.stored.append(made)


def form_threads_post(post: Post) -> FormResults:
    """Each payload as a name and a comment, then each script-ish address as a
    website. A refused name is tried again with a plain one."""
    results = FormResults()
    for number, payload in enumerate(PAYLOADS):
        _one_payload_post(post, number, payload, None, results)
    for offset, website in enumerate(WEBSITES, start=len(PAYLOADS)):
        status, made = _form_post(
            post, offset, name=f"Site {offset}", body=f"My site, {offset}.",
            url=website, parent=None,
        )  # fmt: skip
        if made is None:
            results.refused.append((website, status))
        else:
            results.stored.append(made)
    return results


def form_replies_post(post: Post, parents: list[int]) -> FormResults:
    """Every fourth payload as a reply to an approved comment (a held one takes no
    replies), from new commenters."""
    results = FormResults()
    start = len(PAYLOADS) + len(WEBSITES)
    for index, payload in enumerate(PAYLOADS[1::4]):
        parent = parents[index % len(parents)]
        _one_payload_post(post, start + index, payload, parent, results)
    return results


def desk_approve_all(moderator: Client) -> int:
    """Approve every held and spam comment through the desk's bulk action."""
    waiting = list(
        Comment.objects.exclude(status=Comment.Status.APPROVED)
        .exclude(status=Comment.Status.REMOVED)
        .values_list("pk", flat=True)
    )
    for start in range(0, len(waiting), BATCH):
        chosen = waiting[start : start + BATCH]
        response = moderator.post(
            "/desk/bulk/", {"action": "approve", "comments": chosen}
        )
        assert response.status_code in (200, 302), response.content[:300]
    assert not Comment.objects.filter(pk__in=waiting).exclude(status="approved")
    return len(waiting)


def _import(source: str, path: Path) -> str:
    out = StringIO()
    call_command("import", source, str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def wordpress_import(folder: Path) -> str:
    """A WXR file of one post whose comments carry the corpus in every field."""
    comments = []
    for number, payload in enumerate(PAYLOADS):
        website = WEBSITES[number % len(WEBSITES)]
        comments.append(f"""
    <wp:comment>
      <wp:comment_id>{number + 1}</wp:comment_id>
      <wp:comment_author>{_xml(payload[:150])}</wp:comment_author>
      <wp:comment_author_email>wxr{number}@example.net</wp:comment_author_email>
      <wp:comment_author_url>{_xml(website)}</wp:comment_author_url>
      <wp:comment_author_IP>192.0.2.{number % 250}</wp:comment_author_IP>
      <wp:comment_date_gmt>2019-07-21 08:{number % 60:02d}:00</wp:comment_date_gmt>
      <wp:comment_content>{_cdata(payload)}</wp:comment_content>
      <wp:comment_approved>{number % 2}</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>{number if number % 3 == 2 else 0}</wp:comment_parent>
    </wp:comment>""")  # fmt: skip
    path = folder / "corpus.xml"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Corpus</title><link>https://old.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_blog_url>https://old.example</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>ines</wp:author_login>
    <wp:author_email>ines@old.example</wp:author_email>
    <wp:author_display_name>Ines</wp:author_display_name></wp:author>
  <item>
    <title>Imported from WordPress</title>
    <link>https://old.example/wxr-corpus/</link>
    <dc:creator>ines</dc:creator>
    <content:encoded>A post with a rough discussion.</content:encoded>
    <wp:post_id>31</wp:post_id>
    <wp:post_date_gmt>2019-07-20 14:45:00</wp:post_date_gmt>
    <wp:post_name>wxr-corpus</wp:post_name>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
    <wp:comment_status>open</wp:comment_status>{"".join(comments)}
  </item>
</channel>
</rss>
""")  # fmt: skip
    return _import("wordpress", path)


def disqus_import(folder: Path, post: Post) -> str:
    """A Disqus export for ``post``: names and HTML messages from the corpus."""
    posts = []
    for number, payload in enumerate(PAYLOADS):
        parent = f'<parent dsq:id="{8000 + number - 1}"/>' if number % 3 == 2 else ""
        posts.append(f"""
  <post dsq:id="{8000 + number}">
    <message>{_cdata(payload)}</message>
    <createdAt>2012-03-05T11:{number % 60:02d}:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>{"true" if number % 2 else "false"}</isSpam>
    <author><email>dsq{number}@example.net</email><name>{_xml(payload[:150])}</name>
      <isAnonymous>false</isAnonymous></author>
    <ipAddress>198.51.100.{number % 250}</ipAddress>
    <thread dsq:id="1001"/>{parent}
  </post>""")  # fmt: skip
    path = folder / "disqus.xml"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1001"><id></id><forum>corpus</forum>
    <link>https://old.example/posts/{post.slug}/</link><title>{post.title}</title>
    <createdAt>2012-03-05T08:30:00Z</createdAt></thread>{"".join(posts)}
</disqus>
""")  # fmt: skip
    return _import("disqus", path)


def isso_import(folder: Path, post: Post) -> str:
    """An Isso database for ``post``: text, author and website from the corpus."""
    path = folder / "comments.db"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(ISSO_SCHEMA)
        db.execute(
            "INSERT INTO threads VALUES (1, ?, 'Corpus')", [f"/posts/{post.slug}/"]
        )
        db.executemany(
            "INSERT INTO comments (tid, id, parent, created, modified, mode, "
            "remote_addr, text, author, email, website, voters) "
            "VALUES (1, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, x'00')",
            [
                (number + 1, number if number % 3 == 2 else None,
                 1_330_000_000 + number, 2 if number % 2 else 1,
                 f"203.0.113.{number % 250}", payload, payload[:150],
                 f"isso{number}@example.net", WEBSITES[number % len(WEBSITES)])
                for number, payload in enumerate(PAYLOADS)
            ],
        )  # fmt: skip
        db.commit()
    return _import("isso", path)

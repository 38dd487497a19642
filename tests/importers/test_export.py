from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from lxml import etree

from porch.blog.models import Post
from porch.comments.models import Comment
from tests.factories import (
    BookFactory,
    CategoryFactory,
    CommentFactory,
    PersonFactory,
    PostFactory,
    SubscriptionFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "porch": "urn:porch:export:1",
}


@pytest.fixture
def site() -> dict[str, object]:
    maya = PersonFactory(
        slug="maya", display_name="Maya Ortiz", email="maya@example.org"
    )
    maya.user = UserFactory(username="maya", first_name="Maya", last_name="Ortiz")
    maya.save()
    BookFactory(
        person=maya, title="The Long Walk", url="https://books.example/walk", position=2
    )
    essays = CategoryFactory(slug="essays", name="Essays & notes")
    leading = CategoryFactory(slug="leadership", name="Leadership", parent=essays)
    tag = TagFactory(slug="teams", name="Teams")
    post = PostFactory(
        slug="leading-from-behind", title="Leading <from> behind", author=maya,
        body="Walk *beside* it.\n\nCode: `a ]]> b`", excerpt="Walk beside it.",
        publish_at=datetime(2012, 3, 5, 8, 30, tzinfo=UTC),
    )  # fmt: skip
    post.categories.set([leading])
    post.tags.set([tag])
    top = CommentFactory(
        post=post, author_name="Lena", author_email="lena@example.org",
        author_url="https://lena.example/", body="How far **behind**?",
        ip="203.0.113.0",
    )  # fmt: skip
    reply = CommentFactory(post=post, parent=top, author_name="Maya Ortiz",
                           user=maya.user, body="Far enough.")  # fmt: skip
    CommentFactory(post=post, status=Comment.Status.SPAM, body="Buy now")
    CommentFactory(post=post, status=Comment.Status.REMOVED, body="Rude.")
    CommentFactory(post=post, status=Comment.Status.PENDING, body="Hmm?")
    for comment in Comment.objects.all():
        comment.created_at = datetime(2012, 3, 6, 10, 0, tzinfo=UTC)
        comment.save(update_fields=["created_at"])
    draft = PostFactory(slug="draft", title="Draft", author=maya,
                        status=Post.Status.DRAFT, publish_at=None)  # fmt: skip
    return {"maya": maya, "post": post, "top": top, "reply": reply, "draft": draft,
            "essays": essays, "leading": leading, "tag": tag}  # fmt: skip


def export(tmp_path: Path, kind: str = "wordpress") -> tuple[Path, str]:
    out = tmp_path / ("site.xml" if kind == "wordpress" else "site.json")
    printed = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("export", kind, str(out), stdout=printed)
    return out, printed.getvalue()


def text(element: etree._Element, path: str) -> str:
    return element.findtext(path, namespaces=NS) or ""


def test_wxr_has_wordpress_namespaces_header_people_and_terms(site, tmp_path):
    out, printed = export(tmp_path)
    assert printed == (
        f"Exported 1 people, 2 categories, 1 tags, 2 posts, 5 comments to {out}.\n"
        "The file holds private data (emails, IP addresses): keep it like a backup.\n"
    )
    root = etree.parse(str(out)).getroot()
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    assert root.nsmap == {**NS}
    channel = root.find("channel")
    assert text(channel, "wp:wxr_version") == "1.2"
    assert text(channel, "wp:base_blog_url") == "http://testserver"
    author = channel.find("wp:author", NS)
    assert [(etree.QName(child).localname, child.text) for child in author] == [
        ("author_id", str(site["maya"].pk)), ("author_login", "maya"),
        ("author_email", "maya@example.org"), ("author_display_name", "Maya Ortiz"),
        ("author_first_name", "Maya"), ("author_last_name", "Ortiz"),
        ("login", "maya"),
        ("bio", "Writes about **teams**, trust and the long walk home."),
        ("site_name", "Quiet Mornings"), ("site_url", "https://quiet-mornings.example"),
        ("book", "The Long Walk"),
    ]  # fmt: skip
    assert [etree.QName(child).namespace for child in author][6:] == [NS["porch"]] * 5
    book = author.find("porch:book", NS)
    assert dict(book.attrib) == {"url": "https://books.example/walk", "position": "2"}
    categories = channel.findall("wp:category", NS)
    assert [(text(c, "wp:category_nicename"), text(c, "wp:category_parent"),
             text(c, "wp:cat_name")) for c in categories] == [
        ("essays", "", "Essays & notes"), ("leadership", "essays", "Leadership"),
    ]  # fmt: skip
    tag = channel.find("wp:tag", NS)
    assert (text(tag, "wp:tag_slug"), text(tag, "wp:term_id")) == (
        "teams", str(site["leading"].pk + site["tag"].pk),
    )  # fmt: skip


def test_wxr_items_carry_posts_terms_and_threaded_comments(site, tmp_path):
    out, _printed = export(tmp_path)
    items = etree.parse(str(out)).getroot().findall("channel/item")
    post = site["post"]
    item = items[0]
    assert [text(item, name) for name in (
        "title", "link", "dc:creator", "wp:post_id", "wp:post_date_gmt", "wp:status",
        "wp:post_name", "wp:post_type", "wp:comment_status", "excerpt:encoded",
    )] == [
        "Leading <from> behind", "http://testserver/posts/leading-from-behind/",
        "maya", str(post.pk), "2012-03-05 08:30:00", "publish",
        "leading-from-behind", "post", "open", "Walk beside it.",
    ]  # fmt: skip
    assert text(item, "content:encoded") == (
        f"<!-- wp:html -->\n{post.body_html}\n<!-- /wp:html -->"
    )
    assert "a ]]&gt; b" in text(item, "content:encoded")  # survived outside CDATA
    meta = [
        (text(m, "wp:meta_key"), text(m, "wp:meta_value"))
        for m in item.findall("wp:postmeta", NS)
    ]
    assert meta == [
        ("_porch_markdown", post.body), ("_porch_questions", post.questions),
    ]  # fmt: skip
    terms = [
        (c.get("domain"), c.get("nicename"), c.text) for c in item.iter("category")
    ]
    assert terms == [
        ("category", "leadership", "Leadership"), ("post_tag", "teams", "Teams"),
    ]  # fmt: skip
    comments = {text(c, "wp:comment_id"): c for c in item.findall("wp:comment", NS)}
    top, reply = comments[str(site["top"].pk)], comments[str(site["reply"].pk)]
    assert [text(top, f"wp:comment_{name}") for name in (
        "author", "author_email", "author_url", "author_IP", "date_gmt", "content",
        "approved", "type", "parent", "user_id",
    )] == [
        "Lena", "lena@example.org", "https://lena.example/", "203.0.113.0",
        "2012-03-06 10:00:00", "<p>How far <strong>behind</strong>?</p>\n", "1",
        "comment", "0", "0",
    ]  # fmt: skip
    assert text(reply, "wp:comment_parent") == str(site["top"].pk)
    comment_meta = top.find("wp:commentmeta", NS)
    assert (text(comment_meta, "wp:meta_key"), text(comment_meta, "wp:meta_value")) == (
        "_porch_markdown", "How far **behind**?",
    )  # fmt: skip
    assert text(reply, "wp:comment_user_id") == str(site["maya"].pk)
    approved = sorted(text(c, "wp:comment_approved") for c in comments.values())
    assert approved == ["0", "1", "1", "spam", "trash"]


def test_drafts_have_no_gmt_date_and_scheduled_posts_are_future(site, tmp_path):
    PostFactory(slug="soon", publish_at=datetime(2024, 6, 1, tzinfo=UTC))
    out, _printed = export(tmp_path)
    items = {text(i, "wp:post_name"): i for i in etree.parse(str(out)).iter("item")}
    assert text(items["draft"], "wp:status") == "draft"
    assert text(items["draft"], "wp:post_date_gmt") == "0000-00-00 00:00:00"
    assert text(items["soon"], "wp:status") == "future"


def test_export_file_is_private_and_replaced_whole(site, tmp_path):
    out = tmp_path / "site.xml"
    out.write_text("an older export")
    export(tmp_path)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.xml"]  # no leftovers


def test_export_into_a_missing_folder_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="is not a folder: create it first"):
        call_command("export", "wordpress", str(tmp_path / "nope" / "site.xml"))
    assert list(tmp_path.iterdir()) == []


def test_json_export_is_complete_and_documented(site, tmp_path):
    BookFactory(person=site["maya"], title="Walking Beside", url="https://b.example/")
    SubscriptionFactory(post=site["post"], email="follower@example.org")
    out, printed = export(tmp_path, "json")
    assert printed.startswith(
        "Exported 1 people, 0 series, 2 categories, 1 tags, 2 posts, 0 pages, "
        "0 images, 5 comments, "
        "1 subscriptions, 0 redirects, 1 accounts, 4 roles, 0 confirmed_emails, "
        "0 moderation_events, 0 moderation_examples, 0 block_rules, 0 imported to "
    )
    data = json.loads(out.read_text())
    assert (data["format"], data["version"]) == ("porch-export", 2)
    assert data["exported_at"] == "2024-05-01T09:00:00Z"
    assert data["site_settings"]["site_name"] == "My Porch"
    person = data["people"][0]
    books = [{k: v for k, v in book.items() if k != "id"} for book in person["books"]]
    assert sorted(book["id"] for book in person["books"]) == sorted(
        site["maya"].books.values_list("pk", flat=True)
    )
    assert (person["slug"], person["login"], person["email"], books) == (
        "maya", "maya", "maya@example.org",
        [{"title": "Walking Beside", "url": "https://b.example/", "position": 0},
         {"title": "The Long Walk", "url": "https://books.example/walk",
          "position": 2}],
    )  # fmt: skip
    assert data["categories"][1] == {
        "id": site["leading"].pk, "name": "Leadership", "slug": "leadership",
        "parent": site["essays"].pk,
    }  # fmt: skip
    post = next(p for p in data["posts"] if p["slug"] == "leading-from-behind")
    assert (post["author"], post["body"], post["publish_at"], post["tags"]) == (
        site["maya"].pk, "Walk *beside* it.\n\nCode: `a ]]> b`",
        "2012-03-05T08:30:00Z", [site["tag"].pk],
    )  # fmt: skip
    top = next(c for c in data["comments"] if c["id"] == site["top"].pk)
    assert (top["author_email"], top["ip"], top["parent"], top["login"]) == (
        "lena@example.org", "203.0.113.0", None, None,
    )  # fmt: skip
    reply = next(c for c in data["comments"] if c["id"] == site["reply"].pk)
    assert (reply["parent"], reply["login"]) == (site["top"].pk, "maya")
    ids = [c["id"] for c in data["comments"]]
    assert ids.index(site["top"].pk) < ids.index(site["reply"].pk)
    assert data["subscriptions"][0]["email"] == "follower@example.org"

"""No commenter's email or IP address reaches anyone else, in any encoding.

200 canary commenters (held and approved, top-level and replies, some subscribed,
some through the real form) each have their own address and IP. An anonymous reader
and a signed-in member without staff rights then crawl every public URL: home,
sitemap, feeds, every same-site link, every comment page and permalink, searches.
No response body or header, and no log line written meanwhile, may give a canary
away (see ``canaries`` for the encodings).
"""

from __future__ import annotations

import logging
from collections import deque
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
from django.test import Client

from porch.comments.models import Comment
from porch.comments.services import ip_for_storage
from porch.core.models import SiteSettings
from tests.comments.helpers import form_started
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    GuestPostFactory,
    PostFactory,
    SubscriptionFactory,
    TagFactory,
    UserFactory,
)
from tests.security.canaries import Canaries

pytestmark = pytest.mark.django_db

COMMENTERS = 200
THROUGH_THE_FORM = 30
MAX_URLS = 900
START = ["/", "/sitemap.xml", "/feed/", "/feed/atom/", "/comments/feed/",
         "/comments/feed/atom/", "/robots.txt"]  # fmt: skip
SEARCHES = ["canary", "leak", "example", "@", "198.18", "comment", "walking"]
# Pages whose every link is an action or somebody else's screen: not for readers.
NOT_CRAWLED = ("/admin/", "/desk/", "/media/")


def canary(number: int) -> tuple[str, str]:
    return (
        f"Canary.{number}@Leak-{number}.example",
        f"198.18.{number}.{number % 200 + 23}",
    )


def commenters_build() -> Canaries:
    """Canary comments on three posts: form posts, held, approved, replies, follows."""
    site = SiteSettings.current()
    site.comments_per_page = 25  # saved, so the cached settings row is dropped too
    site.save()
    posts = [GuestPostFactory(slug="canary-guest"), PostFactory(slug="canary-plain"),
             PostFactory(slug="canary-tagged")]  # fmt: skip
    posts[2].tags.set([TagFactory(slug="canaries")])
    posts[2].categories.set([CategoryFactory(slug="birds")])
    found = Canaries()
    for number in range(COMMENTERS):
        email, ip = canary(number)
        post = posts[number % len(posts)]
        if number < THROUGH_THE_FORM:
            form_comment(post, number, email, ip)
        else:
            factory_comment(post, number, email, ip)
        found.add(email=email, ips=[ip, ip_for_storage(ip)])
    assert (
        Comment.objects.filter(author_email__istartswith="canary.").count()
        == COMMENTERS
    )
    return found


def form_comment(post, number: int, email: str, ip: str) -> None:
    data = {"name": f"Canary {number}", "email": email, "body": f"Birdsong {number}.",
            "url": f"https://site-{number}.example/", "started": form_started(),
            "notify_post": "on", "notify_replies": "on", "remember": "on"}  # fmt: skip
    response = Client(REMOTE_ADDR=ip).post(
        f"/comments/posts/{post.slug}/comment/", data
    )
    assert response.status_code == 302


def factory_comment(post, number: int, email: str, ip: str) -> None:
    statuses = [Comment.Status.APPROVED] * 3 + [Comment.Status.PENDING]
    parent = None
    if number % 3 == 0:
        parent = post.comments.filter(status="approved", parent=None).first()
    comment = CommentFactory(
        post=post, parent=parent, author_name=f"Canary {number}", author_email=email,
        ip=ip_for_storage(ip), status=statuses[number % 4],
        user_agent=f"Mozilla/5.0 canary {ip}",
    )  # fmt: skip
    if number % 5 == 0:
        SubscriptionFactory(post=post, email=email, name=f"Canary {number}")
        SubscriptionFactory(post=post, email=email, kind="replies", comment=comment)


def links(url: str, response) -> set[str]:
    """Same-site addresses a page or feed points to."""
    kind = response.get("Content-Type", "")
    if not response.content or not ("html" in kind or "xml" in kind):
        return set()
    found: set[str] = set()
    if "html" in kind:
        doc = lxml.html.fromstring(response.content)
        found |= set(doc.xpath("//a/@href | //link/@href"))
    else:
        root = lxml.etree.fromstring(response.content)
        found |= {e.text or "" for e in root.iter("{*}loc", "link", "{*}link", "guid")}
        found |= set(root.xpath("//*[local-name()='link']/@href"))
    own = set()
    for href in found:
        absolute = urlsplit(urljoin(f"http://testserver{url}", href.strip()))
        if absolute.netloc == "testserver" and absolute.scheme in ("http", ""):
            path = absolute.path + (f"?{absolute.query}" if absolute.query else "")
            if not path.startswith(NOT_CRAWLED):
                own.add(path)
    return own


def crawl(client: Client) -> dict[str, bytes]:
    """Every URL reachable from the start pages, and each response as bytes."""
    seen: dict[str, bytes] = {}
    pks = Comment.objects.values_list("pk", flat=True)
    todo = deque([*START, *(f"/search/?q={term}" for term in SEARCHES),
                  *(f"/comments/{pk}/" for pk in pks)])  # fmt: skip
    while todo and len(seen) < MAX_URLS:
        url = todo.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        seen[url] = headers.encode() + b"\n\n" + response.content
        if "Location" in response:
            todo.append(
                urlsplit(response["Location"])._replace(scheme="", netloc="").geturl()
            )
        todo.extend(links(url, response) - seen.keys())
    assert len(seen) < MAX_URLS, "the crawl did not finish"
    return seen


@pytest.fixture
def canaries() -> Canaries:
    return commenters_build()


def leaks_by_url(canaries: Canaries, pages: dict[str, bytes]) -> dict[str, set[str]]:
    """The canaries each page gives away; a body seen before is not searched again."""
    by_body: dict[bytes, set[str]] = {}
    for body in set(pages.values()):
        by_body[body] = canaries.leaks(body.decode("utf-8", "replace"))
    return {url: by_body[body] for url, body in pages.items() if by_body[body]}


def test_no_canary_reaches_a_reader_or_the_log(canaries, caplog):
    anonymous, member = Client(), Client()
    member.force_login(UserFactory(username="member", email="member@porch.example"))
    caplog.set_level(logging.DEBUG)
    caplog.clear()

    for client in (anonymous, member):
        pages = crawl(client)
        assert len(pages) > 250
        assert sum("/posts/canary-" in url and "cpage=" in url for url in pages) >= 3
        assert leaks_by_url(canaries, pages) == {}
    log_text = "\n".join(record.getMessage() for record in caplog.records)
    assert len(caplog.records) > 0  # the crawl's own 404s and redirects log lines
    assert canaries.leaks(log_text) == set()


def test_the_search_finds_each_encoding():
    """The canary search is no blind spot: every encoding named above is caught."""
    import base64
    import hashlib
    from urllib.parse import quote

    found = Canaries()
    email, ip = canary(7)
    found.add(email=email, ips=[ip])
    lowered = email.lower()
    encoded = [
        email, email.upper(), quote(email), email.replace("@", "&#64;"),
        email.replace("@", "&#x40;"), "".join(f"&#{ord(c)};" for c in email),
        email.replace("@", "\\u0040"), base64.b64encode(email.encode()).decode(),
        base64.b64encode(f'{{"e":"{email}"}}'.encode()).decode(),
        hashlib.md5(lowered.encode()).hexdigest(),  # noqa: S324
        hashlib.sha1(lowered.encode()).hexdigest(),  # noqa: S324
        hashlib.sha256(lowered.encode()).hexdigest(),
    ]  # fmt: skip
    for text in encoded:
        assert found.leaks(f"<p>seen: {text}.</p>") == {lowered}, text
    for text in (ip, hashlib.sha256(ip.encode()).hexdigest()):
        assert found.leaks(f"<p>{text}</p>") == {ip}, text
    assert found.leaks("<p>canary.7@leak-8.example 198.18.7.250</p>") == set()

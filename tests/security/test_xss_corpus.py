"""The XSS corpus, through every field a stranger fills, never runs anywhere it shows.

Each test puts all of ``xss_payloads`` in (the comment form, or one importer), lets
the moderator approve everything through the desk, then opens in Chromium every page
that shows the comments, parses the feeds, and opens the emails they caused. See
``browser_checks`` for what a page must not do.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import PersonFactory, PostFactory, SubscriptionFactory, UserFactory
from tests.security.browser_checks import (
    Watch,
    dom_problems,
    email_html,
    email_subject,
    feed_problems,
    visit,
)
from tests.security.xss_payloads import PAYLOADS
from tests.security.xss_site import (
    desk_approve_all,
    disqus_import,
    form_replies_post,
    form_threads_post,
    isso_import,
    site_prepare,
    wordpress_import,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "li.comment"
HELD = ".desk-item__meta, .desk-text"
MAX_COMMENT_PAGES = 20
EMAILS_PER_PAGE = 60
CLICK_EVERY_REPLY = """() => {
  const links = Array.from(document.querySelectorAll(".comment-reply-link"));
  links.forEach(link => link.click());
  return links.length;
}"""


class Browse:
    """Two browser contexts on the live server: a signed-in host and a stranger."""

    def __init__(self, browser, live_server, host_client: Client) -> None:
        self.base = live_server.url
        self.watch = Watch(own_host=urlsplit(self.base).netloc)
        self.host_page = browser.new_context().new_page()
        self.reader_page = browser.new_context().new_page()
        for page in (self.host_page, self.reader_page):
            page.set_default_navigation_timeout(30_000)
            self.watch.attach(page)
        self.host_page.context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": host_client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": self.base,
        }])  # fmt: skip
        self.problems: list[str] = []
        self.loads = 0

    def check(self, path: str, selector: str | None, *, as_host: bool = False) -> None:
        page = self.host_page if as_host else self.reader_page
        self.problems += visit(page, self.watch, self.base + path, selector)
        self.loads += 1

    def close(self) -> None:
        self.host_page.context.close()
        self.reader_page.context.close()


@pytest.fixture
def host_client() -> Client:
    host = UserFactory(username="xss-host", email="host@porch.example")
    user_role_set(user=host, role=roles.HOST)
    client = Client()
    client.force_login(host)
    return client


@pytest.fixture
def browse(browser, live_server, host_client):
    opened = Browse(browser, live_server, host_client)
    yield opened
    opened.close()


def desk_screens(browse: Browse) -> None:
    """The queue (every page), the Spam view, the audit log, the admin's list."""
    held = Comment.objects.filter(status=Comment.Status.PENDING).count()
    for number in range(1, held // 20 + 2):
        browse.check(f"/desk/?page={number}", HELD, as_host=True)
    browse.check("/desk/?status=spam", HELD, as_host=True)
    browse.check("/desk/log/", None, as_host=True)
    browse.check("/desk/learning/", None, as_host=True)
    browse.check("/admin/comments/comment/", None, as_host=True)
    first = Comment.objects.order_by("pk").first()
    assert first is not None
    browse.check(f"/admin/comments/comment/{first.pk}/change/", None, as_host=True)


def public_pages(browse: Browse, post: Post) -> int:
    """Every comment page of ``post`` (reply links clicked too), permalinks, home,
    the post's feeds; returns how many comments the pages showed."""
    shown: set[str] = set()
    for number in range(1, MAX_COMMENT_PAGES):
        browse.check(f"{post.get_absolute_url()}?cpage={number}", COMMENT)
        ids = set(
            browse.reader_page.eval_on_selector_all(COMMENT, "e => e.map(x => x.id)")
        )
        if not ids - shown:
            break
        shown |= ids
        browse.reader_page.evaluate(CLICK_EVERY_REPLY)
        browse.problems += dom_problems(browse.reader_page, None)
    for pk in post.comments.values_list("pk", flat=True)[::15]:
        browse.check(f"/comments/{pk}/", COMMENT)
    browse.check("/", None)
    feeds_check(browse, [f"/comments/posts/{post.slug}/feed/",
                         f"/comments/posts/{post.slug}/feed/atom/",
                         "/comments/feed/", "/comments/feed/atom/"])  # fmt: skip
    return len(shown)


def feeds_check(browse: Browse, paths: list[str]) -> None:
    reader = Client()
    for path in paths:
        response = reader.get(path)
        assert response.status_code == 200, path
        entries, problems = feed_problems(response.content, path)
        assert entries > 0, path
        browse.problems += problems


def emails_check(browse: Browse, messages: list[bytes]) -> None:
    """Every email's HTML, many to a browser page: a mail client is a browser too."""
    subjects = [email_subject(raw) for raw in messages]
    assert any(" replied to you on " in subject for subject in subjects)
    assert sum(subject.startswith("New comment on ") for subject in subjects) > 150, (
        sorted(set(subjects))[:8]
    )
    bodies = sorted({email_html(raw) for raw in messages})
    for start in range(0, len(bodies), EMAILS_PER_PAGE):
        browse.watch.current = f"emails {start}-{start + EMAILS_PER_PAGE}"
        browse.reader_page.set_content("".join(bodies[start : start + EMAILS_PER_PAGE]))
        # The quote's own frame is the template's; what is inside it is the comment's.
        browse.problems += dom_problems(browse.reader_page, "blockquote > *")
        browse.problems += dom_problems(browse.reader_page, None)


def all_approved_and_shown(post: Post, shown: int) -> None:
    approved = post.comments.filter(status=Comment.Status.APPROVED).count()
    assert approved == post.comments.count()
    assert shown == approved


def test_the_comment_form_corpus_runs_nowhere(browse, host_client, smtp_server):
    site_prepare()
    post = PostFactory(
        slug="xss-form", author=PersonFactory(email="author@porch.example")
    )
    SubscriptionFactory(post=post, email="follower@example.org")
    threads = form_threads_post(post)
    assert len(threads.stored) >= 100, threads.refused
    desk_screens(browse)
    desk_approve_all(host_client)
    for parent in threads.stored[:5]:  # their writers hear of replies by email
        SubscriptionFactory(post=post, kind="replies", comment_id=parent)
    replies = form_replies_post(post, threads.stored)
    assert len(replies.stored) >= 30, replies.refused
    # Refused input is refused plainly (a 400 with the form again), never a crash.
    refused = threads.refused + replies.refused
    assert {status for _text, status in refused} <= {400}
    desk_screens(browse)
    desk_approve_all(host_client)
    all_approved_and_shown(post, public_pages(browse, post))
    for payload in PAYLOADS[::4]:
        browse.check(f"/search/?q={quote(payload[:200])}", None)

    emails_check(browse, [envelope.content for envelope in smtp_server.envelopes])
    assert browse.watch.dialogs == []
    assert browse.watch.offsite == []
    assert browse.problems == []


def test_imported_corpus_runs_nowhere(browse, host_client, tmp_path: Path):
    site_prepare()
    disqus_post = PostFactory(slug="xss-disqus")
    isso_post = PostFactory(slug="xss-isso")
    wordpress_import(tmp_path)
    disqus_import(tmp_path, disqus_post)
    isso_import(tmp_path, isso_post)
    wxr_post = Post.objects.get(slug="wxr-corpus")
    # WordPress and Disqus carry HTML: a comment that was nothing but a script or
    # an image is left out as "no text" (the report says so); Isso's text too.
    for post, least in ((wxr_post, 60), (disqus_post, 60), (isso_post, 60)):
        assert post.comments.count() >= least, post.slug

    desk_screens(browse)
    desk_approve_all(host_client)
    for post in (wxr_post, disqus_post, isso_post):
        all_approved_and_shown(post, public_pages(browse, post))
    assert browse.watch.dialogs == []
    assert browse.watch.offsite == []
    assert browse.problems == []


def test_the_checks_see_a_script_that_runs(browser, live_server):
    """The checks above can fail: an unsanitised comment trips every one of them."""
    page = browser.new_context().new_page()
    watch = Watch(own_host=urlsplit(live_server.url).netloc)
    watch.attach(page)
    # A blank page, without the site's Content-Security-Policy (which would stop the
    # handler and the image): the checks must see them on their own.
    page.set_content(
        '<ol><li class="comment" id="c1"><img src="https://evil.example/p.png" '
        'onerror="alert(1)" style="color:red"><a href="javascript:x()">x</a>'
        "<svg></svg></li></ol>"
    )
    page.wait_for_timeout(500)
    problems = dom_problems(page, COMMENT)
    page.context.close()
    assert watch.dialogs == [": 1"]
    assert watch.offsite == [": https://evil.example/p.png"]
    assert problems == [
        "c1: img[onerror]", "c1: img[style=color:red]", "c1: a[href=javascript:x()]",
        "c1: <svg>",
    ]  # fmt: skip

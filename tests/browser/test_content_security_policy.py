"""Chromium enforces the Content-Security-Policy and nothing we use breaks it.

Every page a reader, a moderator and a writer uses is loaded and used (reply form,
a reply posted, the desk's keys, the admin's login, every model's list and add form,
the live preview) while the browser reports each violation and console error; none
may occur. A last step breaks the policy on
purpose, so a listener that heard nothing cannot pass for a clean run.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from porch.comments.models import Comment
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, PersonFactory, PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.porchViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `in ${event.sourceFile || document.location.pathname}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def reports(page):
    """Violations and console errors, as they happen on any page loaded."""
    found: dict[str, list[str]] = {"violations": [], "errors": [], "policies": []}
    page.expose_function(
        "porchViolation", lambda text: found["violations"].append(text)
    )
    page.add_init_script(LISTENER)

    def console_seen(message):
        # Browsers ask for /favicon.ico on their own; Porch has none (a 404).
        favicon = message.location.get("url", "").endswith("/favicon.ico")
        if message.type == "error" and not favicon:
            found["errors"].append(f"{message.text} ({message.location})")

    page.on("console", console_seen)
    page.on("pageerror", lambda error: found["errors"].append(str(error)))

    def policy_seen(response):
        if response.request.resource_type == "document":
            found["policies"].append(response.headers.get("content-security-policy"))

    page.on("response", policy_seen)
    return found


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def reader_pages(page, live_server):
    post = PostFactory(title="Walking beside the team")
    parent = CommentFactory(post=post, author_name="Dana Black", body="Well said.")
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.wait_for_load_state("networkidle")
    page.click(f"#comment-{parent.pk} .comment-reply-link")
    assert page.inner_text("#reply-title-text") == "Leave a Reply to Dana Black"
    page.fill("#id_body", "Walking beside beats walking ahead.")
    page.fill("#id_name", "Eve")
    page.fill("#id_email", "eve@example.com")
    # The form refuses posts under 3 s after it was shown (a bot trap).
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        page.click("#commentform button[type=submit]")
        page.wait_for_load_state()
    reply = Comment.objects.get(parent=parent)
    page.wait_for_selector(f"#comment-{reply.pk}")
    page.wait_for_load_state("networkidle")
    return post


def desk_pages(page, live_server, post):
    held = CommentFactory(
        post=post,
        author_name="Ann",
        status=Comment.Status.PENDING,
        moderation_risk=0.9,
        moderation_scores={"offensive": 0.0, "spam": 0.9, "off_topic": 0.0},
        body="Cheap watches here.",
    )
    page.goto(f"{live_server.url}/desk/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("a")  # approve the selected comment, without a reload
    page.wait_for_selector(f"#held-{held.pk}", state="detached")
    page.goto(f"{live_server.url}/desk/log/")


def admin_pages(page, live_server, post, user):
    """Every model's list, its add form where the user may add, and the change form
    of its first row (comments, moderation events, the user...) where it has one."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [reverse(f"{name}_changelist")]
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None and model_admin.has_view_permission(request, first):
            urls.append(reverse(f"{name}_change", args=[first.pk]))
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None
            assert response.status == 200, url
    page.goto(f"{live_server.url}{reverse('admin:blog_post_change', args=[post.pk])}")
    page.fill("#id_body", "Lead from **behind**.")
    preview = page.get_by_role("region", name="Preview: Body (Markdown)")
    preview.locator(".porch-preview-body strong").wait_for()
    page.wait_for_load_state("networkidle")


def test_no_page_we_use_breaks_the_policy(live_server, page, reports):
    post = reader_pages(page, live_server)

    writer = user_role_set(user=UserFactory(username="edda"), role=roles.HOST)
    PersonFactory(user=writer, display_name="Edda", slug="edda")
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "edda")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    desk_pages(page, live_server, post)
    admin_pages(page, live_server, post, writer)

    assert reports["violations"] == []
    assert reports["errors"] == []
    assert len(reports["policies"]) >= 30  # the walk really happened
    assert all("script-src 'self'" in policy for policy in reports["policies"])

    # The listener hears a real violation: an inline style is refused.
    page.evaluate(
        "document.head.append(Object.assign(document.createElement('style'), "
        "{textContent: 'body { color: red }'}))"
    )
    page.wait_for_function("document.body.dataset.porchChecked = 1")
    assert [v.split(" ")[:3] for v in reports["violations"]] == [
        ["style-src-elem", "blocked", "inline"]
    ]
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"

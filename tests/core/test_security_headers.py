"""Content-Security-Policy, Permissions-Policy and no-store on every kind of page."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from porch.comments.models import Comment
from porch.core.headers import ContentSecurityPolicyMiddleware
from porch.core.models import SiteSettings
from porch.core.views import server_error_view
from porch.people import roles
from tests.desk.desk_helpers import member
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

SITE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
DENIED_FEATURES = {
    "camera",
    "microphone",
    "geolocation",
    "interest-cohort",
    "browsing-topics",
    "payment",
    "usb",
}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive -> sources."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def features(response) -> dict[str, str]:
    items = response["Permissions-Policy"].split(",")
    return dict(item.strip().split("=") for item in items)


@pytest.fixture
def host_client(client):
    SiteSettings.current()
    client.force_login(member(roles.HOST, "hostess"))
    return client


def test_public_pages_carry_the_policy_whether_rendered_or_cached(client):
    SiteSettings.current()
    post = PostFactory()
    CommentFactory(post=post)
    for url in ["/", post.get_absolute_url(), "/feed/", "/comments/feed/"]:
        rendered, cached = client.get(url), client.get(url)
        assert (rendered.status_code, cached.status_code) == (200, 200), url
        assert "ETag" in cached  # the second one came from the page cache
        for response in (rendered, cached):
            assert policy(response) == SITE_POLICY, url
            assert set(features(response)) >= DENIED_FEATURES, url
            assert set(features(response).values()) == {"()"}
            assert response["X-Frame-Options"] == "DENY"


def test_a_not_found_page_carries_the_policy(client):
    SiteSettings.current()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert policy(response) == SITE_POLICY


def test_desk_and_admin_carry_the_policy_and_are_never_stored(host_client):
    CommentFactory(status=Comment.Status.PENDING)
    post = PostFactory()
    for url in [
        "/desk/",
        "/desk/log/",
        "/admin/",
        reverse("admin:blog_post_changelist"),
        reverse("admin:blog_post_change", args=[post.pk]),
        reverse("admin:comments_comment_changelist"),
    ]:
        response = host_client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == SITE_POLICY, url
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= control, url
        assert "ETag" not in host_client.get(url)  # nor in the page cache


def test_the_desk_login_redirect_and_admin_login_are_never_stored(client):
    SiteSettings.current()
    for url in ["/desk/", "/admin/login/"]:
        response = client.get(url)
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= control, url
        assert policy(response) == SITE_POLICY, url


def style_hashes(html: str) -> list[str]:
    blocks = [chunk.split("</style>")[0] for chunk in html.split("<style>")[1:]]
    digests = (hashlib.sha256(block.encode()).digest() for block in blocks)
    return [f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests]


def test_the_500_page_admits_its_own_inline_style_and_nothing_else():
    middleware = ContentSecurityPolicyMiddleware(server_error_view)
    response = middleware(RequestFactory().get("/"))
    assert response.status_code == 500
    [allowed] = style_hashes(response.content.decode())
    assert policy(response) == {**SITE_POLICY, "style-src": ["'self'", allowed]}


def test_the_csrf_failure_page_admits_its_own_inline_style():
    SiteSettings.current()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    [allowed] = style_hashes(response.content.decode())
    assert policy(response)["style-src"] == ["'self'", allowed]
    # Other pages keep the bare policy: the hash is for this response only.
    assert policy(client.get("/"))["style-src"] == ["'self'"]


def test_a_route_gets_its_own_policy_on_cached_pages_too(client, settings):
    SiteSettings.current()
    settings.CONTENT_SECURITY_POLICY_ROUTES = {
        "/feed/": {"frame-ancestors": ["https://friend.example"]}
    }
    for response in (client.get("/feed/"), client.get("/feed/")):
        assert policy(response) == {
            **SITE_POLICY,
            "frame-ancestors": ["https://friend.example"],
        }
    assert policy(client.get("/"))["frame-ancestors"] == ["'none'"]


PAGE_TEMPLATES = [
    path
    for path in (Path(__file__).resolve().parents[2] / "src" / "porch").rglob("*.html")
    if "templates" in path.parts and "email" not in path.parts
]
# What the policy refuses in a page: inline script and style, event handlers.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I
)


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda path: path.name)
def test_no_page_template_has_inline_script_or_style(template):
    found = INLINE.findall(template.read_text())
    if template.name == "500.html":  # admitted by its hash, see core.views
        assert found == ["<style"]
    else:
        assert found == []

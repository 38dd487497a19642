"""Pages as readers meet them: at their address, in the menu, the sitemap and search."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from lxml import etree

from porch.core.models import SiteSettings
from porch.pages.models import Page
from porch.pages.services import page_save
from tests.blog.pages import parse, texts
from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_settings():
    """The settings row exists, as on any running site: creating it drops pages."""
    SiteSettings.current()


@pytest.fixture
def about() -> Page:
    return PageFactory(title="About", slug="about", body="I write about *teams*.")


def nav_links(response) -> list[tuple[str, str]]:
    doc = parse(response)
    return [
        (a.text_content().strip(), a.get("href"))
        for a in doc.cssselect(".site-nav__links a")
    ]


def test_a_subpage_lives_under_its_parents_address(client, about):
    PageFactory(title="Write for us", slug="write-for-us", parent=about,
                body="Send a *pitch* first.")  # fmt: skip
    response = client.get("/about/write-for-us/")
    assert response.status_code == 200
    doc = parse(response)
    assert texts(doc, "h1") == ["Write for us"]
    assert "<em>pitch</em>" in response.content.decode()
    assert [a.get("href") for a in doc.cssselect(".breadcrumb a")] == ["/about/"]
    assert doc.cssselect("link[rel=canonical]")[0].get("href") == (
        "http://testserver/about/write-for-us/"
    )


def test_an_address_without_its_slash_is_redirected(client, about):
    response = client.get("/about")
    assert (response.status_code, response["Location"]) == (301, "/about/")


def test_unknown_addresses_are_the_ordinary_404(client, about):
    for address in ("/nothing-here/", "/about/nothing/", "/nothing/about/"):
        response = client.get(address)
        assert response.status_code == 404
        assert "404.html" in [t.name for t in response.templates]


def test_routes_of_the_site_win_over_pages(client, about):
    post = PostFactory(slug="hello")
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get("/search/", {"q": "teams"}).templates[0].name == (
        "blog/post_search.html"
    )


def test_drafts_are_404_for_readers_and_hide_their_subpages(client, about):
    team = PageFactory(slug="team", parent=about)
    about.status = Page.Status.DRAFT
    page_save(page=about)
    assert client.get("/about/").status_code == 404
    assert client.get(team.get_absolute_url()).status_code == 404


def test_staff_who_manage_pages_preview_a_draft(about):
    about.status = Page.Status.DRAFT
    page_save(page=about)
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_page"))
    staff = Client()
    staff.force_login(user)
    response = staff.get("/about/")
    assert response.status_code == 200
    assert "This page is a draft; readers cannot see it." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Client().get("/about/").status_code == 404  # not cached for readers


def test_the_menu_shows_published_pages_in_the_hosts_order(client, about):
    about.show_in_menu, about.menu_order = True, 2
    page_save(page=about)
    PageFactory(title="Contact", slug="contact", show_in_menu=True, menu_order=1)
    PageFactory(title="Hidden", slug="hidden", show_in_menu=False)
    PageFactory(title="Later", slug="later", show_in_menu=True,
                status=Page.Status.DRAFT)  # fmt: skip
    PageFactory(title="Team", slug="team", parent=about, show_in_menu=True,
                menu_order=3)  # fmt: skip
    links = nav_links(client.get(reverse("blog:home")))
    assert links[:4] == [
        ("Home", "/"), ("Contact", "/contact/"), ("About", "/about/"),
        ("Team", "/about/team/"),
    ]  # fmt: skip
    assert "Hidden" not in dict(links)
    assert "Later" not in dict(links)


def test_saving_a_page_changes_cached_pages_and_the_menu(client, about):
    about.show_in_menu = True
    page_save(page=about)
    home = reverse("blog:home")
    assert ("About", "/about/") in nav_links(client.get(home))
    assert client.get("/about/").status_code == 200
    assert len(client.get("/about/").templates) == 0  # served from the page cache

    about.title = "About me"
    page_save(page=about)
    assert texts(parse(client.get("/about/")), "h1") == ["About me"]
    assert ("About me", "/about/") in nav_links(client.get(home))

    about.delete()
    assert client.get("/about/").status_code == 404
    assert "About me" not in dict(nav_links(client.get(home)))


def test_the_sitemap_lists_pages_readers_can_see(client, about):
    PageFactory(slug="team", parent=about)
    PageFactory(slug="draft", status=Page.Status.DRAFT)
    response = client.get(reverse("blog:sitemap"))
    root = etree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert "http://testserver/about/" in locations
    assert "http://testserver/about/team/" in locations
    assert "http://testserver/draft/" not in locations


def test_search_finds_pages_above_posts(client, about):
    PageFactory(title="Write for us", slug="write-for-us", parent=about,
                body="Guest posts about leadership are welcome.")  # fmt: skip
    PageFactory(title="Secret", slug="secret", body="leadership draft",
                status=Page.Status.DRAFT)  # fmt: skip
    response = client.get(reverse("blog:search"), {"q": "Leadership guest"})
    doc = parse(response)
    assert [(a.text_content(), a.get("href")) for a in doc.cssselect(
        ".search-pages a")] == [("Write for us", "/about/write-for-us/")]  # fmt: skip
    assert texts(doc, "[role=status]") == ["No post matches."]


def test_a_nested_page_is_made_with_one_query(client, settings, about,
                                               django_assert_num_queries):  # fmt: skip
    settings.PAGE_CACHE = "off"  # the renderer alone; the menu is a fragment
    PageFactory(slug="team", parent=about, show_in_menu=True)
    client.get("/about/team/")
    with django_assert_num_queries(1):
        assert client.get("/about/team/").status_code == 200

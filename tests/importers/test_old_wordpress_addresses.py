"""Every address the old WordPress site had still answers: a 301 to Porch's own.

The site is built by importing a small WordPress export written here: two authors,
a category inside another, a tag, a post with a long (paged) discussion, a second
post, a page and an attachment.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

from porch.blog.models import Category, Post, Tag
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.people.models import Person
from tests.importers.conftest import run_import

pytestmark = pytest.mark.django_db

SITE = "http://old.example"
COMMENTS = 12  # top-level, one page of 5 each: pages 1 to 3


def wxr_comment(number: int) -> str:
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>Reader {number}</wp:comment_author>"
        "<wp:comment_author_email>reader@example.com</wp:comment_author_email>"
        f"<wp:comment_date_gmt>2013-05-14 1{number % 10}:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>Comment number {number}.</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        "<wp:comment_parent>0</wp:comment_parent></wp:comment>"
    )


def wxr_item(
    wp_id: int, name: str, *, kind: str = "post", extra: str = "", link: str = ""
) -> str:
    return (
        f"<item><title>{name.title()}</title>"
        f"<link>{link or f'{SITE}/2013/05/14/{name}/'}</link>"
        "<dc:creator><![CDATA[Tom_R]]></dc:creator>"
        f"<content:encoded><![CDATA[About {name}.]]></content:encoded>"
        f"<wp:post_id>{wp_id}</wp:post_id>"
        "<wp:post_date>2013-05-14 10:00:00</wp:post_date>"
        "<wp:post_date_gmt>2013-05-14 10:00:00</wp:post_date_gmt>"
        f"<wp:post_name>{name}</wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_type>{kind}</wp:post_type>{extra}</item>\n"
    )


def old_site_export(path: Path) -> Path:
    beans = (
        '<category domain="category" nicename="beans">Beans</category>'
        '<category domain="post_tag" nicename="slow-food">Slow food</category>'
        + "".join(wxr_comment(n) for n in range(101, 101 + COMMENTS))
    )
    attachment = (
        "<wp:post_parent>40</wp:post_parent>"
        f"<wp:attachment_url>{SITE}/wp-content/uploads/2013/05/rows.jpg"
        "</wp:attachment_url>"
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<title>Old</title><link>{SITE}</link><wp:wxr_version>1.2</wp:wxr_version>"
        f"<wp:base_blog_url>{SITE}</wp:base_blog_url>"
        "<wp:author><wp:author_id>7</wp:author_id>"
        "<wp:author_login>Tom_R</wp:author_login>"
        "<wp:author_email>tom@old.example</wp:author_email>"
        "<wp:author_display_name>Tom R</wp:author_display_name></wp:author>"
        "<wp:category><wp:term_id>3</wp:term_id>"
        "<wp:category_nicename>garden</wp:category_nicename>"
        "<wp:cat_name>Garden</wp:cat_name></wp:category>"
        "<wp:category><wp:term_id>4</wp:term_id>"
        "<wp:category_nicename>beans</wp:category_nicename>"
        "<wp:category_parent>garden</wp:category_parent>"
        "<wp:cat_name>Beans</wp:cat_name></wp:category>"
        "<wp:tag><wp:term_id>5</wp:term_id><wp:tag_slug>slow-food</wp:tag_slug>"
        "<wp:tag_name>Slow food</wp:tag_name></wp:tag>"
        + wxr_item(40, "runner-beans", extra=beans)
        + wxr_item(41, "about", kind="page", link=f"{SITE}/about/")
        + wxr_item(
            42,
            "rows",
            kind="attachment",
            extra=attachment,
            link=f"{SITE}/2013/05/14/runner-beans/rows/",
        )
        + "</channel></rss>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def old_site(tmp_path: Path) -> Post:
    run_import(old_site_export(tmp_path / "old.xml"))
    site = SiteSettings.current()
    site.comments_per_page = 5
    site.save()
    cache.clear()
    return Post.objects.get(slug="runner-beans")


def moved(client, old: str) -> str:
    response = client.get(old)
    assert response.status_code == 301, old
    return str(response["Location"])


def test_category_tag_and_author_addresses_lead_to_their_pages(old_site, client):
    beans = Category.objects.get(slug="beans").get_absolute_url()
    assert moved(client, "/category/garden/beans/") == beans  # nested: the child
    assert moved(client, "/category/beans/") == beans
    assert moved(client, "/category/garden/") == "/categories/garden/"
    assert moved(client, "/category/garden/beans/page/2/") == f"{beans}?page=2"
    assert moved(client, "/tag/slow-food/") == Tag.objects.get().get_absolute_url()
    tom = Person.objects.get(display_name="Tom R")
    assert moved(client, "/author/tom_r/") == tom.get_absolute_url()
    assert client.get(moved(client, "/author/tom_r/")).status_code == 200
    assert client.get("/category/no-such-thing/").status_code == 404
    assert client.get("/author/nobody/").status_code == 404


def test_wordpress_numbers_in_the_query_lead_to_the_same_things(old_site, client):
    assert moved(client, "/?cat=4") == "/categories/beans/"
    assert moved(client, "/?cat=3") == "/categories/garden/"
    tom = Person.objects.get(display_name="Tom R")
    assert moved(client, "/?author=7") == tom.get_absolute_url()
    assert moved(client, "/?tag=slow-food") == "/tags/slow-food/"
    assert moved(client, "/?p=40") == old_site.get_absolute_url()
    about = Post.objects.get(slug="about").get_absolute_url()
    assert moved(client, "/?page_id=41") == about
    assert moved(client, "/?m=201305") == "/archive/2013/5/"
    assert client.get("/?cat=999").status_code == 200  # the home page, as before
    assert client.get("/?author=999").status_code == 200


def test_date_archives_lead_to_porch_archives(old_site, client):
    assert moved(client, "/2013/") == "/archive/2013/"
    assert moved(client, "/2013/05/") == "/archive/2013/5/"
    assert moved(client, "/2013/05/14/") == "/archive/2013/5/"  # no day archives
    assert moved(client, "/2013/05/page/2/") == "/archive/2013/5/?page=2"
    response = client.get(moved(client, "/2013/05/"))
    assert response.status_code == 200
    assert "Runner-Beans" in response.content.decode()
    assert client.get("/2013/13/").status_code == 404


def test_every_kind_of_feed_leads_to_a_porch_feed(old_site, client):
    for old in ("/feed/rss2/", "/feed/rss/", "/feed/rdf/", "/?feed=rss2"):
        assert moved(client, old) == "/feed/", old
    assert client.get("/feed/").status_code == 200  # Porch's own, same address
    assert moved(client, "/?feed=atom") == "/feed/atom/"
    assert moved(client, "/comments/feed/rss2/") == "/comments/feed/"
    assert client.get("/comments/feed/").status_code == 200
    assert moved(client, "/category/garden/beans/feed/") == "/feed/"
    assert moved(client, "/tag/slow-food/feed/atom/") == "/feed/atom/"
    tom = Person.objects.get(display_name="Tom R")
    assert moved(client, "/author/tom_r/feed/") == f"/authors/{tom.slug}/feed/"
    comments_feed = f"/comments/posts/{old_site.slug}/feed/"
    assert moved(client, "/2013/05/14/runner-beans/feed/") == comments_feed
    assert moved(client, "/2013/05/14/runner-beans/feed/atom/") == (
        f"{comments_feed}atom/"
    )
    feed = client.get(comments_feed)
    assert feed.status_code == 200
    assert "Comment number 101." in feed.content.decode()


def test_a_page_of_the_old_discussion_is_the_same_page_here(old_site, client):
    post = old_site.get_absolute_url()
    assert moved(client, "/2013/05/14/runner-beans/comment-page-2/") == (
        f"{post}?cpage=2#comments"
    )
    assert moved(client, "/runner-beans/comment-page-1/") == f"{post}#comments"
    page = client.get(f"{post}?cpage=2").content.decode()
    assert "Comment number 106." in page
    assert "Comment number 101." not in page


def test_attachment_pages_lead_to_the_file(old_site, client):
    file = f"{SITE}/wp-content/uploads/2013/05/rows.jpg"
    assert moved(client, "/?attachment_id=42") == file
    assert moved(client, "/2013/05/14/runner-beans/rows/") == file


def test_an_old_comment_anchor_finds_its_page_of_the_discussion(old_site, client):
    page = client.get(old_site.get_absolute_url()).content.decode()
    assert 'data-old-anchor-url="/comments/posts/runner-beans/old-anchor/"' in page
    assert 'src="/static/comments/legacy_anchor.js"' in page
    assert 'id="comment-108"' not in page  # on page 2, not here
    lookup = "/comments/posts/runner-beans/old-anchor/"
    later = Comment.objects.get(legacy_anchor="comment-108")
    response = client.get(lookup, {"anchor": "comment-108"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{old_site.get_absolute_url()}?cpage=2#comment-{later.pk}"
    )
    landing = client.get(response["Location"]).content.decode()
    assert 'id="comment-108"' in landing
    # Porch's own id works the same way; an unknown one leads to the discussion.
    own = client.get(lookup, {"anchor": f"comment-{later.pk}"})
    assert own["Location"] == response["Location"]
    unknown = client.get(lookup, {"anchor": "comment-999999"})
    assert unknown["Location"] == f"{old_site.get_absolute_url()}#comments"

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError

from porch.blog.models import Category, Post, Tag
from porch.comments.models import Comment
from porch.importers.models import ImportedObject, LegacyRedirect
from porch.importers.writer import comments as comment_writer
from porch.people.models import Person
from tests.factories import PersonFactory, UserFactory
from tests.importers.conftest import BARE_TEXT, GARDEN, run_import

pytestmark = pytest.mark.django_db


def site_state() -> dict[str, object]:
    """Everything an import writes, in a form two runs can be compared by."""
    return {
        "people": sorted(Person.objects.values_list("slug", "display_name")),
        "posts": sorted(
            Post.objects.values_list("slug", "title", "status", "publish_at", "body")
        ),
        "comments": sorted(
            Comment.objects.values_list("post__slug", "author_name", "status", "body")
        ),
        "categories": sorted(Category.objects.values_list("slug", "parent__slug")),
        "tags": sorted(Tag.objects.values_list("slug", flat=True)),
        "records": ImportedObject.objects.count(),
        "redirects": LegacyRedirect.objects.count(),
    }


def by_wp_id(wp_id: str) -> Comment:
    record = ImportedObject.objects.get(kind="comment", import_id=wp_id)
    return Comment.objects.get(pk=record.object_id)


def test_posts_keep_status_dates_slugs_and_excerpt(garden_imported):
    beans = Post.objects.get(slug="planting-beans")
    assert (beans.title, beans.status) == ("Planting beans in March", "published")
    assert beans.publish_at == datetime(2012, 3, 5, 8, 30, tzinfo=UTC)
    assert beans.excerpt == "Cold soil, a week's wait, three rows."
    assert beans.author.display_name == "Maya Ortiz"
    june = Post.objects.get(slug="sow-in-june")
    assert (june.status, june.is_scheduled) == ("published", True)
    draft = Post.objects.get(title="Notes on a cold frame")
    assert (draft.status, draft.slug, draft.publish_at) == (
        "draft",
        "notes-on-a-cold-frame",
        None,
    )
    assert draft.comments_open is False
    assert draft.author.display_name == "Tomás Reyes"
    assert not Post.objects.filter(title="Old test post").exists()
    about = Post.objects.get(slug="about")
    assert (about.status, about.series) == ("published", None)


def test_terms_keep_parents_and_posts_keep_terms(garden_imported):
    assert Category.objects.get(slug="vegetables").parent.slug == "gardening"
    beans = Post.objects.get(slug="planting-beans")
    assert list(beans.categories.values_list("slug", flat=True)) == ["vegetables"]
    assert list(beans.tags.values_list("name", flat=True)) == ["Compost"]


def test_content_is_paragraphed_with_shortcodes_converted(garden_imported):
    html = Post.objects.get(slug="planting-beans").body_html
    assert "<p>The soil was still cold,<br>\nso I waited a week.</p>" in html
    assert "<figcaption>Three rows, a hand apart</figcaption>" in html
    gallery = '<li><a href="http://garden.example/wp-content/uploads/2012/03/beans.jpg"'
    assert gallery in html  # the attachment comes after the post in the file
    assert '<a href="http://video.example/watch/beans"' in html
    assert "<pre>row 1: runner beans\n\nrow 2: broad beans</pre>" in html
    assert '[contact-form to="maya"]' in html  # kept as text, and reported
    assert html.startswith(
        '<figure><img src="http://garden.example/wp-content/uploads/2012/03/beans.jpg"'
    )


def test_report_lists_what_was_skipped_or_changed(garden_imported):
    report = garden_imported
    assert "comments     imported      9" in report
    assert "posts        imported      4" in report
    assert "pages        imported      1" in report
    assert "1 comment: an editor's note, not a comment (ids 107)" in report
    assert "1 post: in WordPress's trash (ids 13)" in report
    assert "1 item: WordPress nav_menu_item items are not content (ids 16)" in report
    assert "shortcode [contact-form] kept as text" in report
    assert "was sticky; Porch has no sticky posts" in report
    assert "lena@example.org" not in report
    assert "203.0.113" not in report


def test_threads_are_rebuilt_even_when_a_reply_comes_first(garden_imported):
    top, answer, thanks = by_wp_id("101"), by_wp_id("102"), by_wp_id("103")
    assert answer.parent == top
    assert thanks.parent == answer
    assert (top.depth, answer.depth, thanks.depth) == (0, 1, 2)
    assert thanks.path == f"{answer.path}/{thanks.pk:010d}"
    assert thanks.created_at == datetime(2012, 3, 6, 7, 0, tzinfo=UTC)
    assert thanks.body == "Thanks, **a hand apart** it is."
    assert top.body == "How far apart do you sow them?\n\nI always crowd mine."


def test_statuses_and_kinds_are_kept(garden_imported):
    assert by_wp_id("104").kind == "pingback"
    assert (
        by_wp_id("104").author_url == "http://seeds.example/2012/03/beans-everywhere/"
    )
    assert [by_wp_id(i).status for i in ("101", "105", "106", "108", "109")] == [
        "approved", "spam", "pending", "removed", "removed",
    ]  # fmt: skip
    assert not ImportedObject.objects.filter(kind="comment", import_id="107").exists()


def test_private_fields_are_kept_private(garden_imported):
    lena = by_wp_id("101")
    assert (lena.author_email, lena.ip) == ("lena@example.org", "203.0.113.0")
    assert by_wp_id("106").ip == "2001:db8::"


def test_comments_by_the_sites_own_people_are_linked_to_them(db):
    user = UserFactory(username="maya", email="maya@garden.example")
    person = PersonFactory(user=user, display_name="Maya O.", email="")
    run_import(GARDEN)
    assert Post.objects.get(slug="planting-beans").author == person
    assert by_wp_id("102").user == user
    assert by_wp_id("101").user is None
    assert Person.objects.get(pk=person.pk).display_name == "Maya O."  # left alone


def test_author_matched_by_email_when_logins_differ(db):
    guest = PersonFactory(email="tomas@example.net", slug="t-reyes")
    run_import(GARDEN)
    assert Post.objects.get(title="Notes on a cold frame").author == guest
    assert Person.objects.count() == 2


def test_https_namespace_and_bare_text_with_whitespace(db):
    run_import(BARE_TEXT)
    post = Post.objects.get(slug="brewing-at-altitude")
    assert post.title == "Brewing at altitude"
    assert post.publish_at == datetime(2019, 7, 20, 14, 45, tzinfo=UTC)
    assert "<p>Steep longer &amp; taste often.</p>" in post.body_html
    assert post.author.display_name == "Inês Duarte"
    assert list(post.tags.values_list("slug", flat=True)) == ["mountains"]
    assert sorted(post.comments.values_list("kind", "body")) == [
        ("comment", "Same in the Andes."),
        ("trackback", "Linked from issue 9"),
    ]


def test_old_permalinks_redirect_to_the_new_post(garden_imported, client):
    beans = Post.objects.get(slug="planting-beans").get_absolute_url()
    olds = [
        "/2012/03/05/planting-beans/",
        "/2012/03/05/planting-beans",
        "/planting-beans/",
        "/?p=10",
    ]
    for old in olds:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, beans), old
    paged = client.get("/planting-beans/comment-page-2/")["Location"]
    assert paged == f"{beans}?cpage=2#comments"
    about = Post.objects.get(slug="about").get_absolute_url()
    assert client.get("/?page_id=14")["Location"] == about
    image = client.get("/?attachment_id=15")
    assert (
        image["Location"]
        == "http://garden.example/wp-content/uploads/2012/03/beans.jpg"
    )
    assert client.get("/2012/03/05/no-such-post/").status_code == 404
    assert client.get("/?p=999").status_code == 200  # the home page, as before


def test_old_addresses_of_unpublished_posts_do_not_reveal_them(garden_imported, client):
    june = Post.objects.get(slug="sow-in-june")
    assert june.status == Post.Status.PUBLISHED  # scheduled for 2099
    kept = LegacyRedirect.objects.filter(old_path__in=["/?p=11", "/?p=12"])
    assert kept.count() == 2  # the old addresses are known, only not revealed
    for old in ["/?p=12", "/?p=11"]:  # the scheduled post and the draft
        response = client.get(old)
        assert response.status_code == 200, old  # the home page, as for no post
        assert "sow-in-june" not in response.content.decode()
    assert client.get("/2099/06/01/sow-in-june/").status_code == 404
    with time_machine.travel(datetime(2099, 6, 2, tzinfo=UTC), tick=False):
        response = client.get("/2099/06/01/sow-in-june/")
    assert (response.status_code, response["Location"]) == (
        301,
        june.get_absolute_url(),
    )


def test_same_file_twice_changes_nothing(garden_imported):
    before = site_state()
    second = run_import(GARDEN)
    assert site_state() == before
    assert "comments     imported      0  updated      0  unchanged      9" in second
    assert "posts        imported      0  updated      0  unchanged      4" in second


def test_newer_export_updates_in_place(garden_imported, tmp_path):
    newer = tmp_path / "newer.xml"
    text = GARDEN.read_text()
    text = text.replace(
        "Ferment, rinse, dry on a plate.", "Ferment three days, then dry."
    )
    held = "<wp:comment_approved>0</wp:comment_approved>\n\t\t\t<wp:comment_type>c"
    text = text.replace(held, held.replace(">0<", ">1<"))
    newer.write_text(text)
    posts, comments = Post.objects.count(), Comment.objects.count()
    stamped = by_wp_id("106").updated_at
    report = run_import(newer)
    assert (Post.objects.count(), Comment.objects.count()) == (posts, comments)
    assert "Ferment three days" in Post.objects.get(slug="tomato-seed").body_html
    assert by_wp_id("106").status == "approved"
    # The discussion cache notices changed comments by their updated_at.
    assert by_wp_id("106").updated_at > stamped
    assert "posts        imported      0  updated      1  unchanged      3" in report


def test_interrupted_import_keeps_whole_posts_and_resumes(db, monkeypatch):
    real = comment_writer._new_insert
    calls = {"count": 0}

    def crash_on_the_second_post(comments, level, post, *args):  # mid-transaction
        if post.slug == "tomato-seed":
            calls["count"] += 1
            raise KeyboardInterrupt
        return real(comments, level, post, *args)

    monkeypatch.setattr(comment_writer, "_new_insert", crash_on_the_second_post)
    with pytest.raises(CommandError, match="interrupted"):
        run_import(GARDEN)
    assert calls["count"] == 1
    assert not Post.objects.filter(slug="tomato-seed").exists()  # rolled back whole
    assert Comment.objects.filter(post__slug="planting-beans").count() == 8
    monkeypatch.setattr(comment_writer, "_new_insert", real)
    run_import(GARDEN)
    assert Post.objects.get(slug="tomato-seed").comments.count() == 1
    assert Comment.objects.count() == 9
    assert ImportedObject.objects.filter(kind="comment").count() == 9


def test_dry_run_reports_and_writes_nothing(db):
    report = run_import(GARDEN, "--dry-run")
    assert report.startswith("Dry run (nothing was written)")
    assert "comments     imported      9" in report
    assert not Post.objects.exists()
    assert not Person.objects.exists()
    assert not ImportedObject.objects.exists()
    assert not LegacyRedirect.objects.exists()


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"missing\.xml does not exist"):
        run_import(tmp_path / "missing.xml")


def test_a_file_that_is_not_wxr_is_refused(db, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><feed><title>Atom</title></feed>')
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(feed)
    assert not Post.objects.exists()


def test_bad_time_zone_is_refused(db):
    with pytest.raises(CommandError, match="not a time zone name"):
        run_import(GARDEN, "--time-zone", "Mars/Olympus")
    assert not Post.objects.exists()


def test_draft_without_gmt_date_uses_the_given_time_zone(db, tmp_path):
    text = GARDEN.read_text().replace(
        "<wp:status>draft</wp:status>", "<wp:status>publish</wp:status>"
    )
    export = tmp_path / "published.xml"
    export.write_text(text)
    run_import(export, "--time-zone", "Europe/Lisbon")
    cold_frame = Post.objects.get(title="Notes on a cold frame")
    assert cold_frame.publish_at == datetime(2013, 1, 2, 10, 0, tzinfo=UTC)


THEME_DATA = Path(__file__).resolve().parents[2] / "../shared/data/wordpress"


@pytest.mark.skipif(
    not (THEME_DATA / "themeunittestdata.wordpress.xml").exists(),
    reason="WordPress's theme unit test export is not in ../shared/data/wordpress",
)
def test_wordpress_theme_unit_test_data(db):
    report = run_import(THEME_DATA / "themeunittestdata.wordpress.xml")
    assert Comment.objects.count() == 33  # as its README says
    assert Comment.objects.filter(kind="pingback").count() == 2
    assert max(comment.depth for comment in Comment.objects.all()) == 9
    assert "comments     imported     33" in report


def test_a_comment_by_the_hosts_account_keeps_the_host_badge(db, client):
    """WordPress's comment_user_id ties comment 102 to Maya's login; here she is
    the host, with no author profile: the comment is linked to her account."""
    host = UserFactory(username="maya-host", email="Maya@Garden.example")
    host.is_superuser = host.is_staff = True
    host.save()
    run_import(GARDEN)
    signed_in, typed = by_wp_id("102"), by_wp_id("101")
    assert (signed_in.user, typed.user) == (host, None)

    page = client.get(signed_in.post.get_absolute_url()).content.decode()
    item = page.split(f'<li id="comment-{signed_in.pk}"')[1].split("</article>")[0]
    assert '<span class="comment__badge comment__badge--host">Host' in item


def test_an_anonymous_comment_typed_with_an_accounts_email_is_not_linked(db):
    """comment_user_id 0: not signed in on the old site, whatever the address."""
    user = UserFactory(username="lena", email="lena@example.org")
    PersonFactory(user=user, email="lena@example.org")
    run_import(GARDEN)
    assert by_wp_id("101").author_email == "lena@example.org"
    assert by_wp_id("101").user is None

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.importers.models import ImportedObject, LegacyRedirect
from tests.factories import PostFactory, UserFactory
from tests.importers.conftest import DATA

pytestmark = pytest.mark.django_db

GARDEN = DATA / "disqus-garden.xml"


def run_disqus(path: Path, *extra: str) -> str:
    out = StringIO()
    call_command("import", "disqus", str(path), *extra, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def posts() -> dict[str, Post]:
    return garden_posts()


def garden_posts() -> dict[str, Post]:
    """The garden's posts already in Porch: found by URL, old address, slug or id."""
    found = {
        "beans": PostFactory(slug="planting-beans"),
        "wind": PostFactory(slug="beans-in-wind"),
        "frames": PostFactory(slug="cold-frames"),
        "seed": PostFactory(slug="saving-seed"),
    }
    post_type = ContentType.objects.get_for_model(Post)
    for old_path, key in [("/2012/03/09/windy-spots/", "wind"), ("/?p=77", "seed")]:
        LegacyRedirect.objects.create(
            old_path=old_path, content_type=post_type, object_id=found[key].pk
        )
    return found


def by_disqus_id(dsq_id: str) -> Comment:
    record = ImportedObject.objects.get(
        source="disqus:backgarden", kind="comment", import_id=dsq_id
    )
    return Comment.objects.get(pk=record.object_id)


def comment_rows() -> list[tuple[object, ...]]:
    return sorted(
        Comment.objects.values_list(
            "post__slug", "author_name", "status", "body", "path", "created_at"
        )
    )


def test_threads_are_rebuilt_with_parents_before_children(posts):
    run_disqus(GARDEN)
    top, answer, thanks = (
        by_disqus_id("5001"),
        by_disqus_id("5002"),
        by_disqus_id("5003"),
    )
    assert top.post == posts["beans"]
    assert (top.parent, answer.parent, thanks.parent) == (None, top, answer)
    assert thanks.path == f"{top.pk:010d}/{answer.pk:010d}/{thanks.pk:010d}"
    assert top.body == "How far apart do you sow them?\n\nI always crowd mine."
    assert thanks.body == "Thanks, **a hand apart** it is."
    assert thanks.created_at == datetime(2012, 3, 6, 7, 0, tzinfo=UTC)
    assert by_disqus_id("5006").created_at == datetime(2012, 3, 9, 9, 30, tzinfo=UTC)


def test_statuses_follow_the_spam_and_deleted_flags(posts):
    run_disqus(GARDEN)
    statuses = [by_disqus_id(i).status for i in ("5001", "5004", "5005", "5006")]
    assert statuses == ["approved", "spam", "removed", "approved"]
    placeholder = by_disqus_id("5005")
    assert by_disqus_id("5006").parent == placeholder  # the reply keeps its place
    assert placeholder.body == "(This comment was deleted before the import.)"


def test_threads_match_by_url_old_address_slug_and_identifier(posts):
    run_disqus(GARDEN)
    assert by_disqus_id("5007").post == posts["wind"]  # old WordPress address
    assert by_disqus_id("5008").post == posts["frames"]  # slug in the link
    assert by_disqus_id("5009").post == posts["seed"]  # identifier "77 ...?p=77"
    assert Comment.objects.count() == 9


def test_unmatched_threads_are_reported_with_their_counts(posts):
    report = run_disqus(GARDEN)
    assert (
        "thread “A post that never moved” at "
        "http://garden.example/2013/01/gone-but-not-forgotten/: no Porch post "
        "matches it; its 2 comments were not imported. Add the post (or an "
        "old-address redirect to it) and import the file again"
    ) in report
    assert (
        "comments     imported      9  updated      0  unchanged      0  skipped      2"
        in report
    )
    assert "About" not in report  # a thread nobody commented on is not a problem
    assert "lena@example.org" not in report
    assert "203.0.113" not in report


def test_unmatched_thread_comes_in_once_its_post_exists(posts):
    run_disqus(GARDEN)
    gone = PostFactory(slug="gone-but-not-forgotten")
    report = run_disqus(GARDEN)
    assert "comments     imported      2  updated      0  unchanged      9" in report
    first, second = Comment.objects.filter(post=gone).order_by("path")
    assert (first.body, second.parent) == ("First!", first)


def test_importing_twice_adds_nothing(posts):
    run_disqus(GARDEN)
    before = comment_rows()
    report = run_disqus(GARDEN)
    assert (
        "comments     imported      0  updated      0  unchanged      9  skipped      2"
        in report
    )
    assert comment_rows() == before
    assert ImportedObject.objects.count() == 9


def test_private_fields_are_kept_and_staff_linked(posts):
    maya = UserFactory(username="maya", email="maya@garden.example", is_staff=True)
    run_disqus(GARDEN)
    lena = by_disqus_id("5001")
    assert (lena.author_email, lena.ip) == ("lena@example.org", "203.0.113.0")
    assert by_disqus_id("5002").user == maya
    assert by_disqus_id("5001").user is None


def test_dry_run_writes_nothing(posts):
    report = run_disqus(GARDEN, "--dry-run")
    assert report.startswith("Dry run (nothing was written)")
    assert "comments     imported      9" in report
    assert not Comment.objects.exists()
    assert not ImportedObject.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY x SYSTEM '
            '"file:///etc/passwd">]>\n<disqus xmlns="http://disqus.com">&x;</disqus>',
            "refused: the file declares a DOCTYPE, which Disqus exports never have",
        ),
        (
            '<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
            "not a Disqus export: the file starts with <rss>",
        ),
        ("Lena, 2012-03-05, nice post", "this is not a Disqus export"),
        (
            '<disqus xmlns="http://disqus.com"><thread><link>x</link></disqus>',
            "the export is not well-formed XML",
        ),
    ],
)
def test_bad_files_are_refused_and_change_nothing(posts, tmp_path, text, message):
    bad = tmp_path / "export.xml"
    bad.write_text(text)
    with pytest.raises(CommandError, match=message):
        run_disqus(bad)
    assert not Comment.objects.exists()
    assert not ImportedObject.objects.exists()


def test_billion_laughs_is_refused_before_parsing(posts, tmp_path):
    laughs = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    )
    bad = tmp_path / "laughs.xml"
    bad.write_text(
        f'<!DOCTYPE disqus [{laughs}]><disqus xmlns="http://disqus.com">&l9;</disqus>'
    )
    with pytest.raises(CommandError, match="refused: the file declares a DOCTYPE"):
        run_disqus(bad)
    assert not Comment.objects.exists()


def test_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist or is not a file"):
        run_disqus(tmp_path / "nowhere.xml")


def test_a_cached_post_page_shows_comments_imported_after_it_was_cached(posts, client):
    page = posts["beans"].get_absolute_url()
    before = client.get(page)
    client.get(page)  # now served from the page cache

    run_disqus(GARDEN)

    approved = Comment.objects.filter(post=posts["beans"], status="approved")
    after = client.get(page)
    assert approved.exists()
    assert after["ETag"] != before["ETag"]
    for comment in approved:
        assert comment.author_name in after.content.decode()

"""Threads the writer places a level at a time: deep chains, replies listed first."""

from __future__ import annotations

import pytest

from porch.comments.models import Comment
from porch.importers.models import ImportedObject
from porch.importers.writer.comment_plan import DEEPEST
from tests.importers.conftest import run_import
from tests.importers.generated import HEADER

pytestmark = pytest.mark.django_db


def export_with(tmp_path, comments: list[tuple[int, int]]):
    """One post whose comments are (id, parent id) in this order."""
    rows = "".join(
        f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
        f"<wp:comment_author>Reader {n}</wp:comment_author>"
        "<wp:comment_date_gmt>2012-03-05 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>Reply number {n}</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        for n, parent in comments
    )
    path = tmp_path / "export.xml"
    path.write_text(
        f"{HEADER}<wp:author><wp:author_login>maya</wp:author_login></wp:author>"
        "<item><title>Beans</title><dc:creator>maya</dc:creator>"
        "<wp:post_id>1</wp:post_id><wp:post_name>beans</wp:post_name>"
        "<wp:post_date_gmt>2012-03-05 09:00:00</wp:post_date_gmt>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f"{rows}</item></channel></rss>",
        encoding="utf-8",
    )
    return path


def placed() -> dict[str, tuple[int, str]]:
    """Each comment's depth and the source id of the comment it hangs under."""
    by_pk = {
        r.object_id: r.import_id for r in ImportedObject.objects.filter(kind="comment")
    }
    return {
        by_pk[c.pk]: (c.depth, by_pk.get(c.parent_id, ""))
        for c in Comment.objects.all()
    }


def test_replies_past_the_deepest_level_sit_beside_it(tmp_path):
    chain = [(n, n - 1) for n in range(1, 31)]  # 1 replies to nothing, 2 to 1...
    report = run_import(export_with(tmp_path, chain))
    found = placed()
    assert [found[str(n)] for n in (1, 2, 22)] == [(0, ""), (1, "1"), (21, "21")]
    deepest = DEEPEST + 1  # comment ids count from 1
    assert found[str(deepest)] == (DEEPEST, str(deepest - 1))
    # Past it, every reply hangs under the last comment that fits one level up.
    for n in range(deepest + 1, 31):
        assert found[str(n)] == (DEEPEST, str(deepest - 1))
    assert report.count("nested deeper than 23 levels") == 30 - deepest


def test_a_reply_listed_before_its_parent_lands_under_it(tmp_path):
    report = run_import(export_with(tmp_path, [(3, 2), (2, 1), (1, 0), (4, 9)]))
    assert placed() == {
        "1": (0, ""), "2": (1, "1"), "3": (2, "2"), "4": (0, ""),
    }  # fmt: skip
    assert (
        "comment 4: replied to comment 9, which is not in the export or loops "
        "back; shown as a new thread"
    ) in report


def test_a_loop_of_replies_is_broken_into_a_thread(tmp_path):
    run_import(export_with(tmp_path, [(1, 2), (2, 1), (3, 0)]))
    assert sorted(placed().values()) == [(0, ""), (0, ""), (1, "2")]


def test_a_long_chain_of_replies_ends_at_the_deepest_level(tmp_path):
    chain = [(n, n - 1) for n in range(1, 2001)]
    run_import(export_with(tmp_path, chain))
    assert Comment.objects.count() == 2000
    assert Comment.objects.filter(path__regex=r"^(\d+/){22}\d+$").count() == (
        2000 - DEEPEST
    )

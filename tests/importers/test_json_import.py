"""``porch import json``: what it refuses, and what a dry run leaves behind."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.people.models import Person
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def run(path: Path, *extra: str) -> str:
    out = StringIO()
    call_command("import", "json", str(path), *extra, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<rss></rss>", "this is not a JSON file"),
        ('{"posts": []}', 'not a Porch export: the file should start with {"format"'),
        (
            '{"format": "porch-export", "version": 7}',
            "export version 7 is not one this Porch reads (versions 1 and 2)",
        ),
        (
            '{"format": "porch-export", "version": 1, "people": []}',
            "the export has no series, categories, tags, posts, comments list",
        ),
        (
            '{"format": "porch-export", "version": 2, "people": '
            + "[" * 100_000
            + "]" * 100_000
            + "}",
            "the file nests lists or objects thousands of levels deep",
        ),
    ],
)
def test_a_file_that_is_not_a_porch_export_is_refused(tmp_path, content, message):
    CommentFactory(body="Already here.")
    path = tmp_path / "site.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        run(path)
    assert list(Comment.objects.values_list("body", flat=True)) == ["Already here."]
    assert Post.objects.count() == 1


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=re.escape("nope.json does not exist")):
        run(tmp_path / "nope.json")


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    CommentFactory(body="Kept as the only comment.")
    out = tmp_path / "site.json"
    call_command("export", "json", str(out), stdout=StringIO())
    data = json.loads(out.read_text())
    data["people"][0]["slug"] = "someone-new"  # a person this site does not have
    data["comments"][0]["id"] += 1000  # nor this comment: the file is merged
    out.write_text(json.dumps(data))
    people = sorted(Person.objects.values_list("slug", flat=True))

    printed = run(out, "--dry-run")

    assert printed.startswith("Dry run (nothing was written)")
    assert "people       imported      1" in printed
    assert sorted(Person.objects.values_list("slug", flat=True)) == people
    assert Comment.objects.count() == 1

"""Files an import must refuse whole: garbled text, cut short, broken records, deep
nesting. Each is refused with a message naming the problem, and nothing is written,
however far into the file the problem sits (here: in its last post or comment, after
authors, terms and other posts that an import used to write first)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import CommandError

from porch.blog.models import Category, Post, Tag
from porch.comments.models import Comment
from porch.importers.markup import html_depth_exceeds
from porch.importers.models import ImportedObject, LegacyRedirect
from porch.people.models import Person
from tests.factories import PostFactory
from tests.importers.conftest import DATA, GARDEN, run_import
from tests.importers.test_disqus import run_disqus
from tests.importers.test_isso import isso_db, run_isso

pytestmark = pytest.mark.django_db

DEEP = "<blockquote>" * 2000 + "Quoting myself." + "</blockquote>" * 2000
LAST_COMMENT = "<wp:comment_content><![CDATA[How long do they keep?]]>"


def assert_nothing_written() -> None:
    for model in (Person, Post, Category, Tag, Comment, ImportedObject,
                  LegacyRedirect):  # fmt: skip
        assert not model.objects.exists(), model.__name__


def garden_changed(tmp_path: Path, old: str, new: str, encoding: str = "utf-8") -> Path:
    text = GARDEN.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "export.xml"
    path.write_bytes(text.replace(old, new).encode(encoding))
    return path


def refused(path: Path, message: str) -> None:
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value) == f"{path}: {message}"
    assert_nothing_written()


def test_utf8_text_declared_as_latin1_is_refused(tmp_path):
    export = garden_changed(tmp_path, 'encoding="UTF-8"', 'encoding="ISO-8859-1"')
    refused(
        export,
        "the file says its text is ISO-8859-1, but it is UTF-8: line 20 reads "
        "“<![CDATA[Tomás Reyes]]>”, which would be imported as "
        '“<![CDATA[TomÃ¡s Reyes]]>”. Change encoding="ISO-8859-1" to '
        'encoding="UTF-8" in its first line, or export it again from the old site',
    )


def test_latin1_bytes_in_a_file_declared_utf8_are_refused(tmp_path):
    export = garden_changed(
        tmp_path, LAST_COMMENT, LAST_COMMENT.replace("keep?", "keep, señor?")
    )
    export.write_bytes(export.read_bytes().replace("ñ".encode(), b"\xf1"))
    refused(
        export,
        "the file says it is UTF-8, so its text must be UTF-8, but line 312 holds "
        "bytes that are not UTF-8 (hey keep, se\\xF1or?]]></wp:); it was probably "
        "saved as Latin-1 or Windows-1252. Convert it to UTF-8, or export it again "
        "from the old site",
    )


def test_latin1_that_says_so_is_imported_as_written(tmp_path):
    export = garden_changed(
        tmp_path, 'encoding="UTF-8"', 'encoding="ISO-8859-1"', encoding="latin-1"
    )
    run_import(export)
    assert Person.objects.get(slug="tomas").display_name == "Tomás Reyes"


@pytest.mark.parametrize(
    ("cut_at", "message"),
    [
        ("</channel>", "the file ends inside <channel> (opened on line 10)"),
        (LAST_COMMENT, "the file ends inside <comment> (opened on line 304)"),
        (
            "<wp:post_id>17</wp:post_id>",
            "the file ends inside <item> (opened on line 288)",
        ),
    ],
)
def test_a_file_cut_short_is_refused_wherever_it_stops(tmp_path, cut_at, message):
    text = GARDEN.read_text(encoding="utf-8")
    export = tmp_path / "cut.xml"
    export.write_text(text[: text.index(cut_at)], encoding="utf-8")
    refused(
        export,
        f"the export is not well-formed XML: {message}; it was cut short or edited: "
        "export it again from the old site",
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "<wp:comment_id>201</wp:comment_id>",
            "",
            "item 17 “Saving tomato seed”, comment at line 304 has no "
            "wp:comment_id; the export was edited or damaged: export it again "
            "from the old site",
        ),
        (
            "<wp:comment_date>2012-09-15 10:00:00</wp:comment_date>",
            "<wp:comment_date>15/09/2012</wp:comment_date>",
            "item 17 “Saving tomato seed”, comment 201 (line 304): wp:comment_date "
            "'15/09/2012' is not a date as WordPress writes them (YYYY-MM-DD "
            "HH:MM:SS); the export was edited or damaged: export it again from the "
            "old site",
        ),
        (
            "<wp:post_date>2012-09-14 19:00:00</wp:post_date>",
            "<wp:post_date>last Friday</wp:post_date>",
            "item 17 “Saving tomato seed” (line 288): wp:post_date 'last Friday' is "
            "not a date as WordPress writes them (YYYY-MM-DD HH:MM:SS); the export "
            "was edited or damaged: export it again from the old site",
        ),
        (
            "<wp:post_id>17</wp:post_id>",
            "",
            "item ? “Saving tomato seed” at line 288 has no wp:post_id; the export "
            "was edited or damaged: export it again from the old site",
        ),
        (
            "How long do they keep?",
            DEEP,
            "item 17 “Saving tomato seed”, comment 201 (line 304): its text nests "
            "HTML tags more than 100 deep, which no one writes by hand; remove the "
            "comment from the export (or in WordPress) and export again",
        ),
    ],
)
def test_a_broken_record_is_refused_naming_it(tmp_path, old, new, message):
    refused(garden_changed(tmp_path, old, new), message)


def test_nesting_is_counted_as_a_parser_would():
    assert not html_depth_exceeds("<em>" * 100 + "x" + "</em>" * 100)
    assert html_depth_exceeds("<em>" * 101 + "x" + "</em>" * 101)
    assert not html_depth_exceeds("line<br>" * 500 + '<img src="a.png"/>' * 200)
    assert not html_depth_exceeds(("<p><em>a</em> <q>b</q></p>\n") * 300)


DISQUS = DATA / "disqus-garden.xml"
DISQUS_LAST = "<message><![CDATA[<p>Second.</p>]]></message>"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '<post dsq:id="5011">',
            "<post>",
            "Disqus post  (line 158) has no dsq:id; the export was edited or "
            "damaged: export it again from Disqus",
        ),
        (
            "<createdAt>2013-01-03T09:00:00Z</createdAt>",
            "<createdAt>yesterday</createdAt>",
            "Disqus post 5011 (line 158): createdAt 'yesterday' is not a date; the "
            "export was edited or damaged: export it again from Disqus",
        ),
        (
            DISQUS_LAST,
            f"<message><![CDATA[{DEEP}]]></message>",
            "Disqus post 5011 (line 158): its message nests HTML tags more than 100 "
            "deep, which no one writes by hand; delete it in Disqus and export again",
        ),
        (
            DISQUS_LAST,
            DISQUS_LAST.replace("Second", "Se\udcf1or"),
            "the file says it is utf-8, so its text must be UTF-8, but line 160 "
            "holds bytes that are not UTF-8 ([CDATA[<p>Se\\xF1or.</p>]]><); it was "
            "probably saved as Latin-1 or Windows-1252. Convert it to UTF-8, or "
            "export it again from the old site",
        ),
    ],
)
def test_a_broken_disqus_export_is_refused_naming_the_post(tmp_path, old, new, message):
    for slug in ("planting-beans", "beans-in-wind", "cold-frames", "saving-seed"):
        PostFactory(slug=slug)
    text = DISQUS.read_text(encoding="utf-8")
    assert text.count(old) == 1
    export = tmp_path / "disqus.xml"
    export.write_bytes(text.replace(old, new).encode("utf-8", "surrogateescape"))
    with pytest.raises(CommandError) as error:
        run_disqus(export)
    assert str(error.value) == f"{export}: {message}"
    assert not Comment.objects.exists()
    assert not ImportedObject.objects.exists()


@pytest.fixture
def isso_posts() -> None:
    PostFactory(slug="planting-beans")
    PostFactory(slug="cold-frames")


def test_a_damaged_isso_database_is_refused(isso_posts, tmp_path):
    path = isso_db(tmp_path)
    with closing(sqlite3.connect(path)) as db:  # enough comments for several pages
        db.executemany(
            "INSERT INTO comments (tid, parent, created, mode, text, voters) "
            "VALUES (2, NULL, 1331000000, 1, ?, x'00')",
            [(f"Comment {n}: " + "words " * 100,) for n in range(400)],
        )
        db.commit()
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) * 2 // 3])  # a copy cut short
    with pytest.raises(CommandError, match=re.escape("the Isso database is damaged")):
        run_isso(path)
    assert not Comment.objects.exists()
    assert not ImportedObject.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "created",
            "last week",
            "comment 7 (thread 3): its time 'last week' is not a time as Isso "
            "stores them (seconds since 1970); the database was edited or damaged",
        ),
        (
            "text",
            DEEP,
            "comment 7 (thread 3): its text nests HTML tags more than 100 deep, "
            "which no one writes by hand; delete the comment in Isso and copy the "
            "database again",
        ),
    ],
)
def test_a_garbled_isso_comment_is_refused_naming_it(
    isso_posts, tmp_path, column, value, message
):
    path = isso_db(tmp_path)
    with closing(sqlite3.connect(path)) as db:
        # Only the parametrized column names above reach this statement.
        db.execute(f"UPDATE comments SET {column} = ? WHERE id = 7", [value])  # noqa: S608
        db.commit()
    with pytest.raises(CommandError) as error:
        run_isso(path)
    assert str(error.value) == f"{path}: {message}"
    assert not Comment.objects.exists()
    assert not ImportedObject.objects.exists()

"""Digests stay what the importers stored before records were source-neutral.

A site imported with an earlier Porch must read the same file as unchanged, so each
digest below is the one the earlier parse classes (``WxrItem``, ``WxrAuthor``,
``WxrTerm``, ``WxrComment``) gave for ``wordpress-garden.xml``. The Disqus, Isso and
Porch JSON digests are those the earlier Porch stored when it imported
``disqus-garden.xml``, the Isso database ``test_isso`` builds and
``data/porch-site.json`` (that Porch's export of ``site.build_site``): it carried
their comments to the comment writer as ``WxrComment``. A digest that differs makes a
second run rewrite the comment, undoing what moderators changed since.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from contextlib import closing
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from porch.comments.models import Comment
from porch.importers.disqus.parse import (
    SCHEMA,
    disqus_stage,
    staged_comments,
    staged_threads,
)
from porch.importers.isso.parse import isso_comments, isso_connect, isso_threads
from porch.importers.models import ImportedObject
from porch.importers.porch_json import parse as porch_json
from porch.importers.records import PersonRecord, TermRecord
from porch.importers.report import ImportReport
from porch.importers.wordpress.context import WordPressRun
from porch.importers.wordpress.importer import attachment_record
from porch.importers.wordpress.items import WxrItem, comment_spill
from porch.importers.wordpress.parse import open_wxr, wxr_records
from porch.importers.wordpress.posts import post_record
from tests.factories import PostFactory
from tests.importers.conftest import DATA, GARDEN
from tests.importers.test_disqus import garden_posts
from tests.importers.test_isso import isso_db

DISQUS_GARDEN = DATA / "disqus-garden.xml"
PORCH_SITE = Path(__file__).resolve().parent / "data" / "porch-site.json"

BEFORE = {
    ("post", "10"): "33456589f0cdb91b642eba4a70e1a86f099dcc3f1e6df032892334c6667ef616",
    ("page", "14"): "dc636dd643e37273e3a4ea3537b1639c810c1ad226aa75816b3ea6de0c302fa6",
    ("attachment", "15"): (
        "6fb62d3d09c2128631cb6d7f3553c24b28b0933cb2ff91b02fa91ec487866d9f"
    ),
    ("person", "maya"): (
        "3a86fd58d207e13e42354e41f21bcafc386deb5849aaa3bc798d7850f206b0b6"
    ),
    ("category", "vegetables"): (
        "d4d1f2c060a02672495afbe19056822f445158c8cc4d9470a681e53b0c187df1"
    ),
    ("comment", "101"): (
        "e5b8012aa64e1a234b9b1cd39c2a9f27cd6941b115574c7aa4bf3c9ed45398d2"
    ),
}
# The comments of the threads a post matches, by Disqus id.
DISQUS_BEFORE = {
    "5001": "0c5dcad5e1f0b7137a4509a0e3e1abe405a9509b39da322760cdb4dd157026c0",
    "5002": "68fa8093ed34af09167bd5d4c2e974a9c9bcb155f4c15962affdb1ec63cd5669",
    "5003": "539de0406cbb52c4708ef07c86dff26d655a643277f2c6e6af00c94fbda40dc8",
    "5004": "acee4f90a4bc0f97fffdf77e8b950764f56ea94ade548bb478f6afa16374ef30",
    "5005": "dbe0b15d5aa0e99ae36bd1e598dba0c7e5c629c6dcd2f7bdac51b0e978ed2a03",
    "5006": "8207997c354ad61246706a3aaeb520d8d1b36040186a9ac6e597806e205fb4fd",
    "5007": "f383f538b87177eb41bba5d73ce592ebbe944bf68c9347f38e6ae7dc0d7333d5",
    "5008": "7984979dd48a3bd32cf1502a26c84f387f26b55da4ebf8681dd355074be7e7f3",
    "5009": "174793bdc75b6aefb4a0053e0997a10bd125973f6711c945c4eb90b459bc8f2b",
}
ISSO_BEFORE = {  # the comments of the threads a post matches, by Isso id
    "1": "b024601de751e2eed395739326363c1a10ca4ab88b9c687adf969bec55bae942",
    "2": "710b53d3cc9b6bf38469950e62e79968450ed6500d9bde5f63dabc0a82686208",
    "3": "28ebc4e47cad6885480d070d2c584f0dc97d36b6fd501c01c58791a50faff99f",
    "4": "d68ab606146961a6e19cc6f8cf8308235b5f50831274c12b8eb48ed517497cfd",
    "5": "82b80d409115fcea46f24908dba3d771dba29a6c021d8db0d1a4aedd61da051c",
    "6": "a083bf42564023b5fdd194bb5dc3d38df4d7e5d837bd5e7f34b197201a25b9dc",
}
# Every row the earlier Porch remembered, by kind and the file's id.
JSON_BEFORE = {
    "person": {
        "1": "03c131fa96c9372aa2b8a4a74db0682047b04ccb078845cf9b0451e437230ab0",
        "2": "b62000e82a3afd813af164b243d3297b87f417c19271410ecd22e62bb9e9da33",
        "3": "75c14f640e3dff6fb1fcd575abcebbee813137aa6668330ea8d89afe4ef3872c",
    },
    "post": {
        "1": "251f1b672a591c42b5dfb853ac1604f9754a74a2a996b094340adda7aec7ad8c",
        "2": "43ec5fbc51ad31381fce1d485f942485e3f390ec5b17d4cb7215d44e289c7a21",
        "3": "4e1b1f91737b0d1e84b520ef2378988eada31c330375f38a3042539a3b15ea87",
        "4": "c3da95690b3c465a6ad0cf9ba610c73c484b8a198351803ec496384c652b0469",
    },
    "comment": {
        "1": "15054559e2dc99d50478cfbdf5f6bc07b573448d592564711def99912ff23caf",
        "2": "6d3b2c0c025cfa97fddfe44260eb9541fb8aee0145c9ac5a3c71d03edf353d96",
        "3": "0e8196c541e0e1fddf278a5ac15f513c1dfa66d63b00fc93de8aa4b970014c9c",
        "4": "053f614d1b8135f3bb484b0a49494a4f30b85b539980d386e8a4603889e08e59",
        "5": "db7047bd3d0a2c08b204e98b2fafb2db7d616482bbe668a7958d63de184b47e8",
        "6": "0a92eb29513a5a476aca8458b24dc1fd1e2fcae74538cb7426bcddca9104222d",
        "7": "6de23c5f80756d4dd5334f4b2fdef24da72713a55ed646de3d6db8b3394532a0",
        "8": "47cd749d0bb166a4236cbd591c34d7a50ed42835e50c0036a58d187e1374333e",
    },
}


def digests() -> dict[tuple[str, str], str]:
    """The digest of every record the WordPress parser gives the writer."""
    ctx = WordPressRun(report=ImportReport())
    found = {}
    with open_wxr(GARDEN) as stream:
        # Comments go through the spill file, as in an import: digests survive it.
        for record in wxr_records(stream, spill=comment_spill()):
            if isinstance(record, WxrItem) and record.type == "attachment":
                found[(record.type, record.id)] = attachment_record(record, ctx).digest
            elif isinstance(record, WxrItem):
                post = post_record(record, ctx, lambda _ids, _post, _own: {})
                found[(record.type, record.id)] = post.digest
                for comment in post.comments:
                    found[("comment", comment.id)] = comment.digest
            elif isinstance(record, PersonRecord):
                found[("person", record.login)] = record.digest
            elif isinstance(record, TermRecord):
                found[(record.kind, record.slug)] = record.digest
    return found


def test_digests_match_those_stored_before():
    found = digests()
    assert {key: found.get(key) for key in BEFORE} == BEFORE


def disqus_digests() -> dict[str, str]:
    """The digest of every comment the Disqus parser gives the writer, by id."""
    with closing(sqlite3.connect(":memory:")) as staged:
        staged.executescript(SCHEMA)
        disqus_stage(DISQUS_GARDEN, staged)
        return {
            comment.id: comment.digest
            for thread, _count in staged_threads(staged)
            for comment in staged_comments(staged, thread.id)
        }


def isso_digests(folder: Path) -> dict[str, str]:
    """The digest of every comment the Isso parser gives the writer, by id."""
    with closing(isso_connect(isso_db(folder))) as isso:
        return {
            comment.id: comment.digest
            for thread, _count in isso_threads(isso)
            for comment in isso_comments(isso, int(thread.id))
        }


def json_digests() -> dict[str, dict[str, str]]:
    """The digest of every person, post and comment the Porch JSON parser gives."""
    data = porch_json.export_load(PORCH_SITE)
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in data["people"]:
        found["person"][str(row["id"])] = porch_json.person_record(row)[2]
    terms = {
        kind: {row["id"]: porch_json.term_record(row, kind) for row in data[rows]}
        for kind, rows in [("category", "categories"), ("tag", "tags")]
    }
    series = {row["id"]: porch_json.series_record(row) for row in data["series"]}
    comments = defaultdict(list)
    for row in data["comments"]:
        comments[row["post"]].append(row)
    for row in data["posts"]:
        post = porch_json.post_record(row, comments[row["id"]], terms, series)
        found["post"][post.id] = post.digest
        found["comment"] |= {comment.id: comment.digest for comment in post.comments}
    return dict(found)


def test_disqus_digests_match_those_stored_before():
    found = disqus_digests()
    assert {key: found.get(key) for key in DISQUS_BEFORE} == DISQUS_BEFORE


def test_isso_digests_match_those_stored_before(tmp_path):
    found = isso_digests(tmp_path)
    assert {key: found.get(key) for key in ISSO_BEFORE} == ISSO_BEFORE


def test_porch_json_digests_match_those_stored_before():
    assert json_digests() == JSON_BEFORE


def run(kind: str, path: Path) -> str:
    out = StringIO()
    call_command("import", kind, str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def stored(source: str) -> dict[str, dict[str, str]]:
    """What the import remembered under ``source``: digests by kind and id."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    rows = ImportedObject.objects.filter(source=source)
    for kind, import_id, digest in rows.values_list("kind", "import_id", "fingerprint"):
        found[kind][import_id] = digest
    return dict(found)


def moderate(source: str, import_id: str, status: str) -> tuple[Any, ...]:
    """Change an imported comment's status as a moderator would; its row after."""
    record = ImportedObject.objects.get(
        source=source, kind="comment", import_id=import_id
    )
    comments = Comment.objects.filter(pk=record.object_id)
    assert comments.update(status=status) == 1
    return comment_row(source, import_id)


def comment_row(source: str, import_id: str) -> tuple[Any, ...]:
    record = ImportedObject.objects.get(
        source=source, kind="comment", import_id=import_id
    )
    return tuple(
        Comment.objects.filter(pk=record.object_id).values_list(
            "status", "body", "author_name", "updated_at"
        )[0]
    )


@pytest.mark.django_db
def test_disqus_reimport_keeps_what_moderators_changed():
    garden_posts()
    run("disqus", DISQUS_GARDEN)
    assert stored("disqus:backgarden") == {"comment": DISQUS_BEFORE}
    removed = moderate("disqus:backgarden", "5001", Comment.Status.REMOVED)

    report = run("disqus", DISQUS_GARDEN)

    assert "comments     imported      0  updated      0  unchanged      9" in report
    assert comment_row("disqus:backgarden", "5001") == removed


@pytest.mark.django_db
def test_isso_reimport_keeps_what_moderators_changed(tmp_path):
    database = isso_db(tmp_path)
    PostFactory(slug="planting-beans")
    PostFactory(slug="cold-frames")
    run("isso", database)
    assert stored("isso:a1b2c3d4e5f6") == {"comment": ISSO_BEFORE}
    approved = moderate("isso:a1b2c3d4e5f6", "3", Comment.Status.APPROVED)

    report = run("isso", database)

    assert "comments     imported      0  updated      0  unchanged      6" in report
    assert comment_row("isso:a1b2c3d4e5f6", "3") == approved


@pytest.mark.django_db
def test_porch_json_reimport_keeps_what_moderators_changed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    run("json", PORCH_SITE)
    assert stored("porch:http://testserver") == JSON_BEFORE
    approved = moderate("porch:http://testserver", "4", Comment.Status.APPROVED)

    report = run("json", PORCH_SITE)

    assert "posts        imported      0  updated      0  unchanged      4" in report
    assert "comments     imported      0  updated      0  unchanged      8" in report
    assert comment_row("porch:http://testserver", "4") == approved

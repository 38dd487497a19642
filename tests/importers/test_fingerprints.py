"""Digests stay what the importers stored before records were source-neutral.

A site imported with an earlier Porch must read the same file as unchanged, so each
digest below is the one the earlier parse classes (``WxrItem``, ``WxrAuthor``,
``WxrTerm``, ``WxrComment``) gave for ``wordpress-garden.xml``.
"""

from __future__ import annotations

from porch.importers.records import PersonRecord, TermRecord
from porch.importers.report import ImportReport
from porch.importers.wordpress.context import WordPressRun
from porch.importers.wordpress.importer import attachment_record
from porch.importers.wordpress.parse import WxrItem, open_wxr, wxr_records
from porch.importers.wordpress.posts import post_record
from tests.importers.conftest import GARDEN

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


def digests() -> dict[tuple[str, str], str]:
    """The digest of every record the WordPress parser gives the writer."""
    ctx = WordPressRun(report=ImportReport())
    found = {}
    with open_wxr(GARDEN) as stream:
        for record in wxr_records(stream):
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

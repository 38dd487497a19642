"""Hostile files are refused before the parser expands or fetches anything."""

from __future__ import annotations

import io
import resource

import pytest
from django.core.management import CommandError

from porch.blog.models import Post
from porch.importers.models import ImportedObject
from porch.importers.wordpress.items import WxrError, WxrItem
from porch.importers.wordpress.parse import wxr_records
from tests.importers.conftest import run_import

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>
<title>&lol9;</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status></item></channel></rss>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>
<title>&secret;</title><wp:post_id>1</wp:post_id><wp:status>publish</wp:status>
</item></channel></rss>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!-- a comment first does not hide it -->
<!DOCTYPE rss SYSTEM "http://attacker.example/wxr.dtd">
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, XXE, EXTERNAL_DTD])
def test_doctype_is_refused_and_nothing_is_written(tmp_path, text):
    export = tmp_path / "hostile.xml"
    export.write_text(text)
    with pytest.raises(CommandError, match="refused: the file declares a DOCTYPE"):
        run_import(export)
    assert not Post.objects.exists()
    assert not ImportedObject.objects.exists()


def test_doctype_after_a_huge_comment_is_still_refused():
    padding = "<!--" + "x" * 200_000 + "-->"
    stream = io.BytesIO(
        f'<?xml version="1.0"?>{padding}<!DOCTYPE rss []><rss/>'.encode()
    )
    with pytest.raises(WxrError, match="no XML element in the first 64 KiB"):
        list(wxr_records(stream))


def test_malformed_xml_names_the_problem():
    stream = io.BytesIO(
        b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
    )
    with pytest.raises(WxrError, match="not well-formed XML") as refused:
        list(wxr_records(stream))
    assert str(refused.value).endswith(
        "it was cut short or edited: export it again from the old site"
    )


def test_not_xml_at_all():
    with pytest.raises(WxrError) as refused:
        list(wxr_records(io.BytesIO(b"post_id,title\n1,Hello\n")))
    assert str(refused.value) == (
        "this is not a WordPress export (not an XML file): "
        "a WordPress export starts with <rss"
    )


def test_items_are_streamed_with_flat_memory():
    # 20,000 items of 2 kB: 40 MB of XML; memory must grow far less than that.
    def export() -> io.BytesIO:
        body = "Growing slowly. " * 120
        items = "".join(
            f"<item><title>Post {n}</title><wp:post_id>{n}</wp:post_id>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
            for n in range(20_000)
        )
        return io.BytesIO(
            (
                '<rss xmlns:wp="https://wordpress.org/export/1.2/" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                f"{items}</channel></rss>"
            ).encode()
        )

    stream = export()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count = sum(1 for record in wxr_records(stream) if isinstance(record, WxrItem))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert count == 20_000
    assert grown_kib < 20 * 1024

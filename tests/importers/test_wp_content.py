from __future__ import annotations

from porch.core.sanitize import render_post_markdown
from porch.importers.markup import comment_markdown, wpautop
from porch.importers.wordpress.content import excerpt_text, post_body_convert


def test_wpautop_makes_paragraphs_and_line_breaks():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"


def test_wpautop_leaves_block_tags_and_pre_alone():
    text = "<ul>\n<li>a</li>\n</ul>\n\n<pre>x\n\ny</pre>"
    assert wpautop(text) == "<ul>\n<li>a</li>\n</ul>\n<pre>x\n\ny</pre>\n"


def test_converted_body_renders_as_the_same_html_through_markdown():
    converted = post_body_convert(
        "A *literal* star\n\n    indented\n\n<pre>a\n\n\nb</pre>"
    )
    html = render_post_markdown(converted.html)
    assert "<p>A *literal* star</p>" in html
    assert "<pre>a\n\n\nb</pre>" in html
    assert "<code>" not in html  # the indented line is not a Markdown code block


def test_players_become_links_and_dropped_tags_are_noted():
    converted = post_body_convert(
        '<iframe src="https://player.example/v/1"></iframe>\n\n'
        '<audio controls><source src="https://a.example/song.mp3"></audio>\n\n'
        "<script>alert(1)</script><strike>old</strike>"
    )
    html = render_post_markdown(converted.html)
    assert 'href="https://player.example/v/1"' in html
    assert 'href="https://a.example/song.mp3"' in html
    assert "<s>old</s>" in html
    assert "alert" not in html
    assert converted.notes == ["<script> removed"]


def test_gallery_without_known_images_says_so():
    converted = post_body_convert('[gallery ids="8,9"]')
    assert "(A gallery was here; its images were not in the export.)" in converted.html


def test_more_marker_is_not_reported_but_other_comments_are():
    assert post_body_convert("Intro<!--more-->Rest").notes == []
    assert post_body_convert("A<!-- hidden -->B").notes == ["HTML comments removed"]


def test_comment_html_becomes_comment_markdown():
    notes: list[str] = []
    text = 'Yes! <a href="http://x.example/">this</a>\n\n<h2>Big</h2><img src="y.png">'
    assert (
        comment_markdown(text, on_note=notes.append)
        == "Yes! [this](http://x.example/)\n\nBig"
    )
    assert notes == ["<h2> removed", "<img> removed"]


def test_excerpt_text_keeps_ampersands_and_angle_brackets_as_text():
    excerpt = "<p>Salt &amp; pepper, 3 < 5 &  a <b>bold</b>\n claim</p>"
    assert excerpt_text(excerpt) == "Salt & pepper, 3 < 5 & a bold claim"

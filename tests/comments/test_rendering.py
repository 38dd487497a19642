"""The discussion's HTML: nesting, each comment's parts, and what one viewer alone sees.

Outlines and items are compared after normalising whitespace, so the markup may be
produced any way (one loop, includes, a cached fragment) as long as a reader gets the
same page.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import signing
from django.template import Context, Template
from lxml import html as lxml_html

from porch.comments.cookies import WRITER_COOKIE, WRITER_SALT
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from tests.factories import CommentFactory, PersonFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

WRITTEN_AT = datetime(2024, 3, 5, 14, 30, tzinfo=UTC)


def settings_set(**values):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(**values)
    from django.core.cache import cache

    cache.clear()


def comment_list(content: bytes):
    found = lxml_html.fromstring(content).xpath('//ol[@class="comment-list"]')
    return found[0] if found else None


def outline(element):
    """(li id, classes, value, [replies]) for each comment, nested like the page."""
    items = []
    for item in element.xpath("./li"):
        replies = item.xpath('./ol[@class="children"]')
        items.append(
            (
                item.get("id"),
                item.get("class"),
                item.get("value"),
                outline(replies[0]) if replies else [],
            )
        )
    return items


def normalized(element, indent: str = "") -> list[str]:
    """One line per element: tag, sorted attributes, its own text; replies left out."""
    attrs = " ".join(f'{key}="{value}"' for key, value in sorted(element.items()))
    text = " ".join((element.text or "").split())
    lines = [f"{indent}<{element.tag}{' ' if attrs else ''}{attrs}>{text}"]
    for child in element:
        if child.get("class") == "children":
            continue
        lines.extend(normalized(child, indent + "  "))
        tail = " ".join((child.tail or "").split())
        if tail:
            lines.append(f"{indent}  {tail}")
    return lines


def item(content: bytes, pk: int) -> list[str]:
    return normalized(lxml_html.fromstring(content).get_element_by_id(f"comment-{pk}"))


def writer_cookie(client, *pks: int, written_at: float | None = None) -> None:
    when = int(written_at if written_at is not None else time.time())
    client.cookies[WRITER_COOKIE] = signing.dumps(
        {str(pk): when for pk in pks}, salt=WRITER_SALT
    )


@pytest.fixture
def conversation():
    """A post by a logged-in writer with a host, a placeholder and an import."""
    writer = PersonFactory(display_name="Mira Patel", user=UserFactory())
    host = UserFactory(username="hostess", is_superuser=True)
    post = PostFactory(author=writer, title="Walking beside the team")
    with time_machine.travel(WRITTEN_AT, tick=False):
        first = CommentFactory(
            post=post,
            author_name="Ada Lovelace",
            author_email="ada@example.com",
            author_url="https://ada.example",
            body="Leading from the side works.",
        )
        by_writer = CommentFactory(
            post=post, parent=first, author_name="Mira Patel", user=writer.user
        )
        by_host = CommentFactory(
            post=post, parent=by_writer, author_name="Hostess", user=host
        )
        removed = CommentFactory(post=post, status=Comment.Status.REMOVED)
        under_removed = CommentFactory(post=post, parent=removed)
        imported = CommentFactory(post=post, legacy_anchor="comment-101")
    return {
        "post": post,
        "first": first,
        "by_writer": by_writer,
        "by_host": by_host,
        "removed": removed,
        "under_removed": under_removed,
        "imported": imported,
    }


def test_threads_nest_as_lists_in_path_order(client, conversation):
    c = conversation

    content = client.get(c["post"].get_absolute_url()).content

    assert outline(comment_list(content)) == [
        (
            f"comment-{c['first'].pk}",
            "comment depth-1",
            "1",
            [
                (
                    f"comment-{c['by_writer'].pk}",
                    "comment depth-2 by-post-author",
                    None,
                    [(f"comment-{c['by_host'].pk}", "comment depth-3", None, [])],
                )
            ],
        ),
        (
            f"comment-{c['removed'].pk}",
            "comment depth-1",
            "2",
            [(f"comment-{c['under_removed'].pk}", "comment depth-2", None, [])],
        ),
        (f"comment-{c['imported'].pk}", "comment depth-1", "3", []),
    ]


def test_a_comment_shows_avatar_author_link_time_and_reply_link(client, conversation):
    pk = conversation["first"].pk
    colour = colour_of("ada@example.com")

    content = client.get(conversation["post"].get_absolute_url()).content

    assert item(content, pk) == [
        f'<li class="comment depth-1" id="comment-{pk}" value="1">',
        f'  <article class="comment__body" id="div-comment-{pk}">',
        '    <footer class="comment__meta">',
        '      <span aria-hidden="true" '
        f'class="comment__avatar comment__avatar--{colour}">AL',
        '      <b class="comment__author">',
        '        <a href="https://ada.example" rel="nofollow ugc noopener">'
        "Ada Lovelace",
        f'      <a class="comment__permalink" href="#comment-{pk}">',
        '        <time datetime="2024-03-05T14:30:00+00:00">March 5, 2024 at 2:30 p.m.',
        '    <div class="comment__content">',
        "      <p>Leading from the side works.",
        '    <p class="comment__actions">',
        '      <a aria-label="Reply to Ada Lovelace" class="comment-reply-link" '
        f'data-author-name="Ada Lovelace" data-comment-id="{pk}" '
        f'href="?replytocom={pk}#respond" rel="nofollow">Reply',
    ]


def colour_of(email: str) -> int:
    from porch.comments.avatars import avatar_for

    return avatar_for(email=email, name="").colour


def test_badges_mark_the_post_author_and_the_host(client, conversation):
    c = conversation

    content = client.get(c["post"].get_absolute_url()).content
    writer_item = "\n".join(item(content, c["by_writer"].pk))
    host_item = "\n".join(item(content, c["by_host"].pk))

    assert '<span class="comment__badge comment__badge--author">Author' in writer_item
    assert "comment__badge--host" not in writer_item
    assert '<span class="comment__badge comment__badge--host">Host' in host_item
    assert "comment__badge--author" not in host_item


def test_removed_comment_with_a_reply_is_a_placeholder(client, conversation):
    pk = conversation["removed"].pk

    content = client.get(conversation["post"].get_absolute_url()).content

    assert item(content, pk) == [
        f'<li class="comment depth-1" id="comment-{pk}" value="2">',
        f'  <article class="comment__body" id="div-comment-{pk}">',
        '    <p class="comment__removed">This comment was removed.',
    ]


def test_imported_comment_answers_to_its_old_anchor(client, conversation):
    pk = conversation["imported"].pk

    content = client.get(conversation["post"].get_absolute_url()).content

    assert item(content, pk)[:2] == [
        f'<li class="comment depth-1" id="comment-{pk}" value="3">',
        '  <span class="comment__old-anchor" id="comment-101">',
    ]


def test_closed_post_shows_no_reply_links(client, conversation):
    post = conversation["post"]
    post.comments_open = False
    post.save(update_fields=["comments_open"])

    content = client.get(post.get_absolute_url()).content

    listed = comment_list(content)
    assert len(listed.xpath(".//li")) == 6
    assert listed.xpath('.//a[@class="comment-reply-link"]') == []


def test_reply_links_on_a_later_page_keep_the_page(client, conversation):
    settings_set(comments_per_page=2)
    pk = conversation["imported"].pk

    content = client.get(conversation["post"].get_absolute_url() + "?cpage=2").content

    assert outline(comment_list(content)) == [
        (f"comment-{pk}", "comment depth-1", "3", [])
    ]
    assert f'href="?cpage=2&amp;replytocom={pk}#respond"'.encode() in content


def test_writer_sees_own_held_comment_with_edit_links_others_do_not(
    client, conversation
):
    post = conversation["post"]
    held = CommentFactory(
        post=post,
        parent=conversation["first"],
        status=Comment.Status.PENDING,
        moderation_reasons=[
            {"code": "off_topic", "message": "Shares 0%.", "evidence": ["bread"]}
        ],
    )
    stranger = client.__class__()
    writer_cookie(client, held.pk)

    mine = client.get(post.get_absolute_url()).content
    theirs = stranger.get(post.get_absolute_url()).content

    assert item(mine, held.pk)[0] == (
        f'<li class="comment depth-2 is-pending" id="comment-{held.pk}">'
    )
    assert item(mine, held.pk)[-8:] == [
        '    <p class="comment__awaiting">Your comment is awaiting moderation.',
        '    <div class="comment__why" role="note">',
        "      <p>Held for review: it looks off-topic for this post — the comment "
        "policy asks to stay on topic.",
        '    <div class="comment__content">',
        f"      <p>{held.body}",
        '    <p class="comment__actions">',
        f'      <a class="comment__edit" href="/comments/{held.pk}/edit/">Edit',
        f'      <a class="comment__delete" href="/comments/{held.pk}/delete/">Delete',
    ]
    assert f'id="comment-{held.pk}"'.encode() not in theirs
    assert b"comment__edit" not in theirs
    assert b"comment__why" not in theirs


@pytest.mark.parametrize(
    "written_at",
    [
        datetime(2024, 1, 9, 5, 7, tzinfo=UTC),  # midnight in New York
        datetime(2024, 7, 4, 16, 0, tzinfo=UTC),  # noon there, summer time
        datetime(2024, 12, 31, 23, 59, tzinfo=UTC),
    ],
)
def test_time_reads_as_the_date_and_time_filters_print_it(client, settings, written_at):
    settings.TIME_ZONE = "America/New_York"
    with time_machine.travel(written_at, tick=False):
        comment = CommentFactory()
    filters = Template('{{ d|date:"c" }}|{{ d|date:"F j, Y" }} at {{ d|time:"g:i a" }}')

    content = client.get(comment.post.get_absolute_url()).content

    time_line = item(content, comment.pk)[6].strip()
    iso, text = filters.render(Context({"d": written_at})).split("|")
    assert time_line == f'<time datetime="{iso}">{text}'

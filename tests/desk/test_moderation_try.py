"""``porch moderation try``: the exact output contract, through call_command."""

import io
import json

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.moderation.models import BlockRule, ModerationEvent
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

KIND = {
    "author": "Bea Holm",
    "email": "bea@tern.example",
    "website": "",
    "body": "Stepping back last spring let my team surprise me.",
}


def run(post, *lines, file=None):
    out, err = io.StringIO(), io.StringIO()
    args = ["moderation", "try", "--post", post.slug]
    if file is not None:
        args.append(str(file))
    call_command(*args, stdin=io.StringIO("".join(lines)), stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def line(**fields):
    return json.dumps({**KIND, **fields}) + "\n"


def test_each_comment_gets_one_line_in_order_with_all_three_scores():
    post = PostFactory()
    CommentFactory(author_email="known@example.org")  # approved before
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(moderation_disallowed_words="casino")
    cache.clear()

    results, _ = run(
        post,
        line(),
        line(email="known@example.org"),
        line(author="Casino King", email="known@example.org"),
    )

    assert [r["decision"] for r in results] == ["hold", "approve", "spam"]
    assert results[0]["reasons"] == [
        {
            "code": "first_time",
            "message": "A first comment from this commenter waits for approval.",
            "evidence": [],
        }
    ]
    assert results[1]["reasons"] == []
    assert results[2]["reasons"][0] == {
        "code": "rule:disallowed_words",
        "message": "Contains a disallowed word.",
        "evidence": ["casino (in name)"],
    }
    for result in results:
        assert list(result) == ["decision", "reasons", "scores"]
        assert list(result["scores"]) == ["offensive", "spam", "off_topic"]
        assert all(0.0 <= score <= 1.0 for score in result["scores"].values())


def test_writes_nothing_and_ignores_rate_limits():
    post = PostFactory()
    before = (Comment.objects.count(), ModerationEvent.objects.count())

    results, _ = run(post, *[line(body=f"Thought {n} on teams.") for n in range(40)])

    assert len(results) == 40
    assert (Comment.objects.count(), ModerationEvent.objects.count()) == before
    assert not SiteSettings.objects.exists()


def test_reply_to_a_comment_on_the_post_and_links_rule():
    post = PostFactory()
    parent = CommentFactory(post=post, author_name="Tom")

    results, _ = run(
        post,
        line(email="", body="Thanks, Tom!", parent=parent.pk),
        line(body="See https://a.example/x and https://b.example/y"),
    )

    links = [r for r in results[1]["reasons"] if r["code"] == "links"]
    assert results[0]["scores"]["off_topic"] == 0.0
    assert results[1]["decision"] == "hold"
    assert links == [
        {
            "code": "links",
            "message": "Has 2 links; comments with 2 or more wait for review.",
            "evidence": ["https://a.example/x", "https://b.example/y"],
        }
    ]


def test_blocked_domain_is_spam():
    BlockRule.objects.create(kind="domain", value="tern.example")

    results, _ = run(PostFactory(), line())

    assert results[0]["decision"] == "spam"
    assert results[0]["reasons"][0]["code"] == "rule:blocklist"


def test_reads_a_file(tmp_path):
    source = tmp_path / "past.jsonl"
    source.write_text(line() + "\n" + line(body="Another thought."), encoding="utf-8")

    results, _ = run(PostFactory(), file=source)

    assert [r["decision"] for r in results] == ["hold", "hold"]


def test_bad_lines_are_answered_in_place_and_the_command_fails_at_the_end():
    post = PostFactory()
    out, err = io.StringIO(), io.StringIO()
    lines = [line(), "{not json\n", '["a list"]\n', line(parent=999999), line()]

    with pytest.raises(CommandError, match=r"Could not judge line\(s\) 2, 3, 4"):
        call_command(
            "moderation",
            "try",
            "--post",
            post.slug,
            stdin=io.StringIO("".join(lines)),
            stdout=out,
            stderr=err,
        )

    results = [json.loads(text) for text in out.getvalue().splitlines()]
    assert [r.get("decision") for r in results] == ["hold", None, None, None, "hold"]
    assert results[1] == {
        "line": 2,
        "error": "line 2: not valid JSON (Expecting property name enclosed in "
        "double quotes)",
    }
    assert results[2] == {"line": 3, "error": "line 3: expected a JSON object"}
    assert results[3] == {"line": 4, "error": "line 4: no comment 999999 on this post"}
    assert "line 2: not valid JSON" in err.getvalue()


def test_unknown_post_is_a_clear_error():
    with pytest.raises(CommandError, match="No post with the slug 'nope'"):
        call_command("moderation", "try", "--post", "nope", stdin=io.StringIO(""))


def test_purge_dry_run_counts_and_keeps():
    with time_machine.travel("2026-01-01 12:00Z", tick=False):
        CommentFactory(status=Comment.Status.SPAM)
    out = io.StringIO()

    with time_machine.travel("2026-03-01 12:00Z", tick=False):
        call_command("moderation", "purge", "--dry-run", stdout=out)

    assert out.getvalue() == "Would delete 1 spam comment(s).\n"
    assert Comment.objects.count() == 1

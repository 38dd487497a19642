"""The desk's learning page and ``porch moderation try``'s site-model line: what
the site's own model learned from the moderators' decisions."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from porch.comments.models import Comment
from porch.desk.services.comments import comment_moderate
from porch.people import roles
from tests.desk.desk_helpers import member
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

POST = {
    "title": "Baking with a slow starter",
    "body": "A starter kept in the fridge rises slowly; feed it the night before. "
    "Our spelt and rye loaves take a whole day.",
}
ADS = [
    "Crumb and Co bakery delivers fresh sourdough loaves every Friday, order now.",
    "Order rye and spelt loaves from Crumb and Co bakery, free delivery on Fridays.",
    "Crumb and Co bakery: croissants and sourdough delivered Friday, order now.",
    "Fresh spelt loaves from Crumb and Co bakery, order Wednesday, delivered Friday.",
    "Crumb and Co bakery rye loaves, delivery every Friday, order online now.",
]
FINE = [
    "My starter sulked in the fridge too; a warm feed the night before woke it up.",
    "How long do you leave the starter out before mixing the dough?",
    "Mine rises slowly as well, but the crumb is better for it.",
    "Spelt loaves never rise as high for me; is that the flour or the starter?",
    "We feed ours on Wednesday night and bake on Friday, just as you describe.",
]
REFITTED = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def adapter_file(settings, tmp_path: Path) -> Path:
    path = tmp_path / "moderation" / "adapter.npz"
    settings.MODERATION_ADAPTER_PATH = path
    return path


@pytest.fixture
def taught(adapter_file, django_capture_on_commit_callbacks):
    """Ten decisions on one post (five spam, five approved), refitted at REFITTED."""
    host = member(roles.HOST, "teacher")
    post = PostFactory(**POST)
    with (
        time_machine.travel(REFITTED, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for body in ADS:
            comment_moderate(
                comment=CommentFactory(post=post, body=body), actor=host, action="spam"
            )
        for body in FINE:
            comment_moderate(
                comment=CommentFactory(post=post, body=body),
                actor=host,
                action="approve",
            )
    return post


def test_only_moderators_see_what_the_site_learned(client):
    url = reverse("desk:learning")

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory(username="reader"))
    assert client.get(url).status_code == 403
    client.force_login(member(roles.HOST, "hostess"))
    assert client.get(url).status_code == 200


def test_the_page_counts_decisions_and_says_when_the_model_was_refitted(client, taught):
    held = CommentFactory(
        post=taught,
        body="Crumb and Co bakery sourdough, order by Wednesday for Friday.",
        status=Comment.Status.PENDING,
    )
    client.force_login(member(roles.HOST, "hostess"))

    html = client.get(reverse("desk:learning")).content.decode()

    assert 'data-learning-state="applied"' in html
    assert 'data-decisions="spam">5<' in html
    assert 'data-decisions="approve">5<' in html
    assert 'data-decisions="offensive">0<' in html
    assert f'datetime="{REFITTED.isoformat()}"' in html
    assert "fitted on 10 decisions" in html
    assert f'id="learning-{held.pk}"' in html
    assert 'href="/desk/learning/" aria-current="page"' in html


def test_the_latest_held_comments_show_how_the_site_moved_their_scores(taught):
    from porch.desk.learning import learning_page_get

    later = "Crumb and Co bakery has spelt loaves this Friday, order by Wednesday."
    CommentFactory(post=taught, body=later, status=Comment.Status.PENDING)

    page = learning_page_get(user=member(roles.HOST, "hostess"))

    [item] = page.held
    spam = next(change for change in item.changes if change.label == "spam")
    assert spam.shipped < 0.05
    assert spam.site > spam.shipped + 0.3
    assert page.summary.total_decisions == 10


def test_before_any_decision_the_page_says_shipped_models_only(client, adapter_file):
    client.force_login(member(roles.HOST, "hostess"))

    html = client.get(reverse("desk:learning")).content.decode()

    assert 'data-learning-state="none"' in html
    assert "None yet — the shipped models judge alone." in html


def try_stderr(post) -> str:
    out, err = io.StringIO(), io.StringIO()
    comment = {"author": "Bea", "email": "bea@tern.example", "body": FINE[0]}
    call_command(
        "moderation",
        "try",
        "--post",
        post.slug,
        stdin=io.StringIO(json.dumps(comment) + "\n"),
        stdout=out,
        stderr=err,
    )
    assert len(out.getvalue().splitlines()) == 1  # stdout keeps its contract
    return err.getvalue()


def test_moderation_try_says_no_site_model_yet(adapter_file):
    assert try_stderr(PostFactory(**POST)) == (
        "site model: none yet — shipped models only\n"
    )


def test_moderation_try_says_the_site_model_was_applied(taught):
    assert try_stderr(taught) == (
        "site model: applied (10 decisions, refitted 2026-03-04 09:30 UTC; spam)\n"
    )

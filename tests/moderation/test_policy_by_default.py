"""The default pipeline keeps the comment policy: comments written for this test (not
in training, not in the bench's set) on a post about leading a team from behind."""

from __future__ import annotations

import pytest

from porch.moderation import Submission, assess
from tests.moderation.conftest import skip_without_sentence_extra

POST = Submission(
    body="",
    post_title="Leading from behind",
    post_text=(
        "A leader does not always belong at the front. Standing beside the team, "
        "or behind it, lets people take the lead, shows humility and builds trust. "
        "Good leaders motivate, collaborate and clean up the mess when a project "
        "goes wrong, instead of acting as a distant figurehead."
    ),
    post_questions=("Where do you lead from?",),
)
ORDINARY = [
    "My first team lead stood behind us in every review and it made us braver.",
    "I disagree a little: in an emergency someone has to stand at the front.",
    "Thank you for this, it changed how I run our weekly meetings.",
]
OFFENSIVE = [
    "F*** this post and f*** you, you brainless clown.",
    "Ife, you are a fraud and everybody here can see it.",
    "Did you take your meds today? This is drivel.",
    "You are a f.u.c.k.i.n.g joke of a leader.",
]
OFF_TOPIC = [
    "How long should banana bread bake at 180 degrees? Mine is raw inside.",
    "The paper keeps jamming in my office printer, any idea how to fix it?",
    "My tomato seedlings are tall and thin, do they need more light?",
    "For sale: a blue 2016 estate car, one owner, full service history.",
]


def judged(body: str):
    return assess(Submission(**{**vars_of(POST), "body": body}))


def vars_of(submission: Submission) -> dict[str, object]:
    return {name: getattr(submission, name) for name in submission.__slots__}


skip_without_sentence_extra()


@pytest.fixture(autouse=True)
def _sentence_model_as_installed(sentence_on):
    """On, as in the default install."""


@pytest.mark.parametrize("body", ORDINARY)
def test_ordinary_comments_are_approved(body):
    assert judged(body).is_approved


@pytest.mark.parametrize("body", OFFENSIVE)
def test_offensive_comments_are_held_as_offensive(body):
    verdict = judged(body)
    assert "offensive" in {reason.code for reason in verdict.reasons}


@pytest.mark.parametrize("body", OFF_TOPIC)
def test_off_topic_comments_are_held_as_off_topic(body):
    verdict = judged(body)
    assert "off_topic" in {reason.code for reason in verdict.reasons}


@pytest.mark.parametrize(
    "body",
    [
        "You're not a fraud, you just started.",
        "I felt like a fraud when I started leading a team.",
        "Are you kidding? This is exactly what I needed this week.",
        "The fraud case in the news shows why leaders need humility.",
    ],
)
def test_civil_look_alikes_of_aimed_insults_stay_unflagged(body):
    assert judged(body).scores["offensive"] < 0.8


def test_an_aimed_insult_is_held_as_offensive_whatever_the_model_weighs():
    verdict = judged("Honestly, you clown, nobody asked for your opinion.")

    assert verdict.decision == "hold"
    assert verdict.scores["offensive"] >= 0.85
    assert "offensive" in [reason.code for reason in verdict.reasons]

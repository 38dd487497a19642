"""Everyday comments that share words with spam pitches or insults are approved.

The first four are the sentences a review found held by the first 2026.1 models;
the rest are ordinary comments written for this test, worded as no training
template is.
"""

from __future__ import annotations

import pytest

from porch.moderation import Submission, Thresholds, assess
from porch.moderation.classifiers import SpamClassifier
from porch.moderation.lexicon import spam_cues

REVIEWED = [
    "I have been working from home for two years and my single biggest lesson is "
    "to over-communicate with the team.",
    "Follow me on this: the first draft is never the one you send. My cover letter "
    "said the same.",
    "Message me if you want the template, happy to share it.",
    "The stupid part is that the docs never mention it.",
]
LIKE_SPAM_PITCHES = [
    "I work from home on Fridays and my single goal is to finish the garden shed.",
    "Follow me here: the compost goes on top, not underneath.",
    "Message me if you want my seed list, happy to share.",
    "My cover of this song at the pub quiz was awful, but everyone sang along.",
]
HARSH_ABOUT_THINGS = [
    "That stupid printer jammed twice while I printed this recipe.",
    "The weather this spring was garbage for potatoes.",
    "Damn slugs ate every lettuce I planted.",
    "What a ridiculous error message, it says nothing about the missing file.",
]
PROMOTION = [
    "Follow me on Instagram for more recipes, link in bio",
    "I make $300 a day from home, message me to learn how",
    "check out my new single on soundcloud, it would mean a lot",
]


@pytest.mark.parametrize("body", REVIEWED + LIKE_SPAM_PITCHES + HARSH_ABOUT_THINGS)
def test_everyday_comments_are_approved(body: str) -> None:
    verdict = assess(Submission(body=body), Thresholds())

    assert verdict.decision == "approve"
    assert verdict.reasons == ()
    assert verdict.scores["spam"] < Thresholds().spam
    assert verdict.scores["offensive"] < Thresholds().offensive


@pytest.mark.parametrize("body", REVIEWED[:3] + LIKE_SPAM_PITCHES)
def test_spam_words_without_a_pitch_are_no_selling_phrase(body: str) -> None:
    assert spam_cues(body)["phrases"] == []


@pytest.mark.parametrize("body", PROMOTION)
def test_the_same_words_in_a_pitch_are_held_as_spam(body: str) -> None:
    verdict = assess(Submission(body=body), Thresholds())

    assert verdict.decision == "hold"
    assert "spam" in [reason.code for reason in verdict.reasons]


def test_the_pitch_is_quoted_as_evidence() -> None:
    [signal] = SpamClassifier().judge(Submission(body=PROMOTION[0]))

    assert "follow me on instagram" in signal.evidence
    assert "link in bio" in signal.evidence

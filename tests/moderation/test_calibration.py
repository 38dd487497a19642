"""Placing the host's threshold on the site's blend: learning never makes Porch
quieter than the shipped model, at no lower precision."""

from __future__ import annotations

import random

import numpy as np
import pytest

from porch.moderation.calibration import (
    MIN_TO_CALIBRATE,
    SHIPPED_ONLY,
    threshold_placement,
)
from porch.moderation.classifiers import OffensiveClassifier
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.linear import logit
from porch.moderation.types import Submission, Thresholds

LIMIT = float(logit(np.array([0.8]))[0])


def held_counts(held: np.ndarray, y: np.ndarray) -> tuple[int, int]:
    return int(y[held].sum()), int(held.sum())


@pytest.mark.parametrize("seed", range(40))
def test_on_the_sites_decisions_the_placed_blend_is_never_quieter(seed: int) -> None:
    # Random decisions, shipped scores and blends that rank them a little better:
    # wherever the blend is used, it catches at least the shipped model's
    # positives at no lower precision.
    rng = np.random.default_rng(seed)
    n = int(rng.integers(10, 80))
    y = (rng.random(n) < rng.uniform(0.2, 0.6)).astype(int)
    shipped = 1 / (1 + np.exp(-(rng.normal(0, 2, n) + 1.5 * y)))
    blended = rng.normal(-2, 1.5, n) + rng.uniform(0, 3) * y

    placed = threshold_placement(blended, shipped, y, 0.8)

    if placed.applied:
        caught, volume = held_counts(shipped >= 0.8, y)
        hits, holds = held_counts(blended + placed.shift >= LIMIT, y)
        assert hits >= caught
        assert hits * volume >= caught * holds
    assert threshold_placement(blended, shipped, y, 0.8) == placed


def test_a_quiet_blend_is_moved_to_hold_what_the_shipped_model_held() -> None:
    y = np.array([1] * 6 + [0] * 6)
    shipped = np.array([0.9] * 4 + [0.1] * 2 + [0.9] * 2 + [0.1] * 4)
    blended = np.array([0.5, 0.4, 0.3, 0.2, 0.1, 0.0, -1, -1.1, -1.2, -1.3, -2, -3])

    placed = threshold_placement(blended, shipped, y, 0.8)

    assert placed.applied
    assert not (blended >= LIMIT).any()  # as fitted it held nothing
    hits, holds = held_counts(blended + placed.shift >= LIMIT, y)
    assert (hits, holds) == (6, 6)  # every positive, none of the others


def test_too_few_decisions_to_place_a_threshold_fall_back_to_the_shipped_score() -> (
    None
):
    y = np.array([1] * (MIN_TO_CALIBRATE - 1) + [0] * 10)
    shipped = np.where(y == 1, 0.95, 0.1)
    blended = np.where(y == 1, 1.0, -1.0)  # ranks them perfectly, but below 0.80

    assert threshold_placement(blended, shipped, y, 0.8) == SHIPPED_ONLY


def test_a_blend_that_cannot_match_the_shipped_model_is_not_applied() -> None:
    y = np.array([1] * 6 + [0] * 6)
    shipped = np.where(y == 1, 0.95, 0.1)  # the shipped model is perfect here
    blended = np.array([1.0, -1.0] * 6)  # the blend ranks at random

    assert threshold_placement(blended, shipped, y, 0.8) == SHIPPED_ONLY


def test_when_the_shipped_model_caught_nothing_the_blend_stands_as_fitted() -> None:
    y = np.array([1, 1, 0, 0, 0])
    placed = threshold_placement(
        np.array([2.0, 1.0, 0.0, -1.0, -2.0]), np.full(5, 0.1), y, 0.8
    )

    assert (placed.shift, placed.applied) == (0.0, True)


# A small synthetic site: insults the shipped model knows (swearing) and one it
# does not (this host removes "lycra lout"), and ordinary comments on cycling.
SWEARING = [
    "You are a fucking idiot.",
    "Shut up, you stupid moron.",
    "What a pathetic loser you are, idiot.",
    "You're a complete asshole.",
    "Go to hell, you dumb bastard.",
    "You stupid fucking clown.",
    "Fuck off, moron.",
    "Idiot, you are a worthless piece of shit.",
]
LOUTS = [
    "Typical lycra lout, get off the road.",
    "Another lycra lout blocking traffic.",
    "Lycra louts like you should be banned.",
    "You lycra lout, ride on the path.",
    "Lycra lout on the bridge again this morning, get a car.",
    "Only a lycra lout would ride like that.",
]
FINE = [
    "I commute by bike too; the canal path is quieter in the morning.",
    "Which tyres do you use for the gravel stretch?",
    "Good point about lights, I was nearly missed at dusk last week.",
    "The new bridge has made my ride ten minutes shorter.",
    "Do you carry a spare tube or a plug kit?",
    "My daughter started riding to school this spring.",
    "The hill on Mill Lane is brutal in the rain.",
    "Thanks for the route, we tried it on Sunday and loved it.",
    "Panniers or a backpack? My back prefers panniers.",
    "Is the cafe at the top open on weekdays?",
    "I wish the council would fix the potholes on the high street.",
    "Great write-up, the photos of the estuary are lovely.",
]


def test_after_a_handful_of_decisions_the_shipped_models_holds_stay_held() -> None:
    comments = [(b, 1) for b in SWEARING + LOUTS] + [(b, 0) for b in FINE]
    random.Random(3).shuffle(comments)
    taught, held_out = comments[:16], comments[16:]
    decisions = [
        Decision(Submission(body=b), "offensive" if y else "approve") for b, y in taught
    ]
    fitted = adapters_fit(decisions, thresholds=Thresholds())
    limit = Thresholds().offensive
    subs = [Submission(body=b) for b, _ in held_out]
    y = np.array([t for _, t in held_out])
    shipped = np.array(
        [s[0].score for s in OffensiveClassifier(lambda: None).judge_many(subs)]
    )
    site = np.array(
        [s[0].score for s in OffensiveClassifier(lambda: fitted).judge_many(subs)]
    )

    caught, volume = held_counts(shipped >= limit, y)
    hits, holds = held_counts(site >= limit, y)
    assert caught > 0
    assert ((shipped >= limit) & (y == 1) <= (site >= limit)).all()
    assert hits >= caught
    assert hits * volume >= caught * holds

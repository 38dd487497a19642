"""Batch judging: same answers as one at a time, same n-grams as scikit-learn."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from porch.moderation import Submission, Thresholds, assess, assess_many
from porch.moderation.linear import HashedNgrams, _vectorizers
from porch.moderation.types import Signal

TEXTS = [
    "Thanks, Tom!",
    "",
    "Visit http://cheap-pills.example.com for CHEAP pills!!! Best prices, best prices.",
    "You are a clueless idiot and your post is garbage.",
    "Caf\u00e9 owners in the village share one sourdough starter, and it works.",
]


def test_fast_counts_equal_scikit_learns_hashing_vectorizer() -> None:
    word, char = _vectorizers(18, 18)
    expected = sparse.hstack([word.transform(TEXTS), char.transform(TEXTS)]).tocsr()

    counts = HashedNgrams().counts(TEXTS)

    assert counts.shape == expected.shape
    assert (counts != expected).nnz == 0


def test_assess_many_gives_what_assess_gives_one_by_one() -> None:
    submissions = [Submission(body=body, post_title="Sourdough") for body in TEXTS]

    together = assess_many(submissions, Thresholds())

    assert together == [assess(s, Thresholds()) for s in submissions]
    assert [v.decision for v in together] == [
        "approve",
        "approve",
        "hold",
        "hold",
        "approve",
    ]


class BreaksOnOne:
    """Fails, in batch and alone, on one comment only."""

    name = "fragile"

    def judge(self, submission: Submission) -> list[Signal]:
        if "idiot" in submission.body:
            raise ValueError("cannot read this one")
        return [Signal("spam", 0.1, "fine")]

    def judge_many(self, submissions: list[Submission]) -> list[list[Signal]]:
        return [self.judge(s) for s in submissions]


def test_a_batch_failure_holds_only_the_comment_that_failed() -> None:
    submissions = [Submission(body=body) for body in TEXTS]

    verdicts = assess_many(submissions, Thresholds(), [BreaksOnOne()])

    assert [v.decision for v in verdicts] == [
        "approve",
        "approve",
        "approve",
        "hold",
        "approve",
    ]
    assert verdicts[3].reasons[0].evidence == ("fragile",)
    assert np.allclose([v.scores["spam"] for v in verdicts], [0.1, 0.1, 0.1, 0, 0.1])

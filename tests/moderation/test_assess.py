"""assess(): thresholds, failures held, determinism and model file versions."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from porch.moderation import CHECK_FAILED, Signal, Submission, Thresholds, assess
from porch.moderation.classifiers import (
    MODEL_FILES_DIR,
    MODEL_VERSION,
    OffensiveClassifier,
    default_classifiers,
)
from porch.moderation.linear import LinearTextModel, ModelFileError
from porch.moderation.topic import TopicModel

INSULT = Submission(body="You are a clueless idiot.", post_title="Pruning roses")


class Fixed:
    """A rule classifier with a known score, to test assess() on its own."""

    def __init__(self, name: str, label: str, score: float) -> None:
        self.name, self.label, self.score = name, label, score

    def judge(self, submission: Submission) -> list[Signal]:
        return [Signal(self.label, self.score, f"{self.name} says so", ("cue",))]  # type: ignore[arg-type]


class Broken:
    name = "broken"

    def judge(self, submission: Submission) -> list[Signal]:
        raise RuntimeError(f"exploded on {submission.author_email}")


def test_score_at_the_threshold_holds_and_just_below_approves() -> None:
    classifiers = [Fixed("rule", "spam", 0.6)]

    held = assess(INSULT, Thresholds(spam=0.6), classifiers)
    approved = assess(INSULT, Thresholds(spam=0.61), classifiers)

    assert held.decision == "hold"
    assert [(r.code, r.message, r.evidence) for r in held.reasons] == [
        ("spam", "rule says so", ("cue",))
    ]
    assert approved.decision == "approve"
    assert approved.scores == {"offensive": 0.0, "spam": 0.6, "off_topic": 0.0}


def test_a_host_can_raise_a_threshold_to_let_a_comment_through() -> None:
    score = assess(INSULT).scores["offensive"]

    assert assess(INSULT, Thresholds(offensive=score)).decision == "hold"
    assert assess(INSULT, Thresholds(offensive=1.01)).decision == "approve"


def test_a_failing_classifier_holds_the_comment_and_keeps_other_scores(
    caplog: pytest.LogCaptureFixture,
) -> None:
    submission = Submission(body="Lovely roses.", author_email="ana@example.com")

    with caplog.at_level(logging.ERROR):
        verdict = assess(submission, Thresholds(), [Fixed("r", "spam", 0.1), Broken()])

    assert verdict.decision == "hold"
    assert [(r.code, r.message, r.evidence) for r in verdict.reasons] == [
        ("check_failed", CHECK_FAILED, ("broken",))
    ]
    assert verdict.scores == {"offensive": 0.0, "spam": 0.1, "off_topic": 0.0}
    assert "ana@example.com" not in caplog.text
    assert "classifier broken failed: RuntimeError" in caplog.text


def test_scores_always_hold_all_three_labels() -> None:
    verdict = assess(Submission(body="Thanks!"))

    assert sorted(verdict.scores) == ["off_topic", "offensive", "spam"]
    assert verdict.decision == "approve"


def test_judging_is_deterministic() -> None:
    first = [assess(INSULT) for _ in range(3)]

    assert first[0] == first[1] == first[2]
    assert first[0].scores["offensive"] > 0.9


def test_shipped_models_carry_the_version_this_code_expects() -> None:
    for name in ("offensive", "spam", "off_topic"):
        with np.load(MODEL_FILES_DIR / f"{name}.npz", allow_pickle=False) as data:
            assert str(data["version"]) == MODEL_VERSION
    total = sum(path.stat().st_size for path in MODEL_FILES_DIR.iterdir())
    assert total < 5_000_000


def test_a_model_file_of_another_version_is_refused(tmp_path: Path) -> None:
    model = LinearTextModel.load(MODEL_FILES_DIR / "spam.npz", MODEL_VERSION)
    old = tmp_path / "spam.npz"
    LinearTextModel(
        "1999.1", model.ngrams, model.idf, model.coef, 0.0, model.extra_coef
    ).save(old)

    with pytest.raises(ModelFileError, match=r"version 1999\.1"):
        LinearTextModel.load(old, MODEL_VERSION)


def test_an_off_topic_table_of_another_version_or_unreadable_is_refused(
    tmp_path: Path,
) -> None:
    shipped = TopicModel.load(MODEL_FILES_DIR / "off_topic.npz", MODEL_VERSION)
    TopicModel("1999.1", shipped.idf).save(tmp_path / "old.npz")
    (tmp_path / "bad.npz").write_bytes(b"not a model")

    with pytest.raises(ModelFileError, match=r"old\.npz is version 1999\.1"):
        TopicModel.load(tmp_path / "old.npz", MODEL_VERSION)
    with pytest.raises(ModelFileError, match=r"cannot read model file bad\.npz"):
        TopicModel.load(tmp_path / "bad.npz", MODEL_VERSION)


def test_an_unreadable_model_holds_instead_of_losing_the_comment(
    tmp_path: Path,
) -> None:
    (tmp_path / "offensive.npz").write_bytes(b"not a model")

    class Unloadable(OffensiveClassifier):
        def judge(self, submission: Submission) -> list[Signal]:
            LinearTextModel.load(tmp_path / "offensive.npz", MODEL_VERSION)
            return []

    verdict = assess(INSULT, Thresholds(), [Unloadable(), *default_classifiers()[1:]])

    assert verdict.decision == "hold"
    assert verdict.reasons[0].message == CHECK_FAILED
    assert verdict.scores["offensive"] == 0.0

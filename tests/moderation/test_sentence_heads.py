"""The spam model's sentence head: used with the sentence model on, versioned."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from porch.moderation import Submission, Thresholds, assess, classifiers
from porch.moderation.classifiers import MODEL_FILES_DIR, MODEL_VERSION, SpamClassifier
from porch.moderation.linear import ModelFileError
from porch.moderation.sentence import SentenceEncoder
from porch.moderation.sentence_heads import SentenceHead, SentenceHeads
from tests.moderation.conftest import skip_without_sentence_extra
from tests.moderation.test_everyday_words import LIKE_SPAM_PITCHES, REVIEWED

skip_without_sentence_extra()

# Social-media comment spam worded as none of the training templates is.
PLEA = (
    "Loved this! I make watercolor speed-paintings, would mean a lot if you "
    "checked my page and followed :)"
)
QUESTION = (
    "I followed your sourdough method but my loaf spread flat in the oven. Should "
    "I shorten the bulk ferment when the kitchen is this warm?"
)


def spam_score(body: str, encoder: SentenceEncoder | None) -> float:
    judge = SpamClassifier(adapters=lambda: None, encoder=lambda: encoder)
    return judge.judge(Submission(body=body))[0].score


def test_the_sentence_model_raises_the_spam_score_of_an_unseen_plea(
    sentence_on: SentenceEncoder,
) -> None:
    assert spam_score(PLEA, sentence_on) > spam_score(PLEA, None)


@pytest.mark.usefixtures("sentence_on")
def test_a_question_about_the_post_stays_approved_with_the_sentence_model() -> None:
    verdict = assess(Submission(body=QUESTION), Thresholds())

    assert verdict.decision == "approve"
    assert verdict.scores["spam"] < Thresholds().spam


def test_the_shipped_heads_carry_the_version_and_a_spam_head() -> None:
    heads = SentenceHeads.load(MODEL_FILES_DIR / "sentence_heads.npz", MODEL_VERSION)

    assert heads.version == MODEL_VERSION
    assert sorted(heads.heads) == ["spam"]
    assert heads.heads["spam"].weights.shape == (384,)


def test_a_heads_file_of_another_version_or_unreadable_is_refused(
    tmp_path: Path,
) -> None:
    head = SentenceHead(np.ones(384, np.float32), -1.0, (1.0, 1.0, 0.0))
    short = SentenceHead(np.ones(3, np.float32), -1.0, (1.0, 1.0, 0.0))
    SentenceHeads("1999.1", {"spam": head}).save(tmp_path / "old.npz")
    SentenceHeads(MODEL_VERSION, {"spam": short}).save(tmp_path / "short.npz")
    (tmp_path / "bad.npz").write_bytes(b"not a model")

    with pytest.raises(ModelFileError, match=r"old\.npz is version 1999\.1"):
        SentenceHeads.load(tmp_path / "old.npz", MODEL_VERSION)
    with pytest.raises(
        ModelFileError, match=r"short\.npz: spam weights have shape \(3,\)"
    ):
        SentenceHeads.load(tmp_path / "short.npz", MODEL_VERSION)
    with pytest.raises(ModelFileError, match=r"cannot read model file bad\.npz"):
        SentenceHeads.load(tmp_path / "bad.npz", MODEL_VERSION)


@pytest.fixture
def models_without_heads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The shipped model files, all but ``sentence_heads.npz``, freshly loaded."""
    for path in MODEL_FILES_DIR.glob("*.npz"):
        if path.name != "sentence_heads.npz":
            shutil.copy(path, tmp_path / path.name)
    # The loaders read the folder from the module that holds them.
    monkeypatch.setattr(classifiers.base, "MODEL_FILES_DIR", tmp_path)
    caches = (classifiers.linear_model, classifiers.sentence_heads)
    for loaded in caches:
        loaded.cache_clear()
    yield tmp_path
    for loaded in caches:
        loaded.cache_clear()


@pytest.mark.usefixtures("models_without_heads")
def test_without_the_heads_file_spam_is_a_failed_check_only_with_sentences_on(
    sentence_on: SentenceEncoder,
) -> None:
    judges = [SpamClassifier(adapters=lambda: None, encoder=lambda: sentence_on)]
    plain = [SpamClassifier(adapters=lambda: None, encoder=lambda: None)]

    held = assess(Submission(body=QUESTION), Thresholds(), judges)
    approved = assess(Submission(body=QUESTION), Thresholds(), plain)

    assert held.decision == "hold"
    assert [(r.code, r.message, r.evidence) for r in held.reasons] == [
        ("check_failed", "automatic check failed", ("spam",))
    ]
    assert approved.decision == "approve"


@pytest.mark.usefixtures("sentence_on")
@pytest.mark.parametrize("body", REVIEWED + LIKE_SPAM_PITCHES)
def test_everyday_comments_with_spam_words_stay_approved_with_the_sentence_model(
    body: str,
) -> None:
    verdict = assess(Submission(body=body), Thresholds())

    assert verdict.decision == "approve"
    assert verdict.scores["spam"] < Thresholds().spam

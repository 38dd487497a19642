"""The toxic-word table copied from alt-profanity-check, without that package."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from porch.moderation import Submission
from porch.moderation.classifiers import (
    MODEL_FILES_DIR,
    MODEL_VERSION,
    OffensiveClassifier,
    toxic_words,
)
from porch.moderation.linear import ModelFileError
from porch.moderation.toxicity import ToxicWords

TEXTS = [
    "You are a stupid idiot, and your post is garbage!",
    "Thanks for the recipe; the bread came out GREAT.",
    "The the the and of",
    "",
    "Ünïcode café naïve résumé fuck",
    "Idiot idiot idiot, a very long rant about the bike lanes and the council",
]


def test_table_rows_are_scikit_learns_tfidf():
    """Tokens, stop words, counts, smooth IDF and l2 norm as in TfidfVectorizer."""
    table = toxic_words()
    reference = TfidfVectorizer(vocabulary=list(table.words)).fit(TEXTS)
    reference.idf_ = table.idf
    expected = reference.transform(TEXTS).toarray()
    rows = table.rows(TEXTS)
    found = np.zeros_like(expected)
    found[rows.row, rows.col] = rows.value
    assert np.abs(found - expected).max() < 1e-9


def test_insults_score_high_and_plain_words_low():
    table = toxic_words()
    insult, thanks, neutral = table.probabilities(
        [
            "You are a stupid idiot.",
            "Thanks for the recipe, the bread came out great.",
            "The council voted on the new bike lanes.",
        ]
    )
    assert insult > 0.99
    assert thanks < 0.05
    assert neutral < 0.05


def test_words_outside_the_table_change_nothing():
    """Stop words and unknown words are not in the table: same score as no text."""
    table = toxic_words()
    empty, unknown, stop_words = table.probabilities(
        ["", "Zxqv wvbn qqqq", "and the of it is"]
    )
    assert unknown == pytest.approx(empty)
    assert stop_words == pytest.approx(empty)


def test_top_words_name_the_insults_present():
    table = toxic_words()
    assert set(table.top_words("You suck, you pathetic moron.")) >= {"suck", "moron"}
    assert table.top_words("Lovely photos of the harbour.") == []


def test_offensive_evidence_includes_the_tables_words():
    """'suck' is no lexicon word: the table names it for the moderator."""
    signal = OffensiveClassifier(lambda: None).judge(Submission(body="You suck."))[0]
    assert signal.score >= 0.8
    assert "suck" in signal.evidence


def test_table_of_another_version_is_refused(tmp_path):
    table = ToxicWords.load(MODEL_FILES_DIR / "toxic_words.npz", MODEL_VERSION)
    old = ToxicWords(
        "2025.2", table.words, table.idf, table.coef, table.intercept, table.platt
    )
    old.save(tmp_path / "toxic_words.npz")
    with pytest.raises(ModelFileError, match=r"is version 2025\.2"):
        ToxicWords.load(tmp_path / "toxic_words.npz", MODEL_VERSION)


def test_table_of_mismatched_shapes_is_refused(tmp_path):
    table = toxic_words()
    cut = ToxicWords(
        MODEL_VERSION,
        table.words[:-1],
        table.idf,
        table.coef,
        table.intercept,
        table.platt,
    )
    cut.save(tmp_path / "toxic_words.npz")
    with pytest.raises(ModelFileError, match="mismatched shapes"):
        ToxicWords.load(tmp_path / "toxic_words.npz", MODEL_VERSION)

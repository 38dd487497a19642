"""The three classifiers shipped with Porch: offensive, spam and off-topic.

Each loads its model file from ``models/`` once per process, on first use, and refuses
a file of another version (``ModelFileError``), which ``assess`` turns into a hold.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as STOP_WORDS

from porch.moderation import lexicon, text
from porch.moderation.linear import LinearTextModel, ModelFileError
from porch.moderation.topic import (
    MIN_CONTENT_WORDS,
    TopicModel,
    content_words,
    passages,
)
from porch.moderation.types import Classifier, Signal, Submission

MODELS_DIR = Path(__file__).resolve().parent / "models"
MODEL_VERSION = "2025.1"
# Coverage of the comment's content words by the post at which off-topic reaches 0.
ON_TOPIC_COVERAGE = 0.35


@cache
def linear_model(name: str) -> LinearTextModel:
    """The shipped linear model ``name`` (``offensive`` or ``spam``), loaded once."""
    return LinearTextModel.load(MODELS_DIR / f"{name}.npz", MODEL_VERSION)


@cache
def topic_model() -> TopicModel:
    """The shipped word-weight table of the off-topic classifier, loaded once."""
    path = MODELS_DIR / "off_topic.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            model = TopicModel(str(data["version"]), data["idf"].astype(np.float32))
    except (OSError, KeyError, ValueError) as error:
        raise ModelFileError(f"cannot read model file {path.name}: {error}") from error
    if model.version != MODEL_VERSION:
        raise ModelFileError(
            f"{path.name} is version {model.version}, need {MODEL_VERSION}"
        )
    return model


def _describe(parts: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{kind}: {', '.join(hits)}" for kind, hits in parts.items() if hits
    )


class OffensiveClassifier:
    """Insults, threats, slurs and profanity aimed at people.

    Score: a logistic model over word and character n-grams and Porch's own lexicon
    cues. Evidence: lexicon hits first, then the n-grams that pushed the score most.
    """

    name = "offensive"

    def judge(self, submission: Submission) -> list[Signal]:
        body = text.for_model(submission.body)
        model = linear_model(self.name)
        score = model.score_one(body, lexicon.offensive_features([body]))
        cues = lexicon.offensive_cues(body)
        found = [
            hit for kind in ("aimed", "threat", "abuse", "insult") for hit in cues[kind]
        ]
        grams = [g for g in model.top_ngrams(body) if not set(g.split()) <= STOP_WORDS]
        evidence = list(dict.fromkeys([*found, *grams]))[:6]
        reason = _describe({k: cues[k] for k in ("aimed", "threat", "abuse", "insult")})
        return [
            Signal(
                "offensive",
                round(score, 4),
                f"Reads as offensive ({reason})." if reason else "Reads as offensive.",
                tuple(evidence),
            )
        ]


class SpamClassifier:
    """Promotion, SEO, link drops and scams.

    Score: a logistic model over n-grams (links replaced by a placeholder) and counts of
    links, domains, selling phrases, money amounts, contact details and capitals.
    Evidence: the links, their domains and the selling phrases found.
    """

    name = "spam"

    def judge(self, submission: Submission) -> list[Signal]:
        raw = text.normalize(submission.body)
        model = linear_model(self.name)
        score = model.score_one(text.for_model(raw), lexicon.spam_features([raw]))
        cues = lexicon.spam_cues(raw)
        shown = {
            k: cues[k] for k in ("links", "domains", "phrases", "money", "contacts")
        }
        evidence = [hit for hits in shown.values() for hit in hits]
        if not evidence:
            evidence = model.top_ngrams(text.for_model(raw))
        reason = _describe({k: cues[k] for k in ("domains", "phrases", "money")})
        return [
            Signal(
                "spam",
                round(score, 4),
                f"Looks like promotion ({reason})."
                if reason
                else "Looks like promotion.",
                tuple(dict.fromkeys(evidence))[:8],
            )
        ]


class OffTopicClassifier:
    """Comments that share no subject with the post, or with the parent for a reply.

    Score: 1 minus the IDF-weighted share of the comment's content words found in the
    closest passage, scaled so that ``ON_TOPIC_COVERAGE`` or more scores 0. Comments
    with fewer than ``MIN_CONTENT_WORDS`` content words (thanks, praise, a name) score
    0: a courtesy is part of a discussion. Evidence: the closest passage.
    """

    name = "off_topic"

    def judge(self, submission: Submission) -> list[Signal]:
        names = frozenset(
            text.words(f"{submission.author_name} {submission.parent_author_name}")
        )
        words = content_words(submission.body, names)
        candidates = passages(
            submission.post_title, submission.post_text, submission.post_questions
        )
        if submission.parent_body:
            candidates.append(" ".join(submission.parent_body.split()))
        if not candidates:
            return [Signal("off_topic", 0.0, "No post text to compare with.")]
        if len(set(words)) < MIN_CONTENT_WORDS:
            return [Signal("off_topic", 0.0, "Too short to be off topic (a courtesy).")]
        match = topic_model().best_match(words, candidates)
        score = round(max(0.0, 1.0 - match.coverage / ON_TOPIC_COVERAGE), 4)
        closest = match.passage[:280] if match.passage else "(no passage shares a word)"
        return [
            Signal(
                "off_topic",
                score,
                f"Shares {match.coverage:.0%} of its subject words with the post.",
                (closest, f"similarity {match.coverage:.2f}"),
            )
        ]


@cache
def default_classifiers() -> tuple[Classifier, ...]:
    """The shipped classifiers, in the order their reasons are listed."""
    return (OffensiveClassifier(), SpamClassifier(), OffTopicClassifier())

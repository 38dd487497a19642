"""Off-topic scoring: how close what a comment talks about is to the post.

A comment is compared with each passage of the post (title, paragraphs, discussion
questions) and, for a reply, with its parent. Lexically, the score is the
IDF-weighted share of the comment's content words found in the best passage, so a
long on-topic comment that also tells a story still matches, and rare words
("delegation") count more than common ones ("thing").

With the optional sentence model on, meaning replaces words: the comment's vector
is compared with the post as a whole and with each passage (and the parent), and
the best cosine goes through ``off_topic_ramp``. Its two constants come from
Porch's own discussions only (the seed discussion and the demo's), derived by
``bench/moderation/off_topic_ramp.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from porch.moderation import text
from porch.moderation.linear import bucket, model_file_read
from porch.moderation.types import Submission

if TYPE_CHECKING:
    from porch.moderation.sentence import Embeddings, SentenceEncoder

COURTESY = frozenset(
    [
        "thanks",
        "thank",
        "thx",
        "ty",
        "great",
        "good",
        "nice",
        "awesome",
        "amazing",
        "excellent",
        "wonderful",
        "lovely",
        "brilliant",
        "fantastic",
        "cool",
        "wow",
        "yes",
        "yeah",
        "yep",
        "agree",
        "agreed",
        "indeed",
        "true",
        "exactly",
        "post",
        "article",
        "piece",
        "read",
        "reading",
        "write",
        "writing",
        "written",
        "share",
        "sharing",
        "shared",
        "comment",
        "comments",
        "love",
        "loved",
        "like",
        "liked",
        "enjoy",
        "enjoyed",
        "really",
        "very",
        "much",
        "so",
        "well",
        "said",
        "point",
        "points",
        "hi",
        "hello",
        "hey",
        "dear",
        "friend",
        "friends",
        "congrats",
        "congratulations",
        "welcome",
        "bravo",
        "kudos",
        "cheers",
        "appreciate",
        "appreciated",
        "helpful",
        "useful",
        "insightful",
        "inspiring",
        "interesting",
        "thoughts",
        "thought",
        "blog",
        "today",
        "again",
        "lol",
        "haha",
        "stopping",
        "stop",
        "by",
        "around",
        "hope",
        "see",
        "soon",
        "glad",
        "keep",
        "happy",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "weekend",
    ]
)
IGNORED = COURTESY | ENGLISH_STOP_WORDS
PASSAGE_SPLIT_RE = re.compile(r"\n\s*\n|(?<=[.!?])\s+(?=[A-Z])")
# No content word left (thanks, praise, a name) is a courtesy and scores 0. One to
# three are a short remark: scored, but capped below the default threshold, because
# a few words are too little evidence to hold a comment on.
COURTESY_MAX_WORDS = 0
MIN_CONTENT_WORDS = 4
SHORT_SCORE_CAP = 0.75
# The sentence model's ramp: off-topic is 0 at or above ON_TOPIC_SIMILARITY (the
# median best cosine of the on-topic comments of Porch's own seed and demo
# discussions) and 1 at or below UNRELATED_SIMILARITY (the median cosine of those
# comments put under another post, lowered until none of the on-topic ones scores
# above SHORT_SCORE_CAP). bench/moderation/off_topic_ramp.py derives both from that
# material alone.
ON_TOPIC_SIMILARITY = 0.56
UNRELATED_SIMILARITY = 0.14


# A comment that thanks the post or speaks of it ("Thank you for this, it changed how
# I run our meetings") answers the post even when its words are its own life's: it
# is ranked, but capped like a short remark, below the default threshold.
ABOUT_THE_POST_RE = re.compile(
    r"(?i)\b(?:thanks?(?: you)? (?:so much )?for (?:this|the|your|writing|sharing)"
    r"|(?:this|your|the) (?:post|article|piece|guest post)\b)"
)


def speaks_of_the_post(body: str) -> bool:
    """Whether the comment thanks the post or refers to it in so many words."""
    return ABOUT_THE_POST_RE.search(body) is not None


# A capitalised word addressed to someone ("Thanks, Tom!", "Well said, Priya.") is a
# name even when the form did not tell us who wrote the parent.
VOCATIVE_RE = re.compile(
    r"(?:^|[,;:]\s*|\b(?i:thanks|thank you|hi|hello|hey|dear|congrats)\s+)"
    r"([A-Z][a-z]+)(?=\s*(?:[,.!?;:]|$))"
)


def addressed_names(body: str) -> frozenset[str]:
    """Lower-cased names the comment addresses: "Well said, Priya." gives priya."""
    return frozenset(match.group(1).lower() for match in VOCATIVE_RE.finditer(body))


def content_words(body: str, names: frozenset[str] = frozenset()) -> list[str]:
    """Stemmed words that carry a topic: no stop words, courtesies or people's names."""
    return [
        text.stem(word)
        for word in text.words(body)
        if word not in IGNORED
        and word not in names
        and len(word) > 2
        and not word.isdigit()
    ]


@lru_cache(maxsize=256)
def passages(title: str, body: str, questions: tuple[str, ...]) -> tuple[str, ...]:
    """The post cut into sentences and paragraphs, plus the title and each question."""
    pieces = [title, *questions]
    for paragraph in re.split(r"\n\s*\n", body):
        pieces.append(paragraph)
        pieces.extend(part for part in PASSAGE_SPLIT_RE.split(paragraph) if part)
    return tuple(" ".join(piece.split()) for piece in pieces if piece.strip())


def post_candidates(
    title: str, body: str, questions: tuple[str, ...]
) -> tuple[str, ...]:
    """What a comment's meaning is compared with: the whole post, then each passage.

    The sentence model reads the whole post only up to its token cap (its start).
    """
    whole = " ".join(f"{title}\n\n{body}".split())
    pieces = passages(title, body, questions)
    return tuple(dict.fromkeys([whole, *pieces])) if whole else pieces


# A post's candidates are the same for every comment in its discussion: one
# encoding per post, not per comment (keyed by the encoder, which a test may swap).
@lru_cache(maxsize=256)
def candidate_embeddings(
    encoder: SentenceEncoder, candidates: tuple[str, ...]
) -> Embeddings:
    """The sentence vectors of ``candidates``, read-only, computed once."""
    vectors = encoder.encode(candidates)
    vectors.flags.writeable = False
    return vectors


@dataclass(frozen=True)
class Closest:
    """The candidate nearest in meaning to a comment, and the cosine (-1..1)."""

    similarity: float
    passage: str


def closest_candidate(
    comment: Embeddings, candidates: tuple[str, ...], vectors: Embeddings
) -> Closest:
    """The candidate whose vector has the largest cosine with the comment's."""
    similarities = vectors @ comment
    best = int(np.argmax(similarities))
    return Closest(float(similarities[best]), candidates[best])


def closest_in_meaning(
    encoder: SentenceEncoder, comment: Embeddings, submission: Submission
) -> Closest | None:
    """The post's candidate, or the parent, nearest to the comment's vector.

    None when there is neither post text nor a parent to compare with.
    """
    post = post_candidates(
        submission.post_title, submission.post_text, submission.post_questions
    )
    parent = (" ".join(submission.parent_body.split()),)
    found = [
        closest_candidate(comment, group, candidate_embeddings(encoder, group))
        for group in (post, parent if parent[0] else ())
        if group
    ]
    return max(found, key=lambda closest: closest.similarity, default=None)


def off_topic_ramp(similarity: float) -> float:
    """Cosine to off-topic score: 1 at or below ``UNRELATED_SIMILARITY``, 0 at or
    above ``ON_TOPIC_SIMILARITY``, a straight line between."""
    span = ON_TOPIC_SIMILARITY - UNRELATED_SIMILARITY
    return min(1.0, max(0.0, (ON_TOPIC_SIMILARITY - similarity) / span))


# A post's passages are the same for every comment in its discussion: stem them once.
@lru_cache(maxsize=256)
def passage_vocabularies(
    candidates: tuple[str, ...],
) -> tuple[list[frozenset[str]], frozenset[str]]:
    """The content words of each passage, and of all of them together."""
    vocabularies = [frozenset(content_words(candidate)) for candidate in candidates]
    return vocabularies, frozenset().union(*vocabularies)


@dataclass(frozen=True)
class Match:
    """The passage that covers the comment best, and how much of it (0..1)."""

    coverage: float
    passage: str


@dataclass(frozen=True)
class TopicModel:
    """IDF weights for stemmed words, hashed so no vocabulary needs shipping."""

    version: str
    idf: npt.NDArray[np.float32]

    def save(self, path: Path) -> None:
        """Write the weights; float16, as for the linear models."""
        np.savez_compressed(
            path, version=np.array(self.version), idf=self.idf.astype(np.float16)
        )

    @classmethod
    def load(cls, path: Path, expected_version: str) -> TopicModel:
        """Read a table written by ``save``; refuse one of another version."""
        return model_file_read(
            path,
            expected_version,
            lambda data: cls(expected_version, data["idf"].astype(np.float32)),
        )

    def weights(self, words: list[str]) -> npt.NDArray[np.float32]:
        if not words:
            return np.zeros(0, dtype=np.float32)
        n_features = self.idf.shape[0]
        index = [bucket(word, n_features) for word in words]
        weights: npt.NDArray[np.float32] = self.idf[index]
        return weights

    def best_match(self, comment: list[str], candidates: list[str]) -> Match:
        """The candidate passage covering the most IDF weight of the comment's words."""
        unique = list(dict.fromkeys(comment))
        weight = self.weights(unique)
        total = float(weight.sum())
        best = Match(coverage=0.0, passage="")
        if total == 0:
            return best
        vocabularies, whole = passage_vocabularies(tuple(candidates))
        for candidate, present in zip(candidates, vocabularies, strict=True):
            covered = float(
                sum(
                    w for word, w in zip(unique, weight, strict=True) if word in present
                )
            )
            if covered / total > best.coverage:
                best = Match(covered / total, candidate)
        overall = float(
            sum(w for word, w in zip(unique, weight, strict=True) if word in whole)
        )
        # The whole post matters too: a comment may echo two paragraphs at once.
        coverage = max(best.coverage, 0.8 * overall / total)
        return Match(coverage, best.passage)

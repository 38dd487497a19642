"""The off-topic classifier: how far a comment is from its post, in shared words or,
with the sentence model on, in meaning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from porch.moderation import text
from porch.moderation.classifiers.base import (
    ON_TOPIC_COVERAGE,
    AdaptedClassifier,
    LabelFeatures,
    body_embeddings,
    model_texts,
    shared_rows,
    topic_model,
)
from porch.moderation.linear import (
    FloatArray,
)
from porch.moderation.sentence import Embeddings, SentenceEncoder
from porch.moderation.topic import (
    COURTESY_MAX_WORDS,
    MIN_CONTENT_WORDS,
    SHORT_SCORE_CAP,
    addressed_names,
    closest_in_meaning,
    content_words,
    off_topic_ramp,
    passages,
    speaks_of_the_post,
)
from porch.moderation.types import Label, Signal, Submission

NOTHING_TO_COMPARE = Signal("off_topic", 0.0, "No post text to compare with.")
COURTESY_SIGNAL = Signal("off_topic", 0.0, "Too short to be off topic (a courtesy).")


class OffTopicClassifier(AdaptedClassifier):
    """Comments that share no subject with the post, or with the parent for a reply.

    Score, lexical (the default): 1 minus the IDF-weighted share of the comment's
    content words found in the closest passage, scaled so that
    ``ON_TOPIC_COVERAGE`` or more scores 0. With the sentence model on: the largest
    cosine between the comment's vector and the post's (whole, each passage, each
    question) or the parent's, through ``topic.off_topic_ramp``. Either is then
    moved by the site's adapter when its moderators have taught one. A comment with
    no content word (thanks, praise, a name it addresses) scores 0
    whatever the adapter says: a courtesy is part of a discussion. One with fewer
    than ``MIN_CONTENT_WORDS`` is scored but capped at ``SHORT_SCORE_CAP``, below the
    default threshold: short remarks still rank by how far they stray, yet a few
    words alone never hold a comment. Evidence: the closest passage.
    """

    name = "off_topic"
    label: Label = "off_topic"

    def features(self, submissions: Sequence[Submission]) -> LabelFeatures:
        """The n-grams, vectors and own scores the site's adapter reads."""
        return self._features(submissions, *self._signals(submissions))

    def judge_many(self, submissions: Sequence[Submission]) -> list[list[Signal]]:
        """``judge`` for each submission (post passages are cached per post)."""
        signals, embeddings = self._signals(submissions)
        adapters = self.adapters()
        if adapters is None or self.label not in adapters.labels:
            return [[signal] for signal in signals]
        found = self._features(submissions, signals, embeddings)
        adapted = found.scores(adapters)
        return [
            [
                signal
                if not signal.evidence
                else replace(signal, score=round(min(float(score), cap), 4))
            ]
            for signal, score, cap in zip(
                signals, adapted, self._caps(submissions), strict=True
            )
        ]

    def _signals(
        self, submissions: Sequence[Submission]
    ) -> tuple[list[Signal], Embeddings | None]:
        encoder = self.encoder()
        if encoder is None:
            return [self._lexical(s) for s in submissions], None
        vectors = body_embeddings(model_texts(submissions), encoder)
        assert vectors is not None  # noqa: S101 - an encoder always gives vectors
        signals = [
            self._semantic(encoder, s, vector)
            for s, vector in zip(submissions, vectors, strict=True)
        ]
        return signals, vectors

    def _features(
        self,
        submissions: Sequence[Submission],
        signals: Sequence[Signal],
        embeddings: Embeddings | None,
    ) -> LabelFeatures:
        bodies = model_texts(submissions)
        # With vectors, the lexical score is what an adapter fitted, or scoring,
        # without them blends (as the n-gram score is for the other labels).
        lexical = None
        if embeddings is not None:
            lexical = _own_scores([self._lexical(s) for s in submissions])
        return LabelFeatures(
            label=self.label,
            bodies=bodies,
            rows=shared_rows(bodies),
            extra=np.zeros((len(submissions), 0), dtype=np.float32),
            shipped=_own_scores(signals),
            cues=[{} for _ in submissions],
            embeddings=embeddings,
            ngram_shipped=lexical,
        )

    def _caps(self, submissions: Sequence[Submission]) -> list[float]:
        # The adapter may move a short remark, but not past the cap the own score
        # has: a host's lessons about long rants must not hold "Me too, Doha".
        return [
            SHORT_SCORE_CAP if self._is_remark(s, self._words(s)) else 1.0
            for s in submissions
        ]

    @staticmethod
    def _words(submission: Submission) -> list[str]:
        names = frozenset(
            text.words(f"{submission.author_name} {submission.parent_author_name}")
        )
        return content_words(submission.body, names | addressed_names(submission.body))

    @staticmethod
    def _is_remark(submission: Submission, words: list[str]) -> bool:
        """A short remark, or one that speaks of the post: never held by itself."""
        return len(set(words)) < MIN_CONTENT_WORDS or speaks_of_the_post(
            submission.body
        )

    def _capped(self, score: float, submission: Submission, words: list[str]) -> float:
        if self._is_remark(submission, words):
            score *= SHORT_SCORE_CAP
        return round(score, 4)

    def _lexical(self, submission: Submission) -> Signal:
        words = self._words(submission)
        candidates = list(
            passages(
                submission.post_title, submission.post_text, submission.post_questions
            )
        )
        if submission.parent_body:
            candidates.append(" ".join(submission.parent_body.split()))
        if not candidates:
            return NOTHING_TO_COMPARE
        if len(set(words)) <= COURTESY_MAX_WORDS:
            return COURTESY_SIGNAL
        match = topic_model().best_match(words, candidates)
        score = max(0.0, 1.0 - match.coverage / ON_TOPIC_COVERAGE)
        closest = match.passage[:280] if match.passage else "(no passage shares a word)"
        return Signal(
            "off_topic",
            self._capped(score, submission, words),
            f"Shares {match.coverage:.0%} of its subject words with the post.",
            (closest, f"similarity {match.coverage:.2f}"),
        )

    def _semantic(
        self, encoder: SentenceEncoder, submission: Submission, vector: Embeddings
    ) -> Signal:
        words = self._words(submission)
        closest = closest_in_meaning(encoder, vector, submission)
        if closest is None:
            return NOTHING_TO_COMPARE
        if len(set(words)) <= COURTESY_MAX_WORDS:
            return COURTESY_SIGNAL
        score = self._capped(off_topic_ramp(closest.similarity), submission, words)
        distance = "far from" if score > 0 else "close to"
        return Signal(
            "off_topic",
            score,
            f"Its meaning is {distance} the post's "
            f"(similarity {closest.similarity:.2f}).",
            (closest.passage[:280], f"similarity {closest.similarity:.2f}"),
        )


def _own_scores(signals: Sequence[Signal]) -> FloatArray:
    scores = np.asarray([signal.score for signal in signals])
    # A score of exactly 0 or 1 is no certainty: kept within 0.02..0.98, its
    # log-odds stay in the range the blend was fitted for.
    return (0.02 + 0.96 * scores).astype(np.float32)

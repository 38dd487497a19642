"""The three classifiers shipped with Porch: offensive, spam and off-topic.

Each loads its model file from ``model_files/`` once per process, on first use, and
refuses a file of another version (``ModelFileError``), which ``assess`` turns into a
hold. With the sentence model on, ``sentence_heads.npz`` is read too (and refused
alike).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as STOP_WORDS

from porch.moderation import lexicon, text
from porch.moderation.adapter import CACHE, AdapterSet
from porch.moderation.linear import (
    FloatArray,
    HashedNgrams,
    LinearTextModel,
    NgramRows,
)
from porch.moderation.sentence import Embeddings, SentenceEncoder, sentence_encoder
from porch.moderation.sentence_heads import SentenceHeads
from porch.moderation.topic import (
    COURTESY_MAX_WORDS,
    MIN_CONTENT_WORDS,
    SHORT_SCORE_CAP,
    TopicModel,
    addressed_names,
    closest_in_meaning,
    content_words,
    off_topic_ramp,
    passages,
)
from porch.moderation.toxicity import ToxicWords
from porch.moderation.types import Classifier, Label, Signal, Submission

MODEL_FILES_DIR = Path(__file__).resolve().parent / "model_files"
MODEL_VERSION = "2026.1"
# Coverage of the comment's content words by the post at which off-topic reaches 0.
ON_TOPIC_COVERAGE = 0.35


@cache
def linear_model(name: str) -> LinearTextModel:
    """The shipped linear model ``name`` (``offensive`` or ``spam``), loaded once."""
    return LinearTextModel.load(MODEL_FILES_DIR / f"{name}.npz", MODEL_VERSION)


@cache
def sentence_heads() -> SentenceHeads:
    """The shipped models on sentence vectors, loaded once (sentence model on only)."""
    return SentenceHeads.load(MODEL_FILES_DIR / "sentence_heads.npz", MODEL_VERSION)


@cache
def toxic_words() -> ToxicWords:
    """alt-profanity-check's word table (Jigsaw and Davidson), loaded once."""
    return ToxicWords.load(MODEL_FILES_DIR / "toxic_words.npz", MODEL_VERSION)


def offensive_extra(
    bodies: Sequence[str], cues: list[dict[str, list[str]]] | None = None
) -> FloatArray:
    """Dense columns of the offensive model: lexicon counts, the table's log-odds.

    The logistic model weighs the table's opinion like any other feature.
    """
    lexical = lexicon.offensive_features(list(bodies), cues)
    toxic = toxic_words().log_odds(bodies).astype(np.float32)
    return np.hstack([lexical, toxic[:, None]])


@cache
def topic_model() -> TopicModel:
    """The shipped word-weight table of the off-topic classifier, loaded once."""
    return TopicModel.load(MODEL_FILES_DIR / "off_topic.npz", MODEL_VERSION)


def _describe(parts: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{kind}: {', '.join(hits)}" for kind, hits in parts.items() if hits
    )


# The offensive and spam models read the same n-grams of the same texts; judging a
# batch computes them once and both classifiers take them from here.
@lru_cache(maxsize=4)
def shared_rows(texts: tuple[str, ...]) -> NgramRows:
    """N-gram counts of ``texts`` (already ``text.for_model``), computed once."""
    return HashedNgrams().rows(texts)


def model_texts(submissions: Sequence[Submission]) -> tuple[str, ...]:
    """Each body as the learned models read it (links and mentions replaced)."""
    return tuple(text.for_model(s.body) for s in submissions)


# The same for sentence vectors: the three classifiers of one batch encode it once.
@lru_cache(maxsize=4)
def _encoded(encoder: SentenceEncoder, bodies: tuple[str, ...]) -> Embeddings:
    vectors = encoder.encode(bodies)
    vectors.flags.writeable = False
    return vectors


def body_embeddings(
    bodies: tuple[str, ...], encoder: SentenceEncoder | None
) -> Embeddings | None:
    """Sentence vectors of ``bodies`` (already ``text.for_model``), computed once
    per batch; None when the sentence model is off. A failing encoder raises."""
    return None if encoder is None else _encoded(encoder, bodies)


# Below this score the evidence is never shown, so ranking n-grams is skipped.
EVIDENCE_FLOOR = 0.3
AdapterSource = Callable[[], AdapterSet | None]
EncoderSource = Callable[[], SentenceEncoder | None]


def site_adapters() -> AdapterSet | None:
    """This site's adapters from its data directory (None before any decision)."""
    return CACHE.current(MODEL_VERSION)


@dataclass(frozen=True)
class LabelFeatures:
    """One label's inputs for a batch: n-gram counts, cue counts, shipped scores,
    and the bodies' sentence vectors (None when the sentence model is off).

    With vectors, a label with a sentence head has the combined score as its
    shipped score, so the site's adapter builds on what the classifier shows;
    ``ngram_shipped`` then keeps the score without vectors (the n-gram model's,
    off-topic's lexical one) for the blends that read it (else None)."""

    label: Label
    bodies: tuple[str, ...]
    rows: NgramRows
    extra: FloatArray
    shipped: FloatArray
    cues: list[dict[str, list[str]]]
    embeddings: Embeddings | None = None
    ngram_shipped: FloatArray | None = None

    @classmethod
    def of(
        cls,
        label: Label,
        bodies: tuple[str, ...],
        extra: FloatArray,
        cues: list[dict[str, list[str]]],
        encoder: SentenceEncoder | None = None,
    ) -> LabelFeatures:
        rows = shared_rows(bodies)
        shipped = linear_model(label).scores_from_rows(rows, extra)
        embeddings = body_embeddings(bodies, encoder)
        head = None if embeddings is None else sentence_heads().heads.get(label)
        if embeddings is None or head is None:
            return cls(label, bodies, rows, extra, shipped, cues, embeddings)
        combined = head.combined(shipped, embeddings)
        return cls(label, bodies, rows, extra, combined, cues, embeddings, shipped)

    @property
    def idf(self) -> FloatArray:
        # Off-topic has no n-gram model of its own; the spam model's IDF weighs the
        # same n-grams from the same comments.
        return linear_model("spam" if self.label == "off_topic" else self.label).idf

    def scores(self, adapters: AdapterSet | None) -> FloatArray:
        """Shipped scores, blended with the site's adapter when it has one."""
        if adapters is None:
            return self.shipped
        return adapters.blend(
            self.label,
            self._shipped_for(adapters),
            self.rows,
            self.idf,
            self.embeddings,
        )

    def _shipped_for(self, adapters: AdapterSet) -> FloatArray:
        # An adapter fitted with the sentence model off blends the n-gram score it
        # was fitted on: turning the model on changes nothing until the next refit.
        adapter = adapters.labels.get(self.label)
        fitted_without_vectors = (
            adapter is not None and adapter.examples > 0 and adapter.embedding is None
        )
        if fitted_without_vectors and self.ngram_shipped is not None:
            return self.ngram_shipped
        return self.shipped


class AdaptedClassifier(ABC):
    """What every shipped classifier shares: the site's adapters and ``judge``.

    ``adapters`` is called once per judged batch, so a refit written by the
    background job is used from the next comment on; tests pass their own.
    ``encoder`` gives the sentence model, or None when it is off (the site's
    setting by default; benchmarks pass one built without Django).
    """

    name: str
    label: Label

    def __init__(
        self,
        adapters: AdapterSource = site_adapters,
        encoder: EncoderSource = sentence_encoder,
    ) -> None:
        self.adapters = adapters
        self.encoder = encoder

    def judge(self, submission: Submission) -> list[Signal]:
        """This submission's signals (``judge_many`` of a batch of one)."""
        return self.judge_many([submission])[0]

    @abstractmethod
    def judge_many(self, submissions: Sequence[Submission]) -> list[list[Signal]]:
        """Each submission's signals, in order."""

    @abstractmethod
    def features(self, submissions: Sequence[Submission]) -> LabelFeatures:
        """What the site's adapter reads for this label (the learning loop fits it)."""


class LinearClassifier(AdaptedClassifier):
    """A shipped linear model's score, its cues as evidence (offensive, spam)."""

    def judge_many(self, submissions: Sequence[Submission]) -> list[list[Signal]]:
        """``judge`` for many submissions at once, sharing the vectorizing work."""
        found = self.features(submissions)
        scores = found.scores(self.adapters())
        return [
            [self._signal(body, float(score), cues)]
            for body, score, cues in zip(found.bodies, scores, found.cues, strict=True)
        ]

    @abstractmethod
    def _signal(self, body: str, score: float, cues: dict[str, list[str]]) -> Signal:
        """The signal for one body, its score and the cues found in it."""


class OffensiveClassifier(LinearClassifier):
    """Insults, threats, slurs and profanity aimed at people.

    Score: a calibrated logistic model over word and character n-grams, Porch's own
    lexicon cues and the log-odds of alt-profanity-check's word table (learned from
    Wikipedia comments). Evidence: lexicon hits first, then the table's words that
    pushed the score most, then our own model's n-grams.
    """

    name = "offensive"
    label: Label = "offensive"

    def features(self, submissions: Sequence[Submission]) -> LabelFeatures:
        """What the shipped model and the site's adapter read, and the cues found."""
        bodies = model_texts(submissions)
        cues = [lexicon.offensive_cues(body) for body in bodies]
        extra = offensive_extra(bodies, cues)
        return LabelFeatures.of(self.label, bodies, extra, cues, self.encoder())

    def _signal(self, body: str, score: float, cues: dict[str, list[str]]) -> Signal:
        kinds = ("aimed", "threat", "abuse", "insult")
        found = [hit for kind in kinds for hit in cues[kind]]
        grams: list[str] = []
        if score >= EVIDENCE_FLOOR:
            grams = toxic_words().top_words(body) + [
                g
                for g in linear_model(self.name).top_ngrams(body)
                if not set(g.split()) <= STOP_WORDS
            ]
        evidence = list(dict.fromkeys([*found, *grams]))[:6]
        reason = _describe({k: cues[k] for k in kinds})
        return Signal(
            "offensive",
            round(score, 4),
            f"Reads as offensive ({reason})." if reason else "Reads as offensive.",
            tuple(evidence),
        )


class SpamClassifier(LinearClassifier):
    """Promotion, SEO, link drops and scams.

    Score: a calibrated logistic model over n-grams (links replaced by a placeholder)
    and counts of links, domains, selling phrases, money amounts, contact details and
    capitals. With the sentence model on, that score is joined with a logistic
    model on the comment's sentence vector (``sentence_heads.npz``), which hears
    pleas and plugs worded as no template is. Evidence: the links, their domains
    and the selling phrases found (the n-gram model's cues, in both modes).
    """

    name = "spam"
    label: Label = "spam"

    def features(self, submissions: Sequence[Submission]) -> LabelFeatures:
        """What the shipped model and the site's adapter read, and the cues found."""
        raws = [text.normalize(s.body) for s in submissions]
        cues = [lexicon.spam_cues(raw) for raw in raws]
        extra = lexicon.spam_features(raws, cues)
        bodies = model_texts(submissions)
        return LabelFeatures.of(self.label, bodies, extra, cues, self.encoder())

    def _signal(self, body: str, score: float, cues: dict[str, list[str]]) -> Signal:
        shown = ("links", "domains", "phrases", "money", "contacts")
        evidence = [hit for kind in shown for hit in cues[kind]]
        if not evidence and score >= EVIDENCE_FLOOR:
            evidence = linear_model(self.name).top_ngrams(body)
        reason = _describe({k: cues[k] for k in ("domains", "phrases", "money")})
        return Signal(
            "spam",
            round(score, 4),
            f"Looks like promotion ({reason})." if reason else "Looks like promotion.",
            tuple(dict.fromkeys(evidence))[:8],
        )


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
            SHORT_SCORE_CAP if len(set(words)) < MIN_CONTENT_WORDS else 1.0
            for words in (self._words(s) for s in submissions)
        ]

    @staticmethod
    def _words(submission: Submission) -> list[str]:
        names = frozenset(
            text.words(f"{submission.author_name} {submission.parent_author_name}")
        )
        return content_words(submission.body, names | addressed_names(submission.body))

    @staticmethod
    def _capped(score: float, words: list[str]) -> float:
        if len(set(words)) < MIN_CONTENT_WORDS:
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
            self._capped(score, words),
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
        score = self._capped(off_topic_ramp(closest.similarity), words)
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


@cache
def default_classifiers() -> tuple[Classifier, ...]:
    """The shipped classifiers, in the order their reasons are listed."""
    return (OffensiveClassifier(), SpamClassifier(), OffTopicClassifier())

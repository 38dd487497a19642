"""What the shipped classifiers share: their model files, loaded once per process on
first use (a file of another version is refused with ``ModelFileError``, which
``assess`` turns into a hold), the features one batch computes once for all three,
and the base class that blends the site's adapter into every score.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

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
    TopicModel,
)
from porch.moderation.toxicity import ToxicWords
from porch.moderation.types import Label, Signal, Submission

MODEL_FILES_DIR = Path(__file__).resolve().parent.parent / "model_files"
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


def cues_described(parts: dict[str, list[str]]) -> str:
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

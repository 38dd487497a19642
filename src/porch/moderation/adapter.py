"""The site's own adapter: what this host's moderators taught the shipped models.

Every moderator decision is a ``ModerationExample``; ``porch.moderation.tasks``
refits one small logistic model per label from them (a background job) over the
same hashed n-grams the shipped models read, and writes it here as arrays. The
classifiers combine it with the shipped model:

    score = sigmoid(w_shipped * logit(shipped) + w_own * own_margin + offset)

where the three numbers are fitted on margins the site's model gave decisions it
had not seen (cross-validation), plus the shipped opinion as pseudo-decisions
(``learning.PRIOR_DECISIONS``). So the site's model is trusted as far as it has
predicted well and a new site scores like the shipped models. The offset then
takes a shift that places the host's threshold (``porch.moderation.calibration``):
at it, the blend holds at least what the shipped model held on the site's
decisions, at no lower precision; where it cannot, the label is marked not
applied and the shipped score judges alone, so learning never makes Porch quieter.

The site's model deliberately does not read the shipped score: fitted on a few
hundred decisions it leaned on it, and where the shipped model reads a site poorly
(blog spam) that cost 0.07 ROC-AUC. A site with no decisions has no file and the
shipped scores stand unchanged.

With the sentence model on, each label also gets a second own model, a logistic
regression on the comments' sentence vectors, and a second combiner with a fourth
input, that model's margin (fitted the same way). The three-input combiner is kept
beside it: when the host turns the sentence model off, the same file still scores;
an adapter fitted without vectors is used as it is while the model is on.

The file lives in the data directory (never in the package) and is reread when it
changes, so every server process picks up a retrain without restarting.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from porch.moderation.linear import (
    FloatArray,
    HashedNgrams,
    NgramRows,
    logit,
    sigmoid,
)
from porch.moderation.sentence_shape import DIMENSIONS
from porch.moderation.types import Label

logger = logging.getLogger(__name__)

# 3: the sentence-vector model and its combiner. 4: the threshold placed at the
# host's (offsets shifted, whether each blend is applied, the threshold, the
# positive decisions, when it was fitted). Older files are ignored (logged) until
# the next moderator decision or the daily job refits them.
FORMAT = "porch-adapter-4"
N_FEATURES = HashedNgrams().n_features


@dataclass(frozen=True)
class EmbeddingAdapter:
    """A label's model on sentence vectors, and the four-input combiner.

    ``combiner`` is (w_shipped, w_ngram, w_embedding, offset); ``applied`` False
    means this blend was no match for the shipped score at the host's threshold.
    """

    weights: FloatArray
    intercept: float
    combiner: tuple[float, float, float, float]
    applied: bool = True

    def margins(self, embeddings: FloatArray) -> npt.NDArray[np.float64]:
        """This model's log-odds for each row of ``embeddings``."""
        return np.asarray(embeddings @ self.weights, dtype=np.float64) + self.intercept


@dataclass(frozen=True)
class LabelAdapter:
    """One label's model: sparse n-gram weights, an intercept, decisions seen, and
    the sentence-vector model when it was fitted with the sentence model on.

    ``positives`` of the ``examples`` decisions flagged the label; ``threshold``
    is the host's, which the offset was placed at; ``applied`` False means the
    shipped score judges instead (the blend would have been quieter there)."""

    columns: npt.NDArray[np.int32]
    weights: FloatArray
    intercept: float
    examples: int
    combiner: tuple[float, float, float]
    embedding: EmbeddingAdapter | None = None
    positives: int = 0
    applied: bool = True
    threshold: float = 0.8

    @cached_property
    def _dense(self) -> FloatArray:
        # Built once per loaded file: a fresh array per judged batch would cost more
        # than the scoring itself.
        coef = np.zeros(N_FEATURES, dtype=np.float32)
        coef[self.columns] = self.weights
        return coef

    def margins(self, rows: NgramRows, idf: FloatArray) -> npt.NDArray[np.float64]:
        """The site model's own log-odds for each text of ``rows``."""
        return rows.dot(rows.tfidf(idf), self._dense) + self.intercept

    def blend(
        self,
        shipped: FloatArray,
        rows: NgramRows,
        idf: FloatArray,
        embeddings: FloatArray | None = None,
    ) -> FloatArray:
        """The combined score: weighted log-odds of the models, plus an offset.

        The sentence-vector model joins when this adapter has one and the batch
        has vectors; otherwise the three-input combiner scores alone.
        """
        if self.embedding is not None and embeddings is not None:
            if not self.embedding.applied:
                return shipped
            own = self.margins(rows, idf)
            w_shipped, w_ngram, w_embedding, offset = self.embedding.combiner
            semantic = self.embedding.margins(embeddings)
            return sigmoid(
                w_shipped * logit(shipped)
                + w_ngram * own
                + w_embedding * semantic
                + offset
            )
        if not self.applied:
            return shipped
        w_shipped, w_own, offset = self.combiner
        own = self.margins(rows, idf)
        return sigmoid(w_shipped * logit(shipped) + w_own * own + offset)

    def is_applied(self, with_vectors: bool) -> bool:
        """Whether this label's blend scores (not the shipped model alone), with
        the sentence model on (``with_vectors``) or off."""
        if with_vectors and self.embedding is not None:
            return self.embedding.applied
        return self.applied


@dataclass(frozen=True)
class AdapterSet:
    """Every label's adapter, the shipped model version they go with, provenance."""

    model_version: str
    labels: dict[str, LabelAdapter]
    last_example_id: int = 0
    generation: int = 0
    fitted_at: float = 0.0  # seconds since the epoch; 0 when not known

    def blend(
        self,
        label: Label,
        shipped: FloatArray,
        rows: NgramRows,
        idf: FloatArray,
        embeddings: FloatArray | None = None,
    ) -> FloatArray:
        """Shipped scores moved toward this site's adapter for ``label``."""
        adapter = self.labels.get(label)
        if adapter is None or adapter.examples == 0:
            return shipped
        return adapter.blend(shipped, rows, idf, embeddings)

    @property
    def has_embeddings(self) -> bool:
        """Whether it was fitted with the sentence model on (any label learned)."""
        return any(a.embedding is not None for a in self.labels.values())


def adapter_path() -> Path | None:
    """Where this site keeps its adapter: ``<data dir>/moderation/adapter.npz``.

    The setting ``MODERATION_ADAPTER_PATH`` overrides it (None turns the learning
    loop off, as the test settings do). None outside a configured Django project
    (training scripts, benchmarks).
    """
    from django.conf import settings

    if not settings.configured:
        return None
    chosen = getattr(settings, "MODERATION_ADAPTER_PATH", "default")
    if chosen != "default":
        return Path(chosen) if chosen else None
    if not getattr(settings, "DATA_DIR", None):
        return None
    return Path(settings.DATA_DIR) / "moderation" / "adapter.npz"


def _arrays(adapters: AdapterSet) -> dict[str, npt.NDArray[np.generic]]:
    """The file's arrays: numbers and label names only, never a comment's text."""
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "format": np.array(FORMAT),
        "model_version": np.array(adapters.model_version),
        "last_example_id": np.array([adapters.last_example_id], dtype=np.int64),
        "generation": np.array([adapters.generation], dtype=np.int64),
        "fitted_at": np.array([adapters.fitted_at], dtype=np.float64),
        "labels": np.array(sorted(adapters.labels)),
    }
    for label, adapter in adapters.labels.items():
        arrays[f"{label}_columns"] = adapter.columns
        arrays[f"{label}_weights"] = adapter.weights
        arrays[f"{label}_meta"] = np.array(
            [
                adapter.intercept,
                adapter.examples,
                *adapter.combiner,
                adapter.positives,
                adapter.applied,
                adapter.threshold,
            ],
            dtype=np.float64,
        )
        if adapter.embedding is not None:
            arrays[f"{label}_embedding"] = adapter.embedding.weights
            arrays[f"{label}_embedding_meta"] = np.array(
                [
                    adapter.embedding.intercept,
                    *adapter.embedding.combiner,
                    adapter.embedding.applied,
                ],
                dtype=np.float64,
            )
    return arrays


def adapter_save(adapters: AdapterSet, path: Path) -> None:
    """Write ``adapters`` atomically: readers see the old file or the new one."""
    arrays = _arrays(adapters)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed over it, so a server process reading
    # mid-write sees the old file, and a crash or full disk leaves no stray copy.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez_compressed(file, **arrays)  # type: ignore[arg-type]
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _label_adapter(data: np.lib.npyio.NpzFile, label: str) -> LabelAdapter:
    meta = data[f"{label}_meta"].tolist()
    if len(meta) != 8:
        raise ValueError(f"{label} adapter has the wrong shape")
    intercept, examples, *combiner, positives, applied, threshold = meta
    columns = data[f"{label}_columns"].astype(np.int32)
    weights = data[f"{label}_weights"].astype(np.float32)
    # Checked here, not when first judging: a bad column there would fail the check
    # of every comment instead of being ignored once.
    if columns.shape != weights.shape or not np.all(
        (columns >= 0) & (columns < N_FEATURES)
    ):
        raise ValueError(f"{label} columns out of range")
    return LabelAdapter(
        columns=columns,
        weights=weights,
        intercept=float(intercept),
        examples=int(examples),
        combiner=(combiner[0], combiner[1], combiner[2]),
        embedding=_embedding_adapter(data, label),
        positives=int(positives),
        applied=bool(applied),
        threshold=float(threshold),
    )


def _embedding_adapter(
    data: np.lib.npyio.NpzFile, label: str
) -> EmbeddingAdapter | None:
    if f"{label}_embedding" not in data.files:
        return None
    weights = data[f"{label}_embedding"].astype(np.float32)
    meta = data[f"{label}_embedding_meta"].tolist()
    if weights.shape != (DIMENSIONS,) or len(meta) != 6:
        raise ValueError(f"{label} sentence-vector model has the wrong shape")
    intercept, w_shipped, w_ngram, w_embedding, offset, applied = meta
    return EmbeddingAdapter(
        weights=weights,
        intercept=float(intercept),
        combiner=(w_shipped, w_ngram, w_embedding, offset),
        applied=bool(applied),
    )


def adapter_load(path: Path, model_version: str) -> AdapterSet | None:
    """Read an adapter file; None when absent, unreadable or for another model.

    A bad adapter is logged and ignored: the shipped models alone still judge.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["format"]) != FORMAT:
                logger.warning(
                    "moderation adapter %s is %s, not %s: ignored until the next "
                    "moderator decision refits it",
                    path.name,
                    data["format"],
                    FORMAT,
                )
                return None
            labels = {
                label: _label_adapter(data, label)
                for label in (str(name) for name in data["labels"])
            }
            adapters = AdapterSet(
                model_version=str(data["model_version"]),
                labels=labels,
                last_example_id=int(data["last_example_id"][0]),
                generation=int(data["generation"][0]),
                fitted_at=float(data["fitted_at"][0]),
            )
    except FileNotFoundError:
        return None
    # Whatever a damaged file raises (BadZipFile, zlib.error, EOFError...), the
    # comment being judged must not pay for it: the shipped models judge alone.
    except Exception as error:
        logger.error("moderation adapter %s ignored: %r", path.name, error)
        return None
    if adapters.model_version != model_version:
        logger.warning("moderation adapter is for models %s", adapters.model_version)
        return None
    return adapters


FileStamp = tuple[Path, int, int, int]


def _file_stamp(path: Path) -> FileStamp:
    # The inode changes with every rename over the file, so a refit written within
    # the file system's clock tick is still seen; (path, 0, 0, 0) means no file.
    try:
        status = path.stat()
    except FileNotFoundError:
        return (path, 0, 0, 0)
    return (path, status.st_ino, status.st_mtime_ns, status.st_size)


class AdapterCache:
    """The current adapter file, reread only when the file on disk is replaced.

    Safe under a threaded server: the stamp and the adapters it read are one tuple,
    swapped in one assignment, and a lock keeps threads from loading it twice.
    """

    def __init__(self) -> None:
        self._entry: tuple[FileStamp, AdapterSet | None] | None = None
        self._lock = threading.Lock()

    def current(self, model_version: str) -> AdapterSet | None:
        """This site's adapters, or None (no file yet, or outside a site)."""
        path = adapter_path()
        if path is None:
            return None
        stamp = _file_stamp(path)
        entry = self._entry
        if entry is not None and entry[0] == stamp:
            return entry[1]
        with self._lock:
            entry = self._entry
            if entry is None or entry[0] != stamp:
                loaded = adapter_load(path, model_version) if stamp[1] else None
                entry = (stamp, loaded)
                self._entry = entry
        return entry[1]


CACHE = AdapterCache()

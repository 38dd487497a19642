"""Moderation: judge a plain ``Submission``, answer with an explained ``Verdict``.

Judging touches no database or network; models load lazily, once.

The names under "Rebuilding the shipped models" are for ``training/`` at the
repository root and the benchmarks, not the site; ``adapter_summary`` (which reads
the decisions kept) and ``scores_moved`` say what the site's own model has
learned. They resolve on first use: their modules import scikit-learn and SciPy,
which would add over a second to every ``porch`` command that merely loads the
moderation app.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from porch.moderation.types import (
    Classifier,
    Reason,
    Signal,
    Submission,
    Thresholds,
    Verdict,
)
from porch.moderation.verdicts import CHECK_FAILED, assess, assess_many

if TYPE_CHECKING:
    from porch.moderation.classifiers import MODEL_FILES_DIR, MODEL_VERSION
    from porch.moderation.learned import (
        AdapterSummary,
        ScoreMove,
        adapter_summary,
        scores_moved,
    )
    from porch.moderation.linear import (
        FloatArray,
        HashedNgrams,
        LinearTextModel,
        document_idf,
    )
    from porch.moderation.sentence import Embeddings, SentenceEncoder
    from porch.moderation.sentence_heads import SentenceHead, SentenceHeads
    from porch.moderation.topic import TopicModel, content_words
    from porch.moderation.toxicity import TOKEN_RE, ToxicWords

# Rebuilding the shipped models: public name -> the module that defines it.
_MODEL_BUILDING = {
    "MODEL_FILES_DIR": "porch.moderation.classifiers",
    "MODEL_VERSION": "porch.moderation.classifiers",
    "FloatArray": "porch.moderation.linear",
    "HashedNgrams": "porch.moderation.linear",
    "LinearTextModel": "porch.moderation.linear",
    "document_idf": "porch.moderation.linear",
    "Embeddings": "porch.moderation.sentence",
    "SentenceEncoder": "porch.moderation.sentence",
    "SentenceHead": "porch.moderation.sentence_heads",
    "SentenceHeads": "porch.moderation.sentence_heads",
    "TopicModel": "porch.moderation.topic",
    "content_words": "porch.moderation.topic",
    "TOKEN_RE": "porch.moderation.toxicity",
    "ToxicWords": "porch.moderation.toxicity",
}
# What the site's own model has learned (the desk, ``porch moderation try``):
# resolved on first use too, since they load the classifiers.
_LEARNED = {
    "AdapterSummary": "porch.moderation.learned",
    "ScoreMove": "porch.moderation.learned",
    "adapter_summary": "porch.moderation.learned",
    "scores_moved": "porch.moderation.learned",
}


def __getattr__(name: str) -> object:
    module = _MODEL_BUILDING.get(name) or _LEARNED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "CHECK_FAILED",
    "MODEL_FILES_DIR",
    "MODEL_VERSION",
    "TOKEN_RE",
    "AdapterSummary",
    "Classifier",
    "Embeddings",
    "FloatArray",
    "HashedNgrams",
    "LinearTextModel",
    "Reason",
    "ScoreMove",
    "SentenceEncoder",
    "SentenceHead",
    "SentenceHeads",
    "Signal",
    "Submission",
    "Thresholds",
    "TopicModel",
    "ToxicWords",
    "Verdict",
    "adapter_summary",
    "assess",
    "assess_many",
    "content_words",
    "document_idf",
    "scores_moved",
]

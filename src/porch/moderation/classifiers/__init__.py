"""The three classifiers shipped with Porch: offensive, spam and off-topic.

``base`` holds the model files and shared features, ``ngram`` the offensive and spam
classifiers, ``off_topic`` the third; this module names them for callers.

Each loads its model file from ``model_files/`` once per process, on first use, and
refuses a file of another version (``ModelFileError``), which ``assess`` turns into a
hold. With the sentence model on, ``sentence_heads.npz`` is read too (and refused
alike).
"""

from __future__ import annotations

from functools import cache

from porch.moderation.classifiers.base import (
    EVIDENCE_FLOOR,
    MODEL_FILES_DIR,
    MODEL_VERSION,
    ON_TOPIC_COVERAGE,
    AdaptedClassifier,
    AdapterSource,
    EncoderSource,
    LabelFeatures,
    body_embeddings,
    linear_model,
    model_texts,
    offensive_extra,
    sentence_heads,
    shared_rows,
    site_adapters,
    topic_model,
    toxic_words,
)
from porch.moderation.classifiers.ngram import (
    LinearClassifier,
    OffensiveClassifier,
    SpamClassifier,
)
from porch.moderation.classifiers.off_topic import (
    COURTESY_SIGNAL,
    NOTHING_TO_COMPARE,
    OffTopicClassifier,
)
from porch.moderation.types import Classifier

__all__ = [
    "COURTESY_SIGNAL",
    "EVIDENCE_FLOOR",
    "MODEL_FILES_DIR",
    "MODEL_VERSION",
    "NOTHING_TO_COMPARE",
    "ON_TOPIC_COVERAGE",
    "AdaptedClassifier",
    "AdapterSource",
    "EncoderSource",
    "LabelFeatures",
    "LinearClassifier",
    "OffTopicClassifier",
    "OffensiveClassifier",
    "SpamClassifier",
    "body_embeddings",
    "default_classifiers",
    "linear_model",
    "model_texts",
    "offensive_extra",
    "sentence_heads",
    "shared_rows",
    "site_adapters",
    "topic_model",
    "toxic_words",
]


@cache
def default_classifiers() -> tuple[Classifier, ...]:
    """The shipped classifiers, in the order their reasons are listed."""
    return (OffensiveClassifier(), SpamClassifier(), OffTopicClassifier())

"""Copying alt-profanity-check's model into Porch's ``ToxicWords`` table.

Needs the ``train`` extra (``pip install -e ".[train]"``): alt-profanity-check 1.9.1
pins the scikit-learn and joblib versions of our constraints, so its joblib files
load in our environment. Importing the package unpickles them; that happens only
here, at training time, from the package's own installed files.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from porch.moderation import TOKEN_RE, ToxicWords

# What ToxicWords.rows redoes; a newer release with other settings must fail loudly.
EXPECTED_VECTORIZER = {
    "analyzer": "word",
    "lowercase": True,
    "ngram_range": (1, 1),
    "norm": "l2",
    "preprocessor": None,
    "smooth_idf": True,
    "strip_accents": None,
    "sublinear_tf": False,
    "token_pattern": TOKEN_RE.pattern,
    "tokenizer": None,
    "use_idf": True,
    "binary": False,
}


class UnexpectedModelError(RuntimeError):
    """alt-profanity-check's model is not built the way ``ToxicWords`` reads it."""


def toxic_words_from_profanity_check(version: str) -> ToxicWords:
    """The installed alt-profanity-check model as a ``ToxicWords`` of ``version``."""
    from profanity_check import profanity_check  # the train extra, seldom installed

    vectorizer: Any = profanity_check.vectorizer
    model: Any = profanity_check.model
    params = vectorizer.get_params()
    differing = {k: params[k] for k, v in EXPECTED_VECTORIZER.items() if params[k] != v}
    if differing or model.method != "sigmoid" or list(model.classes_) != [0, 1]:
        raise UnexpectedModelError(f"unexpected alt-profanity-check model: {differing}")
    folds = model.calibrated_classifiers_
    words = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return ToxicWords(
        version=version,
        words=tuple(words),
        idf=np.asarray(vectorizer.idf_, np.float64),
        coef=np.stack([fold.estimator.coef_[0] for fold in folds], 1).astype(
            np.float32
        ),
        intercept=np.array([fold.estimator.intercept_[0] for fold in folds]),
        platt=np.array(
            [[fold.calibrators[0].a_, fold.calibrators[0].b_] for fold in folds]
        ),
    )

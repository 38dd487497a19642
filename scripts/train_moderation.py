"""Rebuild the shipped moderation models in src/porch/moderation/models/.

    .venv/bin/python scripts/train_moderation.py [--datasets ../shared/datasets]
                                                 [--seed ../shared/seed]

Reads the public datasets from ``../shared/datasets`` (relative to the repository
root; pass --datasets elsewhere) and trains ONLY on data whose terms allow shipping a
derived model: Davidson et al. (MIT) plus Porch's own example corpora. The other
datasets are for measurement in bench/moderation. Finally every comment of the seed
discussion(s) in ``../shared/seed`` must pass all three classifiers unflagged, or the
script exits with status 1. Takes about two minutes on one core.

Needs the ``train`` extra (``pip install -e ".[train]"``): alt-profanity-check (MIT;
trained on the Jigsaw Toxic Comment data and Davidson) is copied into
``toxic_words.npz``, whose log-odds the offensive model then reads as a feature. Its
scikit-learn and joblib pins are those of our constraints, so its files load here;
nothing of the package is needed at run time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from porch.moderation import classifiers, lexicon
from porch.moderation.training import corpus, datasets, social_spam, spam_corpus
from porch.moderation.training.fit import fit_linear, fit_topic
from porch.moderation.training.seed import seed_submissions
from porch.moderation.training.toxic_words import toxic_words_from_profanity_check
from porch.moderation.types import Thresholds
from porch.moderation.verdicts import assess

ROOT = Path(__file__).resolve().parent.parent
# Our own examples are few next to 24,783 tweets; weighting them keeps blog style heard.
OWN_WEIGHT = 5.0
# Composed spam/ham pairs: enough variety that each trade is seen in many wordings.
SPAM_COMPOSED = 3000
SPAM_OWN_WEIGHT = 2.0
# Social-media spam (subscribe, giveaways, "check out my…") and its look-alike ham.
SOCIAL_COMPOSED = 2000


def export_toxic_words(data: Path) -> None:
    del data  # the word table comes from the installed package, not a dataset
    table = toxic_words_from_profanity_check(classifiers.MODEL_VERSION)
    table.save(classifiers.MODELS_DIR / "toxic_words.npz")
    classifiers.toxic_words.cache_clear()


def train_offensive(data: Path) -> None:
    tweets, labels = datasets.davidson(data)
    civil, offensive = corpus.civil_comments(), corpus.offensive_comments()
    texts = tweets + civil + offensive
    model = fit_linear(
        version=classifiers.MODEL_VERSION,
        texts=texts,
        labels=labels + [0] * len(civil) + [1] * len(offensive),
        weights=[1.0] * len(tweets) + [OWN_WEIGHT] * (len(civil) + len(offensive)),
        extra=classifiers.offensive_extra,
    )
    model.save(classifiers.MODELS_DIR / "offensive.npz")


def train_spam(data: Path) -> None:
    # Tweets, whatever their tone, are not promotion: they teach the model casual ham.
    tweets, _ = datasets.davidson(data)
    composed_spam, composed_ham = spam_corpus.spam_and_ham(SPAM_COMPOSED)
    social, social_ham = social_spam.social_spam_and_ham(SOCIAL_COMPOSED)
    spam = corpus.spam_comments(copies=20) + composed_spam + social
    own_ham = (
        corpus.civil_comments()
        + corpus.offensive_comments()
        + composed_ham
        + social_ham
    )
    ham = tweets + own_ham
    model = fit_linear(
        version=classifiers.MODEL_VERSION,
        texts=ham + spam,
        labels=[0] * len(ham) + [1] * len(spam),
        weights=[1.0] * len(tweets) + [SPAM_OWN_WEIGHT] * (len(own_ham) + len(spam)),
        extra=lexicon.spam_features,
        raw_for_extra=True,
    )
    model.save(classifiers.MODELS_DIR / "spam.npz")


def train_off_topic(data: Path) -> None:
    tweets, _ = datasets.davidson(data)
    model = fit_topic(
        version=classifiers.MODEL_VERSION,
        documents=tweets + corpus.civil_comments() + corpus.spam_comments(),
    )
    model.save(classifiers.MODELS_DIR / "off_topic.npz")


def check_seed(seed_dir: Path) -> bool:
    """Every seed comment must be approved by the freshly trained models."""
    classifiers.linear_model.cache_clear()
    classifiers.topic_model.cache_clear()
    passed = True
    for path in sorted(seed_dir.glob("*.txt")):
        for number, submission in enumerate(seed_submissions(path), start=1):
            verdict = assess(submission, Thresholds())
            scores = " ".join(f"{k}={v:.2f}" for k, v in verdict.scores.items())
            if not verdict.is_approved:
                passed = False
                print(
                    f"FLAGGED {path.name} comment {number}: {scores}", file=sys.stderr
                )
            else:
                print(f"ok {path.name} comment {number}: {scores}")
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets",
        type=Path,
        default=ROOT.parent / "shared" / "datasets",
        help="folder of the public datasets (default: ../shared/datasets)",
    )
    parser.add_argument(
        "--seed",
        type=Path,
        default=ROOT.parent / "shared" / "seed",
        help="folder of seed discussions that must pass (default: ../shared/seed)",
    )
    args = parser.parse_args()
    classifiers.MODELS_DIR.mkdir(exist_ok=True)
    for name, step in (
        ("toxic word table", export_toxic_words),
        ("offensive", train_offensive),
        ("spam", train_spam),
        ("off_topic", train_off_topic),
    ):
        print(f"training {name}...", file=sys.stderr)
        step(args.datasets)
    if not check_seed(args.seed):
        print("seed discussion flagged: models NOT fit to ship", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

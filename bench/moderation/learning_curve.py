"""Learning-loop benchmark: a simulated moderator labels a stream of comments.

    OMP_NUM_THREADS=1 .venv/bin/python bench/moderation/learning_curve.py [--sentence]

Reads ``../shared/datasets`` (relative to the repository root; evaluation-only data,
nothing trained here is saved). For each stream the moderator's first N decisions
(the dataset's own labels) fit the site's adapter exactly as the background job
does (``porch.moderation.learning.adapters_fit``, its threshold placed at the
default hold threshold 0.80); the site's model (the blend, or the shipped score
where the adapter is not applied) and the shipped model alone are then scored on
the same held-out part of the stream: precision and recall at the threshold and
ROC-AUC. Each row is the mean over three stream orders; "met" counts the orders in
which the site's model caught at least the shipped model's recall at no lower
precision, "applied" those in which the blend (not the shipped score) judged.

- spam: DataCamp blog comments (608 labelled), held-out = 208 of them, so the
  largest step is the 400 remaining decisions, not 1,000;
- offensive: Kaggle Insults, the stream is its training split, held-out its test;
- off-topic: SemEval-2015 answers, the stream is the dev split, held-out the test.

``--sentence`` runs the same streams with the sentence model on (the sentence
extra; its graph cached in ``porch-data/moderation``, gitignored): off-topic scores
by meaning, and each adapter also learns from the comments' vectors.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

from porch.moderation.classifiers import (
    AdaptedClassifier,
    EncoderSource,
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.sentence import SentenceEncoder
from porch.moderation.types import Submission, Thresholds

# training/ lives at the repository root, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from training import datasets

ROOT = Path(__file__).resolve().parents[2]
# Where a site run from the repository keeps the built graph (gitignored).
SENTENCE_CACHE = ROOT / "porch-data" / "moderation"
SEEDS = (1, 2, 3)
STEPS = (50, 200, 1000)
Judge = type[AdaptedClassifier]
Pairs = list[tuple[Submission, int]]


class Scores(NamedTuple):
    precision: float
    recall: float
    roc_auc: float


def metrics(labels: Sequence[int], scores: Sequence[float], limit: float) -> Scores:
    """Precision and recall at ``limit``, and ROC-AUC."""
    y, s = np.asarray(labels), np.asarray(scores)
    p, r, _, _ = precision_recall_fscore_support(
        y, s >= limit, average="binary", zero_division=0
    )
    return Scores(float(p), float(r), float(roc_auc_score(y, s)))


def curve(
    name: str,
    judge: Judge,
    stream: Pairs,
    held: Pairs,
    steps: Sequence[int],
    encoder: EncoderSource,
) -> list[str]:
    label = judge.label
    limit = Thresholds().for_label(label)
    subs, y = [s for s, _ in held], [t for _, t in held]
    shipped = metrics(
        y,
        [sig[0].score for sig in judge(lambda: None, encoder).judge_many(subs)],
        limit,
    )
    lines = []
    for step in steps:
        runs, met, applied = [], 0, 0
        for seed in SEEDS:
            order = random.Random(seed).sample(stream, len(stream))[:step]
            decisions = [Decision(s, label if t else "approve") for s, t in order]
            fitted = adapters_fit(decisions, encoder=encoder)
            scored = judge(lambda f=fitted: f, encoder).judge_many(subs)
            site = metrics(y, [sig[0].score for sig in scored], limit)
            runs.append(site)
            met += site.recall >= shipped.recall and site.precision >= shipped.precision
            adapter = fitted.labels.get(label)
            applied += adapter is not None and adapter.is_applied(encoder() is not None)
        mean = Scores(*np.mean([list(run) for run in runs], axis=0))
        lines.append(
            f"| {name} | {step} | {shipped.precision:.3f} | {shipped.recall:.3f} "
            f"| {mean.precision:.3f} | {mean.recall:.3f} | {shipped.roc_auc:.3f} "
            f"| {mean.roc_auc:.3f} | {met}/{len(SEEDS)} | {applied}/{len(SEEDS)} |"
        )
    return lines


def on_post(comments: Iterable[datasets.PostedComment]) -> Pairs:
    """Each labelled comment as a submission on its post, with its label."""
    return [
        (
            Submission(body=c.body, post_title=c.post_title, post_text=c.post_text),
            c.label,
        )
        for c in comments
    ]


def spam_stream(data: Path) -> tuple[Pairs, Pairs]:
    pairs = on_post(datasets.datacamp_comments(data))
    pairs = random.Random(0).sample(pairs, len(pairs))
    return pairs[:400], pairs[400:]


def offensive_stream(data: Path) -> tuple[Pairs, Pairs]:
    train, test = (datasets.kaggle_insults(data, split) for split in ("train", "test"))
    return (
        [(Submission(body=t), y) for t, y in zip(*train, strict=True)],
        [(Submission(body=t), y) for t, y in zip(*test, strict=True)],
    )


def off_topic_stream(data: Path) -> tuple[Pairs, Pairs]:
    return on_post(datasets.semeval_cqa(data, "dev")), on_post(
        datasets.semeval_cqa(data, "test")
    )


STREAMS = (
    ("spam / DataCamp blog comments", SpamClassifier, spam_stream, (50, 200, 400)),
    ("offensive / Kaggle Insults", OffensiveClassifier, offensive_stream, STEPS),
    (
        "off_topic / SemEval-2015 Good-vs-Bad",
        OffTopicClassifier,
        off_topic_stream,
        STEPS,
    ),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--datasets",
        type=Path,
        default=ROOT.parent / "shared" / "datasets",
        help="folder of the public datasets (default: ../shared/datasets)",
    )
    parser.add_argument(
        "--sentence",
        action="store_true",
        help="turn the sentence model on (needs the sentence extra)",
    )
    args = parser.parse_args()
    data = args.datasets
    model = SentenceEncoder(SENTENCE_CACHE) if args.sentence else None
    print(
        "| stream | decisions | shipped precision | shipped recall | site precision"
        " | site recall | shipped ROC-AUC | site ROC-AUC | met | applied |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, judge, read, steps in STREAMS:
        stream, held = read(data)
        for line in curve(name, judge, stream, held, steps, lambda: model):
            print(line, flush=True)


if __name__ == "__main__":
    main()

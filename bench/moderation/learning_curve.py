"""Learning-loop benchmark: a simulated moderator labels a stream of comments.

    OMP_NUM_THREADS=1 .venv/bin/python bench/moderation/learning_curve.py

Reads ``../shared/datasets`` (relative to the repository root; evaluation-only data,
nothing trained here is saved). For each stream the moderator's first N decisions
(the dataset's own labels) fit the site's adapter exactly as the background job
does (``porch.moderation.learning.adapters_fit``); the blended classifier and the
shipped model alone are then scored on the same held-out part of the stream, at the
shipped threshold. Each row is the mean over three stream orders.

- spam: DataCamp blog comments (608 labelled), held-out = 208 of them, so the
  largest step is the 400 remaining decisions, not 1,000;
- offensive: Kaggle Insults, the stream is its training split, held-out its test;
- off-topic: SemEval-2015 answers, the stream is the dev split, held-out the test.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

from porch.moderation.classifiers import (
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.training import datasets
from porch.moderation.types import Submission, Thresholds

ROOT = Path(__file__).resolve().parents[2]
SEEDS = (1, 2, 3)
Judge = Callable[..., SpamClassifier | OffensiveClassifier | OffTopicClassifier]


def metrics(
    labels: Sequence[int], scores: Sequence[float], limit: float
) -> list[float]:
    y, s = np.asarray(labels), np.asarray(scores)
    p, r, f, _ = precision_recall_fscore_support(
        y, s >= limit, average="binary", zero_division=0
    )
    return [float(p), float(r), float(f), float(roc_auc_score(y, s))]


def curve(
    name: str,
    judge: Judge,
    stream: list[tuple[Submission, int]],
    held: list[tuple[Submission, int]],
    steps: Sequence[int],
    label: str,
) -> list[str]:
    limit = Thresholds().for_label(label)  # type: ignore[arg-type]
    subs, y = [s for s, _ in held], [t for _, t in held]
    shipped = [sig[0].score for sig in judge(lambda: None).judge_many(subs)]
    rows = {0: metrics(y, shipped, limit)}
    for step in steps:
        runs = []
        for seed in SEEDS:
            order = random.Random(seed).sample(stream, len(stream))[:step]
            decisions = [Decision(s, label if t else "approve") for s, t in order]
            fitted = adapters_fit(decisions)
            scored = judge(lambda f=fitted: f).judge_many(subs)
            runs.append(metrics(y, [sig[0].score for sig in scored], limit))
        rows[step] = list(np.mean(runs, axis=0))
    return [
        f"| {name} | {'shipped only' if step == 0 else step} | "
        + " | ".join(f"{value:.3f}" for value in values)
        + " |"
        for step, values in rows.items()
    ]


def spam_stream(data: Path) -> tuple[list[tuple[Submission, int]], ...]:
    rows = datasets.datacamp_comments(data)
    pairs = [
        (
            Submission(body=c.body, post_title=c.post_title, post_text=c.post_text),
            c.label,
        )
        for c in rows
    ]
    pairs = random.Random(0).sample(pairs, len(pairs))
    return pairs[:400], pairs[400:]


def offensive_stream(data: Path) -> tuple[list[tuple[Submission, int]], ...]:
    train, test = (datasets.kaggle_insults(data, split) for split in ("train", "test"))
    return (
        [(Submission(body=t), y) for t, y in zip(*train, strict=True)],
        [(Submission(body=t), y) for t, y in zip(*test, strict=True)],
    )


def off_topic_stream(data: Path) -> tuple[list[tuple[Submission, int]], ...]:
    def pairs(split: str) -> list[tuple[Submission, int]]:
        return [
            (
                Submission(body=c.body, post_title=c.post_title, post_text=c.post_text),
                c.label,
            )
            for c in datasets.semeval_cqa(data, split)
        ]

    return pairs("dev"), pairs("test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--datasets", type=Path, default=ROOT.parent / "shared" / "datasets"
    )
    data = parser.parse_args().datasets
    print("| stream | decisions | precision | recall | F1 | ROC-AUC |")
    print("|---|---|---|---|---|---|")
    stream, held = spam_stream(data)
    for line in curve(
        "spam / DataCamp blog comments",
        SpamClassifier,
        stream,
        held,
        (50, 200, 400),
        "spam",
    ):
        print(line, flush=True)
    stream, held = offensive_stream(data)
    for line in curve(
        "offensive / Kaggle Insults",
        OffensiveClassifier,
        stream,
        held,
        (50, 200, 1000),
        "offensive",
    ):
        print(line, flush=True)
    stream, held = off_topic_stream(data)
    for line in curve(
        "off_topic / SemEval-2015 Good-vs-Bad",
        OffTopicClassifier,
        stream,
        held,
        (50, 200, 1000),
        "off_topic",
    ):
        print(line, flush=True)


if __name__ == "__main__":
    main()

"""Moderation benchmark: quality per classifier and dataset, speed, model size.

    OMP_NUM_THREADS=1 .venv/bin/python bench/moderation/run.py [--datasets DIR]

Reads ``../shared/datasets`` (relative to the repository root) and prints a Markdown
report for bench/README.md. "shipped" rows score the committed models; "in-domain"
rows retrain the same code on the dataset's own training split (evaluation-only data,
never shipped) to show what the approach reaches with matching data. When the
sentence extra is installed, the off-topic and spam rows and a speed line are
repeated with the sentence model on (its graph cached in ``porch-data/moderation``,
gitignored).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import (
    f1_score,
    precision_recall_fscore_support,
    roc_auc_score,
    roc_curve,
)

from porch.moderation import (
    Classifier,
    Submission,
    Thresholds,
    assess,
    lexicon,
    text,
)
from porch.moderation.classifiers import (
    MODEL_FILES_DIR,
    AdaptedClassifier,
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.linear import FloatArray, LinearTextModel
from porch.moderation.sentence import SentenceEncoder
from porch.moderation.verdicts import assess_many

# training/ lives at the repository root, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from training import datasets
from training.fit import fit_linear

ROOT = Path(__file__).resolve().parents[2]
# Where a site run from the repository keeps the built graph (gitignored).
SENTENCE_CACHE = ROOT / "porch-data" / "moderation"
Scorer = Callable[[Sequence[str]], np.ndarray]


def row(
    name: str, labels: Sequence[int], scores: Sequence[float], threshold: float
) -> str:
    y, s = np.asarray(labels), np.asarray(scores)
    p, r, f, _ = precision_recall_fscore_support(
        y, s >= threshold, average="binary", zero_division=0
    )
    fpr, tpr, _ = roc_curve(y, s)
    macro = f1_score(y, s >= threshold, average="macro")
    return (
        f"| {name} | {len(y)} | {p:.3f} | {r:.3f} | {f:.3f} | {macro:.3f} "
        f"| {roc_auc_score(y, s):.3f} | {tpr[fpr <= 0.05].max():.3f} |"
    )


def judge_all(classifier: Classifier, submissions: Sequence[Submission]) -> list[float]:
    return [classifier.judge(s)[0].score for s in submissions]


def sentence_model() -> SentenceEncoder | None:
    """The sentence encoder built without Django, or None without the extra."""
    try:
        return SentenceEncoder(SENTENCE_CACHE)
    except ImportError:
        return None


def judge_batches(
    classifier: AdaptedClassifier, submissions: Sequence[Submission]
) -> list[float]:
    return [
        signals[0].score
        for start in range(0, len(submissions), 100)
        for signals in classifier.judge_many(submissions[start : start + 100])
    ]


def plain(texts: Sequence[str]) -> list[Submission]:
    return [Submission(body=t) for t in texts]


def in_domain(
    train: tuple[list[str], list[int]],
    extra: Callable[[list[str]], FloatArray],
    raw: bool,
) -> LinearTextModel:
    texts, labels = train
    return fit_linear(
        version="bench",
        texts=texts,
        labels=labels,
        weights=[1.0] * len(texts),
        extra=extra,
        raw_for_extra=raw,
    )


def quality(data: Path, encoder: SentenceEncoder | None) -> list[str]:
    t = Thresholds()
    lines = [
        "| classifier / dataset | n | precision | recall | F1 | macro-F1 | ROC-AUC"
        " | recall@5%FPR |",
        "|---|---|---|---|---|---|---|---|",
    ]
    off, spam, topic = OffensiveClassifier(), SpamClassifier(), OffTopicClassifier()
    for name, (x, y) in {
        "offensive (shipped) / Kaggle Insults test": datasets.kaggle_insults(
            data, "test"
        ),
        "offensive (shipped) / OLID test": datasets.olid(data, "test"),
        "offensive (shipped) / Jigsaw 101-row sample": datasets.jigsaw_sample(data),
    }.items():
        lines.append(row(name, y, judge_all(off, plain(x)), t.offensive))
    for name, (x, y) in {
        "spam (shipped) / YouTube test (Shakira video)": datasets.youtube_spam(
            data, "test"
        ),
        "spam (shipped) / YouTube other 4 videos": datasets.youtube_spam(data, "train"),
    }.items():
        lines.append(row(name, y, judge_all(spam, plain(x)), t.spam))
    blog = datasets.datacamp_comments(data)
    lines.append(
        row(
            "spam (shipped) / DataCamp blog comments",
            [c.label for c in blog],
            judge_all(spam, plain([c.body for c in blog])),
            t.spam,
        )
    )
    cqa = datasets.semeval_cqa(data, "test")
    subs = [
        Submission(body=c.body, post_title=c.post_title, post_text=c.post_text)
        for c in cqa
    ]
    lines.append(
        row(
            "off_topic (shipped) / SemEval-2015 test Good-vs-Bad",
            [c.label for c in cqa],
            judge_all(topic, subs),
            t.off_topic,
        )
    )
    if encoder is not None:
        semantic = OffTopicClassifier(lambda: None, lambda: encoder)
        lines.append(
            row(
                "off_topic (sentence model) / SemEval-2015 test Good-vs-Bad",
                [c.label for c in cqa],
                judge_batches(semantic, subs),
                t.off_topic,
            )
        )
        lines += spam_sentence_rows(data, encoder, t)
    lines += in_domain_rows(data, t)
    return lines


def spam_sentence_rows(
    data: Path, encoder: SentenceEncoder, t: Thresholds
) -> list[str]:
    """The spam rows again with the sentence model on (n-grams plus the head)."""
    semantic = SpamClassifier(lambda: None, lambda: encoder)
    blog = datasets.datacamp_comments(data)
    return [
        row(
            f"spam (sentence model) / {name}",
            y,
            judge_batches(semantic, plain(x)),
            t.spam,
        )
        for name, (x, y) in {
            "YouTube test (Shakira video)": datasets.youtube_spam(data, "test"),
            "YouTube other 4 videos": datasets.youtube_spam(data, "train"),
            "DataCamp blog comments": (
                [c.body for c in blog],
                [c.label for c in blog],
            ),
        }.items()
    ]


def in_domain_rows(data: Path, t: Thresholds) -> list[str]:
    lines = []
    for name, train, test, extra, raw in (
        (
            "offensive (in-domain) / Kaggle Insults test",
            datasets.kaggle_insults(data, "train"),
            datasets.kaggle_insults(data, "test"),
            lexicon.offensive_features,
            False,
        ),
        (
            "offensive (in-domain) / OLID test",
            datasets.olid(data, "train"),
            datasets.olid(data, "test"),
            lexicon.offensive_features,
            False,
        ),
        (
            "spam (in-domain) / YouTube test",
            datasets.youtube_spam(data, "train"),
            datasets.youtube_spam(data, "test"),
            lexicon.spam_features,
            True,
        ),
    ):
        model = in_domain(train, extra, raw)

        x, y = test
        feats = extra(
            [text.normalize(s) for s in x] if raw else [text.for_model(s) for s in x]
        )
        scores = model.scores([text.for_model(s) for s in x], feats)
        lines.append(row(name, y, scores.tolist(), 0.5))
    return lines


def speed(data: Path) -> list[str]:
    subs = _semeval_answers(data)
    assess_many(subs[:10])  # load the models outside the timing
    batches = []
    for _ in range(3):
        started = time.perf_counter()
        for start in range(0, len(subs), 100):
            assess_many(subs[start : start + 100])
        batches.append(len(subs) / (time.perf_counter() - started))
    started = time.perf_counter()
    for submission in subs:
        assess(submission)
    serial = len(subs) / (time.perf_counter() - started)
    timings = []
    for submission in subs:
        begin = time.perf_counter()
        assess(submission)
        timings.append((time.perf_counter() - begin) * 1000)
    p99 = float(np.percentile(timings, 99))
    files = [p for p in MODEL_FILES_DIR.iterdir() if p.suffix == ".npz"]
    size, count = sum(p.stat().st_size for p in files), len(files)
    median = statistics.median(timings)
    lengths = [len(s.body) for s in subs]
    return [
        f"- {len(subs)} SemEval answers, {statistics.mean(lengths):.0f} characters"
        f" on average (longest {max(lengths)}), load average {os.getloadavg()[0]:.1f}",
        f"- throughput, assess_many() in batches of 100 on one core: best of 3"
        f" {max(batches):,.0f}/s (runs: {', '.join(f'{b:,.0f}' for b in batches)})",
        f"- throughput, assess() one comment after another: {serial:,.0f}/s",
        f"- latency of assess() for one comment: p50 {median:.2f} ms, p99 {p99:.2f} ms",
        f"- model files on disk: {size / 1e6:.2f} MB ({count} .npz files)",
    ]


def _semeval_answers(data: Path) -> list[Submission]:
    return [
        Submission(body=c.body, post_title=c.post_title, post_text=c.post_text)
        for c in datasets.semeval_cqa(data, "test")[:1000]
    ]


def _timed(label: str, subs: Sequence[Submission], judges: list[Classifier]) -> str:
    """Batch throughput and single-comment latency of ``judges`` on ``subs``."""
    started = time.perf_counter()
    for start in range(0, len(subs), 100):
        assess_many(subs[start : start + 100], None, judges)
    batch = len(subs) / (time.perf_counter() - started)
    timings = []
    for submission in subs:
        begin = time.perf_counter()
        assess(submission, None, judges)
        timings.append((time.perf_counter() - begin) * 1000)
    return (
        f"- {label}: assess_many() {batch:,.0f}/s,"
        f" assess() p50 {statistics.median(timings):.2f} ms,"
        f" p99 {float(np.percentile(timings, 99)):.2f} ms"
    )


def speed_with_adapter(data: Path) -> str:
    """The same timings with a site adapter fitted on 200 blog-comment decisions."""
    blog = datasets.datacamp_comments(data)[:200]
    fitted = adapters_fit(
        [
            Decision(Submission(body=c.body), "spam" if c.label else "approve")
            for c in blog
        ]
    )
    judges: list[Classifier] = [
        OffensiveClassifier(lambda: fitted),
        SpamClassifier(lambda: fitted),
        OffTopicClassifier(lambda: fitted),
    ]
    subs = _semeval_answers(data)
    assess_many(subs[:10], None, judges)
    return _timed("with a site adapter (200 decisions)", subs, judges)


def speed_with_sentence_model(data: Path, encoder: SentenceEncoder) -> str:
    """The same timings with the sentence model on (every classifier shares it)."""
    judges: list[Classifier] = [
        OffensiveClassifier(lambda: None, lambda: encoder),
        SpamClassifier(lambda: None, lambda: encoder),
        OffTopicClassifier(lambda: None, lambda: encoder),
    ]
    subs = _semeval_answers(data)
    warm = assess_many(subs[:10], None, judges)
    failed = {
        e
        for v in warm
        for r in v.reasons
        if r.code == "check_failed"
        for e in r.evidence
    }
    if failed:  # timing a failure path would flatter the model
        names = ", ".join(sorted(failed))
        return f"- with the sentence model on: not timed ({names} failed)"
    return _timed("with the sentence model on", subs, judges)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--datasets",
        type=Path,
        default=ROOT.parent / "shared" / "datasets",
        help="folder of the public datasets (default: ../shared/datasets)",
    )
    parser.add_argument(
        "--speed-only",
        action="store_true",
        help="skip the quality tables (minutes) and time judging only",
    )
    args = parser.parse_args()
    data = args.datasets
    encoder = sentence_model()
    if not args.speed_only:
        print("\n".join(quality(data, encoder)), flush=True)
    print()
    print("\n".join(speed(data)))
    print(speed_with_adapter(data))
    if encoder is not None:
        print(speed_with_sentence_model(data, encoder))


if __name__ == "__main__":
    main()

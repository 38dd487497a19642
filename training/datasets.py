"""Readers for the labelled public datasets, each as (texts, labels) or richer rows.

Every reader takes the dataset root (``../shared/datasets`` from the repository root
in our checkouts) so that nothing here knows where a machine keeps its data.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

Labelled = tuple[list[str], list[int]]

csv.field_size_limit(10_000_000)


def _insult_text(raw: str) -> str:
    """Kaggle comments are quoted and backslash-escaped, with UTF-8 bytes as \\xNN."""
    text = raw.strip().removeprefix('"').removesuffix('"')
    text = re.sub(r"\\\\", r"\\", text)
    latin = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
    try:
        return latin.encode("latin-1").decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return latin


def kaggle_insults(root: Path, split: str) -> Labelled:
    """``train`` (train.csv), ``test`` (test_with_solutions) or ``verification``."""
    name = {
        "train": "train.csv",
        "test": "test_with_solutions.csv",
        "verification": "impermium_verification_labels.csv",
    }[split]
    with (root / "kaggle_insults" / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [_insult_text(row["Comment"]) for row in rows], [
        int(row["Insult"]) for row in rows
    ]


def davidson(root: Path) -> Labelled:
    """Tweets, 1 = hate speech or offensive language (classes 0 and 1), 0 = neither."""
    path = root / "davidson_hate_offensive" / "labeled_data.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row["tweet"] for row in rows], [int(row["class"] != "2") for row in rows]


def jigsaw_sample(root: Path) -> Labelled:
    """The 101-row CC0 Jigsaw sample, 1 = any toxicity label set."""
    path = root / "jigsaw_toxic_test_sample" / "test_examples.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    flags = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
    return [row["comment_text"] for row in rows], [
        int(any(row[flag] == "1" for flag in flags)) for row in rows
    ]


def olid(root: Path, split: str) -> Labelled:
    """OffensEval 2019 level A: 1 = OFF. Quote characters are literal (QUOTE_NONE)."""
    folder = root / "olid"
    if split == "train":
        with (folder / "olid-training-v1.0.tsv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        return [row["tweet"] for row in rows], [
            int(row["subtask_a"] == "OFF") for row in rows
        ]
    with (folder / "labels-levela.csv").open(encoding="utf-8") as handle:
        gold = {row[0]: int(row[1] == "OFF") for row in csv.reader(handle)}
    with (folder / "testset-levela.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [row["tweet"] for row in rows], [gold[row["id"]] for row in rows]


YOUTUBE_TEST_FILE = "09-pRpeEdMmmQ0.csv"


def youtube_spam(root: Path, split: str) -> Labelled:
    """UCI YouTube spam; the Shakira video is the ``test`` split, the rest ``train``."""
    texts: list[str] = []
    labels: list[int] = []
    for path in sorted((root / "youtube_spam").glob("*.csv")):
        if (path.name == YOUTUBE_TEST_FILE) != (split == "test"):
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                texts.append(row["CONTENT"])
                labels.append(int(row["CLASS"]))
    return texts, labels


@dataclass(frozen=True)
class PostedComment:
    """A comment with the text it was posted under and a 0/1 label."""

    body: str
    post_title: str
    post_text: str
    label: int


def datacamp_comments(root: Path) -> list[PostedComment]:
    """Labelled DataCamp tutorial comments with their article's title and summary."""
    folder = root / "datacamp_blog_comments"
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as handle:
        summaries = {
            row["Article Name"]: row["Article Description"]
            for row in csv.DictReader(handle)
        }
    with (folder / "comments_labeled.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["label"] in ("0", "1")]
    return [
        PostedComment(
            body=row["comment"].replace("\xa0", " "),
            post_title=row["articleName"],
            post_text=summaries.get(row["articleName"], ""),
            label=int(row["label"]),
        )
        for row in rows
    ]


def semeval_cqa(root: Path, split: str) -> list[PostedComment]:
    """SemEval-2015 CQA answers, 1 = Bad (off-topic), 0 = Good; others are dropped."""
    folder = root / "semeval2015_cqa_ql"
    xml_name, gold_name = {
        "dev": ("CQA-QL-devel-input.xml", "CQA-QL-devel-gold.txt"),
        "test": ("test_task3_English.xml", "CQA-QL-test-gold.txt"),
    }[split]
    gold: dict[str, str] = {}
    for line in (folder / gold_name).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            cid, label = line.split("\t", 1)
            gold[cid.strip()] = label.strip()
    tree = ElementTree.parse(folder / xml_name)
    rows: list[PostedComment] = []
    for question in tree.getroot().iter("Question"):
        title = question.findtext("QSubject") or ""
        body = question.findtext("QBody") or ""
        for comment in question.iter("Comment"):
            answer = gold.get(comment.get("CID") or "")
            if answer in ("Good", "Bad"):
                text = comment.findtext("CBody") or ""
                rows.append(PostedComment(text, title, body, int(answer == "Bad")))
    return rows

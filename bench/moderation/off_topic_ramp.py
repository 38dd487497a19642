"""Where the sentence model's off-topic ramp comes from: Porch's own discussions.

    OMP_NUM_THREADS=1 .venv/bin/python bench/moderation/off_topic_ramp.py

Reads only material Porch may use to set a shipped constant: the seed discussion
(``../shared/seed`` relative to the repository root; every comment is on topic) and
the demo's posts and discussions (``porch.demo``). No evaluation dataset is read.

- on topic: each comment the pipeline would judge (the demo's host and post authors
  are trusted, so skipped) with at least ``MIN_CONTENT_WORDS`` content words (fewer
  are capped below the threshold and can never be held), compared as the classifier
  compares it: with the post and, for a reply, its parent;
- off topic: each of those that starts a thread, put under every other post.

``ON_TOPIC_SIMILARITY`` is the median best cosine of the on-topic comments (a typical
on-topic comment scores 0). ``UNRELATED_SIMILARITY`` is the median cosine of the
misplaced ones, lowered until the least similar on-topic comment scores no more than
``SHORT_SCORE_CAP``. Prints both and what the ramp then does to each group.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from porch.demo import content, conversation
from porch.moderation import text, topic
from porch.moderation.sentence import SentenceEncoder
from porch.moderation.topic import (
    MIN_CONTENT_WORDS,
    SHORT_SCORE_CAP,
    closest_in_meaning,
    content_words,
)
from porch.moderation.types import Submission, Thresholds

# training/ lives at the repository root, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from training.seed import seed_submissions

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Ramp:
    """The two constants of ``topic.off_topic_ramp``."""

    on_topic: float
    unrelated: float

    def score(self, similarity: float) -> float:
        span = self.on_topic - self.unrelated
        return min(1.0, max(0.0, (self.on_topic - similarity) / span))


def demo_submissions() -> list[Submission]:
    """The demo's reader comments on their posts (the host and authors are trusted)."""
    posts = {post.slug: post for post in content.POSTS}
    found = []
    for slug, discussion in conversation.DISCUSSIONS.items():
        post = posts[slug]
        bodies = {said.key: said.body for said in discussion}
        for said in discussion:
            if said.who in ("host", post.author):
                continue
            found.append(
                Submission(
                    body=said.body,
                    post_title=post.title,
                    post_text=post.body,
                    post_questions=tuple(
                        q.strip() for q in post.questions.splitlines() if q.strip()
                    ),
                    parent_body=bodies[said.reply_to] if said.reply_to else "",
                )
            )
    return found


def misplaced(comments: list[Submission]) -> list[Submission]:
    """Each thread-starting comment under every post but its own."""
    posts = {(c.post_title, c.post_text, c.post_questions) for c in comments}
    return [
        Submission(body=c.body, post_title=t, post_text=b, post_questions=q)
        for c in comments
        if not c.parent_body
        for t, b, q in sorted(posts)
        if t != c.post_title
    ]


def similarities(encoder: SentenceEncoder, comments: list[Submission]) -> list[float]:
    vectors = encoder.encode([text.for_model(c.body) for c in comments])
    pairs = zip(comments, vectors, strict=True)
    found = [closest_in_meaning(encoder, vector, c) for c, vector in pairs]
    return [closest.similarity for closest in found if closest is not None]


def derive(on_topic: list[float], off_topic: list[float]) -> Ramp:
    """The ramp described in the module docstring, to two decimals."""
    middle = round(statistics.median(on_topic), 2)
    lowest_allowed = middle - (middle - min(on_topic)) / SHORT_SCORE_CAP
    unrelated = min(statistics.median(off_topic), lowest_allowed)
    return Ramp(on_topic=middle, unrelated=math.floor(unrelated * 100) / 100)


def summary(name: str, values: list[float], ramp: Ramp) -> str:
    held = sum(ramp.score(v) >= Thresholds().off_topic for v in values)
    quartiles = ", ".join(f"{q:.3f}" for q in statistics.quantiles(values, n=4))
    return (
        f"- {name}: {len(values)}, cosine min {min(values):.3f}, quartiles "
        f"{quartiles}, max {max(values):.3f}; held at the default threshold: {held}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--seed",
        type=Path,
        default=ROOT.parent / "shared" / "seed",
        help="folder of seed discussions (default: ../shared/seed)",
    )
    folder = parser.parse_args().seed
    encoder = SentenceEncoder(ROOT / "porch-data" / "moderation")
    seed = [s for path in sorted(folder.glob("*.txt")) for s in seed_submissions(path)]
    judged = [
        c
        for c in seed + demo_submissions()
        if len(set(content_words(c.body))) >= MIN_CONTENT_WORDS
    ]
    on_topic = similarities(encoder, judged)
    off_topic = similarities(encoder, misplaced(judged))
    ramp = derive(on_topic, off_topic)
    shipped = Ramp(topic.ON_TOPIC_SIMILARITY, topic.UNRELATED_SIMILARITY)
    wanderer = next(h for h in conversation.HELD if h.expect == "off_topic")
    post = next(p for p in content.POSTS if p.slug == wanderer.post)
    demo_example = Submission(
        body=wanderer.body, post_title=post.title, post_text=post.body
    )
    (example,) = similarities(encoder, [demo_example])
    print(f"- derived: on-topic {ramp.on_topic:.2f}, unrelated {ramp.unrelated:.2f}")
    print(
        f"- shipped in topic.py: on-topic {shipped.on_topic:.2f}, "
        f"unrelated {shipped.unrelated:.2f}"
    )
    print(summary("on-topic comments (seed and demo)", on_topic, shipped))
    print(summary("comments under another post", off_topic, shipped))
    print(
        f"- the demo's off-topic example: cosine {example:.3f}, "
        f"score {shipped.score(example):.2f}"
    )


if __name__ == "__main__":
    main()

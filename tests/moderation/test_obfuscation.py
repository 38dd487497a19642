"""Disguised swear words are read plainly; ordinary text reaches the models as is."""

from __future__ import annotations

import pytest

from porch.moderation import Submission
from porch.moderation.classifiers import OffensiveClassifier
from porch.moderation.obfuscation import unmask


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("f*** you", "fuck you"),
        ("f**k off", "fuck off"),
        ("F*** this post", "fuck this post"),
        ("what a sh1t post", "what a shit post"),
        ("sh!t!", "shit!"),
        ("you 1d10t", "you idiot"),
        ("a$$hole", "asshole"),
        ("b!tch", "bitch"),
        ("fuuuuuck you", "fuck you"),
        ("f.u.c.k you", "fuck you"),
        ("f-u-c-k you", "fuck you"),
        ("what the f u c k  is this", "what the fuck  is this"),
        ("s p a c e d  o u t", "spaced  out"),
        ("motherf***er", "motherfucker"),
        ("f***ing hell", "fucking hell"),
        ("Sh*t happens", "shit happens"),
    ],
)
def test_disguised_swear_words_are_written_plainly(written, read):
    assert unmask(written) == read


@pytest.mark.parametrize(
    "ordinary",
    [
        "I'll be there at 5",
        "I have 2 kids, 1 dog and 3 cats.",
        "C++ and C# are both fine for this.",
        "It was *really* good, 10/10 would read again.",
        "Mail me at sh1t@example.com or see www.a.b.c.com/f***",
        "The U.S.A and the U.K. differ here, e.g. on leave.",
        "Plan A B C, then x-y-z.",
        "Score 3-1 after 45 minutes; $5 off with R&D's code.",
        "Hello!!! What?! Good... really, soooo good.",
        "I felt like a fraud when I started, p.s. thanks.",
        "l33t h4x0r culture was fun in the nineties.",
        "My t-shirt says 4 u.",
    ],
)
def test_ordinary_text_is_left_exactly_as_written(ordinary):
    assert unmask(ordinary) == ordinary


def test_masked_swearing_scores_like_the_plain_word_and_shows_it():
    judge = OffensiveClassifier(lambda: None, lambda: None)
    [masked] = judge.judge(Submission(body="F*** you, you brainless clown."))
    [plain] = judge.judge(Submission(body="Fuck you, you brainless clown."))
    assert masked.score == plain.score
    assert masked.score >= 0.8
    assert "fuck you" in masked.evidence

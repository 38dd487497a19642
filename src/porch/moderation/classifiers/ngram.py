"""The n-gram classifiers: offensive and spam, each a shipped linear model's score
with its cues as evidence (plus a sentence head for spam with the sentence model on).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import replace

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as STOP_WORDS

from porch.moderation import lexicon, obfuscation, text
from porch.moderation.classifiers.base import (
    EVIDENCE_FLOOR,
    AdaptedClassifier,
    LabelFeatures,
    cues_described,
    linear_model,
    model_texts,
    offensive_extra,
    toxic_words,
)
from porch.moderation.types import Label, Signal, Submission


class LinearClassifier(AdaptedClassifier):
    """A shipped linear model's score, its cues as evidence (offensive, spam)."""

    def judge_many(self, submissions: Sequence[Submission]) -> list[list[Signal]]:
        """``judge`` for many submissions at once, sharing the vectorizing work."""
        found = self.features(submissions)
        scores = found.scores(self.adapters())
        return [
            [self._signal(body, float(score), cues)]
            for body, score, cues in zip(found.bodies, scores, found.cues, strict=True)
        ]

    @abstractmethod
    def _signal(self, body: str, score: float, cues: dict[str, list[str]]) -> Signal:
        """The signal for one body, its score and the cues found in it."""


class OffensiveClassifier(LinearClassifier):
    """Insults, threats, slurs and profanity aimed at people.

    Score: a calibrated logistic model over word and character n-grams, Porch's own
    lexicon cues and the log-odds of alt-profanity-check's word table (learned from
    Wikipedia comments), all read with disguised swear words written plainly
    ("f***", "sh1t", "f u c k": ``obfuscation.unmask``). Evidence: lexicon hits
    first, then the table's words that pushed the score most, then our own model's
    n-grams.
    """

    name = "offensive"
    label: Label = "offensive"

    def features(self, submissions: Sequence[Submission]) -> LabelFeatures:
        """What the shipped model and the site's adapter read, and the cues found."""
        bodies = offensive_texts(submissions)
        cues = [lexicon.offensive_cues(body) for body in bodies]
        extra = offensive_extra(bodies, cues)
        return LabelFeatures.of(self.label, bodies, extra, cues, self.encoder())

    def _signal(self, body: str, score: float, cues: dict[str, list[str]]) -> Signal:
        kinds = ("aimed", "threat", "abuse", "insult")
        found = [hit for kind in kinds for hit in cues[kind]]
        grams: list[str] = []
        if score >= EVIDENCE_FLOOR:
            grams = toxic_words().top_words(body) + [
                g
                for g in linear_model(self.name).top_ngrams(body)
                if not set(g.split()) <= STOP_WORDS
            ]
        evidence = list(dict.fromkeys([*found, *grams]))[:6]
        reason = cues_described({k: cues[k] for k in kinds})
        signal = Signal(
            "offensive",
            round(score, 4),
            f"Reads as offensive ({reason})." if reason else "Reads as offensive.",
            tuple(evidence),
        )
        return aimed_floor(signal, cues)


# A person called a fraud or a clown, threatened, or told to take their meds is
# offended whatever the n-gram model weighs: its training data (tweets) says such
# words are mostly harmless, the host's comment policy says they are not. Negated
# forms ("you're not a fraud") are left to the model.
AIMED_FLOOR = 0.85
NEGATIONS = frozenset(["not", "never", "no", "isn't", "aren't", "wasn't", "weren't"])


def aimed_floor(signal: Signal, cues: dict[str, list[str]]) -> Signal:
    """``signal`` with its score raised to ``AIMED_FLOOR`` when ``cues`` hold a threat,
    an abuse phrase or an insult aimed at someone that no negation softens."""
    aimed = [hit for hit in cues["aimed"] if not NEGATIONS & set(hit.split())]
    if signal.score >= AIMED_FLOOR or not (aimed or cues["threat"] or cues["abuse"]):
        return signal
    return replace(signal, score=AIMED_FLOOR)


def offensive_texts(submissions: Sequence[Submission]) -> tuple[str, ...]:
    """Each body as the offensive model reads it: disguised swear words unmasked,
    then as every learned model reads text (an ordinary comment is unchanged, so
    the batch's n-grams and sentence vectors are still computed once)."""
    return tuple(text.for_model(obfuscation.unmask(s.body)) for s in submissions)


class SpamClassifier(LinearClassifier):
    """Promotion, SEO, link drops and scams.

    Score: a calibrated logistic model over n-grams (links replaced by a placeholder)
    and counts of links, domains, selling phrases, money amounts, contact details and
    capitals. With the sentence model on, that score is joined with a logistic
    model on the comment's sentence vector (``sentence_heads.npz``), which hears
    pleas and plugs worded as no template is. Evidence: the links, their domains
    and the selling phrases found (the n-gram model's cues, in both modes).
    """

    name = "spam"
    label: Label = "spam"

    def features(self, submissions: Sequence[Submission]) -> LabelFeatures:
        """What the shipped model and the site's adapter read, and the cues found."""
        raws = [text.normalize(s.body) for s in submissions]
        cues = [lexicon.spam_cues(raw) for raw in raws]
        extra = lexicon.spam_features(raws, cues)
        bodies = model_texts(submissions)
        return LabelFeatures.of(self.label, bodies, extra, cues, self.encoder())

    def _signal(self, body: str, score: float, cues: dict[str, list[str]]) -> Signal:
        shown = ("links", "domains", "phrases", "money", "contacts")
        evidence = [hit for kind in shown for hit in cues[kind]]
        if not evidence and score >= EVIDENCE_FLOOR:
            evidence = linear_model(self.name).top_ngrams(body)
        reason = cues_described({k: cues[k] for k in ("domains", "phrases", "money")})
        return Signal(
            "spam",
            round(score, 4),
            f"Looks like promotion ({reason})." if reason else "Looks like promotion.",
            tuple(dict.fromkeys(evidence))[:8],
        )

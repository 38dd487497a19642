"""Off-topic with the optional sentence model: meaning, not shared words."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from porch.moderation import Submission, Thresholds, assess
from porch.moderation.classifiers import OffTopicClassifier
from porch.moderation.sentence import Embeddings, SentenceEncoder
from porch.moderation.topic import post_candidates
from tests.moderation.conftest import skip_without_sentence_extra

skip_without_sentence_extra()

POST = {
    "post_title": "What the new bike lanes changed on Mill Road",
    "post_text": "Last spring the council painted protected bike lanes along Mill "
    "Road and moved the parking bays to the side streets.\n\nSix months on, more "
    "parents ride their children to school, and the shops report more customers, "
    "not fewer. Drivers complained for a month, then got used to it.",
    "post_questions": (
        "Do you cycle to work now?",
        "What would make the lanes better?",
    ),
}
CAKE = (
    "Does anyone have a good recipe for lemon drizzle cake? Mine always comes out "
    "dry and sinks in the middle."
)
# Not one content word in common with the post: lexical coverage sees nothing.
PARAPHRASE = (
    "Segregated cycling infrastructure makes commuting by bicycle safer and helps "
    "local businesses."
)
HENS = "Ours lay brown eggs all winter if the henhouse has a lamp on a timer."
HENS_PARENT = (
    "Off the subject, but my grandmother kept chickens for forty years and never "
    "bought an egg."
)


def on_post(body: str, **fields: str) -> Submission:
    return Submission(body=body, **POST, **fields)  # type: ignore[arg-type]


def off_topic(submission: Submission) -> float:
    return OffTopicClassifier(adapters=lambda: None).judge(submission)[0].score


@pytest.mark.usefixtures("sentence_on")
def test_a_comment_about_something_else_is_held_with_the_closest_passage() -> None:
    verdict = assess(on_post(CAKE), Thresholds())
    [reason] = verdict.reasons

    assert verdict.decision == "hold"
    assert reason.code == "off_topic"
    assert verdict.scores["off_topic"] == 1.0
    assert reason.message == "Its meaning is far from the post's (similarity 0.08)."
    assert reason.evidence == ("Do you cycle to work now?", "similarity 0.08")


@pytest.mark.usefixtures("sentence_on")
def test_an_on_topic_paraphrase_sharing_no_word_scores_low() -> None:
    lexical = OffTopicClassifier(adapters=lambda: None, encoder=lambda: None)
    [signal] = OffTopicClassifier(adapters=lambda: None).judge(on_post(PARAPHRASE))

    assert lexical.judge(on_post(PARAPHRASE))[0].score == 1.0
    assert signal.score < 0.3
    assert signal.evidence[0] in post_candidates(
        POST["post_title"], POST["post_text"], POST["post_questions"]
    )
    assert signal.evidence[0].startswith("Last spring the council painted")


@pytest.mark.usefixtures("sentence_on")
@pytest.mark.parametrize("body", ["Thanks, Tom!", "Great post!"])
def test_courtesies_score_zero(body: str) -> None:
    [signal] = OffTopicClassifier(adapters=lambda: None).judge(on_post(body))

    assert (signal.score, signal.reason) == (
        0.0,
        "Too short to be off topic (a courtesy).",
    )


@pytest.mark.usefixtures("sentence_on")
def test_a_reply_close_to_its_parent_is_on_topic() -> None:
    alone = off_topic(on_post(HENS))
    [as_reply] = OffTopicClassifier(adapters=lambda: None).judge(
        on_post(HENS, parent_body=HENS_PARENT)
    )

    assert alone == 1.0
    assert as_reply.score < 0.3
    assert as_reply.evidence[0] == HENS_PARENT


@pytest.mark.usefixtures("sentence_on")
def test_a_short_remark_about_something_else_is_scored_but_not_held() -> None:
    remark = on_post("Lemon cake sinks.")

    assert 0.5 < off_topic(remark) <= 0.75
    assert assess(remark, Thresholds()).decision == "approve"


@pytest.mark.usefixtures("sentence_on")
def test_a_batch_scores_as_each_comment_alone() -> None:
    bodies = [CAKE, PARAPHRASE, "Great post!", HENS]
    judge = OffTopicClassifier(adapters=lambda: None)

    batch = judge.judge_many([on_post(body) for body in bodies])

    assert batch == [judge.judge(on_post(body)) for body in bodies]


class BrokenEncoder(SentenceEncoder):
    """An encoder whose model fails at run time (as a damaged file mid-run would)."""

    def __init__(self) -> None:
        pass

    def encode(self, texts: Sequence[str]) -> Embeddings:
        raise RuntimeError("the session failed")


def test_a_failing_encoder_holds_the_comment_as_a_failed_check() -> None:
    broken = OffTopicClassifier(adapters=lambda: None, encoder=BrokenEncoder)

    verdict = assess(on_post(PARAPHRASE), Thresholds(), [broken])

    assert verdict.decision == "hold"
    assert [(r.code, r.message, r.evidence) for r in verdict.reasons] == [
        ("check_failed", "automatic check failed", ("off_topic",))
    ]

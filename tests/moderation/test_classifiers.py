"""The shipped classifiers on comments we wrote for these tests."""

from __future__ import annotations

import pytest

from porch.moderation import Submission, Thresholds, assess
from porch.moderation.classifiers import (
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)

POST = Submission(
    body="",
    post_title="Why our allotment switched to no-dig beds",
    post_text=(
        "Three seasons ago our community allotment stopped turning the soil every "
        "spring. Instead we spread a thick layer of compost on top of the beds and "
        "planted straight into it.\n\n"
        "The first year the weeds were worse, and several members wanted to go back "
        "to digging. By the second year the soil was darker, held water through the "
        "dry July, and the worms did the work we used to do with forks.\n\n"
        "No-dig is not free: compost costs money, and cardboard has to be collected "
        "from local shops. But our harvests of potatoes, beans and squash went up."
    ),
    post_questions=(
        "Have you tried no-dig gardening?",
        "How do you source enough compost?",
    ),
)


@pytest.fixture(autouse=True)
def _lexical_models(settings: pytest.FixtureRequest) -> None:
    """These tests pin the lexical models (``PORCH_SENTENCE_MODEL=off``); the
    sentence model, on by default, has its own modules (``*_sentence.py``)."""
    settings.SENTENCE_MODEL = False  # type: ignore[attr-defined]


def comment(body: str, **extra: str) -> Submission:
    fields = {
        "post_title": POST.post_title,
        "post_text": POST.post_text,
        "post_questions": POST.post_questions,
    }
    return Submission(body=body, **fields, **extra)  # type: ignore[arg-type]


LEGITIMATE = [
    "We switched to no-dig two years ago. The compost bill is real, but our potatoes "
    "have never been better and my back thanks me.",
    "I get my compost from the council green-waste scheme; it is cheap if you collect "
    "it yourself with a trailer.",
    "Did the slugs get worse under the cardboard? That was our problem in the first "
    "wet spring with the beans.",
    "Great post, Maria! Sharing this with our allotment committee.",
    "Thanks, Tom!",
    "Great post!",
]
HEATED_BUT_CIVIL = [
    "I strongly disagree. Digging breaks up clay soil and no amount of compost on top "
    "will fix a waterlogged bed. This advice is wrong for heavy soil.",
    "Honestly this reads like an advert for compost suppliers. Most members at our "
    "allotment cannot afford that many bags every season.",
    "That damn bindweed came straight through our cardboard, so I am sceptical of "
    "the weed claims.",
]
OFFENSIVE = [
    "You are a pathetic idiot and nobody wants your garden advice.",
    "Shut up, you ignorant moron.",
    "I will find you and hurt you for writing this garbage.",
]
SPAM = [
    "Nice article! Visit my website http://cheap-garden-pills.example.com for "
    "discount weight loss pills, free shipping today!",
    "Earn $5000 a week working from home, click here: http://bit.ly/xq9z",
    "Buy cheap viagra online without prescription www.pharma-deals.biz",
]
SOCIAL_SPAM = [
    "Please subscribe to my cooking channel, I just hit 200 subs!",
    "go listen to my new song on spotify, search DJ Kade",
    "FREE V-BUCKS GENERATOR IN MY PROFILE",
]
# Readers use the same words as social-media spam for ordinary reasons.
SAME_WORDS_AS_SPAM = [
    "I subscribed to the newsletter after this post; the compost section was the "
    "best part.",
    "Check out the council's compost guide for bulk prices, it helped our allotment.",
    "Followed your no-dig advice on two beds this spring and the potatoes loved it.",
]
OFF_TOPIC = [
    "The election results in my county were a disgrace and the mayor should resign "
    "before the next council meeting.",
    "Does anyone know a reliable mechanic for a 2012 diesel hatchback with a failing "
    "turbocharger and transmission problems?",
]


@pytest.mark.parametrize("body", LEGITIMATE + HEATED_BUT_CIVIL)
def test_legitimate_and_heated_but_civil_comments_are_approved(body: str) -> None:
    verdict = assess(comment(body), Thresholds())

    assert verdict.decision == "approve"
    assert verdict.reasons == ()


@pytest.mark.parametrize("body", OFFENSIVE)
def test_insults_and_threats_are_held_as_offensive(body: str) -> None:
    verdict = assess(comment(body), Thresholds())

    assert verdict.decision == "hold"
    assert [reason.code for reason in verdict.reasons] == ["offensive"]
    assert verdict.scores["offensive"] >= Thresholds().offensive


def test_offensive_evidence_names_the_words_aimed_at_the_reader() -> None:
    [signal] = OffensiveClassifier().judge(comment("Shut up, you ignorant moron."))

    assert "you ignorant moron" in signal.evidence
    assert "shut up" in signal.evidence
    assert "moron" in signal.reason


@pytest.mark.parametrize("body", SPAM)
def test_promotion_and_scams_are_held_as_spam(body: str) -> None:
    verdict = assess(comment(body), Thresholds())

    assert verdict.decision == "hold"
    assert "spam" in [reason.code for reason in verdict.reasons]
    assert verdict.scores["spam"] >= Thresholds().spam


@pytest.mark.parametrize("body", SOCIAL_SPAM)
def test_pleas_to_subscribe_and_self_promotion_are_held_as_spam(body: str) -> None:
    verdict = assess(comment(body), Thresholds())

    assert verdict.decision == "hold"
    assert "spam" in [reason.code for reason in verdict.reasons]


@pytest.mark.parametrize("body", SAME_WORDS_AS_SPAM)
def test_comments_sharing_spam_words_are_approved(body: str) -> None:
    verdict = assess(comment(body), Thresholds())

    assert verdict.decision == "approve"
    assert verdict.reasons == ()


def test_spam_evidence_lists_links_domains_and_phrases() -> None:
    [signal] = SpamClassifier().judge(comment(SPAM[1]))

    assert signal.evidence[:2] == ("http://bit.ly/xq9z", "bit.ly")
    assert "click here" in signal.evidence
    assert "$5000" in signal.evidence


@pytest.mark.parametrize("body", OFF_TOPIC)
def test_comments_about_something_else_are_held_as_off_topic(body: str) -> None:
    verdict = assess(comment(body), Thresholds())

    assert verdict.decision == "hold"
    assert [reason.code for reason in verdict.reasons] == ["off_topic"]
    assert verdict.scores["off_topic"] == 1.0


def test_off_topic_evidence_quotes_the_closest_passage() -> None:
    body = "Compost costs a fortune here; where do people buy it in bulk?"
    [signal] = OffTopicClassifier().judge(comment(body))

    assert signal.score == 0.0
    assert signal.evidence[0].startswith("No-dig is not free: compost costs money")
    assert signal.evidence[1] == "similarity 0.36"


def test_reply_is_compared_with_its_parent_too() -> None:
    parent = "Our turbocharger failed twice before the mechanic replaced the hoses."
    body = "Same here, the turbocharger hoses on our diesel hatchback cracked twice."
    alone = OffTopicClassifier().judge(comment(body))[0]
    as_reply = OffTopicClassifier().judge(comment(body, parent_body=parent))[0]

    assert alone.score == 1.0
    assert as_reply.score < 0.5


@pytest.mark.parametrize(
    "body", ["Thanks, Tom!", "Great post!", "Well said, Priya.", "Agreed, thank you!"]
)
def test_courtesy_replies_are_never_off_topic(body: str) -> None:
    reply = comment(body, parent_body=OFF_TOPIC[0], parent_author_name="Tom")

    [signal] = OffTopicClassifier().judge(reply)

    assert signal.score == 0.0
    assert signal.reason == "Too short to be off topic (a courtesy)."


def test_a_short_remark_about_something_else_is_scored_but_not_held() -> None:
    body = "Mayor resigned, finally."

    verdict = assess(comment(body), Thresholds())
    [signal] = OffTopicClassifier().judge(comment(body))

    assert verdict.decision == "approve"
    assert verdict.scores["off_topic"] == 0.75
    assert signal.evidence[1] == "similarity 0.00"


def test_a_short_remark_on_topic_scores_lower_than_one_elsewhere() -> None:
    on_topic = OffTopicClassifier().judge(comment("Cardboard compost works."))[0]
    elsewhere = OffTopicClassifier().judge(comment("Mayor resigned, finally."))[0]

    assert on_topic.score == 0.0
    assert elsewhere.score == 0.75


@pytest.mark.parametrize(
    ("body", "score"), [("Congrats, Priya!", 0.0), ("What about bitcoin?", 0.75)]
)
def test_a_name_addressed_is_a_courtesy_but_a_lone_subject_is_scored(
    body: str, score: float
) -> None:
    [signal] = OffTopicClassifier().judge(comment(body))

    assert signal.score == score

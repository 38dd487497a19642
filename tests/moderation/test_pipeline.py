"""The pipeline's decisions, reasons and scores, without a database."""

from dataclasses import dataclass

from porch.moderation import CHECK_FAILED
from porch.moderation.pipeline import ModerationContext, moderate, reasons_as_json
from porch.moderation.rules import BlockEntry, Policy
from porch.moderation.types import Reason, Signal, Submission, Thresholds

POST = {
    "post_title": "Walking beside the team",
    "post_text": "A team moves faster when the person in charge walks beside it.",
    "post_questions": ("When did you last step back?",),
}
KIND = Submission(
    body="Stepping back last spring let my team surprise me.",
    author_name="Anna Berg",
    author_email="anna@fjord.example",
    ip="198.51.100.23",
    **POST,
)
KNOWN = ModerationContext(is_known_commenter=True)


@dataclass
class FixedScores:
    """A classifier that gives the scores a test is about, with its evidence."""

    name: str = "fixed"
    offensive: float = 0.0
    spam: float = 0.0
    off_topic: float = 0.0

    def judge(self, submission: Submission) -> list[Signal]:
        return [
            Signal("offensive", self.offensive, "Reads as offensive.", ("idiot",)),
            Signal("spam", self.spam, "Looks like promotion.", ("cheap.example",)),
            Signal(
                "off_topic", self.off_topic, "Shares 0% of its words.", ("passage",)
            ),
        ]


class Broken:
    name = "broken"

    def judge(self, submission: Submission) -> list[Signal]:
        raise RuntimeError(submission.body)


def test_known_commenter_with_low_scores_is_approved_without_reasons():
    verdict = moderate(KIND, KNOWN, [FixedScores(offensive=0.1, spam=0.2)])

    assert (verdict.decision, verdict.reasons) == ("approve", ())
    assert verdict.scores == {"offensive": 0.1, "spam": 0.2, "off_topic": 0.0}


def test_score_at_the_threshold_holds_with_that_labels_reason_and_evidence():
    verdict = moderate(KIND, KNOWN, [FixedScores(offensive=0.8, spam=0.79)])

    assert verdict.decision == "hold"
    assert verdict.reasons == (Reason("offensive", "Reads as offensive.", ("idiot",)),)


def test_hosts_thresholds_decide():
    lenient = ModerationContext(
        policy=Policy(thresholds=Thresholds(offensive=0.95, spam=0.5, off_topic=0.95)),
        is_known_commenter=True,
    )

    verdict = moderate(KIND, lenient, [FixedScores(offensive=0.9, spam=0.5)])

    assert [reason.code for reason in verdict.reasons] == ["spam"]


def test_classifier_failure_holds_and_keeps_the_others_scores():
    verdict = moderate(KIND, KNOWN, [Broken(), FixedScores(spam=0.3)])

    assert verdict.decision == "hold"
    assert verdict.reasons == (Reason("check_failed", CHECK_FAILED, ("broken",)),)
    assert verdict.scores == {"offensive": 0.0, "spam": 0.3, "off_topic": 0.0}


def test_unexpected_failure_outside_classifiers_still_holds():
    class NotAClassifier:  # no name: assess itself trips over it
        def judge(self, submission: Submission) -> list[Signal]:
            return [Signal("spam", "high", "?")]  # type: ignore[arg-type]

    verdict = moderate(KIND, KNOWN, [NotAClassifier()])  # type: ignore[list-item]

    assert verdict.decision == "hold"
    assert verdict.reasons[0].message == "automatic check failed"
    assert verdict.scores == {"offensive": 0.0, "spam": 0.0, "off_topic": 0.0}


def test_first_time_commenter_is_held_with_the_reason():
    verdict = moderate(KIND, ModerationContext(), [FixedScores()])

    assert verdict.decision == "hold"
    assert [reason.code for reason in verdict.reasons] == ["first_time"]


def test_every_hold_reason_is_recorded_in_order():
    body = "Loans at https://a.example and https://b.example, ask me."
    context = ModerationContext(
        policy=Policy(manual_approval=True, moderation_words=("loans",))
    )

    verdict = moderate(
        Submission(body=body, **POST), context, [FixedScores(off_topic=0.9)]
    )

    assert verdict.decision == "hold"
    assert [reason.code for reason in verdict.reasons] == [
        "off_topic",
        "links",
        "rule:moderation_words",
        "rule:manual_approval",
        "first_time",
    ]


def test_blocklist_disallowed_words_and_traps_send_to_spam_with_all_reasons():
    trap = Reason("rule:honeypot", "Filled in the field hidden from people.")
    context = ModerationContext(
        policy=Policy(disallowed_words=("fjord",)),
        is_known_commenter=True,
        blocks=(BlockEntry("ip", "198.51.100.0/24"),),
        traps=(trap,),
    )

    verdict = moderate(KIND, context, [FixedScores(spam=0.9)])

    assert verdict.decision == "spam"
    assert [reason.code for reason in verdict.reasons] == [
        "rule:honeypot",
        "rule:blocklist",
        "rule:disallowed_words",
        "spam",
    ]
    assert verdict.scores["spam"] == 0.9


def test_trusted_writer_is_approved_whatever_the_rules_say():
    context = ModerationContext(
        policy=Policy(manual_approval=True), is_trusted_writer=True
    )

    verdict = moderate(KIND, context, [Broken()])

    assert verdict.decision == "approve"
    assert [reason.code for reason in verdict.reasons] == ["trusted"]
    assert verdict.scores == {"offensive": 0.0, "spam": 0.0, "off_topic": 0.0}


def test_shipped_classifiers_give_all_three_scores_and_pass_a_kind_reply():
    reply = Submission(
        body="Thanks, Tom!", parent_body="Stepping back worked for me too.", **POST
    )

    verdict = moderate(reply, KNOWN)

    assert verdict.decision == "approve"
    assert set(verdict.scores) == {"offensive", "spam", "off_topic"}


def test_reasons_as_json_is_what_the_comment_and_the_try_command_store():
    reasons = (Reason("links", "Has 2 links.", ("https://a.example",)),)

    assert reasons_as_json(reasons) == [
        {"code": "links", "message": "Has 2 links.", "evidence": ["https://a.example"]}
    ]


def test_a_members_email_typed_without_proof_is_held_with_its_reason():
    context = ModerationContext(uses_member_email=True)

    verdict = moderate(KIND, context, classifiers=[])

    assert verdict.decision == "hold"
    assert reasons_as_json(verdict.reasons) == [
        {
            "code": "member_email",
            "message": "uses the email of a member of this site",
            "evidence": [],
        },
        {
            "code": "first_time",
            "message": "A first comment from this commenter waits for approval.",
            "evidence": [],
        },
    ]


def test_spam_at_the_filing_level_is_filed_as_spam_not_held():
    verdict = moderate(KIND, KNOWN, [FixedScores(spam=0.98)])

    assert verdict.decision == "spam"
    assert [reason.code for reason in verdict.reasons] == ["spam"]
    assert verdict.reasons[0].message == "Looks like promotion."


def test_spam_just_under_the_filing_level_is_only_held():
    verdict = moderate(KIND, KNOWN, [FixedScores(spam=0.979)])

    assert verdict.decision == "hold"
    assert [reason.code for reason in verdict.reasons] == ["spam"]


def test_the_hosts_filing_level_files_spam_below_the_hold_threshold_with_a_reason():
    eager = ModerationContext(
        is_known_commenter=True,
        policy=Policy(thresholds=Thresholds(spam=0.9, spam_file_at=0.7)),
    )

    verdict = moderate(KIND, eager, [FixedScores(spam=0.75)])

    assert verdict.decision == "spam"
    assert reasons_as_json(verdict.reasons) == [
        {
            "code": "spam",
            "message": "Spam score high enough to file it as spam.",
            "evidence": [],
        }
    ]


def test_a_trusted_writer_is_never_filed_as_spam_by_score():
    trusted = ModerationContext(is_trusted_writer=True)

    verdict = moderate(KIND, trusted, [FixedScores(spam=1.0)])

    assert verdict.decision == "approve"


def test_every_trap_and_block_is_spam_even_with_nothing_else_found():
    for reason in (
        Reason("rule:honeypot", "Filled in the field hidden from people."),
        Reason("rule:form_timing", "The form's timestamp was altered."),
    ):
        context = ModerationContext(is_known_commenter=True, traps=(reason,))
        assert moderate(KIND, context, [FixedScores()]).decision == "spam"
    blocked = ModerationContext(
        is_known_commenter=True, blocks=(BlockEntry("ip", "198.51.100.0/24"),)
    )
    assert moderate(KIND, blocked, [FixedScores()]).decision == "spam"

"""Each WordPress Discussion rule and bot defence, on plain submissions."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from porch.core.models import SiteSettings
from porch.moderation import rules
from porch.moderation.types import Reason, Submission, Thresholds

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
ANNA = Submission(
    body="Walking beside the team is harder than it sounds.",
    author_name="Anna Berg",
    author_email="anna@fjord.example",
    author_url="https://anna.fjord.example/blog",
    ip="198.51.100.23",
)


def with_body(body: str) -> Submission:
    return Submission(body=body, author_name="Anna Berg", ip="198.51.100.23")


def test_two_links_hold_by_default_and_one_does_not():
    policy = rules.Policy()
    one = with_body("My notes: https://notes.example/teams")
    two = with_body("See https://a.example/x and www.b.example/y for more.")

    assert rules.links_reason(one, policy) is None
    assert rules.links_reason(two, policy) == Reason(
        "links",
        "Has 2 links; comments with 2 or more wait for review.",
        ("https://a.example/x", "www.b.example/y"),
    )


def test_link_limit_zero_turns_the_rule_off():
    many = with_body("https://a.example https://b.example https://c.example")

    assert rules.links_reason(many, rules.Policy(hold_links=0)) is None


def test_moderation_words_match_inside_words_in_every_field_without_quoting_them():
    policy = rules.Policy(moderation_words=("press", "fjord", "198.51.100."))

    reason = rules.moderation_words_reason(
        Submission(
            body="I use WordPress at work.",
            author_name="Anna Berg",
            author_email="anna@fjord.example",
            author_url="https://anna.fjord.example/blog",
            ip="198.51.100.23",
        ),
        policy,
    )

    assert reason == Reason(
        "rule:moderation_words",
        "Contains a moderation word.",
        (
            "press (in text)",
            "fjord (in email)",
            "fjord (in website)",
            "198.51.100. (in IP)",
        ),
    )
    assert "anna@fjord.example" not in str(reason)


def test_disallowed_words_are_case_insensitive_and_say_where():
    policy = rules.Policy(disallowed_words=("casino",))

    hit = rules.disallowed_words_reason(
        Submission(body="Great post", author_name="Best CASINO Bonus"), policy
    )

    assert hit == Reason(
        "rule:disallowed_words", "Contains a disallowed word.", ("casino (in name)",)
    )
    assert rules.disallowed_words_reason(ANNA, policy) is None


def test_word_list_ignores_blank_lines_and_repeats():
    assert rules.word_list("  Casino \n\n casino\nloan  \n") == ("casino", "loan")


def test_manual_approval_and_first_time_rules():
    strict = rules.Policy(manual_approval=True)
    relaxed = rules.Policy(hold_first_comment=False)

    assert rules.manual_approval_reason(strict) == Reason(
        "rule:manual_approval", "Every comment waits for manual approval."
    )
    assert rules.manual_approval_reason(relaxed) is None
    assert rules.first_time_reason(
        is_known_commenter=False, policy=rules.Policy()
    ) == Reason("first_time", "A first comment from this commenter waits for approval.")
    assert (
        rules.first_time_reason(is_known_commenter=True, policy=rules.Policy()) is None
    )
    assert rules.first_time_reason(is_known_commenter=False, policy=relaxed) is None


@pytest.mark.parametrize(
    ("entry", "evidence"),
    [
        (rules.BlockEntry("email", "anna@fjord.example"), "email address"),
        (
            rules.BlockEntry("domain", "fjord.example", "ads"),
            "domain fjord.example: ads",
        ),
        (rules.BlockEntry("ip", "198.51.100.0/24"), "IP range"),
    ],
)
def test_blocklist_matches_email_domain_and_ip_range(entry, evidence):
    reason = rules.blocklist_reason(ANNA, [entry])

    assert reason == Reason("rule:blocklist", "The commenter is blocked.", (evidence,))


def test_blocklist_domain_matches_website_subdomains_but_not_lookalikes():
    entries = [rules.BlockEntry("domain", "fjord.example")]
    lookalike = Submission(
        body="Hi",
        author_email="x@notfjord.example",
        author_url="https://notfjord.example",
    )
    by_site = Submission(body="Hi", author_url="https://shop.fjord.example/deal")

    assert rules.blocklist_reason(lookalike, entries) is None
    assert rules.blocklist_reason(by_site, entries) is not None


def test_blocklist_other_ranges_and_no_ip_do_not_match():
    entries = [
        rules.BlockEntry("ip", "203.0.113.0/24"),
        rules.BlockEntry("ip", "2001:db8::/48"),
    ]

    assert rules.blocklist_reason(ANNA, entries) is None
    assert rules.blocklist_reason(Submission(body="Hi"), entries) is None


def test_honeypot_filled_is_spam_and_empty_is_fine():
    assert rules.honeypot_reason("") is None
    assert rules.honeypot_reason("   ") is None
    assert rules.honeypot_reason("https://cheap.example") == Reason(
        "rule:honeypot", "Filled in the field hidden from people."
    )


def test_form_posted_within_the_human_window_passes():
    token = rules.form_token_make(NOW)

    assert rules.form_timing_reason(token, NOW + timedelta(seconds=3)) is None
    assert rules.form_timing_reason(token, NOW + timedelta(days=3)) is None


def test_form_posted_too_fast_too_late_or_forged_is_flagged():
    token = rules.form_token_make(NOW)
    forged = rules.form_token_make(NOW).rsplit(":", 1)[0] + ":forged"

    fast = rules.form_timing_reason(token, NOW + timedelta(seconds=2))
    late = rules.form_timing_reason(token, NOW + timedelta(days=3, seconds=1))

    assert fast == Reason(
        "rule:form_timing",
        "Posted 2 s after the form was shown: too fast for a person.",
    )
    assert late == Reason(
        "rule:form_timing", "Posted more than 3 days after the form was shown."
    )
    assert rules.form_timing_reason(forged, NOW) == Reason(
        "rule:form_timing", "The form's timestamp was altered."
    )
    assert rules.form_timing_reason("", NOW) is None  # came through no form


@pytest.mark.django_db
def test_policy_comes_from_the_hosts_settings():
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(
        moderation_manual_approval=True,
        moderation_hold_first_comment=False,
        moderation_hold_links=3,
        moderation_words="loan\n\nCrypto\n",
        moderation_disallowed_words="casino",
        moderation_spam_threshold=0.6,
        moderation_spam_file_at=0.9,
    )
    cache.clear()

    policy = rules.policy_from_site(SiteSettings.current())

    assert policy == rules.Policy(
        manual_approval=True,
        hold_first_comment=False,
        hold_links=3,
        moderation_words=("loan", "crypto"),
        disallowed_words=("casino",),
        thresholds=Thresholds(offensive=0.8, spam=0.6, off_topic=0.8, spam_file_at=0.9),
    )


def test_the_comment_form_without_its_signed_time_is_a_trap():
    missing = Reason("rule:form_timing", "Posted without the form's signed timestamp.")
    assert rules.form_timing_reason("", NOW, required=True) == missing
    token = rules.form_token_make(NOW)
    assert (
        rules.form_timing_reason(token, NOW + timedelta(minutes=1), required=True)
        is None
    )


def test_member_email_rule():
    assert rules.member_email_reason(uses_member_email=False) is None
    assert rules.member_email_reason(uses_member_email=True) == Reason(
        "member_email", "uses the email of a member of this site"
    )

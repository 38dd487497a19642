"""WordPress's Discussion rules and Porch's bot defences, as plain functions.

Each rule looks at a ``Submission`` and answers with a ``Reason`` (or nothing). Word
lists match as WordPress does: case-insensitive, inside words too ("press" matches
"WordPress"), against the text, name, email, website and IP. Evidence names the word
and the field, never the email or IP itself, because the moderator's desk is a page.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core import signing

from porch.core.models import SiteSettings
from porch.moderation.types import Reason, Submission, Thresholds

LINKS = "links"
FIRST_TIME = "first_time"
MODERATION_WORDS = "rule:moderation_words"
DISALLOWED_WORDS = "rule:disallowed_words"
MANUAL_APPROVAL = "rule:manual_approval"
BLOCKLIST = "rule:blocklist"
HONEYPOT = "rule:honeypot"
FORM_TIMING = "rule:form_timing"
MEMBER_EMAIL = "member_email"
TRUSTED = "trusted"

FORM_SALT = "porch.moderation.form-started"
FORM_MIN_SECONDS = 3
FORM_MAX_SECONDS = 3 * 24 * 3600
# What a reader can type as a link: a scheme, a bare www., or a Markdown autolink.
LINK_PATTERN = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Policy:
    """The host's moderation settings as plain values (see ``policy_from_site``)."""

    manual_approval: bool = False
    hold_first_comment: bool = True
    hold_links: int = 2
    moderation_words: tuple[str, ...] = ()
    disallowed_words: tuple[str, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)


@dataclass(frozen=True, slots=True)
class BlockEntry:
    """An active block rule as a plain value: kind ``email``, ``domain`` or ``ip``."""

    kind: str
    value: str
    reason: str = ""


def word_list(text: str) -> tuple[str, ...]:
    """The non-blank lines of a settings text box, lower-cased and de-duplicated."""
    lines = (line.strip().lower() for line in text.splitlines())
    return tuple(dict.fromkeys(line for line in lines if line))


def policy_from_site(site: SiteSettings) -> Policy:
    """The moderation part of the host's ``SiteSettings`` row."""
    return Policy(
        manual_approval=site.moderation_manual_approval,
        hold_first_comment=site.moderation_hold_first_comment,
        hold_links=site.moderation_hold_links,
        moderation_words=word_list(site.moderation_words),
        disallowed_words=word_list(site.moderation_disallowed_words),
        thresholds=Thresholds(
            offensive=site.moderation_offensive_threshold,
            spam=site.moderation_spam_threshold,
            off_topic=site.moderation_off_topic_threshold,
            spam_file_at=site.moderation_spam_file_at,
        ),
    )


def _fields(submission: Submission) -> dict[str, str]:
    return {
        "text": submission.body,
        "name": submission.author_name,
        "email": submission.author_email,
        "website": submission.author_url,
        "IP": submission.ip,
    }


def _word_hits(submission: Submission, words: Iterable[str]) -> tuple[str, ...]:
    fields = {name: value.lower() for name, value in _fields(submission).items()}
    return tuple(
        f"{word} (in {name})"
        for word in words
        for name, value in fields.items()
        if value and word in value
    )


def moderation_words_reason(submission: Submission, policy: Policy) -> Reason | None:
    """Hold: a moderation word appears in the text, name, email, website or IP."""
    hits = _word_hits(submission, policy.moderation_words)
    if not hits:
        return None
    return Reason(MODERATION_WORDS, "Contains a moderation word.", hits)


def disallowed_words_reason(submission: Submission, policy: Policy) -> Reason | None:
    """Spam: a disallowed word appears in the text, name, email, website or IP."""
    hits = _word_hits(submission, policy.disallowed_words)
    if not hits:
        return None
    return Reason(DISALLOWED_WORDS, "Contains a disallowed word.", hits)


def links_reason(submission: Submission, policy: Policy) -> Reason | None:
    """Hold: the text has ``policy.hold_links`` links or more (0 turns this off)."""
    links = LINK_PATTERN.findall(submission.body)
    if policy.hold_links <= 0 or len(links) < policy.hold_links:
        return None
    return Reason(
        LINKS,
        f"Has {len(links)} links; comments with {policy.hold_links} or more wait "
        "for review.",
        tuple(dict.fromkeys(links))[:8],
    )


def manual_approval_reason(policy: Policy) -> Reason | None:
    """Hold: the host approves every comment by hand."""
    if not policy.manual_approval:
        return None
    return Reason(MANUAL_APPROVAL, "Every comment waits for manual approval.")


def first_time_reason(*, is_known_commenter: bool, policy: Policy) -> Reason | None:
    """Hold: no earlier approved comment from this email (when the host asks)."""
    if not policy.hold_first_comment or is_known_commenter:
        return None
    return Reason(FIRST_TIME, "A first comment from this commenter waits for approval.")


def member_email_reason(*, uses_member_email: bool) -> Reason | None:
    """Hold: written without signing in, under the email of someone on the site.

    The caller decides (moderation reads no accounts): the address belongs to an
    account or an author's profile, and the writer gave no proof it is theirs.
    """
    if not uses_member_email:
        return None
    return Reason(MEMBER_EMAIL, "uses the email of a member of this site")


def _ip_blocked(ip: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(ip.strip()) in ipaddress.ip_network(network)
    except ValueError:
        return False


def _host(url: str) -> str:
    found = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#@]+)", url.strip().lower())
    return found.group(1) if found else ""


def _in_domain(host: str, domain: str) -> bool:
    return bool(host) and (host == domain or host.endswith(f".{domain}"))


def blocklist_reason(
    submission: Submission, entries: Iterable[BlockEntry]
) -> Reason | None:
    """Spam: the email, the email's or website's domain, or the IP is blocked."""
    email = submission.author_email.strip().lower()
    email_host = email.rpartition("@")[2]
    hits: list[str] = []
    for entry in entries:
        if entry.kind == "email" and email and email == entry.value:
            hits.append("email address")
        elif entry.kind == "domain" and (
            _in_domain(email_host, entry.value)
            or _in_domain(_host(submission.author_url), entry.value)
        ):
            hits.append(f"domain {entry.value}")
        elif (
            entry.kind == "ip"
            and submission.ip
            and _ip_blocked(submission.ip, entry.value)
        ):
            hits.append("IP range")
        else:
            continue
        if entry.reason:
            hits[-1] += f": {entry.reason}"
    if not hits:
        return None
    return Reason(BLOCKLIST, "The commenter is blocked.", tuple(dict.fromkeys(hits)))


def honeypot_reason(value: str) -> Reason | None:
    """Spam: the field hidden from people was filled in, as bots fill every field."""
    if not value.strip():
        return None
    return Reason(HONEYPOT, "Filled in the field hidden from people.")


def form_token_make(now: datetime) -> str:
    """A signed record of when the comment form was shown (``form_timing_reason``)."""
    return signing.Signer(salt=FORM_SALT).sign(str(int(now.timestamp())))


def form_timing_reason(
    token: str, now: datetime, *, required: bool = False
) -> Reason | None:
    """Spam: the form came back in under 3 seconds, after 3 days, or with a forged
    or unreadable token. A missing token is a trap only when ``required``: the
    comment form always sends one, so a post without it was not made from the form,
    while the demo and the importers write through no form at all.
    """
    if not token:
        if required:
            return Reason(FORM_TIMING, "Posted without the form's signed timestamp.")
        return None
    try:
        shown = int(signing.Signer(salt=FORM_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return Reason(FORM_TIMING, "The form's timestamp was altered.")
    seconds = int(now.timestamp()) - shown
    if seconds < FORM_MIN_SECONDS:
        return Reason(
            FORM_TIMING,
            f"Posted {max(seconds, 0)} s after the form was shown: too fast "
            "for a person.",
        )
    if seconds > FORM_MAX_SECONDS:
        return Reason(FORM_TIMING, "Posted more than 3 days after the form was shown.")
    return None

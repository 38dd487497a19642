"""The desk's forms: they parse what a moderator sent; the rules live in services."""

from __future__ import annotations

from datetime import date

from django import forms

from porch.comments.models import BODY_MAX_LENGTH
from porch.comments.verdicts import DECISIONS, Decision
from porch.core.input_checks import IdField, TypedTextField, id_from_text
from porch.moderation import rules

# The desk's buttons, by their form value ("offensive"), read off the one table of
# moderation decisions; the audit log names the action ("remove_offensive").
DESK_DECISIONS: dict[str, Decision] = {
    decision.desk_key: decision for decision in DECISIONS.values() if decision.desk_key
}
ACTION_CHOICES = [
    (key, decision.desk_label) for key, decision in DESK_DECISIONS.items()
]
REASON_CHOICES = [
    ("", "Any reason"),
    ("offensive", "Offensive"),
    ("spam", "Spam"),
    ("off_topic", "Off-topic"),
    (rules.LINKS, "Too many links"),
    (rules.MODERATION_WORDS, "Moderation word"),
    (rules.FIRST_TIME, "First-time commenter"),
    (rules.MANUAL_APPROVAL, "Manual approval"),
    ("check_failed", "Automatic check failed"),
]
STATUS_CHOICES = [("", "Held"), ("spam", "Spam")]
# On the Spam view, approving is saying "not spam"; marking spam again means nothing.
SPAM_VIEW_ACTION_CHOICES = [
    ("approve", "Not spam"),
    *((key, label) for key, label in ACTION_CHOICES if key not in {"approve", "spam"}),
]
BLOCK_KIND_CHOICES = [
    ("email", "Email address"),
    ("domain", "Email domain"),
    ("ip", "IP range"),
]
EXPIRY_CHOICES = [
    ("1", "1 day"),
    ("7", "7 days"),
    ("30", "30 days"),
    ("365", "1 year"),
    ("0", "Never"),
]
SEARCH_MAX_LENGTH = 200


class QueueFilterForm(forms.Form):
    """Filters and search over the held comments; every field may be left empty."""

    reason = forms.ChoiceField(choices=REASON_CHOICES, required=False)
    post = IdField(required=False)
    author = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH)
    q = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH, label="Search")
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=ACTION_CHOICES)


class CommentIdsField(forms.Field):
    """Comment ids from checkboxes; which of them may be acted on is the view's rule."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Those are not comments on this desk."}

    def to_python(self, value: object) -> list[int]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        ids = {id_from_text(str(one).strip()) for one in value}
        if None in ids:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return sorted(one for one in ids if one is not None)


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=ACTION_CHOICES,
        error_messages={"required": "Choose what to do with the selected comments."},
    )
    comments = CommentIdsField(
        error_messages={"required": "Select at least one comment."}
    )


class CommentBodyForm(forms.Form):
    """The text of a moderator's edit or reply."""

    body = TypedTextField(
        label="Comment",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Please type the comment's text."},
    )


class BlockForm(forms.Form):
    """Block by a typed value, or by the commenter of ``comment`` (never shown)."""

    kind = forms.ChoiceField(choices=BLOCK_KIND_CHOICES, label="Block by")
    value = forms.CharField(
        required=False,
        max_length=254,
        label="Value",
        help_text="Leave empty to use the held comment's own address, domain or range.",
    )
    comment = IdField(required=False, widget=forms.HiddenInput)
    expires_in_days = forms.ChoiceField(
        choices=EXPIRY_CHOICES, initial="30", label="Expires after"
    )
    note = forms.CharField(required=False, max_length=200, label="Why (for the log)")

    def __init__(self, *args: object, email_only: bool = False, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if email_only:
            # An author or guest contributor blocks a held comment's own address,
            # no more: the page offers only that; the service refuses the rest
            # with its reason, so the choices accepted stay the same.
            kind = self.fields["kind"]
            kind.widget = forms.Select(choices=BLOCK_KIND_CHOICES[:1])
            kind.initial = "email"
            self.fields["value"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("value") and not data.get("comment"):
            raise forms.ValidationError("Type an address, domain or IP range to block.")
        return data


class LogFilterForm(forms.Form):
    action = forms.CharField(required=False, max_length=32)
    actor = forms.CharField(required=False, max_length=150)
    post = IdField(required=False)
    since = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            raise forms.ValidationError("The start date comes after the end date.")
        return data

"""The comment form: parses what a reader typed; the rules live in services.

Limits (also in the README): name 100 characters, email 254, website 200, comment
5,000. Whitespace-only fields count as empty.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.validators import URLValidator
from django.utils import timezone

from porch.comments.identity import IdentityProof
from porch.comments.models import (
    BODY_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    URL_MAX_LENGTH,
)
from porch.comments.services import CommentAuthor
from porch.core.identity_text import IdentityTextField, IdentityURLField
from porch.core.input_checks import IdField, TypedTextField
from porch.moderation.rules import (
    form_timing_reason,
    form_token_make,
    honeypot_reason,
)
from porch.moderation.types import Reason

# The formatting hint under the box (comments/formatting_hint.html) describes it.
BODY_ATTRS = {"rows": 8, "cols": 45, "aria-describedby": "comment-body-hint"}


class DescribedErrorsForm(forms.Form):
    """A form whose invalid fields point at their error (``form_field.html``'s id)."""

    def add_error(self, field: str | None, error: Any) -> None:
        # Screen readers announce an error with its field only when the field points
        # at it; Django's own field errors arrive through here too. A hidden field
        # has nowhere to show its error, so it goes above the form.
        if field in self.fields and self.fields[field].widget.is_hidden:
            field = None
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                described = attrs.get("aria-describedby", "").split()
                error_id = f"comment-{name}-error"
                if error_id not in described:  # the error first, then any hint
                    attrs["aria-describedby"] = " ".join([error_id, *described])
                attrs["aria-invalid"] = "true"


class CommentForm(DescribedErrorsForm):
    """Name, email, website and comment, or just the comment for a logged-in writer."""

    name = IdentityTextField(
        label="Name",
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": "Please enter your name."},
    )
    email = forms.EmailField(
        label="Email",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address, like name@example.com.",
        },
    )
    url = IdentityURLField(
        label="Website",
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={
            "invalid": "Please enter a web address starting with http:// or https://."
        },
    )
    body = TypedTextField(
        label="Comment",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs=BODY_ATTRS),
        error_messages={"required": "Please type your comment."},
    )
    parent = IdField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The comment you replied to is no longer here."},
    )
    remember = forms.BooleanField(
        label="Save my name, email, and website in this browser for the next time "
        "I comment.",
        required=False,
    )
    notify_post = forms.BooleanField(
        label="Notify me of follow-up comments by email.", required=False
    )
    notify_replies = forms.BooleanField(
        label="Notify me of replies to my comment.", required=False
    )
    # Bot traps (porch.moderation.rules): a field people never see, and a signed
    # time the form was shown (missing counts as tripped). Either one tripped sends
    # the comment to spam.
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        user: AbstractBaseUser | AnonymousUser | None = None,
        proof: IdentityProof | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        self.proof = proof or IdentityProof()
        if not self.is_bound:
            self.fields["started"].initial = form_token_make(timezone.now())
        if self.user is not None:
            for name in ("name", "email", "url", "remember"):
                del self.fields[name]

    @property
    def is_signed_in(self) -> bool:
        return self.user is not None

    def account_author(self) -> CommentAuthor | None:
        """The logged-in writer's identity: their byline name, email and site."""
        if self.user is None:
            return None
        return CommentAuthor.for_account(self.user)

    def author(self) -> CommentAuthor:
        """Who writes: the logged-in account's identity, or what the reader typed."""
        account = self.account_author()
        if account is not None:
            return account
        data = self.cleaned_data
        return CommentAuthor(
            name=data["name"], email=data["email"], url=data["url"], proof=self.proof
        )

    def service_kwargs(self) -> dict[str, Any]:
        """The arguments ``comment_submit`` takes from the form."""
        return {
            "author": self.author(),
            "body": self.cleaned_data["body"],
            "parent_id": self.cleaned_data.get("parent"),
            "subscribe_post": self.cleaned_data["notify_post"],
            "subscribe_replies": self.cleaned_data["notify_replies"],
            "traps": self.traps(),
        }

    def traps(self) -> tuple[Reason, ...]:
        """The bot traps this submission tripped (none for a signed-in writer).

        The form always sends its signed time, so a post without one is a trap.
        """
        if self.user is not None:
            return ()
        started = self.cleaned_data.get("started") or ""
        found = (
            honeypot_reason(self.cleaned_data.get("homepage") or ""),
            form_timing_reason(started, timezone.now(), required=True),
        )
        return tuple(reason for reason in found if reason is not None)


class CommentEditForm(DescribedErrorsForm):
    body = TypedTextField(
        label="Comment",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs=BODY_ATTRS),
        error_messages={"required": "Please type your comment."},
    )

"""The admin's personal-data forms: the address, then how to erase."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from porch.comments.models import EMAIL_MAX_LENGTH

ANONYMISE = "anonymise"
DELETE = "delete"


class PersonalDataForm(forms.Form):
    email = forms.EmailField(
        label=_("The commenter's email address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Matched in any case: Ada@Example.com finds ada@example.com."),
    )


class ErasureForm(PersonalDataForm):
    mode = forms.ChoiceField(
        label=_("Their comments"),
        choices=[
            (ANONYMISE, _("Anonymise: keep the text, drop the name and contacts")),
            (DELETE, _("Delete: replies stay, under a removed placeholder")),
        ],
        initial=ANONYMISE,
        widget=forms.RadioSelect,
    )

"""The host's account and the site's name, shared by ``porch init``, ``createadmin``
and the demo, so all three make the same kind of host."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from porch.core.errors import PorchError
from porch.core.models import SiteSettings

# The role group porch.people.roles syncs after every migrate; core may not import
# people, so the name is repeated here.
HOST_GROUP = "host"


class SetupRefusedError(PorchError):
    """The host account or site name cannot be set as asked; nothing was written."""


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@transaction.atomic
def host_create(*, username: str, email: str, password: str) -> User:
    """Create a superuser in the host group; refuse a taken name or weak password.

    Raises ``SetupRefusedError`` with every reason in one sentence.
    """
    user_model = get_user_model()
    if user_model._default_manager.filter(username=username).exists():
        raise SetupRefusedError(f"a user named {username!r} already exists")
    user = user_model(username=username, email=email, is_staff=True, is_superuser=True)
    try:
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
    except ValidationError as error:
        raise SetupRefusedError(_messages(error)) from None
    user.save()
    group = Group.objects.filter(name=HOST_GROUP).first()
    if group is not None:
        user.groups.add(group)
    return user


def site_name_set(*, name: str) -> SiteSettings:
    """Give the site its name (shown in the header, title and feeds)."""
    site = SiteSettings.current()
    site.site_name = name.strip()
    try:
        site.full_clean()
    except ValidationError as error:
        raise SetupRefusedError(f"site name: {_messages(error)}") from None
    site.save(update_fields=["site_name"])
    return site

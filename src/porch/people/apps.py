from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "porch.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # Roles need every app's permissions, which exist only after migrate has
        # run; syncing on post_migrate keeps them right after each upgrade too.
        post_migrate.connect(_sync_roles, dispatch_uid="porch-roles-sync")
        from porch.people import page_cache_hooks  # noqa: F401


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    if sender.label != "people":
        return
    from porch.people.roles import roles_sync

    roles_sync(using=kwargs.get("using", "default"))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "porch.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self) -> None:
        from porch.core import signals  # noqa: F401
        from porch.core.page_cache import hooks  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "porch.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.urls import register_converter

        from porch.core import signals  # noqa: F401
        from porch.core.converters import IdConverter
        from porch.core.page_cache import hooks  # noqa: F401

        # Before any URLconf is read: every app's urls.py says ``<id:pk>``.
        register_converter(IdConverter, "id")

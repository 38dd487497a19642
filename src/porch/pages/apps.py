from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "porch.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from porch.pages import page_cache_hooks  # noqa: F401

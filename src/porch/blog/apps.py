from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "porch.blog"
    label = "blog"
    verbose_name = _("Blog")

    def ready(self) -> None:
        from porch.blog import page_cache_hooks  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "porch.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from porch.comments import page_cache_hooks  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "porch.media"
    label = "media"
    verbose_name = _("Media library")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "porch.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from porch.core.management.readiness import (
            check_line_register,
            warm_up_register,
        )
        from porch.moderation.checks import sentence_model_display
        from porch.moderation.sentence import sentence_model_warm

        check_line_register("Sentence model", sentence_model_display)
        warm_up_register("Sentence model", sentence_model_warm)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "porch.desk"
    label = "desk"
    verbose_name = _("Moderator's desk")

    def ready(self) -> None:
        # Comments tell moderators about held comments through a rule the desk
        # hands them: comments sit below the desk and may not import it.
        from porch.comments.tasks import held_audience_register
        from porch.desk.emails import held_audience

        held_audience_register(held_audience)

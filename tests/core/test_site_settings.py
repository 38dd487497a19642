import time_machine
from django.utils import timezone

from porch.core.models import SiteSettings


def test_a_change_saved_by_another_process_shows_within_ten_seconds(db):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert SiteSettings.current().site_name == "My Porch"
        # Another server process saves: its signal drops only its own cached copy.
        SiteSettings.objects.filter(pk=1).update(site_name="Renamed Elsewhere")
        assert SiteSettings.current().site_name == "My Porch"
        clock.shift(11)
        assert SiteSettings.current().site_name == "Renamed Elsewhere"


def test_saving_here_shows_at_once(db):
    site = SiteSettings.current()
    site.site_name = "Renamed Here"
    site.save(update_fields=["site_name"])
    assert SiteSettings.current().site_name == "Renamed Here"

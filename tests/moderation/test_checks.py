"""What ``porch check`` says about moderation, through the line the app registers."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from porch.moderation import sentence

pytestmark = pytest.mark.django_db


def test_the_sentence_model_line_comes_before_the_migrations(settings, capsys):
    settings.SENTENCE_MODEL = False
    call_command("check")
    out = capsys.readouterr().out
    assert "Debug:     off\nSentence model: off\nMigrations: all applied\n" in out


def test_a_model_that_does_not_load_stops_the_check_in_one_line(monkeypatch, capsys):
    def broken_encoder() -> None:
        raise OSError("weights unreadable")

    monkeypatch.setattr(sentence, "sentence_encoder", broken_encoder)
    with pytest.raises(CommandError) as raised:
        call_command("check")
    assert str(raised.value) == (
        "PORCH_SENTENCE_MODEL is on but the model does not load: weights unreadable"
    )
    out = capsys.readouterr().out
    assert "Debug:" in out
    assert "Migrations:" not in out
    assert "System check" not in out

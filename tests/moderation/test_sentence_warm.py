"""The sentence model is built when Porch starts, so no reader's comment waits."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from porch.core.management.readiness import warm_ups_run
from porch.moderation import sentence
from porch.moderation.sentence import sentence_model_warm
from tests.moderation.conftest import skip_without_sentence_extra


def test_warming_up_a_model_turned_off_does_nothing(settings):
    settings.SENTENCE_MODEL = False
    assert sentence_model_warm() == "off (PORCH_SENTENCE_MODEL=off)"


def test_a_failing_build_is_logged_never_raised(settings, monkeypatch, caplog):
    settings.SENTENCE_MODEL = True

    def broken() -> None:
        raise OSError("weights unreadable")

    monkeypatch.setattr(sentence, "sentence_encoder", broken)
    assert sentence_model_warm() == "failed: weights unreadable"
    assert "did not warm up" in caplog.text


def test_the_moderation_app_registers_its_warm_up(settings):
    settings.SENTENCE_MODEL = False
    assert ("Sentence model", "off (PORCH_SENTENCE_MODEL=off)") in warm_ups_run()


def test_warming_up_builds_the_graph_into_the_data_dir(settings, sentence_data_dir):
    skip_without_sentence_extra()
    settings.SENTENCE_MODEL = True
    settings.DATA_DIR = sentence_data_dir
    sentence._site_encoder.cache_clear()
    try:
        assert sentence_model_warm() == "on, loaded"
        assert list((sentence_data_dir / "moderation").glob("sentence-minilm-*.onnx"))
    finally:
        sentence._site_encoder.cache_clear()


@pytest.mark.django_db
def test_porch_init_warms_up_before_any_comment(monkeypatch):
    from porch.people.management.commands import init

    calls: list[str] = []
    monkeypatch.setattr(init, "warm_ups_run", lambda: calls.append("warm") or [])
    call_command(
        "init", "--no-input", "--site-name", "Porch", "--admin-password", "pw-12345"
    )
    assert calls == ["warm"]

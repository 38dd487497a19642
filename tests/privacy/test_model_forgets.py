"""After an erasure the site's model holds nothing learned from the erased comments:
it is refitted from the decisions left, or removed when none is left."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from porch.desk.services.comments import comment_moderate
from porch.moderation import tasks
from porch.moderation.adapter import adapter_load
from porch.moderation.classifiers import MODEL_VERSION
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.models import ModerationExample
from porch.moderation.tasks import moderation_adapter_train
from tests.privacy.scene import ADA_EMAIL, ada_comment, charles_comment, scene_build

pytestmark = pytest.mark.django_db

ADA_ADS = [
    "Buy cheap engine cards at cardshop dot example, free delivery today.",
    "Discount punched cards, order now at cardshop dot example.",
]
CHARLES_ADS = [
    "Cheap gears and cogs, order at gearshop dot example, free delivery.",
    "Gearshop dot example: brass cogs at half price, order today.",
]
CHARLES_FINE = [
    "The mill and the store must be kept apart, as you describe.",
    "My tables were set in type by the engine itself, to avoid errors.",
]


@pytest.fixture
def adapter_file(settings, tmp_path: Path) -> Path:
    path = tmp_path / "moderation" / "adapter.npz"
    settings.MODERATION_ADAPTER_PATH = path
    return path


def decide(host, post, make, bodies, action):
    for body in bodies:
        comment_moderate(
            comment=make(post=post, body=body), actor=host, action=action, notify=False
        )


def test_the_refitted_model_is_the_one_fitted_without_her_decisions(
    adapter_file, django_capture_on_commit_callbacks
):
    scene = scene_build()
    with django_capture_on_commit_callbacks(execute=True):
        decide(scene.host, scene.post, ada_comment, ADA_ADS, "spam")
        decide(scene.host, scene.post, charles_comment, CHARLES_ADS, "spam")
        decide(scene.host, scene.post, charles_comment, CHARLES_FINE, "approve")
    before = adapter_load(adapter_file, MODEL_VERSION)
    assert before is not None
    assert before.labels["spam"].examples == ModerationExample.objects.count() == 11

    with django_capture_on_commit_callbacks(execute=True):
        call_command("privacy", "erase", ADA_EMAIL, stdout=io.StringIO())

    after = adapter_load(adapter_file, MODEL_VERSION)
    assert after is not None
    left = list(ModerationExample.objects.order_by("pk"))
    assert after.labels["spam"].examples == len(left) == 6  # 5 of hers gone
    assert after.generation == before.generation + 1
    without_her = adapters_fit(
        [Decision(example.as_submission(), example.label) for example in left]
    )
    assert np.array_equal(
        after.labels["spam"].columns, without_her.labels["spam"].columns
    )
    assert np.allclose(after.labels["spam"].weights, without_her.labels["spam"].weights)


def test_the_model_file_goes_when_every_decision_was_hers(
    adapter_file, django_capture_on_commit_callbacks
):
    scene = scene_build()
    ModerationExample.objects.filter(
        comment_id__in=[scene.charles_top.pk, scene.charles_reply.pk]
    ).delete()
    with django_capture_on_commit_callbacks(execute=True):
        decide(scene.host, scene.post, ada_comment, ADA_ADS, "spam")
    assert adapter_file.exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("privacy", "erase", ADA_EMAIL, "--delete", stdout=io.StringIO())

    assert not ModerationExample.objects.exists()
    assert not adapter_file.exists()


def test_a_refit_asked_for_with_nothing_new_still_fits(adapter_file):
    scene = scene_build()
    decide(scene.host, scene.post, charles_comment, CHARLES_ADS, "spam")
    assert moderation_adapter_train.call() == 7
    assert moderation_adapter_train.call() == 0  # up to date
    assert moderation_adapter_train.call(refit=True) == 7
    assert adapter_load(adapter_file, MODEL_VERSION).generation == 2


def test_a_fit_that_overlaps_an_erasure_is_thrown_away_and_done_again(
    adapter_file, monkeypatch
):
    scene = scene_build()
    decide(scene.host, scene.post, charles_comment, CHARLES_ADS, "spam")
    real_fit = tasks.adapters_fit
    fits = []

    def fit_while_an_erasure_commits(decisions, **options):
        if not fits:  # the erasure deletes an example while the first fit runs
            ModerationExample.objects.filter(comment_id=scene.ada_spam.pk).delete()
        fits.append(len(decisions))
        return real_fit(decisions, **options)

    monkeypatch.setattr(tasks, "adapters_fit", fit_while_an_erasure_commits)

    assert moderation_adapter_train.call() == 6
    assert fits == [7, 6]
    saved = adapter_load(adapter_file, MODEL_VERSION)
    assert saved is not None
    assert saved.labels["spam"].examples == 6

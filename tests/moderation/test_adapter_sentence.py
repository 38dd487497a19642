"""The site's adapter with the sentence model: a second own model per label, a file
that keeps it, and scores that stay sane when the host turns the model off."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from porch.desk.services.comments import comment_moderate
from porch.moderation import Submission
from porch.moderation.adapter import AdapterSet, adapter_load, adapter_save
from porch.moderation.classifiers import (
    MODEL_VERSION,
    EncoderSource,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.sentence import SentenceEncoder
from porch.moderation.tasks import moderation_adapter_train
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.moderation.conftest import skip_without_sentence_extra
from tests.moderation.test_adapter import ADS, FINE, LATER_AD, POST, said

skip_without_sentence_extra()

DECISIONS = [Decision(said(ad), "spam") for ad in ADS] + [
    Decision(said(body), "approve") for body in FINE
]


def spam_scores(classifier: SpamClassifier, bodies: list[str]) -> list[float]:
    return [
        signals[0].score for signals in classifier.judge_many([said(b) for b in bodies])
    ]


def without_vectors(adapters: AdapterSet) -> AdapterSet:
    labels = {k: replace(a, embedding=None) for k, a in adapters.labels.items()}
    return replace(adapters, labels=labels)


@pytest.mark.usefixtures("sentence_on")
def test_decisions_with_vectors_raise_the_score_of_a_later_similar_comment() -> None:
    fitted = adapters_fit(DECISIONS)
    shipped = SpamClassifier(adapters=lambda: None)
    taught = SpamClassifier(adapters=lambda: fitted)

    assert fitted.has_embeddings
    assert fitted.labels["spam"].embedding is not None
    assert spam_scores(taught, [LATER_AD])[0] > spam_scores(shipped, [LATER_AD])[0]
    assert spam_scores(taught, [LATER_AD])[0] > spam_scores(taught, [FINE[0]])[0]
    # The vectors' model takes part: the same file without it scores differently.
    plain = SpamClassifier(adapters=lambda: without_vectors(fitted))
    assert spam_scores(taught, [LATER_AD]) != spam_scores(plain, [LATER_AD])


@pytest.mark.usefixtures("sentence_on")
def test_an_adapter_with_vectors_survives_the_file_round_trip(tmp_path: Path) -> None:
    fitted = adapters_fit(DECISIONS)
    path = tmp_path / "adapter.npz"
    adapter_save(fitted, path)

    loaded = adapter_load(path, MODEL_VERSION)

    assert loaded is not None
    saved, read = fitted.labels["spam"].embedding, loaded.labels["spam"].embedding
    assert saved is not None
    assert read is not None
    np.testing.assert_array_equal(read.weights, saved.weights)
    assert (read.intercept, read.combiner) == (saved.intercept, saved.combiner)
    bodies = [LATER_AD, *FINE]
    assert spam_scores(SpamClassifier(lambda: loaded), bodies) == spam_scores(
        SpamClassifier(lambda: fitted), bodies
    )


@pytest.mark.usefixtures("sentence_on")
def test_an_adapter_fitted_with_vectors_still_scores_with_the_model_off() -> None:
    fitted = adapters_fit(DECISIONS)
    bodies = [LATER_AD, *FINE]
    off = SpamClassifier(adapters=lambda: fitted, encoder=lambda: None)
    shipped = SpamClassifier(adapters=lambda: None, encoder=lambda: None)

    scores = spam_scores(off, bodies)

    # Exactly what the three-input blend of the same file gives.
    assert scores == spam_scores(
        SpamClassifier(lambda: without_vectors(fitted), lambda: None), bodies
    )
    assert scores[0] > spam_scores(shipped, [LATER_AD])[0]
    assert all(0.0 < score < 1.0 for score in scores)


@pytest.mark.usefixtures("sentence_on")
def test_an_adapter_fitted_without_vectors_is_used_as_it_is_with_the_model_on() -> None:
    plain = adapters_fit(DECISIONS, encoder=lambda: None)
    bodies = [LATER_AD, *FINE]

    assert not plain.has_embeddings
    assert spam_scores(SpamClassifier(lambda: plain), bodies) == spam_scores(
        SpamClassifier(lambda: plain, lambda: None), bodies
    )


def test_an_adapter_of_the_previous_format_is_ignored_and_explained(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "adapter.npz"
    adapter_save(adapters_fit(DECISIONS), path)
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    np.savez_compressed(path, **{**arrays, "format": np.array("porch-adapter-3")})

    with caplog.at_level(logging.WARNING):
        assert adapter_load(path, MODEL_VERSION) is None

    assert (
        "moderation adapter adapter.npz is porch-adapter-3, not porch-adapter-4: "
        "ignored until the next moderator decision refits it"
    ) in caplog.text


@pytest.mark.django_db
def test_turning_the_model_on_makes_the_next_refit_learn_from_vectors(
    settings: pytest.FixtureRequest,
    tmp_path: Path,
    sentence_data_dir: Path,
) -> None:
    path = tmp_path / "adapter.npz"
    settings.MODERATION_ADAPTER_PATH = path  # type: ignore[attr-defined]
    settings.SENTENCE_MODEL = False  # type: ignore[attr-defined]  # on by default
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    post = PostFactory(title=POST["post_title"], body=POST["post_text"])
    for body, action in [
        *((ad, "spam") for ad in ADS),
        *((b, "approve") for b in FINE),
    ]:
        comment_moderate(
            comment=CommentFactory(post=post, body=body), actor=host, action=action
        )
    assert moderation_adapter_train.call() == 10
    assert moderation_adapter_train.call() == 0  # nothing new, nothing switched

    with override_settings(SENTENCE_MODEL=True, DATA_DIR=sentence_data_dir):
        refits = moderation_adapter_train.call()

    adapters = adapter_load(path, MODEL_VERSION)
    assert refits == 10
    assert adapters is not None
    assert (adapters.generation, adapters.has_embeddings) == (2, True)


@pytest.mark.usefixtures("sentence_on")
def test_a_plain_submission_is_judged_with_vectors() -> None:
    fitted = adapters_fit(DECISIONS)
    judged = SpamClassifier(lambda: fitted).features([Submission(body=LATER_AD)])

    assert judged.embeddings is not None
    assert judged.embeddings.shape == (1, 384)


ASIDES = [
    "Did anyone watch the football last night? What a match that was.",
    "My cat knocked the plant off the windowsill again this morning.",
    "Looking for a good plumber near the station, any recommendations?",
]
OFF_TOPIC_DECISIONS = [Decision(said(body), "off_topic") for body in ASIDES] + [
    Decision(said(body), "approve") for body in FINE
]


def off_topic_scores(
    adapters: AdapterSet, bodies: list[str], encoder: EncoderSource = lambda: None
) -> list[float]:
    judge = OffTopicClassifier(adapters=lambda: adapters, encoder=encoder)
    return [signals[0].score for signals in judge.judge_many([said(b) for b in bodies])]


@pytest.mark.usefixtures("sentence_on")
def test_an_off_topic_adapter_fitted_with_vectors_scores_as_one_fitted_without() -> (
    None
):
    with_vectors = adapters_fit(OFF_TOPIC_DECISIONS)
    without = adapters_fit(OFF_TOPIC_DECISIONS, encoder=lambda: None)
    bodies = [LATER_AD, "The football was great but I still bake on Fridays.", *FINE]

    assert with_vectors.labels["off_topic"].embedding is not None
    np.testing.assert_allclose(
        off_topic_scores(with_vectors, bodies),
        off_topic_scores(without, bodies),
        atol=1e-4,
    )


def test_an_off_topic_adapter_fitted_without_vectors_is_used_as_it_is_with_the_model_on(
    sentence_on: SentenceEncoder,
) -> None:
    plain = adapters_fit(OFF_TOPIC_DECISIONS, encoder=lambda: None)
    bodies = [LATER_AD, "The football was great but I still bake on Fridays.", *FINE]

    assert off_topic_scores(plain, bodies, lambda: sentence_on) == off_topic_scores(
        plain, bodies
    )

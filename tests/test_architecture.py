"""ARCHITECTURE.md and the architecture check stay true to the code."""

import importlib.util
import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text()
# An app is named in ARCHITECTURE.md as `porch/<name>/`.
APP_NAMED = re.compile(r"`porch/([a-z_]+)/`")


def check_module():
    spec = importlib.util.spec_from_file_location(
        "check_architecture", ROOT / "scripts" / "check_architecture.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def porch_apps() -> set[str]:
    return {
        config.name.removeprefix("porch.")
        for config in apps.get_app_configs()
        if config.name.startswith("porch.")
    }


def test_every_app_architecture_names_exists():
    named = set(APP_NAMED.findall(ARCHITECTURE))
    assert named - porch_apps() == set()


def test_architecture_names_every_app():
    named = set(APP_NAMED.findall(ARCHITECTURE))
    assert porch_apps() - named == set()


def test_every_function_in_the_comment_path_exists():
    # The numbered walk from the form to the page names `module.function` pairs.
    steps = re.findall(r"^\d+\. .*?`(porch\.[a-z_.]+)\.([a-z_]+)`", ARCHITECTURE, re.M)
    assert len(steps) >= 5
    for module_name, function in steps:
        module = importlib.import_module(module_name)
        assert hasattr(module, function), f"{module_name}.{function}"


def test_cycle_finder_reports_a_loop_and_only_the_loop():
    graph = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},
        "d": set(),
        "e": {"e"},
    }
    assert check_module().strongly_connected(graph) == [["a", "b", "c"], ["e"]]


def test_cycle_finder_passes_a_tree():
    graph = {"top": {"mid", "leaf"}, "mid": {"leaf"}, "leaf": set()}
    assert check_module().strongly_connected(graph) == []


def test_long_modules_are_named(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "short.py").write_text("x = 1\n" * 3)
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * 5)
    assert check_module().long_modules(tmp_path / "pkg", 4) == [("pkg/long.py", 5)]

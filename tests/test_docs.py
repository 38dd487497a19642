"""The README is the contract people script against: keep it true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
# A PORCH_* name handed to one of the environment readers (config.py, os.environ).
ENV_READ = re.compile(
    r"(?:env_text|env_bool|environ\.get|environ\[|getenv|setdefault)\(?\s*[\x27\x22]"
    r"(PORCH_[A-Z_]+[A-Z])[\x27\x22]"
)


def variables_read_by_porch() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "porch").rglob("*.py"):
        found.update(ENV_READ.findall(path.read_text()))
    return found


def test_every_environment_variable_is_in_the_readme():
    missing = sorted(name for name in variables_read_by_porch() if name not in README)
    assert missing == []


def test_every_porch_command_is_in_the_readme():
    commands = {
        path.stem
        for path in (ROOT / "src" / "porch").glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    }
    missing = sorted(name for name in commands if f"porch {name}" not in README)
    assert missing == []


def test_the_readme_names_the_two_commands():
    assert "make demo" in README
    assert "make test" in README

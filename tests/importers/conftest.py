from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).resolve().parent.parent / "data"
GARDEN = DATA / "wordpress-garden.xml"
BARE_TEXT = DATA / "wordpress-bare-text.xml"


def run_import(path: Path, *extra: str) -> str:
    """``porch import wordpress`` as a host runs it; returns what it printed."""
    out, err = StringIO(), StringIO()
    call_command("import", "wordpress", str(path), *extra, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def garden_imported(db: None) -> str:
    return run_import(GARDEN)

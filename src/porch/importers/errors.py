"""The one error every importer raises for a file it cannot read."""

from __future__ import annotations

from porch.core.errors import PorchError


class ImportFileError(PorchError):
    """The file cannot be imported (unsafe, or not the expected kind); says why."""

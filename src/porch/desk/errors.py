"""The desk's one error: a moderator action that was refused."""

from __future__ import annotations

from porch.core.errors import PorchError


class ModerationRefusedError(PorchError):
    """A moderator action that is not allowed or makes no sense; nothing changed."""

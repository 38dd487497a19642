"""The privacy app's one error: a request that cannot be carried out as asked."""

from __future__ import annotations

from porch.core.errors import PorchError


class PrivacyRequestError(PorchError):
    """A personal-data request with bad input (no email address); nothing changed."""

"""Porch's own exceptions: every one says what went wrong in words a host can act on."""


class PorchError(Exception):
    """Base of every error Porch raises on purpose."""


class ConfigError(PorchError):
    """A ``PORCH_*`` variable is missing or malformed; the message names it."""

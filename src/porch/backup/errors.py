"""What can stop a backup or a restore, in words a host can act on."""

from porch.core.errors import PorchError


class BackupError(PorchError):
    """A backup could not be written; nothing was left at the file's name."""


class RestoreError(PorchError):
    """A backup was not restored; the data dir and the database are as they were."""

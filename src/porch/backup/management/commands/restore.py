"""``porch restore FILE``: a ``porch backup`` file into an empty data dir."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from porch.backup.errors import RestoreError
from porch.backup.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a porch backup file into an empty data dir (and an empty "
        "database); nothing is written unless all of it restores."
    )
    # The checks may open the database, and a SQLite file must not exist yet.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(path=options["file"])
        except RestoreError as error:
            raise CommandError(f"{options['file']}: {error}") from None
        key = (
            "with its secret key"
            if summary.has_secret_key
            else "without a secret key (sessions and signed links start afresh)"
        )
        lines = [
            f"Restored the {summary.engine} database and {summary.uploads} uploaded "
            f"files made at {summary.created_at} (Porch {summary.porch_version}), "
            f"{key}.",
            *summary.notes,
        ]
        self.stdout.write("\n".join(lines))

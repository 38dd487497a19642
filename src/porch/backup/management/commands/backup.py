"""``porch backup FILE [--with-secret-key]``: the whole site as one file."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from porch.backup.errors import BackupError
from porch.backup.services import backup_write


class Command(BaseCommand):
    help = (
        "Back up the site while it runs: the database, uploads and the site's "
        "moderation model (and the secret key with --with-secret-key)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("out", type=Path, metavar="FILE")
        parser.add_argument(
            "--with-secret-key",
            action="store_true",
            help="include the secret key, so signed links and sessions survive a "
            "restore; keep such a file as safe as the key itself",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_write(
                out=options["out"], with_secret_key=options["with_secret_key"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        parts = [f"the {summary.engine} database", f"{summary.uploads} uploaded files"]
        if summary.has_adapter:
            parts.append("the site's moderation model")
        parts.append("the secret key" if summary.has_secret_key else "no secret key")
        self.stdout.write(
            f"Backed up {', '.join(parts)} to {summary.path} "
            f"({summary.size:,} bytes).\nThe file holds private data (emails, IP "
            "addresses): keep it safe."
        )

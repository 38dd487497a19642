"""``porch export wordpress OUT.xml`` and ``porch export json OUT.json``."""

from __future__ import annotations

import os
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from porch.importers.porch_json.export import json_export
from porch.importers.wordpress.export import wordpress_export

PRIVATE_NOTE = (
    "The file holds private data (emails, IP addresses): keep it like a backup."
)


class Command(BaseCommand):
    help = "Export the whole site: WordPress WXR 1.2, or Porch's documented JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        formats = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
        wordpress = formats.add_parser(
            "wordpress", help="WXR 1.2, for WordPress's Tools → Import → WordPress"
        )
        wordpress.add_argument("out", type=Path, metavar="OUT.xml")
        json_format = formats.add_parser(
            "json", help="every post, comment, person and setting, as JSON"
        )
        json_format.add_argument("out", type=Path, metavar="OUT.json")

    def handle(self, *args: Any, **options: Any) -> None:
        """Write the export next to OUT, then rename it: never half a file at OUT.

        The file is readable by its owner only, since it holds private data.
        """
        out: Path = options["out"]
        folder = out.parent
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder: create it first")
        if out.is_dir():
            raise CommandError(f"{out} is a folder: give a file name such as site.xml")
        try:
            descriptor, temporary = tempfile.mkstemp(
                dir=folder, prefix=f".{out.name}.", suffix=".part"
            )
        except OSError as error:
            raise CommandError(f"cannot write in {folder}: {error.strerror}") from None
        try:
            summary = self._write(options["format"], descriptor)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        note = PRIVATE_NOTE
        if options["format"] == "json":  # accounts come with their password hashes
            note = note.replace("IP addresses", "IP addresses, password hashes")
        self.stdout.write(f"Exported {summary} to {out}.\n{note}")

    def _write(self, kind: str, descriptor: int) -> str:
        if kind == "wordpress":
            with os.fdopen(descriptor, "wb") as stream:
                return wordpress_export(out=stream).summary()
        with os.fdopen(descriptor, "w", encoding="utf-8") as text:
            counts = json_export(out=text)
        return ", ".join(f"{count} {name}" for name, count in counts.items())

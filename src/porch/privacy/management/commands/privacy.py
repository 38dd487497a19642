"""``porch privacy export EMAIL [OUT.json]`` and ``porch privacy erase EMAIL``.

``export`` writes everything Porch keeps about the commenter writing as EMAIL (any
case) as one JSON object, to OUT.json or standard output; its keys are listed in
``porch.privacy.selectors``. OUT.json must not exist yet: nothing is overwritten.

``erase [--delete] [--dry-run]`` anonymises their comments (name "Anonymous", no
email, website or IP; text, place and replies kept) or, with ``--delete``, deletes
them (those with others' replies stay as a placeholder without text or name), and
removes their subscriptions; the audit log and the site's model keep no copy of
the text. One line on standard output says what changed, without the address.

Both are audited (``PrivacyRequest``: the action and a keyed hash of the address).
"""

from __future__ import annotations

import json
import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from porch.privacy.errors import PrivacyRequestError
from porch.privacy.models import PrivacyRequest
from porch.privacy.services import personal_data_erase, personal_data_export


class Command(BaseCommand):
    help = "Export (export) or erase (erase) one commenter's personal data."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        export = commands.add_parser(
            "export", help="Write everything kept about EMAIL as JSON."
        )
        export.add_argument("email", help="The commenter's email address (any case).")
        export.add_argument(
            "out", nargs="?", help="The JSON file to write; standard output if absent."
        )
        erase = commands.add_parser(
            "erase", help="Anonymise (or delete) EMAIL's comments and forget them."
        )
        erase.add_argument("email", help="The commenter's email address (any case).")
        erase.add_argument(
            "--delete",
            action="store_true",
            help="Delete the comments instead of anonymising them.",
        )
        erase.add_argument(
            "--dry-run", action="store_true", help="Count, then roll back."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen subcommand (see the module docstring)."""
        try:
            if options["subcommand"] == "export":
                self._export(options["email"], options["out"])
            else:
                self._erase(
                    options["email"],
                    delete=options["delete"],
                    dry_run=options["dry_run"],
                )
        except PrivacyRequestError as error:
            raise CommandError(str(error)) from None

    def _export(self, email: str, out: str | None) -> None:
        target = Path(out) if out else None
        if target is not None and target.exists():
            raise CommandError(f"{out} exists already; name a new file.")
        # A file that cannot be written leaves no audit row claiming an export.
        with transaction.atomic():
            document = personal_data_export(
                email=email, actor=None, via=PrivacyRequest.Via.COMMAND
            )
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            if target is None:
                self.stdout.write(text, ending="")
                return
            _write_new(target, text)
        self.stderr.write(
            f"Wrote {len(document['comments'])} comment(s) and "
            f"{len(document['subscriptions'])} subscription(s) to {out}."
        )

    def _erase(self, email: str, *, delete: bool, dry_run: bool) -> None:
        with transaction.atomic():
            request = personal_data_erase(
                email=email, delete=delete, actor=None, via=PrivacyRequest.Via.COMMAND
            )
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(f"{verb} the commenter: {request.summary}.")
        if request.counts.get("accounts"):
            self.stdout.write(
                "A login account uses this address and was left as it is: "
                "change or delete it in the admin."
            )


def _write_new(target: Path, text: str) -> None:
    """Write ``text`` to a new file only its owner reads; never over another."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise CommandError(f"Cannot write {target}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        target.unlink(missing_ok=True)
        raise CommandError(f"Cannot write {target}: {error.strerror}") from None

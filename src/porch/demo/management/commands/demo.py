from __future__ import annotations

import io
import secrets
import shutil
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from porch.config import DEMO_DATA_DIR, SECRET_KEY_FILE
from porch.core.management.readiness import warm_ups_run
from porch.core.management.server import static_collect_if_needed
from porch.demo.services import DemoSite, demo_site_create

DEMO_MARKER = ".porch-demo"
# Kept across runs: the key, and static files (rebuilt only when the code changes).
KEPT = {SECRET_KEY_FILE, DEMO_MARKER, "static"}


class Command(BaseCommand):
    help = (
        "Build a fresh demo site in its own data dir (wiped on every run) and serve "
        "it. Never touches PORCH_DATABASE_URL's database."
    )
    requires_system_checks: list[str] = []  # serve runs them

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--data-dir",
            default=DEMO_DATA_DIR,
            help=f"The demo's own data dir, wiped first (default ./{DEMO_DATA_DIR}).",
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Build the demo, do not serve it."
        )
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind.")
        parser.add_argument("--port", type=int, default=8000, help="Port to bind.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Wipe the demo data dir, migrate, write the demo content, then serve.

        Must run as ``porch demo``: the ``porch`` command points settings at the demo
        data dir before Django starts. Refuses to wipe a folder that holds anything
        but an earlier demo.
        """
        folder = Path(settings.DATA_DIR)
        if folder != Path(options["data_dir"]).expanduser().resolve():
            raise CommandError(
                "run the demo as `porch demo`, which points Porch at --data-dir first"
            )
        demo_dir_reset(folder)
        self.stderr.write(f"Building the demo site in {folder}...")
        call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
        static_collect_if_needed(Path(settings.STATIC_ROOT))
        warm_ups_run()  # the sentence model, built before the demo's comments
        site = demo_site_create(password=secrets.token_urlsafe(12))
        self.summary_write(site, host=options["host"], port=options["port"])
        if not options["no_serve"]:
            call_command(
                "serve", host=options["host"], port=options["port"], skip_checks=False
            )

    def summary_write(self, site: DemoSite, *, host: str, port: int) -> None:
        address = f"http://{host}:{port}/"
        self.stdout.write(
            f"Demo site {site.site_name!r}: {site.posts} posts, {site.people} people, "
            f"{site.series} series, {site.comments} comments "
            f"({site.held_comments} held for review)."
        )
        self.stdout.write(f"Address:  {address}")
        self.stdout.write(f"Sign in:  {address}admin/")
        self.stdout.write(f"Moderate: {address}desk/")
        self.stdout.write(f"Username: {site.username}")
        self.stdout.write(f"Password: {site.password}")


def demo_dir_reset(folder: Path) -> None:
    """Empty ``folder`` for a new demo, keeping the key and static files.

    Raises ``CommandError`` and deletes nothing when the folder holds files but was
    not made by the demo: a mistyped ``--data-dir`` must never wipe a real site.
    """
    connections.close_all()
    doomed = [path for path in folder.iterdir() if path.name not in KEPT]
    if doomed and not (folder / DEMO_MARKER).exists():
        raise CommandError(
            f"{folder} holds files but is not a demo data dir; "
            "pass --data-dir with a new or empty folder"
        )
    for path in doomed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    (folder / DEMO_MARKER).write_text("Made by `porch demo`; wiped on every run.\n")

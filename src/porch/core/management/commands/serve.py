from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from porch.core.management.readiness import (
    database_check,
    database_prepare,
    warm_ups_run,
)
from porch.core.management.server import (
    DEFAULT_SERVER,
    Supervisor,
    server_argv,
    static_collect_if_needed,
    worker_argv,
)
from porch.core.management.serving import (
    limits_multiplied_warning,
    servers_running,
    serving_noted,
)

DEFAULT_WORKERS = 2


class Command(BaseCommand):
    help = (
        "Serve the site with a production web server and the background task worker. "
        "Migrates and collects static files first when needed; stops on SIGTERM."
    )
    requires_system_checks = "__all__"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind.")
        parser.add_argument("--port", type=int, default=8000, help="Port to bind.")
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"Web server processes (default {DEFAULT_WORKERS}).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background task worker (emails wait in the queue).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Check, migrate, collect static files, then run until stopped.

        Raises ``DatabaseUnreachableError`` (one line from ``porch``) when the
        database cannot be opened, and ``CommandError`` for bad flags.
        """
        port, workers = options["port"], options["workers"]
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, not {workers}")
        database_check()
        if database_prepare():
            self.stderr.write("Applied the pending database migrations.")
        if static_collect_if_needed(Path(settings.STATIC_ROOT)):
            self.stderr.write(f"Collected static files into {settings.STATIC_ROOT}.")
        # Builds the sentence model's graph into the data dir once, so each web
        # process (which warms up too, in porch.wsgi) only loads it.
        warm_ups_run()
        # The children read settings themselves; make sure they read ours.
        os.environ["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
        web = server_argv(
            server=DEFAULT_SERVER, host=options["host"], port=port, workers=workers
        )
        self.stderr.write(
            f"Serving {settings.SITE_URL} on http://{options['host']}:{port}/ "
            f"with {workers} {DEFAULT_SERVER} worker(s); Ctrl-C or SIGTERM stops."
        )
        others = servers_running()
        warning = limits_multiplied_warning(
            workers=workers + sum(other.workers for other in others),
            processes=1 + len(others),
        )
        if warning:
            self.stderr.write(warning)
        supervisor = Supervisor(
            web=web, worker=None if options["no_worker"] else worker_argv()
        )
        with serving_noted(workers=workers):
            code = supervisor.run()
        if code:
            raise CommandError("the web server stopped unexpectedly", returncode=code)

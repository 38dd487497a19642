"""``porch import wordpress|disqus|isso|json FILE [--dry-run]``: a site into Porch."""

from __future__ import annotations

from argparse import ArgumentParser
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from porch.core.errors import PorchError
from porch.importers.disqus.importer import disqus_import
from porch.importers.errors import ImportFileError
from porch.importers.isso.importer import isso_import
from porch.importers.porch_json.importer import json_import
from porch.importers.report import ImportReport
from porch.importers.wordpress.importer import wordpress_import
from porch.importers.wordpress.items import WxrError

BAR_WIDTH = 30
THREAD_SOURCES = {
    "disqus": "a Disqus export (Moderation → Export): comments onto matching posts",
    "isso": "an Isso database file (comments.db): comments onto matching posts",
    "json": "a Porch export (porch export json): the whole site, as it was",
}
RUNNERS = {"disqus": disqus_import, "isso": isso_import, "json": json_import}
METAVARS = {
    "wordpress": "FILE.xml",
    "disqus": "FILE.xml",
    "isso": "FILE.db",
    "json": "FILE.json",
}


class ProgressBar:
    """Counts on stderr: a redrawn bar on a terminal, a line each 10% elsewhere."""

    def __init__(self, stream: OutputWrapper, total: int) -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.is_tty = stream.isatty()
        self.last_tenth = -1

    def __call__(self, done: int, report: ImportReport) -> None:
        fraction = min(done / self.total, 1.0)
        if self.is_tty:
            filled = int(fraction * BAR_WIDTH)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = f"\r[{bar}] {fraction:4.0%}  {report.summary()}\x1b[K"
            self.stream.write(line, ending="")
        elif int(fraction * 10) > self.last_tenth:
            self.last_tenth = int(fraction * 10)
            self.stream.write(f"{fraction:4.0%}  {report.summary()}")
        self.stream.flush()

    def finish(self) -> None:
        if self.is_tty:
            self.stream.write("")


class ImportStoppedError(PorchError):
    """Why ``porch import`` stopped, as the one line ``porch`` prints for it."""


class Command(BaseCommand):
    help = "Import a blog or its comments from WordPress, Disqus or Isso."
    is_from_command_line = False

    def run_from_argv(self, argv: list[str]) -> None:
        # Run by ``porch``: a refusal is its one ``porch: ...`` line (``porch.cli``),
        # not Django's "CommandError: ..."; call_command still sees CommandError.
        self.is_from_command_line = True
        super().run_from_argv(argv)

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if self.is_from_command_line:
                raise ImportStoppedError(str(error)) from None
            raise

    def add_arguments(self, parser: ArgumentParser) -> None:
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        wordpress = sources.add_parser(
            "wordpress",
            help="a WordPress export: Tools → Export → All content (WXR 1.0-1.2)",
        )
        wordpress.add_argument(
            "--time-zone",
            help="the old site's time zone, for dates the export gives only in local "
            "time (drafts); defaults to PORCH_TIME_ZONE",
        )
        parsers = {"wordpress": wordpress}
        for name, text in THREAD_SOURCES.items():
            parsers[name] = sources.add_parser(name, help=text)
        for name, source in parsers.items():
            source.add_argument("file", type=Path, metavar=METAVARS[name])
            source.add_argument(
                "--dry-run",
                action="store_true",
                help="do everything, report it, then roll it all back",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the import; print progress on stderr and the report on stdout."""
        path: Path = options["file"]
        report = ImportReport(dry_run=options["dry_run"])
        if options["source"] in THREAD_SOURCES:
            # One thread (or post) at a time: progress counts 0-100%.
            bar = ProgressBar(self.stderr, 100)
            run = partial(RUNNERS[options["source"]], progress=bar)
        else:
            time_zone = _checked_time_zone(options.get("time_zone"))
            bar = ProgressBar(self.stderr, path.stat().st_size if path.is_file() else 0)
            run = partial(wordpress_import, time_zone=time_zone, progress=bar)
        try:
            run(path=path, dry_run=options["dry_run"], report=report)
        except (ImportFileError, WxrError) as error:
            bar.finish()
            self._print(report, f"{path}: {error}")
            raise CommandError(f"{path}: {error}") from None
        except RecursionError:  # the readers refuse deep nesting first: a backstop
            bar.finish()
            message = f"{path}: the file nests something too deep to read"
            self._print(report, message)
            raise CommandError(message) from None
        except KeyboardInterrupt:
            bar.finish()
            self._print(report, "interrupted; run the same command again to finish")
            raise CommandError("interrupted; nothing half-written was kept") from None
        bar.finish()
        self._print(report)

    def _print(self, report: ImportReport, stopped: str = "") -> None:
        report.interrupted = stopped
        self.stdout.write("\n".join(report.lines()))


def _checked_time_zone(time_zone: str | None) -> str | None:
    if time_zone:
        try:
            ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(
                f"--time-zone {time_zone!r} is not a time zone name such as "
                "Europe/Paris"
            ) from None
    return time_zone

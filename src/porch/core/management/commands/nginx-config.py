"""``porch nginx-config``: the nginx server block for the page cache's file mode."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from porch.core.headers import page_headers
from porch.core.page_cache.nginx import NginxSite, nginx_config
from porch.core.page_cache.policy import never_cookies


def _address(raw: str, option: str) -> str:
    host, _, port = raw.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"{option} must be HOST:PORT, like 127.0.0.1:8080")
    return raw


class Command(BaseCommand):
    help = (
        "Print an nginx configuration that serves static files, uploads and the "
        "pages Porch caches as files (PORCH_PAGE_CACHE=files), and passes the rest "
        "to Porch."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--listen", default="127.0.0.1:8080", help="HOST:PORT")
        parser.add_argument(
            "--upstream", default="127.0.0.1:8000", help="where porch serve listens"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Print the ``map`` blocks and the ``server`` block on stdout.

        Paths come from the data dir this process sees; run it with the server's
        environment. Without ``PORCH_PAGE_CACHE=files`` Porch writes no page files
        and nginx passes every page on: stderr says so.
        """
        site = NginxSite(
            listen=_address(options["listen"], "--listen"),
            upstream=_address(options["upstream"], "--upstream"),
            static_root=Path(settings.STATIC_ROOT),
            media_root=Path(settings.MEDIA_ROOT),
            page_cache_dir=Path(settings.PAGE_CACHE_DIR),
            cookies=never_cookies(),
            security_headers=page_headers(),
        )
        self.stdout.write(nginx_config(site), ending="")
        if settings.PAGE_CACHE != "files":
            self.stderr.write(
                "PORCH_PAGE_CACHE is not 'files': Porch writes no page files, so "
                "nginx will pass every page to Porch. Set it for porch serve."
            )

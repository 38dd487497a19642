from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands.check import Command as SystemCheckCommand
from django.db import DEFAULT_DB_ALIAS, connections

from porch.core.https import https_display
from porch.core.management.readiness import (
    cache_check,
    cache_display,
    check_lines,
    database_display,
    migrations_pending,
)
from porch.core.management.serving import (
    limits_multiplied_warning,
    rate_limits_display,
    servers_running,
)


class Command(SystemCheckCommand):
    help = (
        "Check Porch's configuration: PORCH_* variables, that the database and cache "
        "answer, pending migrations; then Django's system checks (same flags)."
    )

    def handle(self, *app_labels: Any, **options: Any) -> None:
        """Report the configuration, then run Django's checks including the database's.

        Settings were already validated when they loaded (a bad ``PORCH_*`` value
        never gets this far); an unreachable database or cache raises a one-line
        ``PorchError``. Pending migrations are reported, not applied.
        """
        if options["list_tags"]:
            return super().handle(*app_labels, **options)
        connection = connections[DEFAULT_DB_ALIAS]
        self.stdout.write(f"Data dir:  {settings.DATA_DIR}")
        self.stdout.write(f"Database:  {database_display(connection.settings_dict)}")
        pending = migrations_pending()
        self.stdout.write(f"Cache:     {cache_display()}")
        cache_check()
        running = servers_running()
        self.stdout.write(f"Rate limits: {rate_limits_display(running)}")
        warning = limits_multiplied_warning(
            workers=sum(serving.workers for serving in running),
            processes=len(running),
        )
        if warning:
            self.stderr.write(warning)
        self.stdout.write(f"Email:     {email_display()}")
        self.stdout.write(f"Site:      {settings.SITE_URL}")
        self.stdout.write(f"Hosts:     {', '.join(settings.ALLOWED_HOSTS)}")
        self.stdout.write(f"HTTPS:     {https_display()}")
        self.stdout.write(f"Debug:     {'on' if settings.DEBUG else 'off'}")
        for label, display in check_lines():  # e.g. moderation's sentence model
            self.stdout.write(f"{label}: {display()}")
        if pending:
            self.stdout.write(
                f"Migrations: {len(pending)} not applied yet "
                "(porch init or porch serve applies them)"
            )
        else:
            self.stdout.write("Migrations: all applied")
        options["databases"] = options["databases"] or [DEFAULT_DB_ALIAS]
        return super().handle(*app_labels, **options)


def email_display() -> str:
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend != "smtp":
        return {"console": "printed on the console", "locmem": "kept in memory"}.get(
            backend, backend
        )
    security = "smtps" if settings.EMAIL_USE_SSL else "smtp"
    if settings.EMAIL_USE_TLS:
        security = "smtp+tls"
    return f"{security}://{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"

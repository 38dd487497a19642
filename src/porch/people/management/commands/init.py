from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from porch.core.management.accounts import SetupRefusedError, site_name_set
from porch.core.management.readiness import database_prepare, warm_ups_run
from porch.core.models import SiteSettings
from porch.people.management.commands.createadmin import ask, password_ask
from porch.people.services import host_with_byline_create


class Command(BaseCommand):
    help = (
        "Set up a new site: create the data dir and database, name the site, "
        "create the host account. Safe to run again."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--site-name", default="", help="The site's name.")
        parser.add_argument("--admin-username", default="host", help="Default: host.")
        parser.add_argument("--admin-email", default="", help="The host's email.")
        parser.add_argument("--admin-password", default="", help="Asked when omitted.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never prompt; fail when a needed value is missing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Migrate, then name the site and create the host in one transaction.

        Run again on a set-up site it changes only the name (when given) and never
        touches an existing host account.
        """
        applied = database_prepare()
        warm_ups_run()  # the sentence model's graph, built before any comment
        username = options["admin_username"]
        needs_host = (
            not get_user_model()._default_manager.filter(username=username).exists()
        )
        values = self.values_gather(options, needs_host=needs_host)
        try:
            with transaction.atomic():
                if values["site_name"]:
                    site_name_set(name=values["site_name"])
                if needs_host:
                    host_with_byline_create(
                        username=username,
                        email=values["email"],
                        password=values["password"],
                    )
        except SetupRefusedError as error:
            raise CommandError(str(error)) from None
        self.summary_write(applied=applied, username=username, created=needs_host)

    def values_gather(
        self, options: dict[str, Any], *, needs_host: bool
    ) -> dict[str, str]:
        values = {
            "site_name": options["site_name"],
            "email": options["admin_email"],
            "password": options["admin_password"],
        }
        if options["interactive"]:
            current = SiteSettings.current().site_name
            values["site_name"] = values["site_name"] or ask(f"Site name [{current}]: ")
            if needs_host:
                values["email"] = values["email"] or ask("Host's email address: ")
                values["password"] = values["password"] or password_ask()
        elif needs_host and not values["password"]:
            raise CommandError("--admin-password is required with --no-input")
        return values

    def summary_write(self, *, applied: int, username: str, created: bool) -> None:
        self.stdout.write(f"Data dir: {settings.DATA_DIR}")
        if applied:
            self.stdout.write(f"Applied {applied} database migrations.")
        self.stdout.write(f"Site name: {SiteSettings.current().site_name}")
        state = "created" if created else "already exists, left unchanged"
        self.stdout.write(f"Host account {username!r}: {state}.")
        self.stdout.write("Next: porch serve, then sign in at /admin/.")

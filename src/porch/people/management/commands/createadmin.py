from __future__ import annotations

import getpass
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from porch.core.management.accounts import SetupRefusedError
from porch.people.services import host_with_byline_create


def ask(prompt: str, *, secret: bool = False) -> str:
    """One line from the person at the terminal (the password is not echoed)."""
    try:
        return (getpass.getpass(prompt) if secret else input(prompt)).strip()
    except EOFError:
        raise CommandError(
            "no answer on standard input; pass --no-input and give the values as flags"
        ) from None


def password_ask() -> str:
    """A password typed twice; asks again until both match."""
    while True:
        first = ask("Password: ", secret=True)
        if first and first == ask("Password (again): ", secret=True):
            return first
        print("The passwords differ or are empty; try again.")  # noqa: T201


class Command(BaseCommand):
    help = "Create a host account: a superuser who can run the whole site."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--username", default="host", help="Default: host.")
        parser.add_argument("--email", default="", help="The host's email address.")
        parser.add_argument("--password", default="", help="Asked for when omitted.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never prompt; fail when a needed value is missing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the account; a taken name or weak password changes nothing."""
        email, password = options["email"], options["password"]
        if options["interactive"]:
            email = email or ask("Email address: ")
            password = password or password_ask()
        elif not password:
            raise CommandError("--password is required with --no-input")
        try:
            host_with_byline_create(
                username=options["username"], email=email, password=password
            )
        except SetupRefusedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Created the host account {options['username']!r}.")

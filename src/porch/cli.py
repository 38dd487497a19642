"""The ``porch`` command: Django's management utility with Porch's settings.

``porch serve``, ``porch init``, ``porch demo``... are management commands;
``porch manage ARGS`` passes anything else straight to Django.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porch.settings")
    if len(argv) > 1 and argv[1] == "manage":
        argv = [argv[0], *argv[2:]]
    from porch.core.errors import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as error:
        sys.stderr.write(f"porch: {error}\n")
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)

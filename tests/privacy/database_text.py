"""Every value in every table of the test database, as text: what a dump holds."""

from __future__ import annotations

from django.db import connection


def database_text() -> str:
    """All rows of all tables (Django's, the task queue's and Porch's), one value
    after another, whatever their type."""
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 - names from the schema
            for row in cursor.fetchall():
                values.extend(_text(value) for value in row if value is not None)
    return "\n".join(values)


def _text(value: object) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)

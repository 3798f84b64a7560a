"""Server-side prepared statements for the few statements every public check runs.

PostgreSQL spent as long planning the check's lookup (four tables) as running it, and
Django's query compiler as long again in Python. A statement prepared once per database
connection is planned once; its rows come back as plain tuples. Prepared statements belong to
the connection, outlive rolled-back transactions and are re-planned by PostgreSQL itself after
a schema change; a new connection (after a restart or an outage) prepares them again.
"""

import re
import weakref

from django.db import connection

# Per live database connection, the names it has prepared.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PLACEHOLDER = re.compile(r"%s")


def execute(name: str, sql: str, params: list | tuple) -> list[tuple]:
    """Run ``sql`` (``%s`` placeholders, one per value of ``params``) as the prepared
    statement ``name`` and return its rows (none for a statement without RETURNING).

    PostgreSQL only: callers keep a plain query for other databases.
    """
    with connection.cursor() as cursor:
        names = _prepared.setdefault(connection.connection, set())
        if name not in names:
            numbers = iter(range(1, len(params) + 1))
            cursor.execute(
                f"PREPARE {name} AS " + _PLACEHOLDER.sub(lambda _: f"${next(numbers)}", sql)
            )
            names.add(name)
        arguments = f" ({', '.join(['%s'] * len(params))})" if params else ""
        cursor.execute(f"EXECUTE {name}{arguments}", params)
        return cursor.fetchall() if cursor.description else []

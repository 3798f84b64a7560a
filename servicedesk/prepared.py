"""The few statements every public check runs, written once for both databases.

On PostgreSQL each is a server-side prepared statement, prepared once per database connection:
PostgreSQL spent as long planning the check's lookup (four tables) as running it, and Django's
query compiler as long again in Python. Prepared statements belong to the connection, outlive
rolled-back transactions and are re-planned by PostgreSQL itself after a schema change; a new
connection (after a restart or an outage) prepares them again. On the embedded SQLite demo the
same SQL runs as it is (SQLite keeps its own cache of compiled statements).

Rows come back as plain tuples; ``instances`` turns them into model instances the way the ORM
would, with the database's converters (SQLite returns datetimes, decimals and booleans raw).
"""

import json
import re
import weakref
from functools import cache

from django.db import connection
from django.db.models.expressions import Col

# Per live database connection, the names it has prepared.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PLACEHOLDER = re.compile(r"%s")


def execute(name: str, sql: str, params: list | tuple) -> list[tuple]:
    """Run ``sql`` (``%s`` placeholders, one per value of ``params``) and return its rows (none
    for a statement without RETURNING); on PostgreSQL as the prepared statement ``name``."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
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


def any_of(values: list) -> tuple[str, list]:
    """``<column> <this SQL>`` matches any of ``values``, given as one parameter (an array on
    PostgreSQL, a JSON list elsewhere): one statement for a bulk run of any size."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [values]
    return "IN (SELECT value FROM json_each(%s))", [json.dumps(values)]


@cache
def _converters(vendor: str, model, columns: tuple[str, ...]) -> list[tuple[int, list, Col]]:
    del vendor  # part of the cache key: each database has its own converters
    fields = {field.attname: field for field in model._meta.concrete_fields}
    found = []
    for index, column in enumerate(columns):
        field = fields[column]
        expression = Col(model._meta.db_table, field)
        functions = [
            *connection.ops.get_db_converters(expression),
            *field.get_db_converters(connection),
        ]
        if functions:
            found.append((index, functions, expression))
    return found


def instance(model, columns: tuple[str, ...], values: tuple):
    """A ``model`` instance from a row's ``values`` for ``columns`` (attnames), as the ORM makes
    it: converted by the database's converters, marked as loaded from the database."""
    converters = _converters(connection.vendor, model, columns)
    if converters:
        values = list(values)
        for index, functions, expression in converters:
            for function in functions:
                values[index] = function(values[index], expression, connection)
    return model.from_db(connection.alias, columns, values)

"""Prepared statements belong to a database connection: a new connection prepares them
again, and a rolled-back transaction does not take them away."""

import pytest
from django.db import connection, transaction

from servicedesk import prepared

SUM = "SELECT %s::int + %s::int"


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_the_statement_again():
    assert prepared.execute("test_prepared_sum", SUM, [1, 2]) == [(3,)]
    connection.close()  # a restart, an outage, a recycled connection
    assert prepared.execute("test_prepared_sum", SUM, [2, 3]) == [(5,)]


@pytest.mark.django_db(transaction=True)
def test_a_statement_prepared_in_a_rolled_back_transaction_stays_usable():
    try:
        with transaction.atomic():
            assert prepared.execute("test_prepared_rollback", SUM, [1, 1]) == [(2,)]
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert prepared.execute("test_prepared_rollback", SUM, [3, 4]) == [(7,)]


@pytest.mark.django_db
def test_statements_without_parameters_or_rows():
    assert prepared.execute("test_prepared_constant", "SELECT 1", []) == [(1,)]
    table = "certificates_inquiry"
    assert prepared.execute("test_prepared_nothing", f"DELETE FROM {table} WHERE id < 0", []) == []

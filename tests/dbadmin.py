"""The test suite connects as the app's own PostgreSQL role (accounts/dbroles.py), as production does; this module
is the database administrator beside it: the superuser of DATABASE_URL, for what the app role must not do.

- `roles_for(name)`: the owner and app roles of a test database, named after it so parallel runs never share.
- `flush_as_administrator`: transactional tests' flush (TRUNCATE of every table, the audit log included) runs here,
  with `session_replication_role = replica` so the TRUNCATE trigger stands aside, as only a superuser can.
- `administrator()`: a superuser cursor on the test database, for tests that tamper as a DBA would.
"""
import re
from contextlib import contextmanager

import psycopg2

_admin = {}


def roles_for(database_name):
    base = re.sub(r"[^a-z0-9_]", "_", database_name.lower())[:50]
    return f"{base}_owner", f"{base}_app"


def remember_administrator(settings_dict):
    _admin.update({key: settings_dict[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")})


@contextmanager
def administrator(*, bypass_triggers=False):
    """A superuser cursor in autocommit on the test database; `bypass_triggers` switches user triggers off for
    this session (what a tamperer with the superuser's password could do)."""
    params = {"dbname": _admin["NAME"], "user": _admin["USER"], "password": _admin["PASSWORD"],
              "host": _admin["HOST"] or "127.0.0.1", "port": _admin["PORT"] or 5432}
    conn = psycopg2.connect(**{key: value for key, value in params.items() if value})
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            if bypass_triggers:
                cursor.execute("SET session_replication_role = replica")
            yield cursor
    finally:
        conn.close()


def flush_as_administrator(self, sql_list):
    """Replaces DatabaseOperations.execute_sql_flush in tests: the app role may not TRUNCATE the audit log."""
    with administrator(bypass_triggers=True) as cursor:
        cursor.execute("BEGIN")
        for statement in sql_list:
            cursor.execute(statement)
        cursor.execute("COMMIT")


@contextmanager
def connected_as_administrator():
    """Django's own connection as the superuser for a while (e.g. to run migrations, which the owner does)."""
    from django.db import connection

    settings_dict = connection.settings_dict
    app_user, app_password = settings_dict["USER"], settings_dict["PASSWORD"]
    connection.close()
    settings_dict.update(USER=_admin["USER"], PASSWORD=_admin["PASSWORD"])
    try:
        yield connection
    finally:
        connection.close()
        settings_dict.update(USER=app_user, PASSWORD=app_password)

"""(Re)create the PostgreSQL test database with UTF-8 encoding and the C.UTF-8 locale.

``make test-pg`` runs this before pytest ``--reuse-db``: Django's test runner cannot set a locale,
and under locale C the trigram index extracts nothing from Chinese text.
"""

from __future__ import annotations

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql


def main() -> int:
    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"test_{cfg['NAME']}"
    params = {
        k: v
        for k, v in {
            "host": cfg.get("HOST") or None,
            "port": cfg.get("PORT") or None,
            "user": cfg.get("USER") or None,
            "password": cfg.get("PASSWORD") or None,
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(
            sql.SQL(
                "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' "
                "TEMPLATE template0"
            ).format(sql.Identifier(name))
        )
    print(f"created {name} (UTF8, C.UTF-8)")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())

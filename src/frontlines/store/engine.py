"""Engines for the store's URLs: SQLite (a file, WAL mode, busy timeout, ``BEGIN IMMEDIATE`` for
write transactions) or any other SQLAlchemy URL (PostgreSQL via psycopg)."""
from __future__ import annotations

import math
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite test
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            if u.database and u.database != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            try:  # SQLite built without its math functions: the store's aggregates need ln()
                cur.execute("SELECT ln(0.5)")
            except sqlite3.OperationalError:
                dbapi_conn.create_function("ln", 1, math.log, deterministic=True)
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # pragma: no cover
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("fl_write")
                                 else "BEGIN")
        return engine
    return create_engine(u, pool_pre_ping=True)

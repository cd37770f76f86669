"""The store: articles, merged events (every report behind them), findings, failures.

    from frontlines.store import open_store, EventQuery
    store = open_store(options)             # SQLite file by default, PostgreSQL via its URL
    store.save_analysis(analysis)           # one transaction per article, idempotent
    events, next_cursor = store.query_events(EventQuery(place="Idlib", type="control_change"))
"""
from __future__ import annotations

from .query import EventQuery
from .store import SaveResult, Store, open_store

__all__ = ["EventQuery", "SaveResult", "Store", "open_store"]

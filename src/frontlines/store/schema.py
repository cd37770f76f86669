"""The store's tables (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

Layout
------
``articles``   one row per cleaned article (idempotent by its content id).
``reports``    one row per report of an event: an event extracted from one article, or one
               reference record (ACLED row, UCDP row, curated record). ``data`` is the report's
               full Event as JSON (``model.to_dict``); the other columns are what merging and
               querying need. ``event_id`` is the merged event the report belongs to.
``events``     one row per merged event: the representative fields (``data``), query columns and
               ``summary`` (what merging needs of its members, see ``rows.EventSummary``).
``merge_keys`` one row per event and distinct merge-relevant fields of its reports: what merging
               compares new reports with (bounded however many copies of a report arrive).
``report_conflicts``  pairs of reports that contradict each other (another gainer, another date);
               event conflicts are derived from them, so they survive merges and renames.
``findings``, ``failures``, ``seen``, ``meta`` (schema version and a write revision counter).
"""
from __future__ import annotations

from sqlalchemy import (Column, Date, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

#: bump when the tables change; a store with another version is refused with a clear error
SCHEMA_VERSION = 2

metadata = MetaData()

meta = Table(
    "fl_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "fl_articles", metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("published", Date),
    Column("source", Text),
    Column("url", Text),
    Column("origin", Text),
    Column("format", String(16)),
    Column("text", Text, nullable=False),
    Column("stored_at", String(32)),
)

events = Table(
    "fl_events", metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("actor_faction", String(64)),
    Column("target_faction", String(64)),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(8)),
    Column("place_fold", Text),  # folded place name + surface text, for name filters
    Column("date_start", Date),
    Column("date_end", Date),
    Column("sort_key", String(10), nullable=False),  # date_start ISO or "9999-12-31": pagination order
    Column("search_fold", Text),  # folded evidence, actor and place names of every report
    Column("corroboration", Integer, nullable=False, default=1),
    Column("data", Text, nullable=False),
    Column("summary", Text, nullable=False),  # rows.EventSummary: what merging needs of the members
    Index("ix_fl_events_sort", "sort_key", "id"),
    Index("ix_fl_events_type", "type", "sort_key"),
    Index("ix_fl_events_geonameid", "geonameid"),
    Index("ix_fl_events_latlon", "lat", "lon"),
)

reports = Table(
    "fl_reports", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
    Column("report_id", String(64), nullable=False),  # the reported Event's own id
    Column("origin", String(16), nullable=False),
    Column("ref_id", String(128), nullable=False),
    Column("article_id", String(64), ForeignKey("fl_articles.id", ondelete="CASCADE")),
    Column("type", String(32), nullable=False),
    Column("actor_faction", String(64)),
    Column("actor_gov", Integer),
    Column("target_faction", String(64)),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("confidence", Float, nullable=False),
    Column("data", Text, nullable=False),
    Column("source", Text, nullable=False),  # the SourceRef as JSON
    UniqueConstraint("origin", "ref_id", "report_id", name="uq_fl_reports_key"),
    # covers the per-source confidence of an event's reports (an index-only scan)
    Index("ix_fl_reports_event", "event_id", "origin", "ref_id", "confidence"),
    Index("ix_fl_reports_article", "article_id"),
)

merge_keys = Table(
    "fl_merge_keys", metadata,
    # one row per event and distinct merge-relevant fields of its reports (``sig`` hashes them):
    # what new reports are compared with, so that a thousand copies of one report cost one row
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("report_pk", Integer, nullable=False),  # the first report with these fields
    Column("event_id", String(64), nullable=False),
    Column("sig", String(32), nullable=False),
    Column("type", String(32), nullable=False),
    Column("actor_faction", String(64)),
    Column("target_faction", String(64)),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("origin", String(16), nullable=False),
    Column("ref_key", String(128), nullable=False),  # "" for articles, the record id for reference rows
    Index("ix_fl_merge_keys_event", "event_id", "sig"),
    Index("ix_fl_merge_keys_geo", "type", "lat", "lon"),
    Index("ix_fl_merge_keys_geonameid", "geonameid"),
)

report_conflicts = Table(
    "fl_report_conflicts", metadata,
    Column("a", Integer, primary_key=True),
    Column("b", Integer, primary_key=True),
    Index("ix_fl_conflicts_b", "b"),
)

findings = Table(
    "fl_findings", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("fl_articles.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Index("ix_fl_findings_article", "article_id", "seq"),
)

failures = Table(
    "fl_failures", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("doc", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("code", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(32)),
)

seen = Table(
    "fl_seen", metadata,
    Column("kind", String(32), primary_key=True),
    Column("key", String(512), primary_key=True),
    Column("at", String(32)),
)

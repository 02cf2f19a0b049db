"""The alerts table: one row per region, day and metric that spiked, with the numbers that made
it a spike and the ids of the events counted that day (so an analyst can check the cause)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, Index, Integer, String, Table, UniqueConstraint

from wirewatch.store.schema import metadata

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("level", String(8), nullable=False),  # country | admin1
    Column("country", String(128), nullable=False),
    Column("admin1", String(128), nullable=False, default=""),  # "" for country-level alerts
    Column("day", String(10), nullable=False),
    Column("metric", String(16), nullable=False),  # events | fatalities
    Column("observed", Integer, nullable=False),
    Column("baseline_median", Float, nullable=False),
    Column("baseline_scale", Float, nullable=False),
    Column("baseline_days", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("method", String(64), nullable=False),
    Column("created", String(32), nullable=False),
    Column("event_ids", JSON, nullable=False),
    UniqueConstraint("level", "country", "admin1", "day", "metric"),
    Index("ix_alerts_day", "day"),
)

# which alert went out on which channel, so each is delivered once (a failed delivery is retried)
alert_deliveries = Table(
    "alert_deliveries", metadata,
    Column("alert_id", Integer, primary_key=True),
    Column("channel", String(16), primary_key=True),  # webhook
    Column("delivered", String(32), nullable=False),
)

"""The alerts tables (alerts and their deliveries).  They are declared in the store layer
(``wirewatch.store.tables``, where the migrations find them); this module names them for the
alert code."""

from __future__ import annotations

from wirewatch.store.tables import alert_deliveries, alerts

__all__ = ["alert_deliveries", "alerts"]

"""Spike alerts per country and admin1 (see ``detect`` for the method)."""

from wirewatch.alerts.detect import AlertParams, Spike, detect_spikes, refresh_alerts, score_day

__all__ = ["AlertParams", "Spike", "detect_spikes", "refresh_alerts", "score_day"]

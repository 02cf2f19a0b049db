"""Spike alerts per country and admin1 (see ``detect`` for the method)."""

from wirewatch.alerts.deliver import deliver_alerts, deliver_email, deliver_webhook
from wirewatch.alerts.detect import AlertParams, Spike, detect_spikes, refresh_alerts, score_day

__all__ = ["AlertParams", "Spike", "deliver_alerts", "deliver_email", "deliver_webhook", "detect_spikes", "refresh_alerts", "score_day"]

"""Spike alerts: a region's daily event and fatality counts against its own recent baseline.
The events counted are incidents (reports merged across outlets, the export's rows): nine
outlets reporting one attack are one event, not a spike.

Method (parameters in ``data/alerts.yaml``): for region r, day d and metric m, the baseline is
the count on each of the ``window_days`` calendar days before d (zero when nothing happened,
days before the store's first event excluded); it needs ``min_history_days`` of them.
``score = (x - median) / max(1.4826 * MAD, sqrt(max(median, 1)))`` is a robust z-score whose
scale is floored by the Poisson standard deviation of the baseline rate: a quiet region's MAD
is 0, and without the floor a single event would be an infinite spike.  The day is an alert
when ``score >= threshold`` and ``x >= min_observed[m]``."""

from __future__ import annotations

import datetime as dt
import logging
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from wirewatch import data_files
from wirewatch.errors import ConfigError
from wirewatch.store import Store
from wirewatch.store import alerts as stored_alerts

log = logging.getLogger(__name__)

METHOD = "robust-z (median/MAD, Poisson floor)"
METRICS = ("events", "fatalities")
Region = tuple[str, str, str]  # (level, country, admin1 or "")


@dataclass(frozen=True, slots=True)
class AlertParams:
    window_days: int = 28
    min_history_days: int = 14
    threshold: float = 3.5
    min_observed: dict[str, int] = field(default_factory=lambda: {"events": 3, "fatalities": 5})

    @classmethod
    def load(cls) -> AlertParams:
        """The analyst-editable parameters shipped in ``data/alerts.yaml``."""
        try:
            raw = data_files.yaml("alerts.yaml")
            return cls(int(raw["window_days"]), int(raw["min_history_days"]), float(raw["threshold"]),
                       {k: int(v) for k, v in raw["min_observed"].items()})
        except (KeyError, TypeError, ValueError) as exc:  # unreadable: the loader's ConfigError
            raise ConfigError(f"data/alerts.yaml: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Spike:
    level: str
    country: str
    admin1: str
    day: str
    metric: str
    observed: int
    baseline_median: float
    baseline_scale: float
    baseline_days: int
    score: float

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.level, self.country, self.admin1, self.day, self.metric)


def score_day(observed: int, baseline: list[int]) -> tuple[float, float, float]:
    """(score, median, scale) of one day's count against its baseline counts."""
    median = statistics.median(baseline)
    mad = statistics.median(abs(b - median) for b in baseline)
    scale = max(1.4826 * mad, math.sqrt(max(median, 1.0)))
    return (observed - median) / scale, median, scale


def _daily_counts(store: Store) -> dict[Region, dict[dt.date, tuple[int, int]]]:
    out: dict[Region, dict[dt.date, tuple[int, int]]] = defaultdict(dict)
    for country, admin1, day, n, dead in stored_alerts.daily_counts(store):
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:  # partial dates ("2024-05") cannot be placed on a day
            continue
        for region in [("country", country, "")] + ([("admin1", country, admin1)] if admin1 else []):
            have = out[region].get(date, (0, 0))
            out[region][date] = (have[0] + int(n), have[1] + int(dead or 0))
    return out


def detect_spikes(store: Store, params: AlertParams | None = None) -> list[Spike]:
    """Every region-day-metric that spiked, over the whole store."""
    params = params or AlertParams.load()
    counts = _daily_counts(store)
    if not counts:
        return []
    first_day = min(d for days in counts.values() for d in days)
    spikes: list[Spike] = []
    for region, days in counts.items():
        for day, values in days.items():
            start = max(first_day, day - dt.timedelta(days=params.window_days))
            n_base = (day - start).days
            if n_base < params.min_history_days:
                continue
            base_days = [start + dt.timedelta(days=i) for i in range(n_base)]
            for m, metric in enumerate(METRICS):
                spike = _check(region, day, metric, values[m],
                               [days.get(b, (0, 0))[m] for b in base_days], params)
                if spike is not None:
                    spikes.append(spike)
    return sorted(spikes, key=lambda s: (s.day, s.country, s.admin1, s.metric))


def _check(region: Region, day: dt.date, metric: str, observed: int, baseline: list[int],
           params: AlertParams) -> Spike | None:
    if observed < params.min_observed.get(metric, 1):
        return None
    score, median, scale = score_day(observed, baseline)
    if score < params.threshold:
        return None
    return Spike(region[0], region[1], region[2], day.isoformat(), metric, observed,
                 median, scale, len(baseline), round(score, 3))


def refresh_alerts(store: Store, params: AlertParams | None = None) -> int:
    """Recompute the alerts and store them; keep each surviving alert's id and creation time.
    Returns how many alerts are stored."""
    spikes = detect_spikes(store, params)
    gone = stored_alerts.replace_alerts(store, [
        {"level": s.level, "country": s.country, "admin1": s.admin1, "day": s.day, "metric": s.metric,
         "observed": s.observed, "baseline_median": s.baseline_median, "baseline_scale": s.baseline_scale,
         "baseline_days": s.baseline_days, "score": s.score, "method": METHOD} for s in spikes])
    log.info("alerts: %d stored (%d removed)", len(spikes), gone)
    return len(spikes)

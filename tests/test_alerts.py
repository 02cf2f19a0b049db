"""Spike alerts: the scoring rule, detection against a region's own baseline, storage with the
causing events, refreshing without churn, and incidents counted (many reports of one attack are
no spike)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.test_serve_support import KINDS, PLACES, SPOTS, made_article, spread
from wirewatch.alerts import AlertParams, detect_spikes, refresh_alerts, score_day
from wirewatch.alerts.tables import alerts
from wirewatch.sink import add_article
from wirewatch.store import Store

START = dt.date(2024, 1, 1)
KADUGLI, OMDURMAN, GAO = PLACES[0], PLACES[1], PLACES[3]


def _add(store: Store, counter: list[int], day: int, place: tuple[str, str, str, float, float],
         n: int, dead: int = 0) -> None:
    for j in range(n):  # each report an incident of its own: its own village, not the one of the day before
        counter[0] += 1
        spot = spread(place, (j + 8 * (day % 2)) % len(SPOTS))
        add_article(store, made_article(counter[0], START + dt.timedelta(days=day), spot, KINDS[1], dead))


def test_score_is_robust_and_poisson_floored() -> None:
    quiet = [0] * 28
    assert score_day(1, quiet)[0] == 1.0  # one event in a quiet place is no spike
    assert score_day(6, quiet)[0] == 6.0
    steady = [10, 12, 9, 11, 10, 13, 8] * 4
    assert score_day(40, [0, 30] * 14)[1] == 15  # a wide MAD scales the score down
    score, median, scale = score_day(30, steady)
    assert median == 10 and abs(scale - 10 ** 0.5) < 1e-9 and score > 6  # Poisson floor over MAD 1
    assert score_day(12, steady)[0] < 1


def test_a_spike_against_the_regions_own_baseline(store: Store) -> None:
    n = [0]
    for day in range(40):  # Kadugli: about one event every other day; Gao: busy, three a day
        _add(store, n, day, KADUGLI, day % 2)
        _add(store, n, day, GAO, 3)
    _add(store, n, 40, KADUGLI, 7, dead=2)  # the spike: 7 events, 14 deaths on day 40
    _add(store, n, 40, GAO, 4)  # a busy region's ordinary day
    spikes = detect_spikes(store, AlertParams())
    keys = {(s.level, s.admin1 or s.country, s.metric, s.day) for s in spikes}
    day40 = (START + dt.timedelta(days=40)).isoformat()
    assert ("admin1", "South Kordofan", "events", day40) in keys
    assert ("admin1", "South Kordofan", "fatalities", day40) in keys
    assert ("country", "Sudan", "events", day40) in keys
    assert not any(s.admin1 == "Gao" or s.country == "Mali" for s in spikes)
    assert refresh_alerts(store) == len(spikes)
    with store.engine.connect() as conn:
        row = conn.execute(select(alerts).where(alerts.c.level == "admin1", alerts.c.metric == "events")).one()
    assert row.observed == 7 and row.baseline_days == 28 and row.score >= 3.5
    assert len(row.event_ids) == 7


def test_needs_history_and_refresh_keeps_ids(store: Store) -> None:
    n = [0]
    _add(store, n, 0, OMDURMAN, 9)  # a first day is no spike: nothing to compare it with
    assert detect_spikes(store) == []
    for day in range(1, 30):
        _add(store, n, day, OMDURMAN, 1)
    _add(store, n, 30, OMDURMAN, 9)
    assert refresh_alerts(store) > 0
    with store.engine.connect() as conn:
        before = conn.execute(select(alerts.c.id, alerts.c.created).order_by(alerts.c.id)).all()
    refresh_alerts(store)
    with store.engine.connect() as conn:
        after = conn.execute(select(alerts.c.id, alerts.c.created).order_by(alerts.c.id)).all()
    assert before == after


def test_many_reports_of_one_attack_are_no_spike(store: Store) -> None:
    n = [0]
    for day in range(30):
        _add(store, n, day, KADUGLI, day % 2)
    for _ in range(9):  # nine outlets, one attack: one incident
        n[0] += 1
        add_article(store, made_article(n[0], START + dt.timedelta(days=30), KADUGLI, KINDS[1], 2))
    assert not any(s.metric == "events" for s in detect_spikes(store, AlertParams()))
    _add(store, n, 30, KADUGLI, 7)  # seven attacks in seven villages the same day: a spike
    assert any(s.metric == "events" and s.admin1 == "South Kordofan" for s in detect_spikes(store, AlertParams()))

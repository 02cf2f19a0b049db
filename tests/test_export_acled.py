"""The ACLED columns an export derives: region for every country, time_precision from the date
words, source_scale from the outlets, tags from the sentences; GeoParquet that geopandas opens."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.test_merge import _article, reports
from wirewatch.code import code_document
from wirewatch.export import export, record
from wirewatch.export.derived import region_of, source_scale, source_scale_of, tags
from wirewatch.records import Article
from wirewatch.sink import add_article
from wirewatch.store import Store


def test_every_iso_country_has_an_acled_region() -> None:
    import pycountry

    missing = [c.name for c in pycountry.countries if not region_of(c.name, c.alpha_3)]
    assert missing == []
    assert region_of("Kosovo", "") == "Europe"  # no ISO code, listed by name
    for country, region in (("United States", "North America"), ("France", "Europe"), ("Ivory Coast", "Western Africa"),
                            ("Democratic Republic of Congo", "Middle Africa"), ("Ukraine", "Europe"),
                            ("Mexico", "Central America"), ("Haiti", "Caribbean"), ("Japan", "East Asia"),
                            ("Armenia", "Caucasus and Central Asia"), ("Brazil", "South America")):
        rec = record({"incident_key": "k", "event_type": "Battles", "sub_event_type": "Armed clash",
                      "country": country, "event_date": "2023-01-02"})
        assert rec["region"] == region, country
        assert isinstance(rec["iso"], int)


def _coded_article(text: str, published: str, n: int, url: str) -> Article:
    doc = code_document(text, published, None, "fr" if " des " in text else "en")
    assert doc.events, text
    return Article(source=url, content_hash=f"p{n:04d}", kind="text", text=text, url=url,
                   published=published, site="Sahel Courier", events=doc.events[:1])


# my own examples: a stated day, a week, a month, nothing at all (the publication day stands in)
PRECISION_CASES = [
    ("Gunmen killed five villagers near Djibo in northern Burkina Faso on Sunday, local officials said.", 1),
    ("Gunmen killed seven herders near Kaya in Burkina Faso this week, a regional official said.", 2),
    ("Des hommes armés ont tué quatre commerçants près de Dori, au Burkina Faso, la semaine dernière.", 2),
    ("Gunmen killed nine farmers near Fada N'Gourma in Burkina Faso earlier this month, residents said.", 3),
    ("Gunmen killed three teachers near Gorom-Gorom in Burkina Faso, a local lawmaker said.", 3),
]


def test_time_precision_takes_all_three_values(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "p.db"))
    for n, (text, _) in enumerate(PRECISION_CASES):
        add_article(store, _coded_article(text, f"2023-04-{11 + 3 * n:02d}", n, f"https://courier.example/{n}"))
    out = io.StringIO()
    export(store, "jsonl", out)
    store.close()
    import json

    got = {o["notes"]: o["time_precision"] for o in map(json.loads, out.getvalue().splitlines())}
    assert sorted(got.values()) == sorted(p for _, p in PRECISION_CASES)


def test_source_scale_from_the_tables_and_country_domains() -> None:
    def one(url: str, agency: str | None = None) -> str:
        return source_scale_of({"url": url, "agency": agency}, "ML", "Western Africa")

    assert one("https://www.reuters.com/world/africa/x") == "International"
    assert one("https://news.example.com/x", agency="AFP") == "International"
    assert one("https://www.studiotamani.org/x") == "National"
    assert one("https://journal.example.ml/x") == "National"  # Mali's own domain
    assert one("https://journal.example.sn/x") == "Regional"  # Senegal: same ACLED region
    assert one("https://journal.example.fr/x") == "International"
    assert one("https://t.me/somechannel/12") == "New media"
    assert one("https://blog.example.com/x") == "Other"
    both = [{"url": "https://journal.example.ml/a"}, {"url": "https://apnews.com/b"}]
    assert source_scale(both, "ML", "Western Africa") == "National-International"


def test_tags_crowd_size_and_local_administrators() -> None:
    def inc(kind: str, sentence: str) -> dict[str, object]:
        return {"event_type": kind, "evidence": [{"evidence": {"sentence": [{"text": sentence}]}}]}

    assert tags(inc("Protests", "Hundreds of students marched in Bamako.")) == "crowd size=hundreds"
    assert tags(inc("Protests", "About 300 protesters gathered outside the ministry.")) == "crowd size=300"
    assert tags(inc("Protests", "Traders protested in Mopti.")) == "crowd size=no report"
    assert tags(inc("Violence against civilians", "Gunmen abducted the mayor of Tessit.")) == "local administrators"
    assert tags(inc("Battles", "Soldiers clashed with militants.")) == ""


@pytest.fixture
def filled(tmp_path: Path) -> Store:
    store = Store(str(tmp_path / "f.db"))
    for n, rep in enumerate(reports()[:60]):
        add_article(store, _article(rep, n))
    return store


def test_every_incident_with_a_country_has_the_acled_columns_set(filled: Store) -> None:
    import pandas as pd

    out = io.StringIO()
    export(filled, "acled-csv", out)
    df = pd.read_csv(io.StringIO(out.getvalue()))
    with_country = df[df["country"].notna()]
    assert len(with_country) > 10
    for col in ("region", "iso", "time_precision", "source_scale"):
        assert with_country[col].notna().all(), col


def test_geoparquet_opens_in_geopandas(filled: Store, tmp_path: Path) -> None:
    gpd = pytest.importorskip("geopandas")
    path = tmp_path / "x.parquet"
    n = export(filled, "parquet", path)
    frame = gpd.read_parquet(path)
    assert len(frame) == n and frame.crs is not None and "WGS 84" in frame.crs.name
    located = frame[frame["latitude"].notna()]
    assert (located.geometry.y.round(6) == located["latitude"].round(6)).all()
    assert frame[frame["latitude"].isna()].geometry.isna().all()

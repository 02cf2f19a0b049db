"""Exports open as they are in pandas, geopandas and DuckDB, with proper types, ACLED's columns,
filters, and every event linked to its source URLs and evidence."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_merge import _article, reports
from wirewatch.cli import app
from wirewatch.export import ACLED_COLUMNS, export
from wirewatch.sink import add_article
from wirewatch.store import Store


@pytest.fixture
def filled(db_url: str) -> str:
    """A store (SQLite, or PostgreSQL under WIREWATCH_TEST_PG) holding 60 merged reports."""
    store = Store(db_url)
    for n, rep in enumerate(reports()[:60]):
        add_article(store, _article(rep, n))
    store.close()
    return db_url


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_acled_csv_opens_in_pandas_with_acled_columns(filled: str) -> None:
    import pandas as pd

    text = _cli("--db", str(filled), "--format", "acled-csv")
    df = pd.read_csv(io.StringIO(text))
    assert list(df.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert {"wirewatch_id", "source_urls"} <= set(df.columns)
    assert len(df) < 60 and df["event_id_cnty"].is_unique  # merged: one row per happening
    assert df["year"].dtype.kind == "i" and df["latitude"].dtype.kind == "f" and df["fatalities"].dtype.kind == "i"
    assert df["event_id_cnty"].str[:3].isin(["MLI", "BFA", "NER", "NGA"]).all()
    assert df["iso"].isin([466, 854, 562, 566]).all() and (df["region"] == "Western Africa").all()
    multi = df[df["source_urls"].str.count("https://") > 1]
    assert len(multi) > 5  # merged events list every report's URL
    assert (multi["source"].str.contains(";")).any()


def test_wide_csv_and_jsonl_keep_the_range_and_the_evidence(filled: str) -> None:
    import pandas as pd

    df = pd.read_csv(io.StringIO(_cli("--db", str(filled), "--format", "csv")))
    assert (df["fatalities"] <= df["fatalities_best"]).all() and (df["fatalities_best"] <= df["fatalities_high"]).all()
    assert (df["fatalities"] == df["fatalities_low"]).all()  # ACLED's conservative figure
    objs = [json.loads(line) for line in _cli("--db", str(filled), "--format", "jsonl").splitlines()]
    assert len(objs) == len(df)
    big = max(objs, key=lambda o: o["n_reports"])
    assert len(big["evidence"]) == big["n_reports"] and len(big["sources"]) >= big["n_reports"]
    assert [v["value"] for v in big["reported"]["fatalities"]]  # every reported value


def test_geojson_opens_in_geopandas(filled: str, tmp_path: Path) -> None:
    import geopandas as gpd

    out = tmp_path / "events.geojson"
    _cli("--db", str(filled), "--format", "geojson", "-o", str(out))
    gdf = gpd.read_file(out)
    assert len(gdf) > 10 and (gdf.geometry.geom_type == "Point").all()
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert (gdf.geometry.x.round(6) == gdf["longitude"].round(6)).all()
    assert gdf["source_urls"].str.startswith("https://").all() and "event_type" in gdf.columns


def test_parquet_has_proper_types_for_pandas_and_duckdb(filled: str, tmp_path: Path) -> None:
    import datetime as dt

    import duckdb
    import pandas as pd

    out = tmp_path / "events.parquet"
    _cli("--db", str(filled), "--format", "parquet", "-o", str(out))
    df = pd.read_parquet(out)
    assert isinstance(df["event_date"].iloc[0], dt.date)
    assert df["fatalities"].dtype.kind == "i" and df["latitude"].dtype.kind == "f"
    assert isinstance(df["source_urls"].iloc[0].tolist(), list)
    con = duckdb.connect()
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{out}'").fetchall()}
    assert types["event_date"] == "DATE" and types["fatalities"] == "BIGINT" and types["source_urls"] == "VARCHAR[]"
    n, total = con.execute(f"SELECT count(*), sum(fatalities) FROM '{out}' WHERE year = 2023").fetchone()
    assert n == len(df) and total == df["fatalities"].sum()


def test_filters(filled: str) -> None:
    import pandas as pd

    everything = pd.read_csv(io.StringIO(_cli("--db", str(filled))))
    mali = pd.read_csv(io.StringIO(_cli("--db", str(filled), "--country", "Mali")))
    assert 0 < len(mali) < len(everything) and (mali["country"] == "Mali").all()
    spring = pd.read_csv(io.StringIO(_cli("--db", str(filled), "--since", "2023-03-01", "--until", "2023-05-31")))
    assert spring["event_date"].between("2023-03-01", "2023-05-31").all() and 0 < len(spring) < len(everything)
    battles = pd.read_csv(io.StringIO(_cli("--db", str(filled), "--type", "Battles")))
    assert (battles["event_type"] == "Battles").all() and len(battles) > 0


def test_bad_requests_fail_cleanly(filled: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["export", "--db", str(filled), "--format", "parquet"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", str(filled), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", str(filled), "--since", "last week"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", str(tmp_path / "none.db")]).exit_code == 2


def test_an_empty_store_exports_empty_files_that_still_open(tmp_path: Path) -> None:
    import pandas as pd

    store = Store(str(tmp_path / "empty.db"))
    out = tmp_path / "e.parquet"
    assert export(store, "parquet", out) == 0 and len(pd.read_parquet(out)) == 0
    buf = io.StringIO()
    assert export(store, "geojson", buf) == 0 and json.loads(buf.getvalue())["features"] == []

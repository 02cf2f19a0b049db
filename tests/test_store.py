"""The store: migrations, one copy of each page however often it is read, stable event ids."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect

from tests._pages import html_page, text_dump
from wirewatch.records import Article, Event, Span
from wirewatch.runner import run
from wirewatch.settings import Settings
from wirewatch.sink import add_article
from wirewatch.store import Store, event_key
from wirewatch.store.migrations import MIGRATIONS, current_version


def _article(text: str = "Gunmen killed seven civilians in Niger on Sunday.") -> Article:
    ev = Event(event_date="2023-03-12", event_type="Violence against civilians", sub_event_type="Attack",
               actor1="Unidentified Armed Group (Niger)", actor2="Civilians (Niger)", country="Niger",
               fatalities=7, evidence={"fatalities": [Span(13, 18, "seven")]})
    return Article(source="made-up", content_hash="h" * 64, kind="text", text=text, events=[ev])


def test_migrations_bring_a_new_database_to_the_newest_version(db_url: str) -> None:
    store = Store(db_url)
    assert store.version == MIGRATIONS[-1][0] == current_version(store.engine)
    tables = set(inspect(store.engine).get_table_names())
    assert {"articles", "events", "rejections", "runs", "site_lines", "schema_version"} <= tables
    store.close()
    again = Store(db_url)  # reopening applies nothing twice
    assert again.version == MIGRATIONS[-1][0]
    again.close()


def test_article_and_events_are_stored_once(store: Store) -> None:
    assert add_article(store, _article()) == (True, 1)
    assert add_article(store, _article()) == (False, 0)
    (row,) = list(store.iter_events())
    assert row["event_key"] == event_key("h" * 64, 0)
    assert row["evidence"] == {"fatalities": [{"start": 13, "end": 18, "text": "seven"}]}
    assert store.counts()["events"] == 1


def test_rerunning_the_same_input_duplicates_nothing(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "a.html").write_text(html_page())
    (tmp_path / "b.txt").write_text(text_dump(title="Another story"))
    store = Store(db_url)
    settings = Settings(workers=1)
    first = run([str(tmp_path)], store, settings)
    before = store.counts()
    articles_before = list(store.iter_articles())
    second = run([str(tmp_path)], store, settings)
    after = store.counts()
    assert first.articles_new == 2 and second.articles_new == 0
    assert before["articles"] == after["articles"] == 2
    assert before["events"] == after["events"]
    assert [a["content_hash"] for a in store.iter_articles()] == [a["content_hash"] for a in articles_before]
    assert after["runs"] == 2
    store.close()


def test_read_only_store_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Store(str(path)).close()
    ro = Store(str(path), read_only=True)
    try:
        add_article(ro, _article())
    except Exception as exc:  # noqa: BLE001 — any refusal is right; it must not write
        assert "readonly" in str(exc).lower() or "read-only" in str(exc).lower()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from articles").scalar_one() == 0

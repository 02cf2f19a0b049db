"""Sharded runs: inputs cut into shards read by workers, each shard stored with its completion
marker, the same result as the local runner's, and site memory learned across shards."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests._corpus import conversion, html, page, response, write_archives
from wirewatch.ingest import read_inputs
from wirewatch.records import Page, Rejection
from wirewatch.runner import run
from wirewatch.settings import Settings
from wirewatch.shards import ProcessMap, completed, plan, read_shard, run_sharded, shard_marks
from wirewatch.store import Store


def stored(store: Store) -> dict[str, Any]:
    """What a run leaves in the store, without row ids and run numbers."""
    arts = {a["content_hash"]: {k: v for k, v in a.items() if k not in ("id", "first_run")}
            for a in store.iter_articles()}
    events = sorted((e["event_key"], e["event_type"], e["fatalities"]) for e in store.iter_events())
    with store.engine.connect() as conn:
        from wirewatch.store.schema import rejections

        rej = sorted(conn.execute(select(rejections.c.source, rejections.c.reason)).all())
    return {"articles": arts, "events": events, "rejections": rej}


def _pages(stream: Any) -> list[tuple[str, bytes | str]]:
    return [(p.source, p.content if isinstance(p, Page) else p.reason) for p in stream]


def test_shards_read_exactly_the_pages_of_the_whole_input(tmp_path: Path) -> None:
    archives = write_archives(tmp_path / "crawl", 53, files=2, wet_every=2, bad_every=10)
    plain = tmp_path / "plain.warc"  # an uncompressed WARC is cut too
    rng = __import__("random").Random(3)
    plain.write_bytes(b"".join(response(u, html(t, x).encode()) for u, t, x in (page(n, rng) for n in range(9))))
    single = tmp_path / "single.warc.gz"  # one gzip stream over all records: cannot be cut
    single.write_bytes(gzip.compress(plain.read_bytes()))
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(5):
        (folder / f"p{n}.html").write_text(html(f"Title {n}", f"Body of page {n}."))
    inputs = [str(p) for p in [*archives, plain, single, folder, tmp_path / "missing.warc"]]

    shards, missing = plan(inputs, shard_pages=4)
    assert [r.reason for r in missing] == ["not_found"]
    assert sum(s.count for s in shards if s.kind == "archive") == 53 + 9  # the single stream: count 0
    assert next(s for s in shards if s.paths == (str(single),)).count == 0
    assert [s.label for s in shards][:2] == [f"{archives[0]}#1-4", f"{archives[0]}#5-8"]
    assert [s.key for s in plan(inputs, shard_pages=4)[0]] == [s.key for s in shards]  # stable keys
    assert len({s.key for s in shards}) == len(shards)
    assert shards[0].has_text is False and any(s.has_text for s in shards)  # WET shards only

    sharded = [p for s in shards for p in read_shard(s, Settings())]
    whole = [p for p in read_inputs(inputs) if not (isinstance(p, Rejection) and p.reason == "not_found")]
    assert _pages(sharded) == _pages(whole)
    assert sum(isinstance(p, Rejection) and p.reason == "http_error" for p in sharded) == 2


def test_a_sharded_run_stores_what_the_local_runner_stores(tmp_path: Path) -> None:
    inputs = [str(p) for p in write_archives(tmp_path / "crawl", 120, files=3, wet_every=3, bad_every=25)]
    ref, got = Store(str(tmp_path / "ref.db")), Store(str(tmp_path / "got.db"))
    want = run(inputs, ref, Settings(workers=2))
    summary = run_sharded(inputs, got, Settings(workers=2), executor=ProcessMap(2), shard_pages=16)
    assert stored(got) == stored(ref)
    assert summary.pages_read == want.pages_read == 120
    assert summary.rejected == want.rejected and summary.articles_new == want.articles_new
    assert summary.stages["article"] == want.stages["article"]
    assert summary.stages["shards"] == {"total": 9, "skipped": 0}
    assert len(completed(got)) == 9

    again = run_sharded(inputs, got, Settings(workers=2), shard_pages=16)  # everything is marked
    assert again.pages_read == 0 and again.stages["shards"] == {"total": 9, "skipped": 9}
    assert stored(got) == stored(ref)
    ref.close()
    got.close()


def test_shard_marks_record_each_shard_with_its_pages(tmp_path: Path, db_url: str) -> None:
    inputs = [str(p) for p in write_archives(tmp_path / "crawl", 30, files=1, bad_every=7)]
    store = Store(db_url)
    run_sharded(inputs, store, Settings(workers=1), shard_pages=10)
    with store.engine.connect() as conn:
        rows = conn.execute(select(shard_marks.c.label, shard_marks.c.pages, shard_marks.c.stats)
                            .order_by(shard_marks.c.label)).all()
    assert [(label.rsplit("#", 1)[1], pages) for label, pages, _ in rows] == [
        ("1-10", 10), ("11-20", 10), ("21-30", 10)]
    assert sum(s["rejected"].get("http_error", 0) for _, _, s in rows) == 4
    store.close()


def test_site_memory_learns_across_shards_read_by_different_workers(tmp_path: Path) -> None:
    """A banner repeated on two pages of a site is boilerplate even when the two pages sit in
    different shards, which no single worker sees together."""
    # a plea between paragraphs: only site memory tells it from the story (checked: without it,
    # the plea stays in every article)
    banner = "Our reporters have covered the region for twenty years, and readers like you fund that work."
    rng = __import__("random").Random(5)
    out = io.BytesIO()
    for n in range(4):
        _, title, text = page(n, rng)
        paras = text.split("\n\n")
        dump = "\n".join([title, paras[0], banner, *paras[1:], "Contact us"]) + "\n"
        out.write(gzip.compress(conversion(f"https://herald.example/{n}", dump)))
    path = tmp_path / "herald.warc.wet.gz"
    path.write_bytes(out.getvalue())
    store = Store(str(tmp_path / "s.db"))
    summary = run_sharded([str(path)], store, Settings(workers=2), executor=ProcessMap(2), shard_pages=1)
    assert summary.stages["shards"]["total"] == 4 and summary.articles_kept == 4
    assert summary.stages["site_memory"]["marked_lines"] >= 4
    assert store.site_lines()["herald.example"]  # saved, so later runs start from it
    for art in store.iter_articles():
        assert banner not in art["text"], art["text"]
    store.close()

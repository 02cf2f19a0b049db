"""Site memory: lines repeated across different pages of a site are its boilerplate, learned
lines persist through the store for later runs, and copies of one syndicated story in a batch
do not erase each other's body."""

from __future__ import annotations

from pathlib import Path

from wirewatch.article.site_memory import SiteMemory, line_key, profile, site_of
from wirewatch.records import Article, Page
from wirewatch.runner import extract, run
from wirewatch.settings import Settings
from wirewatch.store import Store

# a site's own line that reads like article text: only the site memory can tell
PLEDGE = ("The Valley Courier has served readers across the river counties since 1921 and is "
          "funded by its subscribers, not by any party or government.")
NAV = ["Home", "Region", "Politics", "Weather"]


def _story(n: int) -> list[str]:
    return [(f"Story {n} begins here: the county council voted on measure {n} late on Tuesday "
            f"after a long debate that ran well past midnight, officials said."),
            (f"Residents of district {n} had asked the council for years to repair the bridge, "
            f"which was closed to heavy traffic in the spring after an inspection."),
            (f"The mayor said work on project {n} would begin next month and should be finished "
            f"before the rainy season, if the contractor keeps to the schedule.")]


def _dump(n: int, story: list[str]) -> str:
    return "\n".join([*NAV, f"Council votes on measure {n}", story[0], PLEDGE, *story[1:],
                      "© 2024 Valley Courier"]) + "\n"


def _write(folder: Path, n: int, story: list[str]) -> str:
    path = folder / f"valleycourier.example_{n}.txt"
    path.write_text(_dump(n, story), encoding="utf-8")
    return str(path)


def _texts(paths: list[str], **kw: object) -> dict[str, str]:
    out = {}
    for rec in extract(paths, Settings(workers=1, **kw)):  # type: ignore[arg-type]
        assert isinstance(rec, Article)
        out[rec.source] = rec.text
    return out


def test_site_is_host_or_file_name_domain() -> None:
    assert site_of(Page("x", b"", url="https://www.example.org/a/1")) == "example.org"
    assert site_of(Page("/d/washingtonpost.com_blog1_8.txt", b"")) == "washingtonpost.com"
    assert site_of(Page("/d/courier_12.txt", b"")) == "courier"
    name = "ab" * 16
    assert site_of(Page(f"/d/{name}.txt", b"")) == name  # a content hash is a site of its own


def test_repeated_line_is_removed_only_with_site_memory(tmp_path: Path) -> None:
    paths = [_write(tmp_path, n, _story(n)) for n in range(3)]
    with_memory = _texts(paths)
    without = _texts(paths, site_memory=False)
    for p in paths:
        assert PLEDGE in without[p]
        assert PLEDGE not in with_memory[p]
        assert "Story" in with_memory[p]


def test_learned_lines_persist_and_serve_a_later_run(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    store = Store(str(tmp_path / "s.db"))
    run([_write(first, n, _story(n)) for n in range(3)], store, Settings(workers=1))
    assert store.site_lines()["valleycourier.example"]
    # a later run sees one page of the site: nothing to learn from, the store remembers
    later = _write(second, 7, _story(7))
    run([later], store, Settings(workers=1))
    [text] = [a["text"] for a in store.iter_articles() if a["source"] == later]
    assert PLEDGE not in text and "Story 7" in text
    store.close()


def test_syndicated_copies_keep_their_body(tmp_path: Path) -> None:
    shared = _story(1)
    paths = [_write(tmp_path, 1, shared), _write(tmp_path, 2, shared), _write(tmp_path, 3, _story(3))]
    texts = _texts(paths)
    for p in paths[:2]:
        assert all(par in texts[p] for par in shared), texts[p]
        assert PLEDGE not in texts[p]  # still the site's line: pages 1 and 3 differ


def test_only_syndicated_copies_teach_nothing() -> None:
    pages = [Page(f"/d/wire_{n}.txt", _dump(1, _story(1)).encode()) for n in range(2)]
    memory = SiteMemory()
    memory.learn(pages)
    assert not memory.new
    assert memory.marks_of(profile(pages[0])) == frozenset()


def test_unnamed_pages_of_one_site_are_found_by_their_shared_menus() -> None:
    """Pages named by a content hash (no URL) are grouped by the menus and footers they share;
    a page of another site stays apart and keeps its text."""
    menu = [f"Section {name}" for name in ["Politics", "Economy", "Culture", "Sport", "Science", "World", "Region", "Opinion", "Video", "Podcasts", "Weather", "Travel", "Health", "Tech", "Books", "Film", "Music", "Food", "Cars", "Jobs", "Homes", "Events", "Obituaries", "Letters", "Archive", "Contact"]]

    def page(n: int, lines: list[str]) -> Page:
        text = "\n".join([*menu, f"Council votes on measure {n}", *lines, PLEDGE, *menu[:5]])
        return Page(f"/d/{n:032x}.txt", text.encode())

    pages = [page(n, _story(n)) for n in range(1, 4)]
    stranger = Page(f"/d/{99:032x}.txt", "\n".join([*_story(99), PLEDGE]).encode())
    memory = SiteMemory()
    memory.learn([*pages, stranger])
    for p in pages:
        assert line_key(PLEDGE) in memory.marks(p)
    assert memory.marks(stranger) == frozenset()
    assert not memory.new  # content-hash "sites" never recur: nothing for the store

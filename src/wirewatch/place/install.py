"""``wirewatch gazetteer install CC …``: merge full GeoNames country dumps into the gazetteer.

A dump (``CC.zip`` from GeoNames' export/dump folder, or ``CC.txt``/``CC.txt.gz``) lists every
named feature of a country in GeoNames' 19-column tab format.  Installing one adds its villages,
military camps and districts, names regions from its ADM1 rows and districts from its ADM2 rows,
and gives the country's towns their admin2 names.  The source may be a folder, a file or a URL
base; the default is GeoNames itself.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import os
import shutil
import sqlite3
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wirewatch.errors import GazetteerError
from wirewatch.place.gazetteer import alias_rows, connect_for_write, default_path, forget_open, writer_lock
from wirewatch.place.names import is_latin

log = logging.getLogger(__name__)

GEONAMES_DUMPS = "https://download.geonames.org/export/dump/"
# feature classes worth a place: A admin areas, P populated places, S sites (camps, bases),
# L areas, T terrain (mountains, valleys), H water bodies named in conflict reports
KEEP_CLASSES = frozenset("APSLTH")
ADMIN_KIND = {"ADM1": "admin1", "ADM2": "admin2", "PCLI": "country", "PCLD": "country", "PCLIX": "country",
              "PCLS": "country", "PCLF": "country", "PCL": "country"}
_ADMIN_WORDS = ("Province du ", "Province de la ", "Province des ", "Province de l'", "Région du ",
                "Région de ", "Cercle de ", "Département de ", "Préfecture de ")


@dataclass(frozen=True, slots=True)
class DumpRow:
    id: int
    name: str
    names: list[str]
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str
    a1: str
    a2: str
    pop: int


def read_dump(data: bytes, label: str) -> Iterator[DumpRow]:
    """Rows of a GeoNames dump given as zip, gzip or plain bytes."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            member = next((n for n in zf.namelist() if n.endswith(".txt") and not n.startswith("readme")), None)
            if member is None:
                raise GazetteerError(f"{label}: no .txt dump inside the zip")
            data = zf.read(member)
    elif data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    reader = csv.reader(io.StringIO(data.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE)
    for n, cols in enumerate(reader, 1):
        if len(cols) < 19:
            raise GazetteerError(f"{label}:{n}: {len(cols)} columns, a GeoNames dump has 19")
        if cols[6] not in KEEP_CLASSES:
            continue
        alts = [a for a in cols[3].split(",") if len(a) >= 4 and not a.isupper() and is_latin(a)]
        yield DumpRow(int(cols[0]), cols[1], [cols[1], cols[2], *alts], float(cols[4]), float(cols[5]),
                      cols[6], cols[7], cols[8], cols[10], cols[11], int(cols[14] or 0))


def fetch(cc: str, source: str | None) -> tuple[bytes, str]:
    """The dump of country ``cc`` from a folder, a file or a URL base (default GeoNames)."""
    src = source or GEONAMES_DUMPS
    if "://" in src:
        import httpx

        url = src if src.endswith((".zip", ".gz", ".txt")) else src.rstrip("/") + f"/{cc}.zip"
        try:
            resp = httpx.get(url, timeout=60.0, follow_redirects=True)
            resp.raise_for_status()
        except httpx.HTTPError as exc:
            raise GazetteerError(f"{url}: download failed ({exc})") from exc
        return resp.content, url
    path = Path(src)
    if path.is_dir():
        found = [path / f"{cc}{ext}" for ext in (".zip", ".txt.gz", ".txt") if (path / f"{cc}{ext}").exists()]
        if not found:
            raise GazetteerError(f"{path}: no {cc}.zip, {cc}.txt.gz or {cc}.txt here")
        path = found[0]
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read ({exc})") from exc


def _clean_admin(name: str) -> str:
    """"Province du Soum" -> "Soum", "Sahel Region" -> "Sahel": the bare name analysts use."""
    for w in _ADMIN_WORDS:
        if name.startswith(w):
            return name[len(w):]
    for w in (" Region", " Province", " Prefecture", " Cercle", " District"):
        if name.endswith(w):
            return name[: -len(w)]
    return name


def dumps_dir(target: Path) -> Path:
    """Where installed dumps are kept beside the gazetteer, to merge again after a rebuild."""
    return target.parent / "dumps"


def rebuild(target: Path) -> dict[str, int]:
    """Build the gazetteer at ``target``, then merge again every dump installed before.  Under the
    writer lock, into a temporary file renamed over ``target`` at the end: processes reading the
    old file keep reading it, new ones open the new file, none sees a half-built one."""
    with writer_lock(target):
        counts = rebuild_locked(target)
    forget_open()
    return counts


def rebuild_locked(target: Path) -> dict[str, int]:
    """``rebuild`` for a caller that holds the writer lock."""
    from wirewatch.place.build import build_gazetteer

    tmp = _temp_beside(target)
    try:
        counts = build_gazetteer(tmp)
        kept = sorted(dumps_dir(target).glob("*.dump")) if dumps_dir(target).is_dir() else []
        for dump in kept:
            _merge_dump(dump.stem, dump.read_bytes(), str(dump), tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def _temp_beside(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f"{target.name}.tmp-{os.getpid()}-{threading.get_ident()}")


def install(countries: list[str], source: str | None = None, path: Path | None = None,
            keep: bool = True) -> dict[str, int]:
    """Merge the dumps of ``countries`` into the gazetteer; return places added per country.
    With ``keep`` the dump is saved beside the gazetteer so a rebuild merges it again.  The merge
    goes into a copy renamed over the file at the end (see ``rebuild``)."""
    target = path or default_path()
    dumps = [(cc.upper(), *fetch(cc.upper(), source)) for cc in countries]
    added: dict[str, int] = {}
    with writer_lock(target):
        if not target.exists():
            rebuild_locked(target)
        tmp = _temp_beside(target)
        try:
            shutil.copyfile(target, tmp)
            for cc, data, label in dumps:
                added[cc] = _merge_dump(cc, data, label, tmp)
                if keep:
                    dumps_dir(target).mkdir(parents=True, exist_ok=True)
                    (dumps_dir(target) / f"{cc}.dump").write_bytes(data)
            os.replace(tmp, target)
        except OSError as exc:
            raise GazetteerError(f"{target}: cannot write the gazetteer ({exc})") from exc
        finally:
            tmp.unlink(missing_ok=True)
    forget_open()
    return added


def _merge_dump(cc: str, data: bytes, label: str, target: Path) -> int:
    rows = [r for r in read_dump(data, label) if r.cc == cc]
    if not rows:
        raise GazetteerError(f"{label}: no {cc} rows")
    conn = connect_for_write(target)
    try:
        n = _merge(conn, cc, rows)
        conn.commit()
    except sqlite3.Error as exc:
        raise GazetteerError(f"{target}: merging {cc} failed ({exc})") from exc
    finally:
        conn.close()
    log.info("gazetteer: %s merged from %s (%d places)", cc, label, n)
    return n


def _merge(conn: sqlite3.Connection, cc: str, rows: list[DumpRow]) -> int:
    a1 = dict(conn.execute("SELECT code, name FROM admin1 WHERE cc=?", (cc,)).fetchall())
    for r in rows:
        if r.fcode == "ADM1" and r.a1 not in a1:
            a1[r.a1] = _clean_admin(r.name)
            conn.execute("INSERT OR REPLACE INTO admin1 VALUES (?,?,?)", (cc, r.a1, a1[r.a1]))
    a2 = {(r.a1, r.a2): _clean_admin(r.name) for r in rows if r.fcode == "ADM2"}
    ids = [(r.id,) for r in rows]
    conn.executemany("DELETE FROM alias WHERE id=?", ids)
    conn.execute("DELETE FROM place WHERE cc=? AND kind='admin1' AND a1code IS NULL", (cc,))
    for r in rows:
        kind = ADMIN_KIND.get(r.fcode, "city")
        name = _clean_admin(r.name) if kind != "city" else r.name
        a1name = a1.get(r.a1) if kind != "country" else None
        a2name = a2.get((r.a1, r.a2)) if kind in ("city", "admin2") else None
        conn.execute("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     (r.id, name, cc, r.a1, a1name, a2name, r.lat, r.lon, r.pop,
                      f"{r.fclass}.{r.fcode}", kind))
        conn.executemany("INSERT INTO alias VALUES (?,?)", alias_rows(r.id, [name, *r.names]))
    # the embedded regions and districts of this country now exist as GeoNames ADM1/ADM2 rows:
    # drop the duplicates
    conn.execute("DELETE FROM alias WHERE id IN (SELECT id FROM place WHERE cc=? AND kind IN ('admin1', 'admin2') "
                 "AND id<0)", (cc,))
    conn.execute("DELETE FROM place WHERE cc=? AND kind IN ('admin1', 'admin2') AND id<0", (cc,))
    installed = dict(conn.execute("SELECT key, value FROM meta").fetchall()).get("installed", "")
    codes = sorted(set(filter(None, installed.split(","))) | {cc})
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('installed', ?)", (",".join(codes),))
    return len(rows)

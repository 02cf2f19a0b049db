"""`wirewatch gazetteer install`: GeoNames country dumps merged in, offline (a loopback HTTP
server or a local path), on a made-up dump and on the real Burkina Faso dump in ../shared."""

from __future__ import annotations

import http.server
import shutil
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import shared
from wirewatch.cli import app
from wirewatch.errors import GazetteerError
from wirewatch.place import geoparse
from wirewatch.place.gazetteer import Gazetteer, default_path, forget_open, open_gazetteer
from wirewatch.place.install import install

# a made-up country dump in GeoNames' 19-column format: one region, one district, two villages
ROWS = [
    ("9900001", "Région de Zorba", "Region de Zorba", "", "14.5", "-1.5", "A", "ADM1", "ML", "", "77", "", "", "", "0"),
    ("9900002", "Cercle de Kaloum", "Cercle de Kaloum", "", "14.6", "-1.6", "A", "ADM2", "ML", "", "77", "771", "", "", "0"),
    ("9900003", "Zorbaville", "Zorbaville", "Zorba-Ville,Zorbavile", "14.61", "-1.61", "P", "PPL", "ML", "", "77", "771", "", "", "800"),
    ("9900004", "Kalamoussa", "Kalamoussa", "", "14.7", "-1.7", "P", "PPL", "ML", "", "77", "771", "", "", "0"),
]


def _dump(folder: Path) -> Path:
    txt = "".join("\t".join([*r, "", "", "Africa/Bamako", "2024-01-01"]) + "\n" for r in ROWS)
    path = folder / "ML.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ML.txt", txt)
    return path


@pytest.fixture
def gaz_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    base = open_gazetteer().path
    target = tmp_path / "gaz.sqlite"
    shutil.copy(base, target)
    monkeypatch.setenv("WIREWATCH_GAZETTEER", str(target))
    forget_open()
    yield target
    forget_open()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "www"
    folder.mkdir()
    _dump(folder)
    bf = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "gazetteer" / "BF.txt.gz"
    if bf.exists():
        shutil.copy(bf, folder / "BF.txt.gz")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_install_from_loopback_http(gaz_copy: Path, server: str) -> None:
    before = geoparse("Soldiers entered Zorbaville near Kalamoussa, Mali.", gaz=Gazetteer(gaz_copy))
    assert "Zorbaville" not in {p.text for p in before if p.name}
    added = install(["ml"], server, gaz_copy)
    assert added == {"ML": 4}
    gaz = Gazetteer(gaz_copy)
    places = {p.text: p for p in geoparse("Soldiers entered Zorbaville near Kalamoussa, Mali.", gaz=gaz)}
    z = places["Zorbaville"]
    assert z.geonameid == 9900003 and z.admin1 == "Zorba" and z.admin2 == "Kaloum" and z.country == "Mali"
    assert gaz.meta()["installed"] == "ML"
    assert (gaz_copy.parent / "dumps" / "ML.dump").exists()  # kept: a rebuild merges it again


def test_install_command_from_a_local_folder(gaz_copy: Path, tmp_path: Path) -> None:
    _dump(tmp_path)
    result = CliRunner().invoke(app, ["gazetteer", "install", "ML", "--from", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert default_path() == gaz_copy
    assert Gazetteer(gaz_copy).lookup(["zorba ville"])["zorba ville"][0].id == 9900003


def test_install_refuses_a_missing_or_broken_dump(gaz_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        install(["NE"], str(tmp_path), gaz_copy)
    (tmp_path / "NE.txt").write_text("not\ta\tdump\n", encoding="utf-8")
    with pytest.raises(GazetteerError):
        install(["NE"], str(tmp_path), gaz_copy)


def test_install_the_real_burkina_faso_dump(gaz_copy: Path, server: str) -> None:
    shared("bench", "gazetteer", "BF.txt.gz")
    added = install(["BF"], server + "BF.txt.gz", gaz_copy)
    assert added["BF"] > 11_000
    gaz = Gazetteer(gaz_copy)
    p = {x.text: x for x in geoparse("Gunmen attacked a village near Djibo, Soum province, Burkina Faso.", gaz=gaz)}
    assert p["Djibo"].admin1 == "Sahel" and p["Djibo"].admin2 == "Soum"
    assert p["Soum"].feature == "admin2"

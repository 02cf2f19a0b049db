"""ACLED's time_precision through the whole chain, from page text to ``wirewatch run`` to
``wirewatch export --format acled-csv``: 1 for a stated day, 2 for a week or a span of days, 3 for
a month or no date in the text.  The pages are my own (made-up reports in a local outlet's shape);
the founding page (``../shared``) adds its stated day (JNIM's statement "on Sunday")."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared

PAGE = "{title}\n\nPublished {published}\n\n{dateline} (Sahel Courier) - {lead}\n\n{more}\n"
# file name -> (published, lead sentence, the precision the export must give)
PAGES = {
    "day": ("3 April 2023", "Gunmen killed five villagers near Djibo in northern Burkina Faso on Sunday, local officials said.", 1),
    "week": ("12 April 2023", "Gunmen killed seven herders near Kaya in Burkina Faso over the past few days, a regional official said.", 2),
    "span": ("9 May 2023", "Soldiers and militants clashed near Tessit in northern Mali between 5 and 7 May, killing four soldiers, the army said.", 2),
    "semaine": ("20 avril 2023", "Des hommes armés ont tué quatre commerçants près de Dori, au Burkina Faso, la semaine dernière, selon un élu local.", 2),
    "month": ("28 April 2023", "Gunmen killed nine farmers near Fada N'Gourma in eastern Burkina Faso earlier this month, residents said.", 3),
    "undated": ("2 May 2023", "Gunmen killed three teachers near Gorom-Gorom in Burkina Faso, a local lawmaker said.", 3),
}


def _write_pages(folder: Path) -> None:
    folder.mkdir()
    for name, (published, lead, _) in PAGES.items():
        french = " des " in lead or "ont tué" in lead
        (folder / f"{name}.txt").write_text(PAGE.format(
            title="Attaque meurtrière au Burkina Faso" if french else "Deadly attack reported in the Sahel",
            published=published, dateline="OUAGADOUGOU, " + published.rsplit(" ", 1)[0], lead=lead,
            more="Aucun groupe n'a revendiqué l'attaque." if french else "No group has claimed the attack."),
            encoding="utf-8")


def _exported_precisions(pages: Path, tmp_path: Path) -> dict[str, int]:
    import pandas as pd

    db, out = tmp_path / "tp.db", tmp_path / "tp.csv"
    for args in (["run", str(pages), "--db", str(db)],
                 ["export", "--db", str(db), "--format", "acled-csv", "-o", str(out)]):
        done = subprocess.run([sys.executable, "-m", "wirewatch.cli", *args], check=False, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    rows = pd.read_csv(out)
    assert rows["time_precision"].notna().all()
    # one row per page here (no two report one incident); source_urls names a page without a URL by its file
    return {Path(str(url)).stem: int(p) for url, p in zip(rows["source_urls"], rows["time_precision"], strict=True)}


def test_my_pages_give_each_precision_through_run_and_export(tmp_path: Path) -> None:
    _write_pages(tmp_path / "pages")
    got = _exported_precisions(tmp_path / "pages", tmp_path)
    assert got == {name: want for name, (_, _, want) in PAGES.items()}


@pytest.mark.evaluation
def test_the_founding_page_and_mine_take_all_three_values(tmp_path: Path) -> None:
    founding = shared("fixtures", "pages", "000_ca0817b3d5df4901.txt")
    _write_pages(tmp_path / "pages")
    shutil.copy(founding, tmp_path / "pages" / founding.name)  # a temporary copy, never committed
    got = _exported_precisions(tmp_path / "pages", tmp_path)
    assert got[founding.stem] == 1  # "on Sunday": 8 March 2020, a stated day
    assert set(got.values()) == {1, 2, 3}

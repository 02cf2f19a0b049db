"""The one data loader (issue 14 point 4): every shipped data file is read through
``wirewatch.data_files``, package-relative, once per process, and a missing or broken file is a
ConfigError naming it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from wirewatch import data_files
from wirewatch.errors import ConfigError

SRC = ROOT / "src" / "wirewatch"
DATA = SRC / "data"


def test_files_are_read_from_the_package_not_the_working_directory(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "alerts.yaml").write_text("window_days: -1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert data_files.yaml("alerts.yaml") == yaml.safe_load((DATA / "alerts.yaml").read_text(encoding="utf-8"))
    assert data_files.path("events/conventions.yaml") == DATA / "events" / "conventions.yaml"
    assert data_files.text("places/stopwords.txt") == (DATA / "places" / "stopwords.txt").read_text(encoding="utf-8")


def test_each_file_is_parsed_once_and_shared() -> None:
    first = data_files.yaml("events/fatalities.yaml")
    assert data_files.yaml("events/fatalities.yaml") is first


def test_every_shipped_yaml_parses_as_the_safe_loader_reads_it() -> None:
    """The loader uses libyaml when present: it must read every file exactly as PyYAML's own."""
    files = sorted(DATA.rglob("*.yaml"))
    assert len(files) > 20
    for f in files:
        name = f.relative_to(DATA).as_posix()
        assert data_files.yaml(name) == yaml.safe_load(f.read_text(encoding="utf-8")), name


def test_a_missing_or_broken_file_is_a_config_error_naming_it(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no_such.yaml"):
        data_files.yaml("no_such.yaml")
    broken = tmp_path / "data"
    broken.mkdir()
    (broken / "broken.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    monkeypatch.setattr(data_files, "_ref", lambda name: broken.joinpath(*name.split("/")))
    with pytest.raises(ConfigError, match="broken.yaml"):
        data_files.yaml("broken.yaml")
    data_files.yaml.cache_clear()
    data_files.text.cache_clear()


# the three loaders this replaced: resources.files("wirewatch.data")..., yaml.safe_load of a
# package file, and a path built from a module's __file__ to the data folder
AD_HOC = re.compile(r"resources\.files\([\"']wirewatch(?:\.data)?[\"']\)\s*\.joinpath\([\"']data"
                    r"|resources\.files\([\"']wirewatch\.data[\"']\)"
                    r"|yaml\.(?:safe_)?load\("
                    r"|__file__\)?\.resolve\(\)\.parent\.parent\s*/\s*[\"']data[\"']")


def test_no_module_reads_data_files_on_its_own() -> None:
    offenders = [f"{p.relative_to(SRC)}:{n}" for p in sorted(SRC.rglob("*.py")) if p.name != "data_files.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if AD_HOC.search(line)]
    assert not offenders, f"read data files through wirewatch.data_files, not: {offenders}"


def test_the_guard_sees_each_old_loader() -> None:
    for line in ('raw = yaml.safe_load(text)',
                 'resources.files("wirewatch.data").joinpath("dates.yaml").read_text(encoding="utf-8")',
                 'resources.files("wirewatch").joinpath("data", "actors.yaml")',
                 'DATA = Path(__file__).resolve().parent.parent / "data"'):
        assert AD_HOC.search(line), line


def _literal(node: ast.AST) -> str:
    """The literal text of a pattern argument (f-string parts filled from data files left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp):
        return _literal(node.left) + _literal(node.right)
    return ""


WORD_LIST = re.compile(r"(?:(?<![\w\\])[a-zà-ÿ]{2,}(?: [a-zà-ÿ]+)*\|){2,}[a-zà-ÿ]{2,}", re.IGNORECASE)
# class and embed names of page markup (comment, sidebar, twitter-tweet): HTML's, not a language's
MARKUP_NAMES = {"article/html_restore.py"}


def test_no_word_list_regex_in_the_page_and_serving_layers() -> None:
    """Vocabulary (bylines, "3 hours ago", tag labels, in English and French) is data: the regexes
    of article/, ingest/, serve/, alerts/ and export/ take their words from data files."""
    found = []
    for folder in ("article", "ingest", "serve", "alerts", "export"):
        for path in sorted((SRC / folder).rglob("*.py")):
            rel = path.relative_to(SRC).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (rel not in MARKUP_NAMES and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                        and WORD_LIST.search(_literal(node.args[0]))):
                    found.append(f"{rel}:{node.lineno}")
    assert not found, f"word lists in code, move them to a data file: {found}"
    assert WORD_LIST.search(_literal(ast.parse('re.compile(r"^(?:by|par|écrit par)\\s+")').body[0].value.args[0]))

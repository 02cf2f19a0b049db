"""ACLED's taxonomy is written once, in data/acled_taxonomy.yaml (issue 14 point 4): ACLED's 6 event
types and 25 sub-event types exactly, and every type or sub-type named in a data file or in the
coder's code exists there, spelt as ACLED spells it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from wirewatch import taxonomy as tx
from wirewatch.errors import ConfigError

SRC = ROOT / "src" / "wirewatch"

# ACLED Codebook: event type -> sub-event types (written out here as the test's own reference)
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}


def _names() -> set[str]:
    t = tx.taxonomy()
    return set(t.type_names) | set(t.type_of_sub())


def test_the_file_has_acleds_six_types_and_twenty_five_sub_types() -> None:
    t = tx.taxonomy()
    assert {e.name: set(e.sub_event_types) for e in t.event_types} == ACLED
    assert len(t.event_types) == 6 and len(t.type_of_sub()) == 25
    assert {e.disorder_type for e in t.event_types} == {"Political violence", "Demonstrations",
                                                        "Strategic developments"}
    assert t.inter_codes == {1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
                             5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
    assert t.types_in("violence") == {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    assert t.types_in("demonstrations") == {"Protests", "Riots"}
    with pytest.raises(ValueError):
        t.types_in("protest")


def _strings(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(k, key)
            yield from _strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str):
        yield key, node


def _spelling(name: str) -> str:
    return re.sub(r"[\s/_-]+", " ", name).casefold().strip()


def test_every_type_named_in_a_data_file_exists() -> None:
    """Values under a key about event types (compatible_types, crowd_types, sub_event_type) must be
    ACLED's names; anything spelt like one but not exactly it is a typo."""
    names, spelt = _names(), {_spelling(n): n for n in _names()}
    files = sorted((SRC / "data").rglob("*.yaml"))
    assert any(f.parent.name == "events" for f in files)
    for f in files:
        for key, value in _strings(yaml.safe_load(f.read_text(encoding="utf-8"))):
            where = f"{f.relative_to(SRC)} ({key}): {value!r}"
            if re.search(r"(event|compatible|crowd)_types?$", key):
                assert value in names, where
            if value[:1].isupper() and _spelling(value) in spelt:  # signal names are lower case
                assert value == spelt[_spelling(value)], where


def test_every_type_named_in_the_code_is_spelt_as_acled_spells_it() -> None:
    spelt = {_spelling(n): n for n in _names()}
    seen = 0
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value[:1].isupper()
                    and _spelling(node.value) in spelt):  # signal names ("grenade", "attack") are lower case
                seen += 1
                assert node.value == spelt[_spelling(node.value)], f"{path.relative_to(SRC)}:{node.lineno}"
    assert seen > 10  # the coder's rules name sub-types ("Armed clash", "Other"): the check sees them


def test_the_coders_sets_come_from_the_file() -> None:
    from wirewatch.code import classify, coder, context, roles
    from wirewatch.export import acled

    t = tx.taxonomy()
    assert classify.EVENT_TYPE == t.type_of_sub()
    assert acled._DISORDER == {e.name: e.disorder_type for e in t.event_types}
    assert context._VIOLENCE == roles._VIOLENT == t.types_in("violence")
    assert roles._TARGETING == {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
    assert set(coder._FAMILY) == t.types_in("violence", "demonstrations")


def test_a_broken_file_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    good = tx.data_files.yaml(tx.FILE)
    spoiled = {**good, "event_types": {**good["event_types"],
                                       "Riots": {**good["event_types"]["Riots"], "family": "riotous"}}}
    monkeypatch.setattr(tx.data_files, "yaml", lambda name: spoiled)
    tx.taxonomy.cache_clear()
    try:
        with pytest.raises(ConfigError, match="riotous"):
            tx.taxonomy()
        monkeypatch.setattr(tx.data_files, "yaml", lambda name: {"event_types": {}})
        with pytest.raises(ConfigError, match="inter_codes"):
            tx.taxonomy()
    finally:
        monkeypatch.undo()
        tx.taxonomy.cache_clear()
    assert len(tx.taxonomy().event_types) == 6


def test_the_api_serves_the_taxonomy_the_dashboard_reads(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    from wirewatch.serve import ServeConfig, create_app

    with TestClient(create_app(ServeConfig(db=str(tmp_path / "t.db")))) as client:
        body = client.get("/api/taxonomy").json()
        assert [t["name"] for t in body["event_types"]] == list(tx.taxonomy().type_names)
        assert {s for t in body["event_types"] for s in t["sub_event_types"]} == set(tx.taxonomy().type_of_sub())
        assert body["inter_codes"]["7"] == "Civilians"
        assert all(re.fullmatch(r"#[0-9a-f]{6}", t["colour"]) for t in body["event_types"])
        assert client.get("/api/taxonomy", params={"lang": "fr"}).status_code == 422
    app_js = (SRC / "serve" / "static" / "app.js").read_text(encoding="utf-8")
    # the built dashboard asks for the taxonomy: it holds no copy of the type names
    assert "taxonomy" in app_js and not any(t in app_js for t in tx.taxonomy().type_names)

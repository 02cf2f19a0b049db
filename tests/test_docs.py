"""Docs kept honest: every command and option is in docs/cli.md, every setting in
docs/settings.md, and the README's two commands are the ones CI runs."""

from __future__ import annotations

import dataclasses
import re

from typing import Any

import typer.main

from tests.conftest import ROOT
from wirewatch.cli import app
from wirewatch.settings import Settings


def _commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    out: dict[str, Any] = {}
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):  # a sub-app (typer ships its own click)
            out.update({f"{name} {sub}": c for sub, c in cmd.commands.items()})
        else:
            out[name] = cmd
    return out


def test_every_command_and_option_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    for name, cmd in _commands().items():
        assert f"## wirewatch {name}" in doc, f"docs/cli.md lacks a section for `wirewatch {name}`"
        section = doc.split(f"## wirewatch {name}", 1)[1].split("\n## ", 1)[0]
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in section, f"`wirewatch {name}`: {opt} is not documented"


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text()
    for f in dataclasses.fields(Settings):
        assert f"`WIREWATCH_{f.name.upper()}`" in doc, f"docs/settings.md lacks WIREWATCH_{f.name.upper()}"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    commands = [l for l in blocks[0].splitlines() if l.strip() and not l.startswith("#")]
    assert len(commands) == 2, commands
    assert commands[1].strip() == "bash .ci/run"
    assert (ROOT / ".ci" / "run").exists()

"""The one loader of wirewatch's shipped data files (``src/wirewatch/data/``): word lists, rules
and tables an analyst edits.

Names are relative to the data folder with ``/`` between parts (``"events/fatalities.yaml"``),
read from the installed package, never from the working directory. Each file is read and
parsed once per process (``functools.cache``): the parsed YAML is shared by every caller, so a caller
that needs to change it copies it first. A missing or broken file is a ``ConfigError`` naming it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml as _yaml

from wirewatch.errors import ConfigError

# libyaml's safe loader when PyYAML was built with it (5-10x faster), else the pure-Python one
_LOADER = getattr(_yaml, "CSafeLoader", _yaml.SafeLoader)


def _ref(name: str) -> Traversable:
    return resources.files("wirewatch").joinpath("data", *name.split("/"))


def path(name: str) -> Path:
    """The file or folder on disk (wirewatch is installed as files, never zipped)."""
    return Path(str(_ref(name)))


@cache
def text(name: str) -> str:
    """A data file's text (UTF-8)."""
    try:
        return _ref(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"data file {name}: {exc}") from exc


@cache
def yaml(name: str) -> Any:
    """A YAML data file, parsed (shared: copy before changing it)."""
    try:
        return _yaml.load(text(name), Loader=_LOADER)
    except _yaml.YAMLError as exc:
        raise ConfigError(f"data file {name}: {exc}") from exc

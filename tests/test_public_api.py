"""The public API is small and deliberate: ``__all__`` is the contract."""

from __future__ import annotations

import wirewatch


def test_all_names_exist_and_nothing_else_is_advertised() -> None:
    for name in wirewatch.__all__:
        assert hasattr(wirewatch, name), name
    assert sorted(wirewatch.__all__) == wirewatch.__all__ or set(wirewatch.__all__) == set(sorted(wirewatch.__all__))
    assert {"extract", "run", "Store", "Settings", "Article", "Event", "Rejection", "WirewatchError"} <= set(
        wirewatch.__all__)


def test_errors_form_one_tree() -> None:
    for name in wirewatch.__all__:
        obj = getattr(wirewatch, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, wirewatch.WirewatchError), name

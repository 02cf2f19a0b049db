"""Agency names in credits and bylines."""

from __future__ import annotations

import pytest

from wirewatch.article.meta import agency_name


@pytest.mark.parametrize(("credit", "agency"), [
    ("AP Photo", "AP"), ("AFP/Getty Images", "AFP"), ("Reuters", "Reuters"),
    ("Anadolu Agency", "Anadolu"), ("Ana Faguy", None), ("Sana Example", None), ("Jane Example", None),
])
def test_agency_from_credit(credit: str, agency: str | None) -> None:
    assert agency_name(credit) == agency

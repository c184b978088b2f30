"""A ward of real answers for the theme review's HTTP tests, before and after finding themes."""

from __future__ import annotations

import pytest

from tests.conftest import with_db
from tests.programme.theme_data import ANSWERS, add_answers, page, real_answers


@pytest.fixture
def theme_ward(organiser, settings) -> int:
    assert organiser.submit("/o/areas", {"name": "Lambeth"}).status_code == 303
    assert organiser.submit("/o/wards", {"area_id": "1", "name": "Tulse Hill",
                                         "seats": "1"}).status_code == 303
    texts = real_answers(ANSWERS - 1) + ["Nothing, it's fine"]
    with_db(settings, lambda db: add_answers(db, 1, texts))
    return 1


@pytest.fixture
def found(organiser, theme_ward):
    """The review page's context once the organiser has found the ward's themes."""
    r = organiser.submit(f"/o/wards/{theme_ward}/themes/find", {"k": "", "min_themes": "5",
                                                                  "max_themes": "40"})
    assert r.status_code == 303  # as a person would: the number of themes left blank
    return page(organiser, theme_ward)

import pytest

from tests.votes.test_evening import make_evening


@pytest.fixture
def ward(organiser):
    """A ward with a meeting and its primary (not open). Returns the ward id and the primary."""
    e = make_evening(organiser)
    page = organiser.get(e["primary"])
    return page.context["primary"].ward_id, e

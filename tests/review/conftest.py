import pytest

from accounts.models import Role
from tests.factories.accounts import UserFactory
from tests.factories.review import make_agency, make_application, make_cycle, make_panel


@pytest.fixture
def office(db):
    return UserFactory(role=Role.OFFICE)


@pytest.fixture
def cycle(db):
    return make_cycle()


@pytest.fixture
def agency_user(cycle, office):
    return make_agency(cycle, office=office)[1]


@pytest.fixture
def panel(cycle):
    return make_panel(cycle, size=4)


@pytest.fixture
def application(cycle):
    return make_application(cycle)

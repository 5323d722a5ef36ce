import pytest

from tests.factories.accounts import LeadingGroupUserFactory, OfficeUserFactory
from tests.factories.award import CycleFactory


@pytest.fixture
def office(db):
    return OfficeUserFactory()


@pytest.fixture
def leader(db):
    return LeadingGroupUserFactory()


@pytest.fixture
def cycle(db):
    return CycleFactory()

import pytest

from accounts.models import Role
from award.models import ApplicationState
from review.models import Assignment
from tests.factories.accounts import UserFactory
from tests.factories.review import activate, make_agency, make_application, make_cycle, make_panel, pledge


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


@pytest.fixture
def experts(cycle, panel):
    """The panel's four experts, each having signed the cycle's confidentiality pledge (Art. 26)."""
    _, experts = panel
    pledge(cycle, *experts)
    return experts


@pytest.fixture
def shortlisted(application):
    """The application, moved on to site review (Art. 19(四)) without running the shortlist."""
    type(application).objects.filter(pk=application.pk).update(state=ApplicationState.SITE_REVIEW)
    application.refresh_from_db()
    return application


@pytest.fixture
def assigned(cycle, panel, application, office):
    """Three of the panel's experts, pledged, with an active assignment on the application each."""
    _, experts = panel
    pledge(cycle, *experts)
    return [activate(Assignment.objects.create(application=application, expert=e, created_by=office))
            for e in experts[:3]]

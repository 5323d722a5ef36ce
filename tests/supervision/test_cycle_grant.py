"""Art. 11: a supervisor reads the objections and decisions of the cycle whose group they sit in, and no other."""
import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from tests.factories.accounts import OfficeUserFactory, SupervisorUserFactory
from tests.factories.award import CycleFactory

pytestmark = pytest.mark.django_db


def test_appointment_opens_the_own_cycle_only_and_dissolution_closes_it(client):
    office = OfficeUserFactory()
    own, other = CycleFactory(), CycleFactory()
    supervisor = SupervisorUserFactory()
    group = services.group_propose(cycle=own, by=office)
    services.group_member_add(group=group, user=supervisor, category="deputy", name=str(supervisor),
                              affiliation="市人大", by=office)
    services.group_appoint(group=group, approved_on=timezone.localdate(), approval_reference="质强领〔2026〕1号",
                           by=office)
    client.force_login(supervisor)

    own_page = client.get(reverse("award:objection_list", kwargs={"pk": own.pk}))
    other_page = client.get(reverse("award:objection_list", kwargs={"pk": other.pk}))
    services.group_dissolve(group=group, by=office)
    supervisor.refresh_from_db()
    supervisor.is_active = True  # even if reactivated by mistake, the grant is gone
    supervisor.save()
    after = client.get(reverse("award:objection_list", kwargs={"pk": own.pk}))

    assert (own_page.status_code, other_page.status_code) == (200, 403)
    assert after.status_code in (302, 403)

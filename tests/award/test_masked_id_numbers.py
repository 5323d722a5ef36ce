"""ID numbers typed into objections and complaints are masked for every role but the office (issue 11;
个人信息保护): supervisors handle them with 370102********123X, the office sees the full number."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import mask_id_number, mask_id_numbers_in
from award import services
from supervision import services as supervision_services
from tests.factories.accounts import id_number_sequence
from tests.factories.decision import proposed_cycle, publish_proposed_notice
from tests.factories.supervision import appointed_group, supervisors

pytestmark = pytest.mark.django_db
ID_NUMBER = id_number_sequence(7)
MASKED = mask_id_number(ID_NUMBER)


@pytest.fixture
def noticed_with_group():
    cache.clear()
    cycle, office, applications = proposed_cycle(organizations=1, individuals=0)
    notice = publish_proposed_notice(cycle, office)
    supervisor = supervisors(1)[0]
    appointed_group(cycle=cycle, office=office, users=[supervisor])
    objection = services.objection_file(
        notice=notice, application=applications[0], name="王五", contact=ID_NUMBER,
        content=f"本人(身份证 {ID_NUMBER})反映:该单位发生过质量事故。",
    )
    return office, supervisor, objection


def test_supervisor_reads_an_objection_with_the_id_number_masked(client, noticed_with_group):
    _office, supervisor, objection = noticed_with_group
    client.force_login(supervisor)

    page = client.get(reverse("award:objection_detail", kwargs={"pk": objection.pk})).content.decode()

    assert (ID_NUMBER in page, page.count(MASKED)) == (False, 2)


def test_office_reads_the_full_id_number_of_an_objection(client, noticed_with_group):
    office, _supervisor, objection = noticed_with_group
    client.force_login(office)

    page = client.get(reverse("award:objection_detail", kwargs={"pk": objection.pk})).content.decode()

    assert ID_NUMBER in page


def test_supervisor_reads_a_complaint_with_the_id_number_masked(client, noticed_with_group):
    _office, supervisor, _objection = noticed_with_group
    complaint = supervision_services.complaint_file(
        category="advertising", subject="某公司", description=f"举报人身份证号 {ID_NUMBER},请核查。",
        complainant_name="王先生", complainant_contact=ID_NUMBER, ip="10.0.0.1",
    )
    client.force_login(supervisor)

    page = client.get(reverse("supervision:complaint_detail", kwargs={"pk": complaint.pk})).content.decode()

    assert (ID_NUMBER in page, page.count(MASKED)) == (False, 2)


@pytest.mark.parametrize(("text", "expected"), [
    ("13800000000", "13800000000"),
    ("370102199003071234", "370102********1234"),
    ("37010219900307123X 或 13800000000", "370102********123X 或 13800000000"),
    ("370102900307123", "370102*****7123"),
    ("订单号 3701021990030712345", "订单号 3701021990030712345"),
], ids=["phone", "18-digit", "x-and-phone", "15-digit", "longer-number-untouched"])
def test_mask_id_numbers_in_text(text, expected):
    assert mask_id_numbers_in(text) == expected

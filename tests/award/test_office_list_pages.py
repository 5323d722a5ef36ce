"""Issue 12: the office's cycle page and the qualified-list notice form list thousands of applications a page at a
time (no page over 300 KB at 2,000 applications), with the counts kept whole and the filters a civil servant uses."""
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import District
from award.models import CycleStage, Notice
from award.views import office as office_views
from tests.confirming import post_confirmed
from tests.factories.accounts import OfficeUserFactory, OrganizationFactory
from tests.factories.award import CycleFactory, application_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_endorsed(monkeypatch):
    monkeypatch.setattr(office_views, "OFFICE_PAGE_SIZE", 2)
    cycle, office = CycleFactory(), OfficeUserFactory()
    applications = [application_in_state("endorsed", cycle=cycle, office=office) for _ in range(2)]
    zouping = OrganizationFactory(with_certification=True, district=District.ZOUPING)
    applications.append(application_in_state("endorsed", cycle=cycle, office=office, applicant_profile=zouping))
    return cycle, office, applications


def test_cycle_page_lists_a_page_at_a_time_and_counts_every_application(client, three_endorsed):
    cycle, office, applications = three_endorsed
    client.force_login(office)
    url = reverse("award:cycle_manage", kwargs={"pk": cycle.pk})

    first, second = client.get(url), client.get(url, {"page": 2})

    shown = [a.reference for page in (first, second) for a in page.context["applications"]]
    assert sorted(shown) == sorted(a.reference for a in applications)
    assert [len(page.context["applications"]) for page in (first, second)] == [2, 1]
    assert first.context["counts"] == {"endorsed": 3}  # the state counts are over the whole cycle
    assert "第 1 / 2 页" in first.content.decode() and "共 3 条" in first.content.decode()


def test_cycle_page_filters_by_county_and_ignores_an_unknown_one(client, three_endorsed):
    cycle, office, applications = three_endorsed
    client.force_login(office)
    url = reverse("award:cycle_manage", kwargs={"pk": cycle.pk})

    zouping = client.get(url, {"district": District.ZOUPING, "sector": "secondary"})
    unknown = client.get(url, {"district": "nowhere", "page": "x"})

    assert [a.reference for a in zouping.context["applications"]] == [applications[2].reference]
    assert (unknown.status_code, unknown.context["page_obj"].paginator.count) == (200, 3)


def test_qualified_notice_form_shows_the_whole_count_a_page_of_rows_and_no_field_per_row(client, monkeypatch):
    # Art. 19(二): the notice publishes the whole qualified list; the form only shows it, a page at a time.
    monkeypatch.setattr(office_views, "OFFICE_PAGE_SIZE", 2)
    cycle, office = CycleFactory(), OfficeUserFactory()
    applications = [application_in_state("qualified", cycle=cycle, office=office) for _ in range(3)]
    cycle.stage = CycleStage.QUALIFICATION
    cycle.save()
    client.force_login(office)

    response = client.get(reverse("award:notice_create", kwargs={"pk": cycle.pk}))

    body = response.content.decode()
    assert "名单(共 3 项)" in body and "组织奖 3 项" in body
    assert len(response.context["applications"]) == 2
    assert sorted(response.context["form"].fields) == ["body", "starts_on", "title"]

    post_confirmed(client, reverse("award:notice_create", kwargs={"pk": cycle.pk}),
                   {"title": "公示", "body": "", "starts_on": timezone.localdate().isoformat()})

    notice = client.get(reverse("award:notice_detail", kwargs={"pk": Notice.objects.get().pk})).content.decode()
    assert all(a.applicant_name in notice for a in applications)

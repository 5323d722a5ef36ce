"""Art. 11: a complaint reaches the supervision group of the cycle it is about.

Two live cycles: 第8届 in document review with its group, 第9届 open for applications with its own group already
appointed. The public form asks which cycle (第8届, the cycle under review, by default) and optionally which
application of its public lists and which stage; the office can move a complaint to another cycle with a reason.
"""
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, Notification
from award.models import CycleStage, Notice, NoticeEntry, NoticeKind
from supervision import services
from supervision.models import Complaint
from tests.factories.award import CycleFactory
from tests.factories.review import make_application
from tests.factories.supervision import appointed_group, supervisors

pytestmark = pytest.mark.django_db

FORM = "/supervision/complaints/new/"


@pytest.fixture
def world(office):
    cycle8 = CycleFactory(number=8, stage=CycleStage.DOCUMENT_REVIEW)
    cycle9 = CycleFactory(number=9, stage=CycleStage.OPEN)
    CycleFactory(number=10, stage=CycleStage.DRAFT)
    sup8 = supervisors(1, prefix="eight")[0]
    sup9 = supervisors(1, prefix="nine")[0]
    appointed_group(cycle=cycle8, office=office, users=[sup8])
    appointed_group(cycle=cycle9, office=office, users=[sup9])
    qualified = make_application(cycle8, name="滨州黄河精密铸造有限公司")
    notice = Notice.objects.create(
        cycle=cycle8, kind=NoticeKind.QUALIFICATION, title="第8届资格审查合格名单", starts_on=timezone.localdate(),
        working_days=5, ends_on=timezone.localdate(), published_at=timezone.now(), published_by=office)
    NoticeEntry.objects.create(notice=notice, application=qualified, label=qualified.applicant_name)
    unlisted = make_application(cycle9, name="未公示的申报单位")
    return {"cycle8": cycle8, "cycle9": cycle9, "sup8": sup8, "sup9": sup9, "qualified": qualified,
            "unlisted": unlisted, "office": office}


def _post(client, **fields):
    data = {"category": "process", "subject": "资格审查", "description": "资格审查未按规定进行。",
            "complainant_name": "李女士", "complainant_contact": "13900000000", **fields}
    return client.post(FORM, data)


def _read(client, user, complaint):
    client.force_login(user)
    return client.get(reverse("supervision:complaint_detail", kwargs={"pk": complaint.pk})).status_code


def test_complaint_form_offers_non_draft_cycles_defaulting_to_the_cycle_under_review(client, world):
    form = client.get(FORM).context["form"]

    assert [c.number for c in form.fields["cycle"].queryset] == [9, 8]
    assert form.fields["cycle"].initial == world["cycle8"].pk


def test_complaint_form_lists_only_names_of_the_public_lists(client, world):
    page = client.get(FORM).content.decode()

    assert "滨州黄河精密铸造有限公司" in page
    assert "未公示的申报单位" not in page


def test_complaint_about_cycle_8_reaches_cycle_8_group_only(client, world):
    # Art. 11: the cycle-8 group handles complaints about cycle 8, though cycle 9's group is newer.
    _post(client, cycle=world["cycle8"].pk, application=world["qualified"].pk, stage=CycleStage.DOCUMENT_REVIEW)

    filed = Complaint.objects.get()
    told = set(Notification.objects.filter(event="complaint.received").values_list("recipient__username", flat=True))
    assert (filed.cycle, filed.application, filed.stage) == (world["cycle8"], world["qualified"], "document_review")
    assert world["sup8"].username in told
    assert world["sup9"].username not in told
    assert (_read(client, world["sup8"], filed), _read(client, world["sup9"], filed)) == (200, 403)


def test_complaint_about_cycle_9_reaches_cycle_9_group(client, world):
    _post(client, cycle=world["cycle9"].pk)

    filed = Complaint.objects.get()
    assert filed.cycle == world["cycle9"]
    assert (_read(client, world["sup9"], filed), _read(client, world["sup8"], filed)) == (200, 403)


def test_complaint_list_of_another_cycles_supervisor_leaves_it_out(client, world):
    _post(client, cycle=world["cycle8"].pk)
    filed = Complaint.objects.get()

    client.force_login(world["sup9"])
    page = client.get(reverse("supervision:complaint_list")).content.decode()

    assert filed.tracking_code not in page


def test_complaint_naming_an_application_of_another_cycle_is_refused(client, world):
    response = _post(client, cycle=world["cycle9"].pk, application=world["qualified"].pk)

    assert response.status_code == 200
    assert Complaint.objects.count() == 0
    assert "所选申报不属于所选届次" in response.content.decode()


def test_complaint_about_a_draft_cycle_is_refused(client, world):
    draft = CycleFactory(number=10)

    _post(client, cycle=draft.pk)

    assert Complaint.objects.count() == 0


def test_complaint_file_refuses_an_application_not_on_the_public_lists(world):
    with pytest.raises(Exception) as caught:  # noqa: PT011 — a ValidationError with a code
        services.complaint_file(category="process", subject="x", description="y", complainant_name="z",
                                complainant_contact="13900000000", cycle=world["cycle9"],
                                application=world["unlisted"])

    assert caught.value.code == "application"


def _filed(world):
    return services.complaint_file(category="process", subject="资格审查", description="请核查。",
                                   complainant_name="公众", complainant_contact="13800000000", cycle=world["cycle9"])


def test_office_moves_a_complaint_to_the_cycle_it_is_about(client, world):
    # Art. 11: filed under cycle 9 by mistake; the office hands it to cycle 8's group with a reason.
    filed = _filed(world)
    client.force_login(world["office"])

    response = client.post(reverse("supervision:complaint_move", kwargs={"pk": filed.pk}),
                           {"to_cycle": world["cycle8"].pk, "reason": "投诉内容涉及第8届资格审查。"})

    filed.refresh_from_db()
    assert response.status_code == 302
    assert filed.cycle == world["cycle8"]
    assert Notification.objects.filter(event="complaint.moved", recipient=world["sup8"]).count() == 1
    assert not Notification.objects.filter(event="complaint.moved", recipient=world["sup9"]).exists()
    assert (_read(client, world["sup8"], filed), _read(client, world["sup9"], filed)) == (200, 403)


def test_complaint_move_is_audited_in_both_cycles_records(client, world):
    # Art. 11, SPEC §14: both groups see the move and its reason in their cycle's process record.
    filed = _filed(world)
    services.complaint_move(complaint=filed, to_cycle=world["cycle8"], reason="涉及第8届资格审查", by=world["office"])

    moves = AuditEntry.objects.filter(action="complaint.moved")
    pages = {}
    for key in ("8", "9"):
        client.force_login(world[f"sup{key}"])
        pages[key] = client.get(reverse("supervision:cycle_record", kwargs={"pk": world[f"cycle{key}"].pk}))

    assert sorted(moves.values_list("cycle_id", flat=True)) == sorted([world["cycle8"].pk, world["cycle9"].pk])
    assert {e.detail["reason"] for e in moves} == {"涉及第8届资格审查"}
    assert all("complaint.moved" in page.content.decode() for page in pages.values())
    assert filed.notes.get().text.endswith("涉及第8届资格审查")


def test_complaint_move_without_a_reason_is_refused(world):
    filed = _filed(world)

    with pytest.raises(services.common.WorkflowError):
        services.complaint_move(complaint=filed, to_cycle=world["cycle8"], reason=" ", by=world["office"])
    filed.refresh_from_db()

    assert filed.cycle == world["cycle9"]


def test_complaint_move_by_a_supervisor_is_refused(client, world):
    filed = _filed(world)
    client.force_login(world["sup9"])

    response = client.post(reverse("supervision:complaint_move", kwargs={"pk": filed.pk}),
                           {"to_cycle": world["cycle8"].pk, "reason": "转给第8届"})
    filed.refresh_from_db()

    assert response.status_code == 403
    assert filed.cycle == world["cycle9"]
    with pytest.raises(services.common.WorkflowError):
        services.complaint_move(complaint=filed, to_cycle=world["cycle8"], reason="转给第8届", by=world["sup9"])


def test_complaint_move_page_offers_the_other_cycles_only(client, world):
    filed = _filed(world)
    client.force_login(world["office"])

    form = client.get(reverse("supervision:complaint_move", kwargs={"pk": filed.pk})).context["form"]

    assert [c.number for c in form.fields["to_cycle"].queryset] == [8]


def test_complaint_detail_offers_the_office_the_move(client, world):
    filed = _filed(world)
    client.force_login(world["office"])
    office_page = client.get(reverse("supervision:complaint_detail", kwargs={"pk": filed.pk})).content.decode()
    client.force_login(world["sup9"])
    supervisor_page = client.get(reverse("supervision:complaint_detail", kwargs={"pk": filed.pk})).content.decode()

    move_url = reverse("supervision:complaint_move", kwargs={"pk": filed.pk})
    assert move_url in office_page
    assert move_url not in supervisor_page

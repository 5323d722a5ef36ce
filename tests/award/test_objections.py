"""Objections to a public notice (Art. 19(六)): the window to the minute, the public form, the rate limit, the
supervision group's ruling and what it does to the application and to the approval."""
import datetime
import zoneinfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.dates import date_text
from accounts.models import AuditEntry, Notification
from award import services
from award.models import ApplicationState, CycleStage, Objection, ObjectionState
from tests.factories.accounts import SupervisorUserFactory
from tests.factories.award import pdf_upload
from tests.factories.decision import proposed_cycle, publish_proposed_notice, set_stage

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def noticed():
    """A proposed list on notice from today; returns (cycle, office, notice, applications)."""
    cycle, office, applications = proposed_cycle(organizations=2, individuals=0)
    notice = publish_proposed_notice(cycle, office)
    return cycle, office, notice, applications


def _file(notice, application, *, now, **overrides):
    fields = {"name": "王五", "contact": "13800000000", "content": "该单位近三年发生过质量事故,请核查。"}
    fields.update(overrides)
    return services.objection_file(notice=notice, application=application, now=now, **fields)


def test_objection_at_2359_shanghai_on_the_last_day_is_accepted(noticed):
    _cycle, _office, notice, apps = noticed
    last_minute = datetime.datetime.combine(notice.ends_on, datetime.time(23, 59, 59), tzinfo=SHANGHAI)

    objection = _file(notice, apps[0], now=last_minute)

    assert objection.state == ObjectionState.OPEN
    assert objection.tracking_number.startswith(f"YY{notice.cycle.number}-{notice.ends_on:%Y%m%d}-")


def test_objection_a_minute_after_the_last_day_is_refused(noticed):
    _cycle, _office, notice, apps = noticed
    # 00:00:59 the next day in Shanghai is still 16:00 UTC of the last day: the Shanghai date decides.
    next_day = datetime.datetime.combine(
        notice.ends_on + datetime.timedelta(days=1), datetime.time(0, 0, 59), tzinfo=SHANGHAI
    )

    with pytest.raises(services.WorkflowError) as refusal:
        _file(notice, apps[0], now=next_day)

    assert str(refusal.value) == f"公示期已于 {date_text(notice.ends_on)} 24 时结束,不再受理异议。"
    assert Objection.objects.count() == 0


def test_objection_to_someone_not_on_the_notice_is_refused(noticed):
    _cycle, _office, notice, _apps = noticed
    other_cycle, _o, others = proposed_cycle(organizations=1, individuals=0)

    with pytest.raises(services.WorkflowError):
        _file(notice, others[0], now=timezone.now())


def test_objection_notifies_the_office_and_the_supervisors(noticed):
    _cycle, office, notice, apps = noticed
    supervisor = SupervisorUserFactory()

    objection = _file(notice, apps[0], now=timezone.now())

    recipients = set(Notification.objects.filter(event="objection.filed").values_list("recipient_id", flat=True))
    assert {office.pk, supervisor.pk} <= recipients
    assert AuditEntry.objects.filter(action="objection.filed", object_id=str(objection.pk)).count() == 1


def test_upheld_objection_disqualifies_with_the_reason_recorded(noticed):
    _cycle, _office, notice, apps = noticed
    objection = _file(notice, apps[0], now=timezone.now())
    supervisor = SupervisorUserFactory()

    services.objection_resolve(objection=objection, upheld=True, reasons="查实:2024年发生重大质量事故", by=supervisor)

    apps[0].refresh_from_db()
    objection.refresh_from_db()
    assert (apps[0].state, objection.state, objection.resolved_by) == (
        ApplicationState.DISQUALIFIED, ObjectionState.UPHELD, supervisor)
    entry = AuditEntry.objects.filter(action="application.disqualified", application_id=apps[0].pk).get()
    assert entry.detail["reason"] == "异议查实,取消资格:查实:2024年发生重大质量事故"


def test_dismissed_objection_keeps_the_candidate(noticed):
    _cycle, office, notice, apps = noticed
    objection = _file(notice, apps[0], now=timezone.now())

    services.objection_resolve(objection=objection, upheld=False, reasons="经核查不属实", by=office)

    apps[0].refresh_from_db()
    assert apps[0].state == ApplicationState.PROPOSED


def test_objection_resolve_refused_for_an_applicant(noticed):
    _cycle, _office, notice, apps = noticed
    objection = _file(notice, apps[0], now=timezone.now())

    with pytest.raises(services.WorkflowError):
        services.objection_resolve(objection=objection, upheld=True, reasons="x", by=apps[1].applicant)


def test_approval_blocked_by_an_open_objection():
    cycle, office, apps = proposed_cycle(organizations=1, individuals=0)
    notice = publish_proposed_notice(cycle, office, starts_on=timezone.localdate() - datetime.timedelta(days=30))
    in_window = datetime.datetime.combine(notice.starts_on, datetime.time(9), tzinfo=SHANGHAI)
    _file(notice, apps[0], now=in_window)
    set_stage(cycle, CycleStage.APPROVAL)

    with pytest.raises(services.WorkflowError) as refusal:
        services.approval_record(
            cycle=cycle, body="standing_meeting", decided_on=notice.ends_on + datetime.timedelta(days=1),
            document_number="滨政字〔2026〕9号", scan=pdf_upload(), by=office,
        )

    assert refusal.value.reasons == ["还有 1 件异议未处理。"]
    assert services.cycle_stage_blockers(set_stage(cycle, CycleStage.PUBLIC_NOTICE)) == ["还有 1 件异议未处理。"]


# --- The public form ---------------------------------------------------------------------------------------------

def _form(application, **overrides):
    data = {"application": application.pk, "name": "王五", "contact": "13800000000",
            "content": "该单位近三年发生过质量事故,请核查。"}
    data.update(overrides)
    return data


def test_public_form_files_an_objection_with_evidence_and_shows_the_tracking_number(client, noticed):
    _cycle, _office, notice, apps = noticed

    response = client.post(
        reverse("award:objection_create", kwargs={"pk": notice.pk}),
        _form(apps[0], evidence=pdf_upload("证据.pdf")), follow=True,
    )

    objection = Objection.objects.get()
    assert objection.tracking_number in response.content.decode()
    assert (objection.evidence_name, len(objection.evidence_sha256)) == ("证据.pdf", 64)
    assert objection.evidence.storage.exists(objection.evidence.name)


def test_public_form_refuses_a_file_that_is_not_what_it_claims(client, noticed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _cycle, _office, notice, apps = noticed
    fake = SimpleUploadedFile("证据.pdf", b"not a pdf at all", content_type="application/pdf")

    response = client.post(reverse("award:objection_create", kwargs={"pk": notice.pk}), _form(apps[0], evidence=fake))

    assert response.status_code == 400
    assert Objection.objects.count() == 0


def test_public_form_refuses_an_invalid_contact(client, noticed):
    _cycle, _office, notice, apps = noticed

    response = client.post(reverse("award:objection_create", kwargs={"pk": notice.pk}), _form(apps[0], contact="123"))

    assert response.status_code == 400
    assert "请填写有效的居民身份证号码或联系电话" in response.content.decode()


def test_public_form_is_rate_limited_per_address(client, noticed):
    _cycle, _office, notice, apps = noticed
    url = reverse("award:objection_create", kwargs={"pk": notice.pk})
    for _ in range(5):
        client.post(url, _form(apps[0]))

    response = client.post(url, _form(apps[0]))

    assert response.status_code == 429
    assert "同一网络地址每小时最多提交 5 次" in response.content.decode()
    assert Objection.objects.count() == 5


def test_notice_page_links_to_the_objection_form_while_open(client, noticed):
    _cycle, _office, notice, _apps = noticed

    response = client.get(reverse("award:notice_detail", kwargs={"pk": notice.pk}))

    assert reverse("award:objection_create", kwargs={"pk": notice.pk}) in response.content.decode()


def test_supervisor_resolves_through_the_page(client, noticed):
    # Art. 11: the cycle's supervision group handles objections (its members hold the cycle's grant).
    from guardian.shortcuts import assign_perm

    cycle, _office, notice, apps = noticed
    objection = _file(notice, apps[0], now=timezone.now())
    supervisor = SupervisorUserFactory()
    assign_perm("award.view_cycle", supervisor, cycle)
    client.force_login(supervisor)

    client.post(reverse("award:objection_resolve", kwargs={"pk": objection.pk}),
                {"outcome": "upheld", "reasons": "查实虚报"})

    objection.refresh_from_db()
    apps[0].refresh_from_db()
    assert (objection.state, apps[0].state) == (ObjectionState.UPHELD, ApplicationState.DISQUALIFIED)


def test_supervisor_of_another_cycle_cannot_resolve(client, noticed):
    _cycle, _office, notice, apps = noticed
    objection = _file(notice, apps[0], now=timezone.now())
    client.force_login(SupervisorUserFactory())

    response = client.post(reverse("award:objection_resolve", kwargs={"pk": objection.pk}),
                           {"outcome": "upheld", "reasons": "查实虚报"})

    objection.refresh_from_db()
    assert response.status_code == 403
    assert objection.state == ObjectionState.OPEN


def test_open_objection_to_the_qualified_list_blocks_document_review():
    # Art. 19(二): the qualified list is on notice too; its objections are resolved before the review starts.
    from tests.factories.award import application_in_state

    application = application_in_state("qualified")
    cycle = set_stage(application.cycle, CycleStage.QUALIFICATION)
    notice = services.notice_publish(
        cycle=cycle, kind="qualification", title="资格审查合格名单公示", body="", starts_on=timezone.localdate(),
        by=application.office_user,
    )
    _file(notice, application, now=timezone.now())

    blockers = services.cycle_stage_blockers(cycle, today=notice.ends_on + datetime.timedelta(days=1))

    assert blockers == ["资格审查合格名单还有 1 件异议未处理。"]

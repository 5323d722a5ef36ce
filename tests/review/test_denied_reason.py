"""The 403 page says why, and every refusal is audited (Art. 12, 26; SPEC §14).

An expert refused an application's material reads the specific reason — the pledge missing (with the link to sign
it), a recusal, the stage over — and the refusal is in the audit log with the application and the reason; a page
restricted to another role says whose page it is.
"""
import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from award.models import CycleStage, Recusal
from review.models import Assignment
from tests.factories.review import activate, make_expert, pledge

pytestmark = pytest.mark.django_db

PLEDGE_REASON = "您尚未签署本届评审的保密与回避承诺"


@pytest.fixture
def expert(cycle, application, office):
    cycle.stage = CycleStage.DOCUMENT_REVIEW
    cycle.save(update_fields=["stage"])
    expert = make_expert()
    activate(Assignment.objects.create(application=application, expert=expert, created_by=office))
    return expert


def _open(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response, response.content.decode()


def _denials(user):
    return list(AuditEntry.objects.filter(actor=user, action__startswith="access.denied").order_by("pk"))


def test_unpledged_expert_reads_the_pledge_reason_with_a_link_to_sign(client, expert, application):
    # Art. 26: no material before the pledge; the page says so and offers the pledge.
    response, page = _open(client, expert, reverse("award:application_detail", kwargs={"pk": application.pk}))

    assert response.status_code == 403
    assert PLEDGE_REASON in page
    assert f'href="{reverse("review:pledge_sign")}?cycle={application.cycle_id}"' in page
    assert "签署保密与回避承诺" in page


def test_unpledged_expert_refusal_is_audited_with_the_application_and_reason(client, expert, application):
    # Art. 26, SPEC §14: the refusal leaves a trace.
    _open(client, expert, reverse("award:application_detail", kwargs={"pk": application.pk}))

    [entry] = _denials(expert)
    assert (entry.action, entry.application_id, entry.cycle_id) == ("access.denied", application.pk,
                                                                    application.cycle_id)
    assert PLEDGE_REASON in entry.detail["reason"]


def test_unpledged_expert_scorecard_refusal_states_the_reason_and_is_audited(client, expert, application):
    # Art. 26: the review's own pages (scorecard) say the same and record it.
    assignment = Assignment.objects.get(expert=expert, application=application)

    response, page = _open(client, expert, reverse("review:scorecard_edit", kwargs={"pk": assignment.pk}))

    assert response.status_code == 403
    assert PLEDGE_REASON in page
    assert [e.action for e in _denials(expert)] == ["access.denied"]


def test_recused_expert_reads_the_recusal_reason(client, expert, application, cycle):
    # Art. 12: a recusal denies, and the page says it is a recusal.
    pledge(cycle, expert)
    Recusal.objects.create(application=application, user=expert, reason="曾任该单位顾问")

    response, page = _open(client, expert, reverse("award:application_detail", kwargs={"pk": application.pk}))

    assert response.status_code == 403
    assert "依第十二条须回避" in page
    assert [e.action for e in _denials(expert)] == ["access.denied_recusal"]


def test_expert_whose_stage_ended_reads_that_the_work_is_over(client, expert, application, cycle):
    # Art. 26: access ends with the document review.
    pledge(cycle, expert)
    cycle.stage = CycleStage.SITE_REVIEW
    cycle.save(update_fields=["stage"])

    response, page = _open(client, expert, reverse("award:application_detail", kwargs={"pk": application.pk}))

    assert response.status_code == 403
    assert "您承担的评审环节已经结束" in page


def test_role_restricted_review_page_says_whose_page_it_is_and_is_audited(client, expert):
    response, page = _open(client, expert, reverse("review:office_results"))

    assert response.status_code == 403
    assert "此页面仅供领导小组办公室使用,您当前的身份是评审专家。" in page
    [entry] = _denials(expert)
    assert entry.detail == {"path": reverse("review:office_results"),
                            "reason": "此页面仅供领导小组办公室使用,您当前的身份是评审专家。"}


def test_visitor_refusal_is_not_written_to_the_audit_log(client, application):
    before = AuditEntry.objects.count()

    response = client.get(reverse("award:application_detail", kwargs={"pk": application.pk}))

    assert response.status_code in (302, 403)
    assert AuditEntry.objects.count() == before

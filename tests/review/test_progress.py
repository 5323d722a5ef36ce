"""Issue 9 point 4, SPEC §7, §8, §11: the agency sees each expert's progress in the cycle against the scoring
deadlines and reminds one expert or every overdue one, at most once a day each; experts see their deadlines."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, Notification
from award.models import CycleStage, StandardItem
from review.models import Assignment, SiteTeamMember, SiteVisit
from review.services import scorecard_save
from tests.factories.review import activate, card_for, make_application, make_expert, pledge, submit_scores

TODAY = timezone.localdate()


@pytest.fixture
def work(cycle, panel, office, agency_user):
    """Three experts of the panel in document review: `done` submitted both, `drafting` has a draft of one and
    nothing on the other, `idle` has not opened either; the document deadline passed yesterday."""
    type(cycle).objects.filter(pk=cycle.pk).update(stage=CycleStage.DOCUMENT_REVIEW,
                                                   document_scoring_deadline=TODAY - datetime.timedelta(days=1))
    cycle.refresh_from_db()
    done, drafting, idle = panel[1][:3]
    pledge(cycle, done, drafting, idle)
    apps = [make_application(cycle), make_application(cycle)]
    for app in apps:
        submit_scores(activate(Assignment.objects.create(application=app, expert=done, created_by=office)), 70)
        for expert in (drafting, idle):
            activate(Assignment.objects.create(application=app, expert=expert, created_by=office))
    first = Assignment.objects.get(application=apps[0], expert=drafting)
    item = StandardItem.objects.filter(category__standard=apps[0].standard).first()
    scorecard_save(scorecard=card_for(first), percentages={item.pk: 50}, by=drafting)
    return done, drafting, idle


def _rows(client, agency_user):
    client.force_login(agency_user)
    page = client.get(reverse("review:expert_progress"))
    assert page.status_code == 200
    return page, {r["expert"].pk: r for r in page.context["rows"]}


def test_agency_sees_assigned_drafted_submitted_and_overdue_per_expert(client, agency_user, work):
    done, drafting, idle = work

    page, rows = _rows(client, agency_user)

    assert [(rows[e.pk]["assigned"], rows[e.pk]["drafted"], rows[e.pk]["submitted"], rows[e.pk]["overdue"])
            for e in (done, drafting, idle)] == [(2, 0, 2, False), (2, 1, 0, True), (2, 0, 0, True)]
    html = page.content.decode()
    assert "逾期" in html and "资料评审 2 份未提交" in html
    assert "提醒全部逾期专家(2 位)" in html


def test_the_deadline_day_itself_is_not_overdue(client, cycle, agency_user, work):
    type(cycle).objects.filter(pk=cycle.pk).update(document_scoring_deadline=TODAY)

    _page, rows = _rows(client, agency_user)

    assert not any(r["overdue"] for r in rows.values())


def test_site_team_members_without_a_submitted_site_score_are_overdue_after_the_site_deadline(
        client, cycle, office, agency_user):
    type(cycle).objects.filter(pk=cycle.pk).update(stage=CycleStage.SITE_REVIEW,
                                                   site_scoring_deadline=TODAY - datetime.timedelta(days=2))
    app = make_application(cycle, state="site_review")
    leader = make_expert()
    visit = SiteVisit.objects.create(application=app, leader=leader, created_by=office, scheduled_for=TODAY)
    SiteTeamMember.objects.create(visit=visit, expert=leader)

    _page, rows = _rows(client, agency_user)

    assert (rows[leader.pk]["site_seats"], rows[leader.pk]["site_pending"], rows[leader.pk]["site_overdue"]) == (
        1, 1, True)


def test_reminder_button_sends_one_notification_and_a_replay_the_same_day_sends_none(client, agency_user, work):
    _done, drafting, _idle = work
    client.force_login(agency_user)
    url = reverse("review:expert_remind")

    first = client.post(url, {"expert": drafting.pk}, follow=True)
    again = client.post(url, {"expert": drafting.pk}, follow=True)

    notes = Notification.objects.filter(event="reminder.scoring", recipient=drafting)
    assert notes.count() == 1
    assert "2 份未提交" in notes.get().body and "资料评审评分" in notes.get().body
    assert notes.get().link == reverse("review:expert_dashboard")
    assert "已提醒" in first.content.decode()
    assert "今天已提醒过" in again.content.decode()
    assert AuditEntry.objects.filter(action="review.reminder_sent").count() == 1
    page, rows = _rows(client, agency_user)
    assert rows[drafting.pk]["last_reminded"] is not None and "上次提醒" in page.content.decode()


def test_remind_all_overdue_reaches_each_overdue_expert_once(client, agency_user, work):
    done, drafting, idle = work
    client.force_login(agency_user)
    url = reverse("review:expert_remind")

    first = client.post(url, {"expert": "overdue"}, follow=True)
    again = client.post(url, {"expert": "overdue"}, follow=True)

    recipients = sorted(Notification.objects.filter(event="reminder.scoring").values_list("recipient_id", flat=True))
    assert recipients == sorted([drafting.pk, idle.pk])
    assert "已向 2 位逾期专家发送提醒" in first.content.decode()
    assert "2 位专家今天已提醒过" in again.content.decode()


def test_an_expert_with_nothing_left_is_not_reminded(client, agency_user, work):
    done, _drafting, _idle = work
    client.force_login(agency_user)

    response = client.post(reverse("review:expert_remind"), {"expert": done.pk}, follow=True)

    assert "没有未提交的评分" in response.content.decode()
    assert not Notification.objects.filter(event="reminder.scoring").exists()


@pytest.mark.parametrize("wanted", ["", "abc", "999999"])
def test_a_bad_expert_value_is_refused_with_a_message(client, agency_user, work, wanted):
    client.force_login(agency_user)

    response = client.post(reverse("review:expert_remind"), {"expert": wanted}, follow=True)

    assert response.status_code == 200 and "请从列表中选择一位专家" in response.content.decode()
    assert not Notification.objects.filter(event="reminder.scoring").exists()


def test_experts_see_their_deadline_on_their_list_and_scorecard(client, cycle, work):
    _done, drafting, _idle = work
    client.force_login(drafting)

    dashboard = client.get(reverse("review:expert_dashboard")).content.decode()
    assignment = Assignment.objects.filter(expert=drafting).first()
    scorecard = client.get(reverse("review:scorecard_edit", kwargs={"pk": assignment.pk})).content.decode()

    date = f"{cycle.document_scoring_deadline.year}年{cycle.document_scoring_deadline.month}月"
    for html in (dashboard, scorecard):
        assert "资料评审评分截止" in html and date in html and "已逾期" in html


def test_expert_sees_days_left_before_the_deadline(client, cycle, work):
    type(cycle).objects.filter(pk=cycle.pk).update(document_scoring_deadline=TODAY + datetime.timedelta(days=4))
    client.force_login(work[1])

    assert "还剩 4 天" in client.get(reverse("review:expert_dashboard")).content.decode()


@pytest.mark.parametrize("size", [2, 6], ids=["two-experts", "six-experts"])
def test_progress_page_queries_do_not_grow_with_the_experts(client, cycle, office, agency_user, size,
                                                            django_assert_num_queries):
    experts = [make_expert() for _ in range(size)]
    pledge(cycle, *experts)
    for expert in experts:
        for _ in range(2):
            submit_scores(activate(Assignment.objects.create(application=make_application(cycle), expert=expert,
                                                             created_by=office)), 60)
    client.force_login(agency_user)
    client.get(reverse("review:expert_progress"))  # warms the per-process caches

    with django_assert_num_queries(QUERIES):
        page = client.get(reverse("review:expert_progress"))

    assert len(page.context["rows"]) == size


QUERIES = 13  # the same at both sizes: the progress itself is four queries

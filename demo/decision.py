"""The decision part of the demo: 第6届, whose proposed-award list has been on public notice and whose notice
window (five working days) ended last week with no objection, so the office can advance it to approval, record
the government's approval and grant the awards in one sitting (issue 10 point 9; README: demo accounts).

Built through the real services with dates in the demo's past, as the award part builds 第8届: applications,
endorsements, qualification and its notice, the candidate list, the leading group's deliberation and the
proposed-list notice. The review stages in between (panels, scores, site visits — 第8届 shows those) are not
replayed: their results are written on the applications as the review app would, and the cycle is put in
comprehensive review directly, as the decision tests' builders do (tests/factories/decision.py).
"""
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.dates import date_text
from accounts.models import Recommender, User
from award import services
from award.models import Application, Cycle, CycleStage, Notice, NoticeKind, ScoringStandard

from .award import _cycle, _endorse, _fill, _individual, _organization, _qualify, _submit, _to_document_review

NUMBER = 6
NOTICE_STARTED_DAYS_AGO = 16  # five working days from then end about a week before today

# username, name, credit-code serial, sector, award proposed, (document, site, satisfaction)
APPLICANTS = (
    ("org_proposed", "滨州蓝海装备制造有限公司", 2008, "secondary", "organization", ("842", "856", "92.5")),
    ("org_proposed_food", "沾化渔港海洋食品有限公司", 2009, "secondary", "organization", ("805", "818", "90.1")),
    ("org_nominated", "惠民绿源农业发展有限公司", 2010, "primary", "nomination", ("731", "742", "88.4")),
)
PERSON = ("person_proposed", "刘洋", 13, ("252", "258", "91.0"))


def _through_review(application, office, results):
    """The site review's outcome as the review app records it: the application in SITE_REVIEW with its
    document-review score, site-review score and satisfaction index."""
    services.application_transition(
        application=application, to_state="site_review", by=office, reason="通过资料评审,进入现场评审(第二十条)"
    )
    document, site, satisfaction = (Decimal(value) for value in results)
    Application.objects.filter(pk=application.pk).update(
        document_score=document, site_score=site, satisfaction_index=satisfaction
    )


@transaction.atomic
def seed_decision_demo(*, stdout=None):
    """第6届 in public notice with its proposed list's window over; returns the cycle (None when it exists)."""
    say = stdout.write if stdout else (lambda *_: None)
    if Cycle.objects.filter(number=NUMBER).exists():
        return None
    today = timezone.localdate()
    office = User.objects.get(username="office")
    recommenders = {
        user.recommender_id: user for user in User.objects.filter(username__in=("rec_bincheng", "rec_zouping"))
    }
    bincheng = Recommender.objects.get(district="bincheng")
    standards = (
        ScoringStandard.objects.filter(kind="organization").order_by("-version").first(),
        ScoringStandard.objects.filter(kind="individual").order_by("-version").first(),
    )
    cycle = _cycle(
        office, NUMBER, today.year - 2, opens=today - timedelta(days=5), closes=today + timedelta(days=5),
        standards=standards, media="滨州日报、滨州网、滨州市人民政府网站", schedule="资格审查、评审已完成;拟奖励名单已公示",
        call_text="第六届滨州市市长质量奖评审工作(演示:拟奖励名单公示已结束,待市政府批准)。",
    )
    planned = []
    for username, name, serial, sector, award_kind, results in APPLICANTS:
        user = _organization(
            username, name, serial, registered=date(2010, 9, 1), district="bincheng", sector=sector, size="large",
        )
        planned.append((services.application_create(cycle=cycle, applicant=user), award_kind, results))
    person = _individual(
        PERSON[0], PERSON[1], PERSON[2], employer=APPLICANTS[0][1], since=date(2006, 8, 1), sector="secondary"
    )
    planned.append((services.application_create(cycle=cycle, applicant=person), "individual", PERSON[3]))
    for application, _award_kind, _results in planned:
        _fill(application, bincheng)
        _submit(application)
        _endorse(application, recommenders[bincheng.pk])
        _qualify(application, office)
    cycle = _to_document_review(cycle, office, today, ago=60)

    Cycle.objects.filter(pk=cycle.pk).update(stage=CycleStage.COMPREHENSIVE_REVIEW)
    cycle.refresh_from_db()
    proposals = []
    for application, award_kind, results in planned:
        _through_review(application, office, results)
        proposals.append(services.proposal_create(cycle=cycle, application=application, award_kind=award_kind,
                                                  by=office))
    services.deliberation_record(
        cycle=cycle, meeting_name="滨州市质量强市工作领导小组第2次全体会议", held_on=today - timedelta(days=20),
        members_present="市政府分管副市长(组长)、市市场监管局、市发展改革委、市工业和信息化局、市财政局负责同志",
        decisions={p.pk: ("agree", "") for p in proposals}, by=office,
    )
    cycle = services.cycle_advance(cycle=cycle, by=office)
    starts_on = today - timedelta(days=NOTICE_STARTED_DAYS_AGO)
    notice = services.notice_publish(
        cycle=cycle, kind=NoticeKind.PROPOSED_AWARDS, title=f"{cycle}拟奖励名单公示", starts_on=starts_on,
        body="经综合评审和滨州市质量强市工作领导小组审议,拟授予以下组织和个人滨州市市长质量奖,现予公示。",
        by=office, today=starts_on,
    )
    Notice.objects.filter(pk=notice.pk).update(published_at=timezone.now() - timedelta(days=NOTICE_STARTED_DAYS_AGO))
    notice.refresh_from_db()
    say(f"已创建待批准的演示届次:{cycle}(拟奖励名单公示期已于{date_text(notice.ends_on)}结束,无异议)。")
    return cycle

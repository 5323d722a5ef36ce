"""The review part of the demo (called by `manage.py seed_demo` after the award part).

On the demo cycle's qualified applications: the agency and its approval, nine experts with profiles in three
panels, two detected conflicts (a former employer, a consulting client), pledges, a confirmed assignment
proposal (weighing two bids), submitted scores on some applications, a discussion thread on 滨州智慧物流, a
document-scoring deadline that passed yesterday (overdue experts) and the survey questionnaires. `expert1`
(刘建国) has not signed the pledge, so the demo shows the pledge page first; then 博兴厨具集团 waits for his scores.
"""
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, Sector, User
from award.models import Application, ApplicationState, Cycle
from demo.award import DEMO_PASSWORD, credit_code, id_number
from review import services
from review.models import Agency, AssignmentState, ConsultingClient, ExpertProfile, PastEmployment, Scorecard
from review.selectors import standard_categories, standard_items

EXPERTS = [
    # username, name, affiliation, serial for its credit code, title, sector
    ("expert1", "刘建国", "滨州学院质量管理研究所", 5001, "教授", Sector.SECONDARY),
    ("expert2", "陈静", "山东省标准化研究院", 5002, "研究员", Sector.SECONDARY),
    ("expert3", "王海涛", "滨州市检验检测中心", 5003, "高级工程师", Sector.SECONDARY),
    ("expert4", "孙丽", "滨州市质量协会", 5004, "高级经济师", Sector.SECONDARY),
    ("expert5", "赵磊", "山东农业大学", 5005, "教授", Sector.PRIMARY),
    ("expert6", "周敏", "滨州市农业科学院", 5006, "研究员", Sector.PRIMARY),
    ("expert7", "吴刚", "滨州市农产品质量安全中心", 5007, "高级农艺师", Sector.PRIMARY),
    ("expert8", "郑燕", "山东交通学院", 5008, "教授", Sector.TERTIARY),
    ("expert9", "冯涛", "滨州市服务业发展研究会", 5009, "高级经济师", Sector.TERTIARY),
    ("expert10", "何平", "滨州职业学院", 5010, "副教授", Sector.TERTIARY),
]
PANEL_NAMES = {Sector.PRIMARY: "第一产业专项评审组", Sector.SECONDARY: "第二产业专项评审组",
               Sector.TERTIARY: "第三产业专项评审组"}
PANEL_LEADERS = {Sector.PRIMARY: "expert5", Sector.SECONDARY: "expert1", Sector.TERTIARY: "expert8"}
# (applicant username, percentages of the experts who have submitted)
SUBMITTED = {"org_service": (70, 60, 65), "org_farm": (50, 55), "org_qualified": (60, 55)}


def _expert(username, name, affiliation, serial, title, sector, n):
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": Role.EXPERT, "full_name": name, "email": f"{username}@example.com"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    elif not user.full_name:
        user.full_name = name
        user.save(update_fields=["full_name"])
    ExpertProfile.objects.update_or_create(user=user, defaults={
        "affiliation": affiliation, "affiliation_credit_code": credit_code(serial), "title": title,
        "sectors": [sector], "id_number": id_number(date(1970, 1, 1) + timedelta(days=400 * n), 100 + n),
        "profile_confirmed_at": timezone.now()})
    return user


def seed_review_demo(*, cycle, stdout=None):
    """Create the review side of the demo on `cycle`; skipped when the cycle already has an agency."""
    say = stdout.write if stdout else (lambda *_: None)
    if Agency.objects.filter(cycle=cycle).exists():
        say("评审演示数据已存在,跳过。")
        return
    office = User.objects.filter(role=Role.OFFICE, is_superuser=False).order_by("id").first()
    agency_user, created = User.objects.get_or_create(
        username="agency", defaults={"role": Role.AGENCY, "full_name": "山东卓越质量评价中心"})
    if created:
        agency_user.set_password(DEMO_PASSWORD)
        agency_user.save()
    with transaction.atomic():
        agency = services.agency_record(
            cycle=cycle, name="山东卓越质量评价中心有限公司", credit_code=credit_code(4001), by=office,
            approved_at=timezone.localdate() - timedelta(days=5), approval_reference=f"滨质强领字〔{cycle.year}〕3号",
            contact_name="钱程", contact_phone="0543-3180000")
        services.agency_member_add(agency=agency, user=agency_user, by=office)
        services.pledge_sign(cycle=cycle, expert=agency_user, signed_name=agency_user.full_name, by=agency_user)
        experts = {row[0]: _expert(*row, n) for n, row in enumerate(EXPERTS, start=1)}
        # Art. 12 in the demo: 孙丽 worked at 张华's employer until last year; 王海涛 trained 博兴厨具's staff.
        zhang = Application.objects.filter(cycle=cycle, applicant__username="person_qualified").first()
        if zhang is not None:
            PastEmployment.objects.create(expert=experts["expert4"].expert_profile, employer=zhang.individual.employer,
                                          credit_code=zhang.individual.employer_credit_code,
                                          from_year=cycle.year - 8, to_year=cycle.year - 1)
        boxing = Application.objects.filter(cycle=cycle, applicant__username="org_qualified").first()
        if boxing is not None:
            ConsultingClient.objects.create(expert=experts["expert3"].expert_profile,
                                            kind=ConsultingClient.Kind.TRAINING, client=boxing.applicant_name,
                                            credit_code=boxing.organization.credit_code, year=cycle.year - 2)
        for sector, name in PANEL_NAMES.items():
            panel = services.panel_save(cycle=cycle, sector=sector, name=name, by=agency_user)
            for username, *_rest, expert_sector in EXPERTS:
                if expert_sector == sector:
                    services.panel_member_add(panel=panel, expert=experts[username], by=agency_user)
            services.panel_save(cycle=cycle, sector=sector, name=name, leader=experts[PANEL_LEADERS[sector]],
                                by=agency_user)
        for username, user in experts.items():
            if username != "expert1":
                services.pledge_sign(cycle=cycle, expert=user, signed_name=user.full_name, by=user)
        _bids(cycle, experts)
        services.assignments_propose(cycle=cycle, by=agency_user)
        services.assignments_confirm(cycle=cycle, by=agency_user)
        for username, percentages in SUBMITTED.items():
            application = Application.objects.filter(cycle=cycle, applicant__username=username,
                                                     state=ApplicationState.QUALIFIED).first()
            if application is None:
                continue
            assignments = application.assignments.filter(state=AssignmentState.ACTIVE).exclude(
                expert__username="expert1").order_by("id")
            for assignment, pct in zip(assignments, percentages, strict=False):
                _score(assignment, pct)
        _discussion(cycle, experts, agency_user)
        # SPEC §7: the document-scoring deadline passed yesterday, so the experts with cards left show as overdue.
        services.scoring_deadlines_set(cycle=cycle, document=timezone.localdate() - timedelta(days=1),
                                       site=timezone.localdate() + timedelta(days=30), by=office)
        for kind, title in (("organization", "组织奖社会满意度测评问卷"), ("individual", "个人奖社会满意度测评问卷")):
            services.questionnaire_save(
                cycle=cycle, kind=kind, title=title, intro="请根据您的真实感受作答,约需3分钟。",
                deadline=timezone.now() + timedelta(days=30), by=office,
                questions=["产品和服务质量", "诚信经营与履行承诺", "对顾客和公众意见的响应", "社会责任与公益表现"]
                if kind == "organization" else ["专业能力与敬业精神", "质量改进带来的实际成效", "示范带动作用"])
    say(f"已创建评审演示数据:评审机构账户 agency,专家账户 expert1—expert{len(EXPERTS)},密码 {DEMO_PASSWORD}。")


def _bids(cycle, experts):
    """SPEC §7: the cycle takes bids; 陈静 would very much like 博兴厨具, 周敏 is willing to take 无棣冬枣 (the proposal
    shows the bid in its reason). A bid never overrides a conflict: 王海涛's on 博兴厨具 would be refused."""

    Cycle.objects.filter(pk=cycle.pk).update(bids_enabled=True)  # the office's cycle form; the demo's own rule
    cycle.refresh_from_db()
    for username, applicant, preference in (("expert2", "org_qualified", "eager"), ("expert6", "org_farm", "willing")):
        application = Application.objects.filter(cycle=cycle, applicant__username=applicant,
                                                  state=ApplicationState.QUALIFIED).first()
        if application is not None:
            services.bid_set(application=application, expert=experts[username], preference=preference,
                             by=experts[username])


# SPEC §7: after submitting, the tertiary panel talks 滨州智慧物流 over; the agency joins in.
DISCUSSION = [
    ("expert9", "4.4 资源:信息化投入的证据很充分,但人力资源结果(4.7.4)只有两年数据,我给了 55%。"),
    ("expert10", "同意。另外 4.6 改进与创新中的案例与 4.5 重复,建议现场评审时核实实际成效。"),
    ("expert8", "总分差距不大,不必发起共识评分;请各位把现场需要核实的事项写进改进机会,我汇总给评审机构。"),
    ("agency", "收到。现场评审将重点核实人力资源结果和改进案例,请组长会后提交现场评审计划。"),
]


def _discussion(cycle, experts, agency_user):
    application = Application.objects.filter(cycle=cycle, applicant__username="org_service",
                                              state=ApplicationState.QUALIFIED).first()
    if application is None:
        return
    for username, body in DISCUSSION:
        author = agency_user if username == "agency" else experts[username]
        try:
            services.discussion_post(application=application, body=body, by=author)
        except services.ReviewError:  # e.g. the panel changed and that expert did not submit: skip the line
            continue


def _score(assignment, pct):
    application = assignment.application
    card, _created = Scorecard.objects.get_or_create(
        assignment=assignment, defaults={"application": application, "expert": assignment.expert})
    services.scorecard_save(
        scorecard=card, by=assignment.expert, submit=True,
        percentages={i.pk: pct for i in standard_items(application)},
        comments={c.pk: (f"{c.name}方面制度健全,过程受控,近三年关键指标持续向好。",
                         f"{c.name}方面与标杆的对比分析不足,改进成果的推广有待加强。")
                  for c in standard_categories(application)},
    )



"""The award part of the demo: cycles and applications, built through the real services so the demo shows what the code does (README: demo accounts).

Everything here is fictitious: names, codes and ID numbers are made up (the codes carry valid checksums).
"""
import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter
from stdnum.cn import ric, uscc

from accounts.models import (
    Certification,
    IndividualProfile,
    OrganizationProfile,
    Recommender,
    Role,
    User,
)
from accounts.outbox import outbox_queue
from award import services
from award.dates import award_valid_until
from award.models import (
    Application,
    Award,
    Certificate,
    Cycle,
    CycleStage,
    Notice,
    QualificationReview,
    ScoringStandard,
)
from award.services.certificate import CERTIFICATES

DEMO_PASSWORD = "Demo#2026"


def credit_code(serial):
    """A made-up unified social credit code for Binzhou (3716xx) with a valid GB 32100 check digit."""
    body = f"91371600MA{serial:07d}"[:17]
    return body + uscc.calc_check_digit(body)


def id_number(birth, serial):
    body = f"371602{birth:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def demo_pdf(title):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), content_type="application/pdf")


def _user(username, role, full_name, **extra):
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "full_name": full_name, "email": f"{username}@example.com", **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _organization(username, name, serial, *, registered, district, sector, size, **flags):
    user = _user(username, Role.ORGANIZATION, name)
    profile = OrganizationProfile.objects.create(
        user=user, name=name, credit_code=credit_code(serial), registration_date=registered, district=district,
        sector=sector, size=size, industry=flags.pop("industry", ""), address=f"滨州市{name[:3]}路 {serial % 100} 号",
        contact_name="王明", contact_phone="0543-3160000", **flags,
    )
    Certification.objects.create(
        organization=profile, kind=Certification.Kind.GBT19001, standard="GB/T 19001-2016",
        number=f"00124Q{serial:05d}", issuer="中国质量认证中心", valid_from=date(2024, 3, 1), valid_until=date(2027, 2, 28),
    )
    return user


def _individual(username, name, serial, *, employer, since, sector):
    user = _user(username, Role.INDIVIDUAL, name)
    IndividualProfile.objects.create(
        user=user, name=name, id_number=id_number(date(1978, 5, 12), serial), employer=employer,
        employer_credit_code=credit_code(9000 + serial), position="质量总监", district="bincheng", sector=sector,
        quality_work_since=since, contact_phone="13805430000",
    )
    return user


def _fill(application, recommender):
    application.recommender = recommender
    application.summary = (
        "建立并有效运行以卓越绩效模式为核心的质量管理体系,近三年主导或参与制定国家和行业标准,"
        "主要产品质量指标居省内同行业前列。"
    )
    if application.kind == "individual":
        application.achievement = "主持完成关键工序质量攻关,产品一次交检合格率由 97.2% 提升至 99.6%(成果第一完成人)。"
        application.is_first_finisher = True
    application.save()
    for index, figure in enumerate(application.year_figures.all()):
        if application.kind == "organization":
            figure.revenue = 52000 + index * 3000
            figure.profit = 4100 + index * 200
            figure.tax = 2300
            figure.rd_investment = 1800
            figure.employees = 860
        figure.quality_indicators = "产品一次交检合格率 99.5%,顾客满意度 92 分,省内同行业第 2 名。"
        figure.save()
    for assessment in application.self_assessments.select_related("category"):
        assessment.text = f"对照“{assessment.category.name}”逐条自评,附相应证实性材料。"
        assessment.claimed_points = round(assessment.category.points * 0.7, 1)
        assessment.save()
    organization = application.kind == "organization"
    name = "营业执照" if organization else "工作证明"
    services.evidence_add(
        application=application, kind="license" if organization else "identity", description=f"{name}(演示)",
        uploaded_file=demo_pdf(name), by=application.applicant, max_bytes=20 * 1024 * 1024,
    )


def _submit(application):
    declarations = {"declares_truthful": True, "declares_no_major_accident": True, "declares_no_violations": True}
    services.application_submit(
        application=application, signed_name=application.applicant.full_name, declarations=declarations,
        by=application.applicant,
    )


def _endorse(application, recommender_user):
    services.endorsement_record(
        application=application, decision="endorse", signed_name=recommender_user.full_name, by=recommender_user,
        opinion="经核实,该申报材料真实,同意推荐。",
    )


def _qualify(application, office, decision="pass", deadline=None):
    criteria = [{"code": "materials", "article": "第十九条(一)", "label": "申报材料齐全", "passed": decision != "fail"}]
    services.qualification_decide(
        application=application, decision=decision, criteria=criteria, by=office, deadline=deadline,
        reasons={"pass": "经逐项审查,符合申报条件。", "fail": "不符合第十五条规定的申报条件。",
                 "return": "请补充近三年财务报表(经审计)和 GB/T 19001 认证证书扫描件。"}[decision],
    )


def _cycle(office, number, year, *, opens, closes, standards, media, schedule, call_text):
    cycle = services.cycle_create(
        by=office, number=number, year=year, application_opens=opens, application_closes=closes,
        organization_standard=standards[0], individual_standard=standards[1], media=media, schedule=schedule,
        call_text=call_text,
    )
    services.cycle_publish_call(cycle=cycle, by=office)
    return cycle


def _to_document_review(cycle, office, today, *, ago=0):
    """Close the window, publish the qualified list and let its window pass — in the demo's past, `ago` days
    further back — then advance through the real services to document review."""
    today = today - timedelta(days=ago)
    Cycle.objects.filter(pk=cycle.pk).update(
        application_opens=today - timedelta(days=75), application_closes=today - timedelta(days=45)
    )
    cycle.refresh_from_db()
    cycle = services.cycle_advance(cycle=cycle, by=office)
    notice = services.notice_publish(
        cycle=cycle, kind="qualification", title=f"{cycle}资格审查合格名单公示", by=office, starts_on=today,
        body="经申报、推荐和资格审查,以下组织和个人符合申报条件,现予公示。", today=today,
    )
    Notice.objects.filter(pk=notice.pk).update(
        starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=34),
        published_at=timezone.now() - timedelta(days=40 + ago),
    )
    return services.cycle_advance(cycle=cycle, by=office)


@transaction.atomic
def seed_award_demo(*, stdout=None):
    """Create the demo accounts and three cycles, each showing a different part of the work:

    - 第7届: closed, with its winners — one award still valid (Art. 6 repeat rule) and one revoked (Art. 24 ban);
    - 第8届: in document review — qualified applications, their public notice; review and supervision add the
      agency, experts, scores and the supervision group to it;
    - 第9届: open for applications — one application in each state up to qualification review, and room for a
      newly registered organization to apply.

    Returns 第8届, the cycle the higher apps' demo parts build on."""
    say = stdout.write if stdout else (lambda *_: None)
    if User.objects.filter(username="office").exists():
        say("演示数据已存在,跳过。")
        return Cycle.objects.filter(number=8).first()
    today = timezone.localdate()
    standards = (
        ScoringStandard.objects.filter(kind="organization").order_by("-version").first(),
        ScoringStandard.objects.filter(kind="individual").order_by("-version").first(),
    )

    admin = _user("admin", Role.OFFICE, "系统管理员", is_staff=True, is_superuser=True)
    office = _user("office", Role.OFFICE, "市市场监管局质量发展科(领导小组办公室)")
    _user("leader", Role.LEADING_GROUP, "质量强市工作领导小组成员")
    _user("supervisor", Role.SUPERVISOR, "赵敏(市人大代表)")
    department, _created = Recommender.objects.get_or_create(
        name="滨州市市场监督管理局", defaults={"kind": Recommender.Kind.DEPARTMENT}
    )
    bincheng = Recommender.objects.get(district="bincheng")
    zouping = Recommender.objects.get(district="zouping")
    boxing = Recommender.objects.get(district="boxing")
    rec_bincheng = _user("rec_bincheng", Role.RECOMMENDER, "滨城区市场监管局 孙立", recommender=bincheng)
    rec_zouping = _user("rec_zouping", Role.RECOMMENDER, "邹平市市场监管局 周强", recommender=zouping)
    rec_boxing = _user("rec_boxing", Role.RECOMMENDER, "博兴县市场监管局 吴芳", recommender=boxing)
    _user("rec_scjg", Role.RECOMMENDER, "市市场监管局 郑伟", recommender=department)
    media = "滨州日报、滨州网、滨州市人民政府网站"
    schedule = (
        "申报:申报通知发布之日起一个月内\n资格审查及公示:申报截止后 15 个工作日内\n"
        "资料评审、现场评审:资格公示结束后两个月内\n综合评审、公示、批准:年底前完成"
    )

    # 第7届: closed, with its winners.
    previous = Cycle.objects.create(
        number=7, year=today.year - 4, stage=CycleStage.CLOSED, application_opens=date(today.year - 4, 3, 1),
        application_closes=date(today.year - 4, 4, 30), schedule="已结束", media="滨州日报",
        call_published_at=timezone.now() - timedelta(days=1500), organization_standard=standards[0],
        individual_standard=standards[1], created_by=office,
    )
    for username, name, serial, revoked in (
        ("org_winner", "滨州渤海活塞股份有限公司", 1001, None),
        ("org_revoked", "滨州某化工有限公司", 1002, today - timedelta(days=400)),
    ):
        user = _organization(
            username, name, serial, registered=date(2005, 6, 1), district="bincheng", sector="secondary", size="large"
        )
        application = Application.objects.create(
            cycle=previous, kind="organization", applicant=user, organization=user.organization,
            applicant_name=name, sector="secondary", state="awarded", reference=f"BZ7-O-{serial}",
        )
        awarded = date(previous.year, 12, 20)
        award = Award.objects.create(
            cycle=previous, application=application, kind="organization", recipient_name=name,
            credit_code=user.organization.credit_code, awarded_on=awarded,
            valid_until=award_valid_until(awarded, previous.validity_years), prize_yuan=300_000,
            revoked_on=revoked, revocation_reference=f"滨政字〔{revoked.year}〕12号" if revoked else "",
        )
        # Rendered by the same task as in production (in-process in the demo); the verification page shows them.
        certificate = Certificate.objects.create(award=award, number=f"BZQA-7-O-{serial % 1000:03d}")
        outbox_queue(CERTIFICATES, pk=certificate.pk)

    # 第8届: qualified applications, then document review.
    reviewing = _cycle(
        office, 8, today.year - 1, opens=today - timedelta(days=5), closes=today + timedelta(days=5),
        standards=standards, media=media, schedule=schedule,
        call_text="第八届滨州市市长质量奖评审工作(演示:资料评审阶段)。",
    )
    for username, name, serial, sector, size, flags, recommender, recommender_user in (
        ("org_qualified", "博兴厨具集团有限公司", 2005, "secondary", "large", {}, boxing, rec_boxing),
        ("org_service", "滨州智慧物流服务有限公司", 2006, "tertiary", "medium", {"is_new_service": True},
         bincheng, rec_bincheng),
        ("org_farm", "无棣冬枣产业发展有限公司", 2007, "primary", "medium", {"is_modern_agriculture": True},
         bincheng, rec_bincheng),
    ):
        user = _organization(
            username, name, serial, registered=date(2012, 4, 18), district="bincheng", sector=sector, size=size,
            **flags,
        )
        application = services.application_create(cycle=reviewing, applicant=user)
        _fill(application, recommender)
        _submit(application)
        _endorse(application, recommender_user)
        _qualify(application, office)
    person = _individual(
        "person_qualified", "张华", 11, employer="滨州渤海活塞股份有限公司", since=date(2008, 7, 1), sector="secondary"
    )
    application = services.application_create(cycle=reviewing, applicant=person)
    _fill(application, bincheng)
    _submit(application)
    _endorse(application, rec_bincheng)
    _qualify(application, office)
    _to_document_review(reviewing, office, today)

    # 第9届: open for applications.
    current = _cycle(
        office, 9, today.year, opens=today - timedelta(days=20), closes=today + timedelta(days=10),
        standards=standards, media=media, schedule=schedule,
        call_text="为深入实施质量强市战略,根据《滨州市市长质量奖管理办法》,现组织开展第九届滨州市市长质量奖评审工作。",
    )
    organizations = [
        ("org_draft", "滨州黄河三角洲农业科技有限公司", 2001, "primary", "small", {"is_modern_agriculture": True}, None),
        ("org_submitted", "滨城精工机械有限公司", 2002, "secondary", "medium", {"has_own_ip": True}, "submitted"),
        ("org_endorsed", "邹平宏达铝材股份有限公司", 2003, "secondary", "large", {}, "endorsed"),
        ("org_returned", "惠民绳网科技有限公司", 2004, "secondary", "small", {"leads_standards": True}, "returned"),
    ]
    for username, name, serial, sector, size, flags, target in organizations:
        user = _organization(
            username, name, serial, registered=date(2012, 4, 18), district="bincheng", sector=sector, size=size,
            **flags,
        )
        application = services.application_create(cycle=current, applicant=user)
        recommender, recommender_user = (zouping, rec_zouping) if username == "org_endorsed" else (bincheng, rec_bincheng)
        _fill(application, recommender)
        if target is None:
            continue
        _submit(application)
        if target == "submitted":
            continue
        _endorse(application, recommender_user)
        if target == "returned":
            _qualify(application, office, "return", deadline=today + timedelta(days=7))
    _individual("person_new", "李敏", 12, employer="博兴厨具集团有限公司", since=date(2015, 3, 1), sector="secondary")

    say(
        f"已创建演示数据:{previous}(已结束)、{reviewing}(资料评审)、{current}(申报中)。"
        f"所有演示账户的密码均为 {DEMO_PASSWORD}"
    )
    assert QualificationReview.objects.exists() and admin.is_superuser
    return reviewing

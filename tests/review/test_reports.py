"""Art. 19(三): the document-review report as a PDF in Chinese with an embedded CJK font."""
import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from review.models import Assignment, ReportFile
from review.reports import report_render
from review.tasks import task_render_document_report, task_render_report
from tests.factories.review import activate, make_application, pledge, submit_scores


@pytest.fixture
def scored(cycle, panel, office):
    app = make_application(cycle, name="滨州渤海精工机械有限公司")
    _, experts = panel
    pledge(cycle, *experts)
    for e, pct in zip(experts[:3], (55, 60, 65), strict=True):
        submit_scores(activate(Assignment.objects.create(application=app, expert=e, created_by=office)), pct)
    return app


def test_report_text_has_the_chinese_name_and_a_cjk_font(scored, tmp_path):
    report = report_render(application=scored)

    data = report.file.read()
    # table cells wrap long names: compare without line breaks
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")
    assert "滨州渤海精工机械有限公司" in text
    assert "600.00" in text
    if shutil.which("pdffonts"):
        path = tmp_path / "r.pdf"
        path.write_bytes(data)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert "CJK-SC" in fonts  # e.g. "TSPJMR+Noto-Sans-CJK-SC", embedded subset


def test_report_never_names_an_expert(scored):
    report = report_render(application=scored)

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.file.read())).pages)
    names = [str(a.expert) for a in scored.assignments.all()]
    assert [n for n in names if n in text] == []


def test_task_is_idempotent_and_quiet_for_missing_rows(scored):
    first = task_render_document_report.apply(kwargs={"application_id": scored.pk}).get()
    second = task_render_document_report.apply(kwargs={"application_id": scored.pk}).get()
    missing = task_render_document_report.apply(kwargs={"application_id": 999999}).get()

    assert (first, second, missing) == (first, first, None)
    assert ReportFile.objects.filter(application=scored).count() == 1


def _pdf_text_and_fonts(data, tmp_path):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")
    fonts = ""
    if shutil.which("pdffonts"):
        path = tmp_path / "r.pdf"
        path.write_bytes(data)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return text, fonts


@pytest.fixture
def visited(scored, panel, office, agency_user):
    """Art. 19(四): the site team of three scored 60/65/70 % and the leader submitted the report."""
    from award.models import Application, ApplicationState
    from review.services import scorecard_save, site_report_submit, site_scorecard_open, site_visit_schedule
    from tests.factories.review import full_percentages

    Application.objects.filter(pk=scored.pk).update(state=ApplicationState.SITE_REVIEW)
    scored.refresh_from_db()
    _, experts = panel
    visit = site_visit_schedule(application=scored, leader=experts[0], members=experts[:3],
                                scheduled_for=datetime.date(2025, 9, 1), by=agency_user)
    for expert, pct in zip(experts[:3], (60, 65, 70), strict=True):
        card = site_scorecard_open(visit=visit, by=expert)
        scorecard_save(scorecard=card, percentages=full_percentages(scored, pct), findings=f"现场核实发现{pct}",
                       submit=True, by=expert)
    site_report_submit(visit=visit, findings="体系运行有效", report="同意列入综合评审。", by=experts[0])
    return scored


def test_site_report_has_the_name_the_site_score_and_the_leaders_report(visited, tmp_path):
    report = report_render(application=visited, kind=ReportFile.Kind.SITE)

    text, fonts = _pdf_text_and_fonts(report.file.read(), tmp_path)
    assert "现场评审报告" in text
    assert "滨州渤海精工机械有限公司" in text
    assert "650.00" in text  # mean of 600, 650, 700
    assert "同意列入综合评审。" in text
    if fonts:
        assert "CJK-SC" in fonts


@pytest.fixture
def surveyed(scored, cycle, office, agency_user):
    from review.services import questionnaire_save, respondents_add, survey_answer

    q = questionnaire_save(cycle=cycle, kind="organization", title="组织奖社会满意度测评问卷", intro="",
                           deadline=timezone.now() + datetime.timedelta(days=5), questions=["产品质量", "诚信经营"],
                           by=office)
    respondents = respondents_add(application=scored, rows=[("customer", "甲", ""), ("customer", "乙", ""),
                                                            ("employee", "丙", "")], by=agency_user)
    for respondent, rating in zip(respondents[:2], (5, 4), strict=True):
        survey_answer(token=respondent.token, ratings={x.pk: rating for x in q.questions.all()})
    return scored


def test_satisfaction_report_has_counts_and_the_index(surveyed, tmp_path):
    report = report_render(application=surveyed, kind=ReportFile.Kind.SATISFACTION)

    text, fonts = _pdf_text_and_fonts(report.file.read(), tmp_path)
    assert "社会满意度测评报告" in text
    assert "滨州渤海精工机械有限公司" in text
    assert "87.50" in text  # mean rating 4.5 on 1–5 → (4.5 − 1) / 4 × 100
    assert "66.66%" in text  # 2 of 3 answered
    if fonts:
        assert "CJK-SC" in fonts


def test_cycle_report_lists_every_application_against_its_bar(scored, cycle, tmp_path):
    other = make_application(cycle, name="无棣冬枣产业发展有限公司")

    report = task_render_report.apply(kwargs={"kind": "cycle_document", "cycle_id": cycle.pk}).get()

    stored = ReportFile.objects.get(pk=report)
    text, fonts = _pdf_text_and_fonts(stored.file.read(), tmp_path)
    assert stored.application is None and stored.cycle == cycle
    assert "资料评审汇总报告" in text
    assert "滨州渤海精工机械有限公司" in text and other.applicant_name in text
    assert "550" in text  # Art. 20: the organization bar, 55 % of 1000
    if fonts:
        assert "CJK-SC" in fonts


def test_cycle_report_is_rendered_again_only_when_a_result_changed(scored, cycle, office, panel):
    first = report_render(cycle=cycle, kind=ReportFile.Kind.CYCLE_DOCUMENT)
    first_name = first.file.name
    same = report_render(cycle=cycle, kind=ReportFile.Kind.CYCLE_DOCUMENT)
    _, experts = panel
    pledge(cycle, experts[3])
    submit_scores(activate(Assignment.objects.create(application=scored, expert=experts[3], created_by=office)), 90)

    changed = report_render(cycle=cycle, kind=ReportFile.Kind.CYCLE_DOCUMENT)

    assert same.file.name == first_name
    assert changed.pk == first.pk and changed.file.name != first_name


@pytest.mark.parametrize("name,role,status", [
    ("review:site_report_pdf", "office", 200),
    ("review:site_report_pdf", "agency", 200),
    ("review:satisfaction_report_pdf", "agency", 200),
    ("review:satisfaction_report_pdf", "applicant", 403),
], ids=["site-office", "site-agency", "survey-agency", "survey-applicant"])
def test_report_downloads_are_pdfs_for_their_readers(client, visited, office, agency_user, name, role, status):
    user = {"office": office, "agency": agency_user, "applicant": visited.applicant}[role]
    client.force_login(user)

    response = client.get(reverse(name, kwargs={"pk": visited.pk}))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_report_shows_each_total_under_the_discussion_label(scored):
    # SPEC §7, Art. 19(三): 专家A, 专家B… as every viewer of the application sees them on the discussion page
    # (formerly 专家1, 专家2…, which matched nothing the panel or the office saw), in the assignments' order
    report = report_render(application=scored)

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.file.read())).pages).replace("\n", "")
    assert "专家A 550.00;专家B 600.00;专家C 650.00" in text

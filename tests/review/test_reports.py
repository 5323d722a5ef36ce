"""Art. 19(三): the document-review report as a PDF in Chinese with an embedded CJK font."""
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from review.models import Assignment, ReportFile
from review.reports import report_render
from review.tasks import task_render_document_report

from .factories import make_application, pledge
from .helpers import activate, submit_scores


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
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
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

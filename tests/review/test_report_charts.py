"""Issue 10 point 8: the charts print in the PDFs where their figures appear — the application's document-review
report (category subtotals against maxima) and the cycle's summary report (the distribution and its bar)."""
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from review.models import Assignment, ReportFile
from review.reports import report_render
from tests.factories.review import activate, make_application, pledge, submit_scores

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def scored(cycle, panel, office):
    app = make_application(cycle, name="滨州渤海精工机械有限公司")
    _, experts = panel
    pledge(cycle, *experts)
    for e, pct in zip(experts[:3], (55, 60, 65), strict=True):
        submit_scores(activate(Assignment.objects.create(application=app, expert=e, created_by=office)), pct)
    return app


def _text(data):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


def _keep(data, name):
    """The PDF and its first page as PNG in test-artifacts/, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=True)


def test_document_report_prints_the_category_chart(scored):
    data = report_render(application=scored).file.read()
    _keep(data, "chart-document-report")

    text = _text(data)
    assert "各类目平均得分与类目满分" in text
    assert "进入现场评审者平均" in text


def test_cycle_report_prints_the_distribution_with_the_bar(scored, cycle):
    data = report_render(cycle=cycle, kind=ReportFile.Kind.CYCLE_DOCUMENT).file.read()
    _keep(data, "chart-cycle-report")

    text = _text(data)
    assert "资料评审得分分布(按占总分比例)" in text
    assert "分数线 55%" in text
    assert "60%–65%" in text  # 600 of 1000 in its bin, in the printed table

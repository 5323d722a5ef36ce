"""Art. 11, 23, 25: the public complaint form, tracking, handling to an outcome, and the PDF report."""
import datetime
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from supervision import services
from supervision.models import Complaint, ComplaintState
from tests.factories.supervision import appointed_group, complaint, supervisors

pytestmark = pytest.mark.django_db


def test_complaint_form_files_without_login_and_shows_tracking_code(client, cycle):
    response = client.post("/supervision/complaints/new/", {
        "cycle": cycle.pk, "category": "forged_mark", "subject": "某厂", "description": "伪造奖牌标志。",
        "complainant_name": "李女士", "complainant_contact": "13900000000"}, follow=True)

    filed = Complaint.objects.get()
    assert filed.category == "forged_mark"
    assert filed.tracking_code in response.content.decode()


def test_complaint_form_refuses_a_file_that_is_not_what_it_claims(client, cycle):
    fake = SimpleUploadedFile("证据.pdf", b"not a pdf at all", content_type="application/pdf")

    response = client.post("/supervision/complaints/new/", {
        "cycle": cycle.pk, "category": "advertising", "subject": "某厂", "description": "广告", "complainant_name": "李",
        "complainant_contact": "139", "files": [fake]})

    assert response.status_code == 200
    assert Complaint.objects.count() == 0


def test_complaint_file_rate_limited_per_address(cycle):
    for _ in range(services.complaints.RATE_LIMIT):
        complaint(ip="10.1.1.1")

    with pytest.raises(Exception) as caught:
        complaint(ip="10.1.1.1")
    complaint(ip="10.1.1.2")

    assert caught.value.code == "rate_limited"


def test_complaint_handled_to_outcome_shows_on_tracking_page(client, office, cycle):
    supervisor = supervisors(1)[0]
    appointed_group(cycle=cycle, office=office, users=[supervisor])
    filed = complaint()
    deadline = timezone.localdate() + datetime.timedelta(days=15)

    services.complaint_accept(complaint=filed, deadline=deadline, note="", by=supervisor)
    services.complaint_conclude(complaint=filed, findings="核实广告", outcome="substantiated", outcome_text="责令整改",
                                public_reply="情况属实,已责令整改。", by=supervisor)
    page = client.get(f"/supervision/complaints/track/?code={filed.tracking_code}").content.decode()

    filed.refresh_from_db()
    assert filed.state == ComplaintState.CONCLUDED
    assert "情况属实,已责令整改。" in page
    assert "核实广告" not in page  # internal findings stay internal


def test_complaint_accept_refused_for_a_supervisor_of_another_cycle(office, cycle):
    from tests.factories.award import CycleFactory

    appointed_group(cycle=cycle, office=office, users=supervisors(1))
    outsider = supervisors(1, prefix="other")[0]
    appointed_group(cycle=CycleFactory(number=3), office=office, users=[outsider])
    filed = complaint()

    with pytest.raises(services.common.WorkflowError):
        services.complaint_accept(complaint=filed, deadline=timezone.localdate(), note="", by=outsider)


def test_report_pdf_embeds_a_cjk_font(office, cycle, tmp_path):
    supervisor = supervisors(1)[0]
    appointed_group(cycle=cycle, office=office, users=[supervisor])

    report = services.report_submit(cycle=cycle, title="第一季度监督情况报告", summary="评审按程序进行。", by=supervisor)

    path = tmp_path / "r.pdf"
    path.write_bytes(report.file.read())
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "CJK" in fonts

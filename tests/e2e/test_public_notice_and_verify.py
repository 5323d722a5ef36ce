"""A member of the public, in Debian's chromium: opens the proposed-award-list notice, files an objection with
evidence (Art. 19(六)), and later verifies a certificate number (SPEC §10)."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from award.models import Objection
from award.tasks import task_render_certificate
from tests.factories.award import pdf_upload
from tests.factories.decision import awarded_cycle, proposed_cycle, publish_proposed_notice


@pytest.mark.django_db(transaction=True)
def test_public_objects_to_the_notice_and_verifies_a_certificate(page, live_server, tmp_path):
    cycle, office, applications = proposed_cycle(organizations=1, individuals=1)
    notice = publish_proposed_notice(cycle, office)
    _awarded, _office, certificates = awarded_cycle(organizations=1, individuals=0)
    certificate = certificates[0]
    task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})
    target = notice.entries.get(application=applications[0])
    evidence = tmp_path / "证据.pdf"
    evidence.write_bytes(pdf_upload().read())

    # The notice, its window and the way to object
    page.goto(live_server.url + reverse("award:notice_detail", kwargs={"pk": notice.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text(notice.title)
    expect(page.get_by_text(target.label)).to_be_visible()
    page.get_by_role("link", name="提出异议").click()

    # The objection form: real name, contact, content, evidence
    page.get_by_label("异议对象").select_option(label=target.label)
    page.get_by_label("真实姓名").fill("王五")
    page.get_by_label("身份证号或联系电话").fill("13800000000")
    page.get_by_label("异议内容").fill("该单位近三年发生过质量事故,与申报材料不符,请核查。")
    page.get_by_label("证据材料(可选)").set_input_files(str(evidence))
    page.get_by_role("button", name="提交异议").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("异议已受理")
    tracking = page.get_by_test_id("tracking-number").inner_text()
    objection = Objection.objects.get(tracking_number=tracking)
    assert (objection.application_id, objection.name, objection.evidence_name) == (
        applications[0].pk, "王五", "证据.pdf")

    # Later: the certificate's number on the public verification page
    page.goto(live_server.url + reverse("award:winners"))
    expect(page.get_by_text(certificate.number)).to_be_visible()
    page.get_by_role("link", name="证书核验").click()
    page.get_by_label("证书编号").fill(certificate.number)
    page.get_by_role("button", name="核验").click()

    result = page.get_by_test_id("verify-result")
    expect(result).to_have_attribute("data-status", "valid")
    expect(result).to_contain_text(certificate.award.recipient_name)
    expect(result).to_contain_text("该证书真实有效")

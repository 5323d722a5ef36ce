"""The intake pages as a user meets them: forms, uploads, downloads, decisions and the public notice."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from award.models import ApplicationState, CalendarYear, Evidence, Notice, Recusal
from tests.confirming import post_confirmed
from tests.factories.accounts import ExpertUserFactory, OfficeUserFactory, OrganizationFactory
from tests.factories.award import CycleFactory, application_in_state, pdf_upload

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_evidence_upload_of_a_renamed_text_file_is_refused_and_stores_nothing(client, private_media_root):
    # SPEC §4: checked by content, not by name.
    application = application_in_state("draft")
    client.force_login(application.applicant)
    before = Evidence.objects.filter(application=application).count()
    fake = SimpleUploadedFile("年报.pdf", "这不是 PDF".encode(), content_type="application/pdf")

    response = client.post(
        reverse("award:evidence_upload", kwargs={"pk": application.pk}),
        {"kind": "financial", "description": "", "file": fake}, follow=True,
    )

    assert any(m.startswith("文件未上传") for m in _messages(response))
    assert Evidence.objects.filter(application=application).count() == before
    stored = list((private_media_root / "evidence" / str(application.pk)).iterdir())
    assert len(stored) == before


def test_evidence_upload_of_a_real_pdf_records_its_fingerprint(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    upload = pdf_upload("财务报表.pdf")
    upload.seek(0)

    client.post(
        reverse("award:evidence_upload", kwargs={"pk": application.pk}),
        {"kind": "financial", "description": "2025 年", "file": upload},
    )

    evidence = Evidence.objects.get(application=application, original_name="财务报表.pdf")
    assert len(evidence.sha256) == 64
    assert evidence.content_type == "application/pdf"


def test_evidence_upload_on_a_submitted_application_is_refused(client):
    application = application_in_state("submitted")
    client.force_login(application.applicant)

    response = client.post(
        reverse("award:evidence_upload", kwargs={"pk": application.pk}),
        {"kind": "other", "file": pdf_upload()},
    )

    assert response.status_code == 403
    assert Evidence.objects.filter(application=application).count() == 1


def test_evidence_download_is_audited(client):
    # SPEC §6, §14: every view of an applicant's files is written to the audit log.
    application = application_in_state("qualified")
    evidence = application.evidence.get()
    client.force_login(application.office_user)

    response = client.get(reverse("award:evidence_download", kwargs={"pk": evidence.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    entry = AuditEntry.objects.filter(action="evidence.viewed").last()
    assert (entry.actor, entry.application_id) == (application.office_user, application.pk)


def test_evidence_download_by_a_recused_person_is_denied_and_audited(client):
    # Art. 12: a recusal beats every grant, even for a superuser.
    application = application_in_state("qualified")
    expert = ExpertUserFactory(is_superuser=True, is_staff=True)
    Recusal.objects.create(application=application, user=expert, reason="现任职单位")
    client.force_login(expert)

    response = client.get(reverse("award:evidence_download", kwargs={"pk": application.evidence.get().pk}))

    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="access.denied_recusal", actor=expert).count() == 1


def test_superuser_without_the_applicant_role_cannot_edit_an_application(client):
    application = application_in_state("draft")
    admin = OfficeUserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.get(reverse("award:application_edit", kwargs={"pk": application.pk}))

    assert response.status_code == 403


def _edit_data(page):
    data = {}
    for prefix, formset in (("fig", page.context["figures"]), ("sa", page.context["assessments"]),
                            ("av", page.context["avoidances"])):
        for key, value in formset.management_form.initial.items():
            data[f"{prefix}-{key}"] = value
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                data[form.add_prefix(name)] = "" if value is None else getattr(value, "pk", value)
    return data


def test_application_edit_saves_the_draft(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    data = _edit_data(client.get(reverse("award:application_edit", kwargs={"pk": application.pk})))
    data.update({"recommender": application.recommender_id, "summary": "新的概述"})

    response = client.post(reverse("award:application_edit", kwargs={"pk": application.pk}), data)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.summary == "新的概述"


def test_an_invalid_code_in_the_avoid_list_is_refused_beside_it_and_nothing_is_saved(client):
    # Art. 12: an avoid-list entry is keyed on the credit code; a wrong one would silently match nobody
    application = application_in_state("draft")
    client.force_login(application.applicant)
    url = reverse("award:application_edit", kwargs={"pk": application.pk})
    page = client.get(url)
    data = _edit_data(page)
    av = next(f for f in page.context["avoidances"].forms if not f.instance.pk)
    data.update({"recommender": application.recommender_id, "summary": "新的概述",
                 av.add_prefix("name"): "滨州某咨询公司", av.add_prefix("reason"): "曾为我单位提供咨询",
                 av.add_prefix("credit_code"): "91371600MA00000010"})

    response = client.post(url, data)

    assert response.status_code == 200
    form = next(f for f in response.context["avoidances"].forms if f.errors)
    assert "校验码" in form.errors["credit_code"][0]
    assert "校验码" in response.content.decode()
    application.refresh_from_db()
    assert application.summary != "新的概述"  # nothing of the draft saved
    assert not application.avoidance_requests.exists()


def test_submit_page_shows_each_rule_with_its_article(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)

    response = client.get(reverse("award:application_submit", kwargs={"pk": application.pk}))

    body = response.content.decode()
    assert "第十五条(一)" in body and "第二十四条" in body and "第六条" in body


def test_submit_without_declarations_keeps_the_draft(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)

    response = client.post(
        reverse("award:application_submit", kwargs={"pk": application.pk}), {"signed_name": "王明"}
    )

    assert response.status_code == 200
    assert "请勾选此项承诺" in response.content.decode() or response.context["form"].errors
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_endorsement_page_records_the_signed_opinion(client):
    application = application_in_state("submitted")
    client.force_login(application.recommender_user)

    response = post_confirmed(
        client, reverse("award:endorsement_create", kwargs={"pk": application.pk}),
        {"decision": "endorse", "opinion": "材料真实,同意推荐。", "signed_name": "孙立"},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.ENDORSED
    assert application.endorsements.get().signed_name == "孙立"


def test_qualification_page_return_without_deadline_shows_the_error(client):
    application = application_in_state("endorsed")
    client.force_login(application.office_user)
    url = reverse("award:qualification_review", kwargs={"pk": application.pk})
    form = client.get(url).context["form"]
    data = {name: "pass" for name in form.fields if name.startswith("c_")}

    response = client.post(url, {**data, "decision": "return", "reasons": "请补充材料"})

    assert response.status_code == 200
    assert "退回补正须设定补正截止日期。" in response.content.decode()
    application.refresh_from_db()
    assert application.state == ApplicationState.ENDORSED


def test_qualification_page_pass_qualifies_and_records_every_criterion(client):
    application = application_in_state("endorsed")
    client.force_login(application.office_user)
    url = reverse("award:qualification_review", kwargs={"pk": application.pk})
    form = client.get(url).context["form"]
    data = {name: "pass" for name in form.fields if name.startswith("c_")}

    post_confirmed(client, url, {**data, "decision": "pass", "reasons": "符合第十五条各项条件"})

    application.refresh_from_db()
    assert application.state == ApplicationState.QUALIFIED
    review = application.qualification_reviews.get()
    assert len(review.criteria) == len(data)


def _qualification_stage_cycle():
    cycle = CycleFactory()
    application = application_in_state("qualified", cycle=cycle)
    cycle.stage = "qualification"
    cycle.save()
    return cycle, application


def test_notice_publish_refuses_a_year_the_calendar_does_not_know(client):
    # SPEC §9: never guess a holiday schedule.
    cycle, application = _qualification_stage_cycle()
    client.force_login(application.office_user)
    url = reverse("award:notice_create", kwargs={"pk": cycle.pk})
    unknown_year = 2031

    response = post_confirmed(client, url, {"title": "公示", "body": "", "starts_on": f"{unknown_year}-03-03"},
                              follow=True)

    # Issue 13: a form page shows the refusal on the form, not as a flash message.
    errors = response.context["form"].non_field_errors()
    assert response.status_code == 200 and any(str(unknown_year) in e for e in errors)
    assert _messages(response) == []
    assert Notice.objects.count() == 0


def test_notice_publish_counts_working_days_once_the_office_entered_the_year(client):
    # Art. 19(二)(六): 5 working days; a weekday holiday and a make-up Saturday entered by the office count.
    cycle, application = _qualification_stage_cycle()
    office = application.office_user
    client.force_login(office)
    client.post(
        reverse("award:calendar_year_enter"),
        {"year": 2031, "source": "国办发明电〔2030〕7号", "days": "2031-03-04 休 测试假日\n2031-03-08 班 调休"},
    )

    post_confirmed(
        client, reverse("award:notice_create", kwargs={"pk": cycle.pk}),
        {"title": "公示", "body": "", "starts_on": "2031-03-03"},
    )

    notice = Notice.objects.get()
    # Mon 3 (1), Tue 4 holiday, Wed 5 (2), Thu 6 (3), Fri 7 (4), Sat 8 make-up (5)
    assert notice.ends_on == datetime.date(2031, 3, 8)
    page = client.get(reverse("award:notice_detail", kwargs={"pk": notice.pk}))
    assert "2031年3月8日" in page.content.decode()
    assert application.applicant_name in page.content.decode()


def test_calendar_year_with_a_bad_line_is_refused_and_stores_nothing(client):
    client.force_login(OfficeUserFactory())

    response = client.post(
        reverse("award:calendar_year_enter"), {"year": 2031, "source": "x", "days": "2031-13-01 休"}
    )

    assert response.status_code == 400
    assert "日期格式" in response.content.decode()
    assert CalendarYear.objects.filter(year=2031).count() == 0


def test_cycle_create_form_defaults_to_the_2018_regulation(client):
    # Art. 6, 7, 20: caps 5/3/3, 55 %, validity 5 years.
    client.force_login(OfficeUserFactory())

    form = client.get(reverse("award:cycle_create")).context["form"]

    initial = {name: form[name].value() for name in (
        "organization_award_cap", "individual_award_cap", "nomination_award_cap", "validity_years", "ban_years",
        "notice_working_days", "organization_prize_yuan")}
    assert initial == {
        "organization_award_cap": 5, "individual_award_cap": 3, "nomination_award_cap": 3, "validity_years": 5,
        "ban_years": 5, "notice_working_days": 5, "organization_prize_yuan": 300000,
    }
    assert str(form["pass_ratio"].value()) == "0.550"


def test_cycle_advance_waits_for_the_window_to_close(client):
    cycle = CycleFactory()
    office = OfficeUserFactory()
    client.force_login(office)

    post_confirmed(client, reverse("award:cycle_advance", kwargs={"pk": cycle.pk}))
    cycle.refresh_from_db()
    assert cycle.stage == "open"

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.post(
        reverse("award:cycle_change_window", kwargs={"pk": cycle.pk}),
        {"application_opens": cycle.application_opens.isoformat(), "application_closes": yesterday.isoformat(),
         "reason": "按公告提前截止"},
    )
    post_confirmed(client, reverse("award:cycle_advance", kwargs={"pk": cycle.pk}))
    cycle.refresh_from_db()
    assert cycle.stage == "qualification"


@pytest.mark.parametrize("size", [1, 6], ids=["one", "six"])
def test_office_cycle_page_query_count_does_not_grow_with_applications(client, django_assert_max_num_queries, size):
    cycle = CycleFactory()
    office = OfficeUserFactory()
    for _ in range(size):
        application_in_state("endorsed", cycle=cycle, office=office)
    client.force_login(office)

    with django_assert_max_num_queries(25):
        response = client.get(reverse("award:cycle_manage", kwargs={"pk": cycle.pk}))

    assert len(response.context["applications"]) == size


@pytest.mark.parametrize("size", [1, 6], ids=["one", "six"])
def test_recommender_queue_query_count_does_not_grow(client, django_assert_max_num_queries, size):
    first = application_in_state("submitted")
    for _ in range(size - 1):
        other = application_in_state("draft", cycle=first.cycle)
        other.recommender = first.recommender
        other.save()
        from award import services

        services.application_submit(
            application=other, signed_name="x", by=other.applicant,
            declarations={"declares_truthful": 1, "declares_no_major_accident": 1, "declares_no_violations": 1},
        )
    client.force_login(first.recommender_user)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("award:recommender_queue"))

    assert len(response.context["pending"]) == size


def test_public_notice_list_shows_published_notices_to_anyone(client):
    cycle, application = _qualification_stage_cycle()
    Notice.objects.create(
        cycle=cycle, kind="qualification", title="第X届资格审查合格名单公示", starts_on=datetime.date(2026, 11, 30),
        working_days=5, ends_on=datetime.date(2026, 12, 4), published_at=timezone.now(),
        published_by=application.office_user,
    )

    response = client.get(reverse("award:notice_list"))

    assert "第X届资格审查合格名单公示" in response.content.decode()


_ = (io, OrganizationFactory)


def test_cycle_form_offers_approved_standards_not_office_drafts(client):
    # Art. 8(二): the leading group approves the scoring standards.
    from award.models import ScoringStandard

    seeded = ScoringStandard.objects.get(kind="organization", version=1)
    draft = ScoringStandard.objects.create(kind="organization", name="修订草案", version=2, total_points=1000)
    approved = ScoringStandard.objects.create(
        kind="organization", name="批准版", version=3, total_points=1000, approved_at=datetime.date(2026, 1, 5)
    )
    client.force_login(OfficeUserFactory())

    form = client.get(reverse("award:cycle_create")).context["form"]

    offered = set(form.fields["organization_standard"].queryset)
    assert offered == {seeded, approved}
    assert draft not in offered
    assert form["organization_standard"].value() == approved.pk


def test_site_review_waits_for_the_document_review_results():
    # Art. 19(三), 20: the shortlist is confirmed before the site review starts.
    from award import services

    application = application_in_state("qualified")
    cycle = application.cycle
    cycle.stage = "document_review"
    cycle.save()

    assert any("资料评审结果尚未确认" in b for b in services.cycle_stage_blockers(cycle))
    services.application_transition(application=application, to_state="site_review", by=application.office_user)
    assert services.cycle_stage_blockers(cycle) == []


def test_comprehensive_review_waits_for_site_scores_and_the_satisfaction_index():
    # Art. 19(四)(五)
    from award import services
    from award.models import Application

    application = application_in_state("qualified")
    services.application_transition(application=application, to_state="site_review", by=application.office_user)
    cycle = application.cycle
    cycle.stage = "site_review"
    cycle.save()

    assert any("现场评审得分" in b for b in services.cycle_stage_blockers(cycle))
    Application.objects.filter(pk=application.pk).update(site_score=700, satisfaction_index=88)
    assert services.cycle_stage_blockers(cycle) == []


def test_recommender_queue_shows_the_handled_applications_a_page_at_a_time(client, monkeypatch):
    # Twenty cycles of history: what the recommender already handled is paged; what waits is shown whole.
    from award.views import recommender

    monkeypatch.setattr(recommender, "DECIDED_PAGE_SIZE", 2)
    first = application_in_state("endorsed")
    for _ in range(2):
        other = application_in_state("endorsed", cycle=first.cycle)
        other.recommender = first.recommender
        other.save()
    waiting = application_in_state("submitted", cycle=first.cycle)
    waiting.recommender = first.recommender
    waiting.save()
    client.force_login(first.recommender_user)

    one = client.get(reverse("award:recommender_queue"))
    two = client.get(reverse("award:recommender_queue") + "?page=2")

    assert len(one.context["decided"]) == 2 and len(two.context["decided"]) == 1
    assert [a.pk for a in one.context["pending"]] == [waiting.pk] == [a.pk for a in two.context["pending"]]
    assert "第 1 / 2 页" in one.content.decode()

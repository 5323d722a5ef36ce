"""Numbers within their ranges (SPEC §4; GB/T 19580 category maxima): self-assessment scores between 0 and the
category's maximum, key figures that cannot be negative; refused on the form and again at submission."""
import pytest
from django.urls import reverse

from award import services
from award.services.application import application_range_problems
from tests.factories.award import DECLARATIONS, application_in_state

pytestmark = pytest.mark.django_db


def _edit_data(page, application):
    data = {}
    for prefix, formset in (("fig", page.context["figures"]), ("sa", page.context["assessments"]),
                            ("av", page.context["avoidances"])):
        for key, value in formset.management_form.initial.items():
            data[f"{prefix}-{key}"] = value
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                data[form.add_prefix(name)] = "" if value is None else getattr(value, "pk", value)
    data.update({"recommender": application.recommender_id, "summary": "概述"})
    return data


@pytest.mark.parametrize(("points", "saved"), [("150", False), ("-20", False), ("0", True), (None, True)],
                         ids=["above-maximum", "negative", "zero", "category-maximum"])
def test_self_assessment_score_must_lie_within_the_category(client, points, saved):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    url = reverse("award:application_edit", kwargs={"pk": application.pk})
    page = client.get(url)
    first = application.self_assessments.select_related("category").order_by("pk").first()
    data = _edit_data(page, application)
    index = [f.instance.pk for f in page.context["assessments"].forms].index(first.pk)
    data[f"sa-{index}-claimed_points"] = points if points is not None else str(first.category.points)

    response = client.post(url, data)

    first.refresh_from_db()
    assert (response.status_code == 302) is saved
    if not saved:
        assert first.claimed_points is None
        assert "自评得分" in response.content.decode()


def test_negative_revenue_is_refused_on_the_form(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    url = reverse("award:application_edit", kwargs={"pk": application.pk})
    data = _edit_data(client.get(url), application)
    data["fig-0-revenue"] = "-5"

    response = client.post(url, data)

    assert response.status_code == 200
    assert application.year_figures.filter(revenue__lt=0).count() == 0


def test_form_shows_maxima_and_the_running_total(client):
    application = application_in_state("draft")
    application.self_assessments.update(claimed_points=10)
    client.force_login(application.applicant)

    page = client.get(reverse("award:application_edit", kwargs={"pk": application.pk})).content.decode()

    total_max = sum(a.category.points for a in application.self_assessments.select_related("category"))
    count = application.self_assessments.count()
    assert f'<output data-self-total>{10 * count}</output> / {total_max}' in page
    assert 'max="' in page and "application-form.js" in page


def test_submission_refuses_out_of_range_numbers_saved_earlier():
    # The service does not trust the form: data written another way is refused at submission.
    application = application_in_state("draft")
    assessment = application.self_assessments.select_related("category").first()
    assessment.claimed_points = assessment.category.points + 40
    assessment.save()
    application.year_figures.filter(pk=application.year_figures.first().pk).update(tax=-1)

    with pytest.raises(services.WorkflowError) as refusal:
        services.application_submit(application=application, signed_name="签署人", declarations=DECLARATIONS,
                                    by=application.applicant)

    assert len(application_range_problems(application)) == 2
    assert any("自评得分" in r for r in refusal.value.reasons)
    assert any("不能为负数" in r for r in refusal.value.reasons)

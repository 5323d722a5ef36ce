"""Issue 9 point 5, SPEC §7: the scoring page. Each item shows its maximum, its six bands with their meaning and
the points beside the percentage; the category's self-assessment and evidence sit beside its items; a value that
is not a 5 % step or exceeds the maximum is refused next to the field with the reason, and nothing is saved; a
draft saved by the page's script is answered with the server's figures (JSON) so the focus stays."""
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from award.models import SelfAssessment, StandardCategory, StandardItem
from review.models import Assignment, ItemScore
from tests.factories.review import activate, card_for, pledge

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT": "application/json"}


@pytest.fixture
def assignment(cycle, panel, application, office):
    expert = panel[1][0]
    pledge(cycle, expert)
    return activate(Assignment.objects.create(application=application, expert=expert, created_by=office))


@pytest.fixture
def items(application):
    return list(StandardItem.objects.filter(category__standard=application.standard)
                .order_by("category__position", "position"))


def _url(assignment):
    return reverse("review:scorecard_edit", kwargs={"pk": assignment.pk})


def _post(client, assignment, values, **extra):
    client.force_login(assignment.expert)
    return client.post(_url(assignment), {**values, "action": "save"}, **extra)


def test_each_item_shows_its_maximum_and_six_bands_with_their_meaning(client, assignment, items):
    client.force_login(assignment.expert)

    html = client.get(_url(assignment)).content.decode()

    assert "满分 50 分" in html  # 4.1.1 高层领导的作用
    assert html.count('class="band-list"') == 23
    for band in ("0–5%", "10–25%", "30–45%", "50–65%", "70–85%", "90–100%"):
        assert band in html
    # process items by approach/deployment/learning/integration, results items by levels/trends/comparisons
    assert "没有系统的方法" in html and "方法充分展开" in html
    assert "多数方面处于行业领先和标杆水平" in html
    assert 'inputmode="numeric"' in html and "autofocus" in html
    assert " style=" not in html and "<script>" not in html  # a strict CSP is coming: hooks are data-* only


def test_the_category_self_assessment_sits_beside_its_items(client, assignment, application):
    leadership = StandardCategory.objects.get(standard=application.standard, code="4.1")
    SelfAssessment.objects.create(application=application, category=leadership, text="高层领导亲自推进卓越绩效",
                                  claimed_points=88)
    client.force_login(assignment.expert)

    html = client.get(_url(assignment)).content.decode()

    start = html.index(f'<section class="card score-category" id="category-{leadership.pk}"')
    section = html[start:html.index("</section>", start)]
    assert "高层领导亲自推进卓越绩效" in section and "88.0 / 110 分" in section


@pytest.mark.parametrize(("value", "reason"), [
    ("63", "得分比例须为5%的整数倍:63%不是,可填60%或65%"),
    ("105", "得分比例最高100%(本条款满分50分),105%超过了满分"),
    ("六十", "请填写0到100之间的整数"),
    ("-5", "请填写0到100之间的整数"),
])
def test_a_bad_value_is_refused_next_to_its_field_and_nothing_is_saved(client, assignment, items, value, reason):
    other = items[1]
    response = _post(client, assignment, {f"item_{items[0].pk}": value, f"item_{other.pk}": "70"})

    html = response.content.decode()
    hint = html[html.index(f'id="id_item_{items[0].pk}-hint"'):]
    hint = hint[:hint.index("</p>")]
    assert response.status_code == 200
    assert reason in hint  # beside the field, not only at the top
    assert "草稿未保存" in html
    assert f'value="{value}"' in html  # what was typed stays in the field
    assert not ItemScore.objects.filter(scorecard__assignment=assignment).exists()


def test_full_width_digits_and_a_percent_sign_are_understood(client, assignment, items):
    response = _post(client, assignment, {f"item_{items[0].pk}": "６５", f"item_{items[1].pk}": "70%"})

    assert response.status_code == 302
    assert sorted(ItemScore.objects.values_list("percentage", flat=True)) == [65, 70]


def test_a_draft_saved_by_the_script_gets_the_server_figures(client, assignment, items):
    response = _post(client, assignment, {f"item_{items[0].pk}": "65", f"item_{items[3].pk}": "40"}, **FETCH)

    body = json.loads(response.content)
    card = card_for(assignment)
    card.refresh_from_db()
    assert response.status_code == 200 and body["ok"]
    assert body["total"] == str(card.total) == "48.50"  # 50 × 65 % + 40 × 40 %
    assert body["points"] == {f"item_{items[0].pk}": "32.50", f"item_{items[3].pk}": "16.00"}
    assert body["subtotals"][str(items[0].category_id)] == "32.50"


def test_a_refused_draft_from_the_script_names_the_field(client, assignment, items):
    response = _post(client, assignment, {f"item_{items[0].pk}": "63"}, **FETCH)

    body = json.loads(response.content)
    assert response.status_code == 400 and not body["ok"]
    assert list(body["errors"]) == [f"item_{items[0].pk}"]
    assert "5%的整数倍" in body["errors"][f"item_{items[0].pk}"][0]
    assert not ItemScore.objects.exists()


def test_a_submitted_card_refuses_a_script_save_with_the_reason(client, assignment, items):
    from tests.factories.review import submit_scores

    submit_scores(assignment, 60)

    response = _post(client, assignment, {f"item_{items[0].pk}": "65"}, **FETCH)

    assert response.status_code == 409 and "已提交并锁定" in json.loads(response.content)["message"]
    assert ItemScore.objects.get(item=items[0]).percentage == 60


def test_the_saved_points_are_shown_beside_the_percentage(client, assignment, items):
    _post(client, assignment, {f"item_{items[0].pk}": "65"})

    html = client.get(_url(assignment)).content.decode()

    row = html[html.index(f'name="item_{items[0].pk}"'):]
    assert 'value="65"' in html[html.index(f'name="item_{items[0].pk}"') - 200:][:400]
    assert f'data-item-score="item_{items[0].pk}">{Decimal("32.50")}</output>' in row[:1500]


def test_the_site_score_sheet_refuses_beside_the_field_and_saves_by_script(client, cycle, panel, office, items):
    # Art. 19(四): the site team's verified score uses the same page parts and the same checks
    from django.utils import timezone

    from award.models import ApplicationState
    from review.models import SiteTeamMember, SiteVisit
    from tests.factories.review import make_application

    expert = panel[1][0]
    pledge(cycle, expert)
    app = make_application(cycle, state=ApplicationState.SITE_REVIEW)
    visit = SiteVisit.objects.create(application=app, leader=expert, created_by=office,
                                     scheduled_for=timezone.localdate())
    SiteTeamMember.objects.create(visit=visit, expert=expert)
    client.force_login(expert)
    url = reverse("review:site_scorecard_edit", kwargs={"pk": visit.pk})
    item = StandardItem.objects.filter(category__standard=app.standard).order_by("category__position",
                                                                                 "position").first()

    refused = client.post(url, {f"item_{item.pk}": "62", "action": "save"})
    saved = client.post(url, {f"item_{item.pk}": "80", "action": "save"}, **FETCH)

    html = refused.content.decode()
    assert "可填60%或65%" in html[html.index(f'id="id_item_{item.pk}-hint"'):][:400]
    assert saved.status_code == 200 and json.loads(saved.content)["total"] == "40.00"

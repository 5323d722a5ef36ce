"""SPEC §7 / issue 3 item 1: a standard in use by a cycle past "draft" is frozen; changing it makes a new version
with the same categories and items; the office records the leading group's approval."""
import datetime

import pytest
from django.urls import reverse

from award.models import CycleStage, ScoringStandard, StandardItem
from review.services import ReviewError
from review.services.standards import standard_approve, standard_edit, standard_new_version
from tests.factories.review import make_cycle


@pytest.fixture
def running(cycle):
    cycle.stage = CycleStage.DOCUMENT_REVIEW
    cycle.save(update_fields=["stage"])
    return cycle


def _items(standard):
    return {i.pk: (i.name, i.points) for i in StandardItem.objects.filter(category__standard=standard)}


def test_editing_a_standard_in_use_is_refused(running, office):
    standard = running.organization_standard
    before = _items(standard)
    item_id = next(iter(before))

    with pytest.raises(ReviewError, match="已冻结"):
        standard_edit(standard=standard, name="改名", categories={}, items={item_id: ("改", 999)}, by=office)

    assert _items(standard) == before
    assert ScoringStandard.objects.get(pk=standard.pk).total_points == 1000


def test_new_version_copies_categories_and_items_and_leaves_the_original(running, office):
    standard = running.organization_standard

    copy = standard_new_version(standard=standard, by=office)

    assert copy.version == ScoringStandard.objects.filter(kind="organization").count()
    assert (copy.total_points, copy.approved_at, copy.is_default_draft) == (1000, None, False)
    assert [(c.code, c.points) for c in copy.categories.order_by("position")] == [
        (c.code, c.points) for c in standard.categories.order_by("position")]
    assert sorted(_items(copy).values()) == sorted(_items(standard).values())
    assert running.organization_standard_id == standard.pk


def test_draft_version_edits_and_totals_follow_the_items(running, office):
    copy = standard_new_version(standard=running.organization_standard, by=office)
    item = StandardItem.objects.filter(category__standard=copy).order_by("category__position", "position").first()

    standard_edit(standard=copy, name="组织奖评审标准(修订)", categories={item.category_id: "领导作用"},
                  items={item.pk: ("高层领导的作用", item.points + 10)}, by=office)

    copy.refresh_from_db()
    item.category.refresh_from_db()
    assert (copy.name, copy.total_points) == ("组织奖评审标准(修订)", 1010)
    assert item.category.name == "领导作用"


def test_approved_standard_is_frozen_too(office):
    cycle = make_cycle()  # a draft cycle does not freeze its standards
    copy = standard_new_version(standard=cycle.organization_standard, by=office)

    standard_approve(standard=copy, approved_at=datetime.date(2025, 2, 1), approval_reference="滨质强领字〔2025〕2号",
                     by=office)

    with pytest.raises(ReviewError, match="批准"):
        standard_edit(standard=copy, name="x", categories={}, items={}, by=office)


def test_only_the_office_versions_standards(running, agency_user):
    with pytest.raises(ReviewError):
        standard_new_version(standard=running.organization_standard, by=agency_user)


def test_frozen_standard_page_refuses_a_post_and_offers_a_version(client, running, office):
    standard = running.organization_standard
    item = StandardItem.objects.filter(category__standard=standard).first()
    client.force_login(office)
    url = reverse("review:standard_detail", kwargs={"pk": standard.pk})

    page = client.get(url)
    posted = client.post(url, {"name": "改名", f"item_{item.pk}_name": "改", f"item_{item.pk}_points": "999"})
    created = client.post(reverse("review:standard_version_create", kwargs={"pk": standard.pk}))

    assert "以此为基础创建新版本" in page.content.decode()
    assert posted.status_code == 302
    assert StandardItem.objects.get(pk=item.pk).points == item.points
    newest = ScoringStandard.objects.filter(kind="organization").order_by("-version").first()
    assert created.url == reverse("review:standard_detail", kwargs={"pk": newest.pk})
    assert 'name="name"' in client.get(created.url).content.decode()

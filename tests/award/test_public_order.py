"""The public proposed-list notice and the winners page list award kinds in the regulation's order (Art. 6, 7:
organization, individual, nomination), as the exports do (issue 10 point 6). A nomination is an organization's
application, so the order follows the award proposed, not the kind of application."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from award.models import AwardKind
from tests.confirming import post_confirmed
from tests.factories.decision import awarded_cycle, proposed_cycle, publish_proposed_notice

pytestmark = pytest.mark.django_db

LABELS = [str(AwardKind.ORGANIZATION.label), str(AwardKind.INDIVIDUAL.label), str(AwardKind.NOMINATION.label)]


def _kinds(entries):
    """The award kind each notice entry's label ends with, "(市长质量奖(组织))" and the like."""
    return [next(label for label in LABELS if entry.label.endswith(f"({label})")) for entry in entries]


def _positions(page, needles):
    return [page.index(needle) for needle in needles]


def _plan():
    # The nomination is an organization's application: ordered by application kind it would come before the
    # individual; ordered alphabetically by award kind the individual would come first.
    return {"organizations": 1, "individuals": 1, "nominations": 1}


def test_proposed_notice_lists_organization_then_individual_then_nomination(client):
    # Art. 6, 7
    cycle, office, applications = proposed_cycle(**_plan())
    notice = publish_proposed_notice(cycle, office)
    cache.clear()

    page = client.get(reverse("award:notice_detail", kwargs={"pk": notice.pk})).content.decode()

    labels = [entry.label for entry in notice.entries.all()]
    assert _kinds(notice.entries.all()) == LABELS
    positions = _positions(page, labels)
    assert positions == sorted(positions)


def test_the_office_page_publishes_the_proposed_list_in_the_same_order(client):
    # Art. 6, 7, 19(六)
    cycle, office, _applications = proposed_cycle(organizations=2, individuals=1, nominations=1)
    client.force_login(office)
    url = reverse("award:proposed_notice_create", kwargs={"pk": cycle.pk})
    form = client.get(url).context["form"]

    post_confirmed(client, url, {name: form[name].value() for name in form.fields})

    assert _kinds(cycle.notices.get().entries.all()) == [LABELS[0], LABELS[0], LABELS[1], LABELS[2]]


def test_winners_page_lists_organization_then_individual_then_nomination(client):
    # Art. 6, 7, 19(八): alphabetically "individual" would come first.
    cycle, _office, _certificates = awarded_cycle(**_plan())
    cache.clear()

    page = client.get(reverse("award:winners")).content.decode()

    awards = {award.kind: award.recipient_name for award in cycle.awards.all()}
    positions = _positions(page, [awards["organization"], awards["individual"], awards["nomination"]])
    assert positions == sorted(positions)

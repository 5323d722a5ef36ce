"""The office's results page kept between writes (accounts/kept_pages.py, issue 12): what a reader sees is what
the database holds — every write, through the ORM or raw SQL, shows on the next request — and a kept page never
reaches another session."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import kept_pages
from accounts.models import Role
from review.models import ConflictSource, ConflictType
from review.services import conflict_record
from tests.factories.accounts import UserFactory
from tests.factories.review import submit_scores

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.KEPT_PAGES = True


def _settled(client, url):
    """The first request sets the CSRF cookie and starts the idle clock; the second is rendered and kept."""
    client.get(url)
    return client.get(url)


def test_a_kept_results_page_is_served_without_the_views_queries(client, office, assigned):
    url = reverse("review:office_results")
    client.force_login(office)
    rendered = _settled(client, url)

    with CaptureQueriesContext(connection) as queries:
        kept = client.get(url)

    assert kept.content == rendered.content
    assert not [q for q in queries if "review_documentresult" in q["sql"] or "award_application" in q["sql"]]


def test_scores_submitted_through_the_orm_show_on_the_next_request(client, office, assigned):
    # Art. 20: the office must read the result the experts' scores make, never a page from before them.
    url = reverse("review:office_results")
    client.force_login(office)
    before = _settled(client, url).content.decode()

    for assignment in assigned:
        submit_scores(assignment, 55)
    after = client.get(url).content.decode()

    assert "550.00" not in before
    assert "550.00" in after and "达到分数线" in after


def test_a_raw_sql_write_shows_on_the_next_request(client, office, assigned, application):
    url = reverse("review:office_results")
    client.force_login(office)
    _settled(client, url)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE award_application SET applicant_name = %s WHERE id = %s",
                       ["改名后的申报组织", application.pk])

    assert "改名后的申报组织" in client.get(url).content.decode()


def test_a_kept_page_never_reaches_another_person(client, office, assigned):
    url = reverse("review:office_results")
    other = UserFactory(role=Role.OFFICE, username="office-other")
    client.force_login(office)
    _settled(client, url)

    client.force_login(other)
    page = _settled(client, url).content.decode()

    assert str(office) != str(other)
    assert f'<span class="who-name">{other}</span>' in page
    assert f'<span class="who-name">{office}</span>' not in page


def test_the_role_is_checked_before_a_kept_page_is_served(client, office, assigned):
    url = reverse("review:office_results")
    client.force_login(office)
    _settled(client, url)

    # The role changes behind Django's back (psql), so the kept entry stays current: the decorator still refuses.
    seen = kept_pages.generation()
    office.role = Role.ORGANIZATION
    office.save(update_fields=["role"])
    cache.set(kept_pages.GENERATION_KEY, seen, None)

    assert client.get(url).status_code == 403


def test_a_message_reaches_the_view_and_is_shown_once(client, office, assigned, cycle):
    url = reverse("review:office_results")
    client.force_login(office)
    _settled(client, url)

    client.post(reverse("review:review_deadlines") + f"?cycle={cycle.number}", {
        "document_scoring_deadline": "2026-12-20", "site_scoring_deadline": ""})
    shown = client.get(url).content.decode()
    again = client.get(url).content.decode()

    assert "评分截止日期已保存" in shown
    assert "评分截止日期已保存" not in again


def test_without_the_setting_every_request_reaches_the_view(client, office, assigned, settings):
    settings.KEPT_PAGES = False
    url = reverse("review:office_results")
    client.force_login(office)
    _settled(client, url)

    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    assert [q for q in queries if "review_documentresult" in q["sql"]]


def test_a_conflict_recorded_after_the_page_was_kept_refuses_the_next_request(client, office, assigned, application):
    # Art. 12: the application page an expert opened is kept; the conflict the office records moves the
    # generation on, so the next request reaches the verdict again and is refused.
    expert = assigned[0].expert
    url = reverse("award:application_detail", kwargs={"pk": application.pk})
    client.force_login(expert)
    assert _settled(client, url).status_code == 200

    conflict_record(expert=expert, application=application, source=ConflictSource.OFFICE,
                    type=ConflictType.KINSHIP, reason="近亲属任该企业高管", by=office)
    refused = client.get(url)

    assert refused.status_code == 403
    assert application.applicant_name not in refused.content.decode()

"""The data generation that kept pages live under (accounts/kept_pages.py, issue 12)."""
import pytest
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from accounts import kept_pages
from tests.factories.accounts import UserFactory


@pytest.mark.parametrize("sql", [
    'INSERT INTO "award_application" ("id") VALUES (1)',
    "  update review_documentresult AS d SET result = 1",
    'DELETE FROM "review_assignment" WHERE id = 1',
    "WITH moved AS (UPDATE award_application SET state = 'x' RETURNING id) SELECT count(*) FROM moved",
    'TRUNCATE "award_notice"',
])
def test_writes_are_noticed(sql):
    assert kept_pages.writes(sql)


@pytest.mark.parametrize("sql", [
    'SELECT "award_application"."id" FROM "award_application"',
    "WITH t AS (SELECT 1) SELECT * FROM t",
    'SAVEPOINT "s1"',
    'UPDATE "django_session" SET "session_data" = %s WHERE "django_session"."session_key" = %s',
    'INSERT INTO "axes_accessattempt" ("username") VALUES (%s)',
])
def test_reads_and_session_writes_are_not(sql):
    assert not kept_pages.writes(sql)


@pytest.mark.django_db
def test_a_write_moves_the_generation_now_and_again_at_commit(django_capture_on_commit_callbacks, settings):
    settings.KEPT_PAGES = True
    before = kept_pages.generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE award_cycle SET number = number WHERE id = -1")
        at_write = kept_pages.generation()
    after_commit = kept_pages.generation()

    assert before != at_write != after_commit
    assert len(callbacks) == 1  # once per transaction, however many writes


@pytest.mark.django_db
def test_a_read_leaves_the_generation_alone(settings):
    settings.KEPT_PAGES = True
    before = kept_pages.generation()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM award_application")

    assert kept_pages.generation() == before


@pytest.mark.django_db
def test_a_pending_message_is_never_answered_from_the_cache(settings):
    settings.KEPT_PAGES = True
    request = RequestFactory().get("/review/office/", HTTP_COOKIE=f"{settings.CSRF_COOKIE_NAME}={'a' * 32}")
    request.user = UserFactory()
    request.session = SessionStore()
    request.session.create()
    assert kept_pages._keepable_request(request)

    storage = SessionStorage(request)
    storage.add(20, "已保存")
    storage.update(HttpResponse())

    assert "_messages" in request.session
    assert not kept_pages._keepable_request(request)

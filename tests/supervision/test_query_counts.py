"""The supervisors' list pages cost the same number of queries for a few rows as for many."""
import pytest
from django.urls import reverse

from accounts.audit import audit_record
from tests.factories.supervision import appointed_group, complaint, supervisors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 12], ids=["one", "twelve"])
def test_complaint_list_query_count(client, office, cycle, django_assert_max_num_queries, size):
    member = supervisors(1)[0]
    appointed_group(cycle=cycle, office=office, users=[member])
    for i in range(size):
        complaint(ip=f"10.77.0.{i + 1}")  # one address each: under the per-address limit
    client.force_login(member)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("supervision:complaint_list"))

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == size


@pytest.mark.parametrize("size", [2, 40], ids=["two", "forty"])
def test_audit_log_query_count(client, office, cycle, django_assert_max_num_queries, size):
    member = supervisors(1)[0]
    appointed_group(cycle=cycle, office=office, users=[member])
    for i in range(size):
        audit_record(action=f"test.entry{i % 3}", actor=office, obj=cycle, cycle_id=cycle.pk)
    client.force_login(member)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("supervision:audit_log", kwargs={"pk": cycle.pk}))

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= size

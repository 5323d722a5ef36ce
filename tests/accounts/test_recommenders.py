"""The office adds municipal departments as recommenders (SPEC §1, Art. 19(一))."""
import pytest
from django.urls import reverse

from accounts.models import Recommender
from tests.factories.accounts import OfficeUserFactory

pytestmark = pytest.mark.django_db


def test_the_ten_county_level_recommenders_are_seeded():
    assert Recommender.objects.filter(kind="county").count() == 10


def test_office_adds_a_municipal_department(client):
    client.force_login(OfficeUserFactory())

    response = client.post(
        reverse("accounts:recommender_list"), {"name": "滨州市工业和信息化局", "kind": "department", "district": ""}
    )

    assert response.status_code == 302
    assert Recommender.objects.get(name="滨州市工业和信息化局").kind == "department"


def test_a_duplicate_recommender_is_refused_with_a_message(client):
    client.force_login(OfficeUserFactory())

    response = client.post(
        reverse("accounts:recommender_list"), {"name": "滨城区人民政府", "kind": "county", "district": "bincheng"}
    )

    assert response.status_code == 400
    assert Recommender.objects.filter(name="滨城区人民政府").count() == 1

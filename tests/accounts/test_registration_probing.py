"""Registration tells nobody whether an ID number, credit code or username is registered, and registration posts
are rate-limited per address (issue 11, "smaller points": "registration tells anyone whether an ID number, credit
code or username is registered, without a rate limit")."""
import pytest
from django.urls import reverse

from accounts.models import Notification, User
from accounts.views import REGISTRATION_POST_LIMIT
from tests.accounts.test_registration import (
    CREDIT_CODE,
    GENERIC_REFUSAL,
    ID_NUMBER,
    individual_post,
    organization_post,
)
from tests.factories.accounts import (
    IndividualFactory,
    OrganizationFactory,
    credit_code_sequence,
    id_number_sequence,
)

pytestmark = pytest.mark.django_db


def _page_errors(response):
    return sorted(str(e) for name in ("account_form", "profile_form")
                  for errors in response.context[name].errors.values() for e in errors)


def test_taken_username_credit_code_and_id_number_give_one_identical_refusal(client):
    OrganizationFactory(credit_code=CREDIT_CODE, user__username="taken-org")
    IndividualFactory(id_number=ID_NUMBER, user__username="taken-person")
    url_org, url_person = reverse("accounts:register_organization"), reverse("accounts:register_individual")

    pages = [
        client.post(url_org, organization_post(username="fresh-org-1")),  # the credit code is taken
        client.post(url_org, organization_post(username="taken-org", credit_code=credit_code_sequence(515151))),
        client.post(url_person, individual_post(username="fresh-person")),  # the ID number is taken
        client.post(url_person, individual_post(username="taken-person", id_number=id_number_sequence(88))),
    ]

    assert [_page_errors(page) for page in pages] == [[GENERIC_REFUSAL]] * 4
    assert not User.objects.filter(username__startswith="fresh").exists()


def test_the_owner_of_a_taken_credit_code_is_told_once_a_day(client, mailoutbox, django_capture_on_commit_callbacks):
    owner = OrganizationFactory(credit_code=CREDIT_CODE, user__email="owner@example.com").user

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            client.post(reverse("accounts:register_organization"), organization_post(username=f"probe-{n}"))

    [notice] = Notification.objects.filter(recipient=owner, event="account.registration_attempt")
    assert "统一社会信用代码" in notice.subject and "注册未成功" in notice.body
    assert [m.to for m in mailoutbox] == [["owner@example.com"]]


@pytest.mark.parametrize("form", ["organization", "individual"])
def test_registration_posts_are_rate_limited_per_address(client, form):
    url = reverse(f"accounts:register_{form}")
    post = organization_post if form == "organization" else individual_post
    for n in range(REGISTRATION_POST_LIMIT):
        client.post(url, post(username=f"typo-{n}", password2="different"), REMOTE_ADDR="198.51.100.7")

    refused = client.post(url, post(username="late"), REMOTE_ADDR="198.51.100.7")
    other_address = client.post(url, post(username="neighbour"), REMOTE_ADDR="198.51.100.8")

    assert refused.status_code == 429
    assert f"同一网络地址每小时最多提交 {REGISTRATION_POST_LIMIT} 次" in refused.content.decode()
    assert not User.objects.filter(username="late").exists()
    assert other_address.status_code == 302 and User.objects.filter(username="neighbour").exists()

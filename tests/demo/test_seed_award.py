"""The demo the README's first command seeds: an account for every role, cycles at four stages, idempotent."""
import pytest
from django.core.management import call_command

from accounts.models import Role, User
from award.models import Cycle

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_every_role_and_four_cycles_and_runs_twice(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    roles = set(User.objects.values_list("role", flat=True))
    assert roles >= {choice for choice, _label in Role.choices}
    stages = dict(Cycle.objects.values_list("number", "stage"))
    assert stages == {6: "public_notice", 7: "closed", 8: "document_review", 9: "open"}
    assert "演示数据已存在" in capsys.readouterr().out
    assert User.objects.filter(username="office").count() == 1

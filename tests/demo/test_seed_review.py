"""`manage.py seed_demo` may run again on a seeded database: nothing fails and nothing is doubled."""
import io

import pytest
from django.core.management import call_command

from review.models import Agency, Assignment, Conflict, ExpertProfile, Panel, Pledge, Questionnaire, Scorecard


def _counts():
    return {model.__name__: model.objects.count()
            for model in (Agency, Assignment, Conflict, ExpertProfile, Panel, Pledge, Questionnaire, Scorecard)}


@pytest.mark.django_db
def test_seed_demo_twice_neither_fails_nor_duplicates(mailoutbox):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == first
    assert first["Agency"] == 1 and first["Panel"] == 3 and first["Scorecard"] > 0

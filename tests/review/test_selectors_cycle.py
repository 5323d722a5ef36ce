"""Which cycle the review pages speak of when one cycle is under review and a later one takes applications."""
import pytest

from review.selectors import cycle_under_review
from tests.factories.award import CycleFactory

pytestmark = pytest.mark.django_db


def test_review_pages_stay_on_the_cycle_under_review_while_the_next_one_is_open():
    reviewing = CycleFactory(number=8, stage="document_review")
    CycleFactory(number=9, stage="open")

    assert cycle_under_review() == reviewing


def test_without_a_cycle_under_review_the_newest_running_cycle_is_current():
    CycleFactory(number=8, stage="closed")
    open_cycle = CycleFactory(number=9, stage="open")

    assert cycle_under_review() == open_cycle

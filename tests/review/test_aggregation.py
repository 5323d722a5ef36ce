"""Art. 20 and SPEC §7: mean, trimmed mean, spread and the 55 % bar, exact."""
from decimal import Decimal

import pytest

from review.aggregation import band_for, item_points
from tests.review.result_oracle import aggregate, passes_bar

D = Decimal


@pytest.mark.parametrize(
    ("result", "mark", "passes"),
    [
        (D("550.0"), D("550.000"), True),
        (D("549.9"), D("550.000"), False),
        (D("549.99"), D("550.000"), False),
        (D("165.0"), D("165.000"), True),
        (D("164.9"), D("165.000"), False),
    ],
    ids=["org-550.0-passes", "org-549.9-fails", "org-549.99-fails", "ind-165.0-passes", "ind-164.9-fails"],
)
def test_bar_is_applied_exactly(result, mark, passes):
    # Art. 20: at least 55 % of the scale, no rounding up
    assert passes_bar(result, mark) is passes


def test_mean_is_not_rounded_before_the_bar():
    # Art. 20: (550 + 550 + 549.99) / 3 = 549.9966… stays below 550
    agg = aggregate([D("550"), D("550"), D("549.99")], use_trimmed_mean=False, spread_threshold_ratio=D("0.15"),
                    scale=1000)
    assert passes_bar(agg.mean, D("550")) is False


def test_trimmed_mean_drops_highest_and_lowest_with_five_experts():
    agg = aggregate([D(400), D(600), D(610), D(620), D(900)], use_trimmed_mean=True,
                    spread_threshold_ratio=D("0.15"), scale=1000)
    assert (agg.mean, agg.trimmed) == (D(610), True)


def test_trimmed_mean_needs_five_experts():
    agg = aggregate([D(400), D(600), D(620), D(900)], use_trimmed_mean=True, spread_threshold_ratio=D("0.15"),
                    scale=1000)
    assert (agg.mean, agg.trimmed) == (D(630), False)


def test_plain_mean_when_cycle_does_not_trim():
    agg = aggregate([D(400), D(600), D(610), D(620), D(900)], use_trimmed_mean=False,
                    spread_threshold_ratio=D("0.15"), scale=1000)
    assert agg.mean == D(626)


@pytest.mark.parametrize(
    ("high", "flagged"), [(D("650"), False), (D("650.5"), True)], ids=["spread-150-not-flagged", "spread-150.5-flagged"]
)
def test_spread_flagged_beyond_share_of_scale(high, flagged):
    agg = aggregate([D(500), high], use_trimmed_mean=False, spread_threshold_ratio=D("0.15"), scale=1000)
    assert agg.spread_flagged is flagged


def test_item_points_are_maximum_times_percentage():
    assert (item_points(50, 55), item_points(15, 5)) == (D("27.50"), D("0.75"))


def test_band_of_percentage():
    assert [band_for(p) for p in (0, 7, 55, 100)] == ["0–5%", "0–5%", "50–65%", "90–100%"]

"""Art. 20 and SPEC §7: from expert totals to the document-review result, as pure Decimal arithmetic.

No rounding happens before the comparison with the bar: 549.9 fails and 550.0 passes on a 1000-point scale.
"""
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

# SPEC §7 fixes the trimmed mean at "at least 5 experts"; the cycle only switches it on (use_trimmed_mean).
TRIM_MIN_EXPERTS = 5
CENT = Decimal("0.01")

# The six bands an expert reads an item against (SPEC §7), as (low %, high %, label).
BANDS = (
    (0, 5, "0–5%"),
    (10, 25, "10–25%"),
    (30, 45, "30–45%"),
    (50, 65, "50–65%"),
    (70, 85, "70–85%"),
    (90, 100, "90–100%"),
)


@dataclass(frozen=True)
class Aggregate:
    count: int
    mean: Decimal | None
    trimmed: bool
    spread: Decimal | None
    spread_flagged: bool


def aggregate(totals, *, use_trimmed_mean, spread_threshold_ratio, scale):
    """SPEC §7: mean of the expert totals, or without the highest and lowest when the cycle says so and there are
    at least TRIM_MIN_EXPERTS; the spread (max − min) is flagged when it exceeds `spread_threshold_ratio × scale`."""
    totals = sorted(Decimal(t) for t in totals)
    if not totals:
        return Aggregate(0, None, False, None, False)
    spread = totals[-1] - totals[0]
    trimmed = bool(use_trimmed_mean and len(totals) >= TRIM_MIN_EXPERTS)
    counted = totals[1:-1] if trimmed else totals
    mean = sum(counted, Decimal(0)) / Decimal(len(counted))
    flagged = spread > Decimal(spread_threshold_ratio) * Decimal(scale)
    return Aggregate(len(totals), mean, trimmed, spread, flagged)


def passes_bar(result, pass_mark):
    """Art. 20: at least 55 % of the scale goes on to site review, compared exactly (no rounding up)."""
    return result is not None and Decimal(result) >= Decimal(pass_mark)


def truncate(value):
    """Stored and shown to two decimals, cut rather than rounded, so a shown figure never exceeds the real one."""
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_DOWN)


def item_points(max_points, percentage):
    """Points = item maximum × percentage; exact, since the percentage moves in 5 % steps."""
    return (Decimal(max_points) * Decimal(percentage) / Decimal(100)).quantize(CENT)


def band_for(percentage):
    """The band label a percentage falls in; between two bands the lower one (7 % reads as 0–5 %)."""
    percentage = Decimal(percentage)
    label = BANDS[0][2]
    for low, _high, band in BANDS:
        if percentage >= low:
            label = band
    return label

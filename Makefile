.PHONY: dev test lint bench bench-scale messages security

PYTHON := .venv/bin/python
IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=var --ignore=test-artifacts

# Install and run the app with a seeded demo cycle on http://127.0.0.1:$${PORT:-8000}/
dev:
	./scripts/dev

# Install and run the whole suite against PostgreSQL and Redis; `make test ARGS="tests/award -k notice"`
test:
	./scripts/test $(ARGS)

lint:
	.venv/bin/ruff check .

# Print figures (timings, sizes); benchmarks never assert. `make bench ARGS=pdf` runs the matching ones.
bench:
	$(PYTHON) benchmarks/run.py $(ARGS)

# Issue 12's province-scale world on PostgreSQL (its own database award_bench, dropped and recreated): seeds it in
# bulk and prints each figure beside its bound, one JSON line at the end. `make bench-scale ARGS="--latency"` also
# loads gunicorn; sizes are parameters (`ARGS="--current 500 --history 500"`). Never asserts.
bench-scale:
	$(PYTHON) benchmarks/scale.py $(ARGS)

# Extract translatable strings into locale/{zh_Hans,en}/LC_MESSAGES/django.po
messages:
	$(PYTHON) manage.py makemessages -l zh_Hans -l en $(IGNORE)

# The standing security figures as one JSON line; fails on a leak, an unescaped marker, a dangerous upload, a lost
# or doubled notification, a deploy warning or a bandit high finding (issue 11). Also run by ./scripts/test.
security:
	./scripts/security

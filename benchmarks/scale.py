"""`make bench-scale`: the province-scale world of issue 12 on PostgreSQL, and each figure beside its bound.

Seeds its own database (BENCH_SCALE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/award_bench; it is
dropped and recreated on every run, so never point it at data you keep) through bulk inserts — rows are created
in their state, seeding is not a transition: 21 cycles (20 closed, with 2,000 applications of history and their
awards and certificates), 300 experts in one panel with their pledges, the current cycle in document review with
2,000 qualified applications, 5 active assignments each (10,000) with submitted scorecards, one item score per
item of the standard (230,000), their document results, the 2,000-entry qualified-list notice, and 50,000 audit
rows chained by `accounts.audit.audit_record_many` (the log's own hash function, so `audit_verify` passes). The
current cycle is seeded at N=200 first and the pages measured, then grown to N=2,000 and measured again.

Then it measures, in one run:
- queries (and HTML size) of the pages of every role at N=200 and N=2,000 (in-process test client), bound 15
  and equal at both sizes;
- recomputing every result of the cycle (the set-based service) against one GROUP BY plus a set-based UPDATE on
  the same data (bound 2 ×);
- the assignment proposal for 2,000 applications and 300 experts (bound 10 s) and the shortlist confirmation
  (bound 3 s), each in a transaction rolled back afterwards;
- with --latency: p95 latency and requests per second under 16 concurrent clients against gunicorn (2 sync
  workers), side by side with a bare Django view (no middleware) served the same way, interleaved, medians of
  three runs; and the longest wait for the audit log's lock under 16 concurrent writers.

Sizes are parameters (--current, --history, --experts, --audit, --small; `make bench-scale ARGS="--current
500"`); `--only recompute,shortlist` measures only those parts (of pages, recompute, proposal, shortlist). It prints one figure a line and one JSON line at the end. Benchmarks measure; they never assert.
"""
import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCALE_URL = os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/award_bench")
CLIENTS = 16
# the served app's cache (flushed before the latency run): the shared Redis, as in production
SCALE_REDIS_URL = os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/9")
PUBLIC_LATENCY_PAGES = ("home", "winners", "verification", "qualified-list notice")
CYCLES, PER_APP = 21, 5
PASSWORD = "Bench#2026"
FIGURES = {}


class QueryCount:
    """Counts the statements a block runs (all of them, unlike CaptureQueriesContext's 9,000), savepoints
    aside: what the database works on."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")):
            self.n += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def figure(name, value, bound=None):
    FIGURES[name] = value if bound is None else {"value": value, "bound": bound}
    print(f"{name}: {value}" + (f"  (bound {bound})" if bound is not None else ""), flush=True)


def _env():
    return {**os.environ, "DATABASE_URL": SCALE_URL, "DJANGO_SECRET_KEY": "bench-scale-not-secret-" + "x" * 40,
            "DJANGO_SECURE_COOKIES": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "REDIS_URL": "",
            "DJANGO_LOG_LEVEL": "WARNING", "AUDIT_HMAC_KEY": "bench-scale-audit-key", "AUDIT_HMAC_KEY_ID": "bench",
            "AUDIT_ANCHOR_DIR": str(REPO / "var" / "bench-scale-anchors"), "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(REPO / "var" / "bench-scale-static"),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}


def recreate_database():
    import psycopg2

    dbname = SCALE_URL.rsplit("/", 1)[1]
    admin = psycopg2.connect(SCALE_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{dbname}"')
    admin.close()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, check=True,
                   env={**_env(), "DJANGO_SETTINGS_MODULE": "config.settings.production"})


def seed_base(sizes):
    """Everything but the current cycle's applications: accounts, cycles, history with awards and
    certificates, experts, panel, pledges, agency, and the audit rows."""
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.audit import audit_record_many
    from accounts.models import AuditEntry, Recommender, Role, User
    from award.models import Application, Award, Certificate, Cycle, CycleStage, ScoringStandard
    from review.models import Agency, AgencyMember, ExpertProfile, Panel, PanelMember, Pledge
    from tests.factories.accounts import credit_code_sequence, id_number_sequence

    today = timezone.localdate()
    org_std = ScoringStandard.objects.filter(kind="organization").order_by("version").first()
    ind_std = ScoringStandard.objects.filter(kind="individual").order_by("version").first()
    password = make_password(PASSWORD)
    office = User.objects.create(username="office", role=Role.OFFICE, password=password, full_name="办公室")
    agency_user = User.objects.create(username="agency", role=Role.AGENCY, password=password, full_name="评审机构")
    recommenders = Recommender.objects.bulk_create(
        Recommender(name=f"推荐单位{i}", kind="county", district="bincheng") for i in range(10))
    recommender_user = User.objects.create(username="recommender", role=Role.RECOMMENDER, password=password,
                                           recommender=recommenders[0], full_name="推荐人")
    cycles = Cycle.objects.bulk_create(
        Cycle(number=n, year=today.year - 2 * (CYCLES - n), stage=CycleStage.CLOSED if n < CYCLES
              else CycleStage.DOCUMENT_REVIEW, application_opens=today - datetime.timedelta(days=60),
              application_closes=today - datetime.timedelta(days=30), schedule="申报、评审", media="滨州日报",
              call_published_at=timezone.now(), organization_standard=org_std, individual_standard=ind_std,
              experts_per_application=PER_APP)
        for n in range(1, CYCLES + 1))
    history = _organizations("hist", sizes.history)
    apps = Application.objects.bulk_create(
        (Application(cycle=cycles[i % (CYCLES - 1)], kind="organization", applicant=p.user, organization=p,
                     state="awarded" if i % 100 < 5 else "not_awarded", reference=f"H{i:05d}",
                     applicant_name=p.name, sector="secondary", recommender=recommenders[i % len(recommenders)],
                     submitted_at=timezone.now())
         for i, p in enumerate(history)), batch_size=2000)
    awards = Award.objects.bulk_create(
        Award(cycle=a.cycle, application=a, kind="organization", recipient_name=a.applicant_name,
              credit_code=a.organization.credit_code, awarded_on=today - datetime.timedelta(days=400),
              valid_until=today + datetime.timedelta(days=1400), prize_yuan=300_000)
        for a in apps if a.state == "awarded")
    Certificate.objects.bulk_create(
        Certificate(award=w, number=f"BZQA-{w.cycle.number}-O-{n:03d}", state="rendered")
        for n, w in enumerate(awards, start=1))
    experts = User.objects.bulk_create(
        User(username=f"expert{i}", role=Role.EXPERT, password=password, full_name=f"专家{i}")
        for i in range(sizes.experts))
    ExpertProfile.objects.bulk_create(
        ExpertProfile(user=u, affiliation=f"专家单位{i}", affiliation_credit_code=credit_code_sequence(900000 + i),
                      title="高级工程师", sectors=["secondary"], id_number=id_number_sequence(7000 + i),
                      keywords=["卓越绩效", ("机械", "化工", "食品", "纺织")[i % 4]])
        for i, u in enumerate(experts))
    current = cycles[-1]
    agency = Agency.objects.create(cycle=current, name="评审机构", credit_code=credit_code_sequence(999999),
                                   approved_at=today, approval_reference="质强领〔2026〕1号", recorded_by=office)
    AgencyMember.objects.create(agency=agency, user=agency_user)
    panel = Panel.objects.create(cycle=current, sector="secondary", name="第二产业评审组", leader=experts[0])
    PanelMember.objects.bulk_create(PanelMember(panel=panel, expert=e) for e in experts)
    # Art. 26: the agency's staff sign the cycle's pledge as the experts do before they see any application.
    Pledge.objects.bulk_create(Pledge(cycle=current, expert=e, signed_name=e.username, text="承诺")
                               for e in [*experts, agency_user])
    audit_record_many(
        (AuditEntry(actor_id=office.pk, actor_label=str(office), action="bench.seed", object_type="award.Cycle",
                    object_id=str(current.pk), cycle_id=current.pk, detail={"n": n}) for n in range(sizes.audit)),
        batch_size=5000)
    return {"current": current, "office": office, "agency": agency_user, "expert": experts[0],
            "recommender": recommender_user, "experts": experts, "recommenders": recommenders,
            "certificate": awards[0].certificate.number if awards else "BZQA-1-O-001"}


def _organizations(prefix, count, start=0):
    import datetime

    from accounts.models import OrganizationProfile, Role, User
    from tests.factories.accounts import credit_code_sequence

    offset = 100000 if prefix == "hist" else 400000
    users = User.objects.bulk_create(
        (User(username=f"{prefix}{i}", role=Role.ORGANIZATION, password="!") for i in range(start, start + count)),
        batch_size=2000)
    return OrganizationProfile.objects.bulk_create(
        (OrganizationProfile(user=u, name=f"滨州测试企业{prefix}{i}有限公司",
                             credit_code=credit_code_sequence(offset + i), registration_date=datetime.date(2010, 1, 1),
                             district="bincheng", sector="secondary", size="large", address="滨州市",
                             contact_name="联系人", contact_phone="13800000000")
         for i, u in zip(range(start, start + count), users, strict=True)), batch_size=2000)


def seed_current(world, start, count):
    """`count` more qualified applications of the current cycle, each with PER_APP active assignments, submitted
    scorecards scoring every item (in SQL: one INSERT … SELECT), their totals and document results, and an entry
    on the cycle's qualified-list notice. Scores are one percentage per application (50 %–85 % in 5 % steps),
    so results straddle the bar and no spread asks for a consensus."""
    from django.db import connection
    from django.utils import timezone

    from award.models import Application, Notice, NoticeEntry
    from review.models import Assignment, Scorecard

    current, experts = world["current"], world["experts"]
    profiles = _organizations("org", count, start)
    apps = Application.objects.bulk_create(
        (Application(cycle=current, kind="organization", applicant=p.user, organization=p, state="qualified",
                     reference=f"S{current.number}-{i:05d}", applicant_name=p.name, sector="secondary",
                     summary="质量管理体系健全,推行卓越绩效和精益生产。",
                     recommender=world["recommenders"][i % len(world["recommenders"])], submitted_at=timezone.now())
         for i, p in zip(range(start, start + count), profiles, strict=True)), batch_size=2000)
    if start == 0:
        world["applicant"] = apps[0].applicant
        world["application"] = apps[0]
    assignments = Assignment.objects.bulk_create(
        (Assignment(application=a, expert=experts[(n * PER_APP + k) % len(experts)], state="active",
                    created_by=world["agency"])
         for n, a in zip(range(start, start + count), apps, strict=True) for k in range(PER_APP)), batch_size=5000)
    Scorecard.objects.bulk_create(
        (Scorecard(application_id=s.application_id, expert_id=s.expert_id, assignment=s, layer="document",
                   state="submitted", submitted_at=timezone.now()) for s in assignments), batch_size=5000)
    notice = world.get("notice")
    if notice is None:
        notice = world["notice"] = Notice.objects.create(
            cycle=current, kind="qualification", title=f"{current}资格审查合格名单公示", body="现予公示。",
            starts_on=timezone.localdate(), working_days=5, ends_on=timezone.localdate(),
            published_at=timezone.now(), published_by=world["office"])
    NoticeEntry.objects.bulk_create(
        (NoticeEntry(notice=notice, application=a, position=i, label=a.applicant_name, note=str(a.recommender))
         for i, a in zip(range(start, start + count), apps, strict=True)), batch_size=5000)
    ids = [a.pk for a in apps]
    standard_id = current.organization_standard_id
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO review_itemscore (scorecard_id, item_id, percentage, points)
            SELECT s.id, i.id, 50 + 5 * ((s.application_id * 7) %% 8),
                   round(i.points * (50 + 5 * ((s.application_id * 7) %% 8)) / 100.0, 2)
            FROM review_scorecard s JOIN award_standardcategory c ON c.standard_id = %s
            JOIN award_standarditem i ON i.category_id = c.id
            WHERE s.application_id = ANY(%s)""", [standard_id, ids])
        cur.execute("""
            UPDATE review_scorecard s SET total = t.total
            FROM (SELECT scorecard_id, SUM(points) AS total FROM review_itemscore i
                  JOIN review_scorecard s2 ON s2.id = i.scorecard_id WHERE s2.application_id = ANY(%s)
                  GROUP BY scorecard_id) t
            WHERE s.id = t.scorecard_id""", [ids])
        pass_mark = current.pass_mark_for("organization")
        cur.execute("""
            INSERT INTO review_documentresult (application_id, expert_count, mean, trimmed, spread, spread_flagged,
                                               result, pass_mark, passes, computed_at, consensus_note,
                                               consensus_requested_reason)
            SELECT application_id, COUNT(*), trunc(AVG(total), 2), false, MAX(total) - MIN(total), false,
                   trunc(AVG(total), 2), %s, trunc(AVG(total), 2) >= %s, now(), '', ''
            FROM review_scorecard WHERE application_id = ANY(%s) GROUP BY application_id""",
                    [pass_mark, pass_mark, ids])
        cur.execute("""
            UPDATE award_application a SET document_score = d.result FROM review_documentresult d
            WHERE d.application_id = a.id AND a.id = ANY(%s)""", [ids])
        cur.execute("SELECT COUNT(*) FROM review_itemscore")
        world["item_scores"] = cur.fetchone()[0]
    world["assignments"] = world.get("assignments", 0) + len(assignments)
    world["first_assignment"] = world.get("first_assignment") or Assignment.objects.filter(
        expert=world["expert"]).order_by("id").first()


def page_targets(world):
    """(label, role, url) of the pages measured: every role's lists and the pages issue 12 names."""
    from django.urls import reverse

    current = world["current"]
    number = world["certificate"]
    return [
        ("home", None, reverse("award:home")),
        ("notice list", None, reverse("award:notice_list")),
        ("qualified-list notice", None, reverse("award:notice_detail", kwargs={"pk": world["notice"].pk})),
        ("winners", None, reverse("award:winners")),
        ("verification", None, reverse("award:verify") + f"?number={number}"),
        ("applicant application page", "applicant",
         reverse("award:application_detail", kwargs={"pk": world["application"].pk})),
        ("applicant dashboard", "applicant", reverse("award:dashboard")),
        ("recommender queue", "recommender", reverse("award:recommender_queue")),
        ("expert list", "expert", reverse("review:expert_dashboard")),
        ("expert record", "expert", reverse("review:expert_record")),
        ("scorecard page", "expert", reverse("review:scorecard_edit", kwargs={"pk": world["first_assignment"].pk})),
        ("agency assignment page", "agency", reverse("review:agency_dashboard")),
        ("agency panels", "agency", reverse("review:panel_manage")),
        ("office dashboard", "office", reverse("award:dashboard")),
        ("office cycle list", "office", reverse("award:cycle_list")),
        ("office cycle page", "office", reverse("award:cycle_manage", kwargs={"pk": current.pk})),
        ("document-review results", "office", reverse("review:office_results")),
        ("qualified-list notice form", "office",
         reverse("award:notice_create", kwargs={"pk": current.pk}) + "?kind=qualification"),
        ("expert pool", "office", reverse("review:pool_list")),
    ]


def measure_pages(world, label):
    """Queries and HTML size of each page, in-process; returns {page: (status, queries, KB)}."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    result = {}
    for name, role, url in page_targets(world):
        client.logout()
        if role:
            client.force_login(world[role])
        cache.clear()  # the public pages' cache would hide their queries
        client.get(url)  # warms per-process caches (content types, permissions)
        cache.clear()
        with QueryCount() as counted:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        size = len(response.content) if not response.streaming else 0
        n = counted.n
        result[name] = (response.status_code, n, size // 1024, round(elapsed * 1000))
        print(f"  {label} {name}: status {response.status_code}, {n} queries, {size // 1024} KB, "
              f"{elapsed * 1000:.0f} ms", flush=True)
    return result


def report_pages(small, large, sizes):
    grown = {name: f"{small[name][1]} → {large[name][1]}" for name in large if small[name][1] != large[name][1]}
    figure(f"pages measured (each at N={sizes.small} and N={sizes.current})", len(large))
    figure(f"queries per page at N={sizes.small} vs N={sizes.current}",
           {name: [small[name][1], large[name][1]] for name in large}, "equal, ≤ 15")
    figure("pages whose queries grow with N", grown or "none", "none")
    figure("most queries of a page", max(v[1] for v in large.values()), 15)
    figure("pages not 200", {n: v[0] for n, v in large.items() if v[0] != 200} or "none", "none")
    figure(f"largest page at N={sizes.current} (KB)", max(v[2] for v in large.values()), 300)
    figure(f"page size at N={sizes.current} (KB)", {n: v[2] for n, v in large.items()})
    figure(f"in-process time per page at N={sizes.current} (ms)", {n: v[3] for n, v in large.items()})


def measure_recompute(current):
    """Every result of the cycle by the set-based service (review.services.recompute), against one GROUP BY +
    set-based UPDATE on the same data: three interleaved runs of each, medians. The service runs with the results
    unchanged (it rewrites none) and with every stored result stale (it rewrites all: the worst case)."""
    from django.db import connection

    from review.models import DocumentResult
    from review.services.recompute import results_recompute

    def timed(work):
        started = time.perf_counter()
        work()
        return time.perf_counter() - started

    def bound():
        with connection.cursor() as cur:
            cur.execute("""
                UPDATE review_documentresult d SET mean = g.mean, expert_count = g.n
                FROM (SELECT application_id, trunc(AVG(total), 2) AS mean, COUNT(*) AS n FROM review_scorecard
                      WHERE layer = 'document' AND state = 'submitted' GROUP BY application_id) g
                WHERE d.application_id = g.application_id""")

    runs = {"unchanged": [], "stale": [], "bound": []}
    for _ in range(3):
        runs["unchanged"].append(timed(lambda: results_recompute(cycle=current)))
        DocumentResult.objects.filter(application__cycle=current).update(expert_count=0, mean=None)
        runs["stale"].append(timed(lambda: results_recompute(cycle=current)))
        runs["bound"].append(timed(bound))
    unchanged, stale, group_by = (statistics.median(runs[k]) for k in ("unchanged", "stale", "bound"))
    n = DocumentResult.objects.filter(application__cycle=current).count()
    figure(f"recompute every result of {n} applications, results unchanged (s, median of 3)", round(unchanged, 3))
    figure(f"recompute every result of {n} applications, every result stale (s, median of 3)", round(stale, 3))
    figure("GROUP BY + UPDATE on the same data (s, median of 3)", round(group_by, 3))
    figure("recompute / GROUP BY + UPDATE, unchanged", round(unchanged / group_by, 1), 2)
    figure("recompute / GROUP BY + UPDATE, every result stale", round(stale / group_by, 1), 2)


class _Rollback(Exception):
    pass


def measure_proposal(world):
    """The assignment proposal for every application of the cycle against the whole pool, conflicts detected
    in the same run: the seeded assignments are declined first (so every application needs PER_APP experts),
    and everything is rolled back afterwards."""
    from django.db import transaction

    from review.models import Assignment
    from review.services import assignments_propose

    try:
        with transaction.atomic():
            Assignment.objects.filter(application__cycle=world["current"]).update(state="declined")
            with QueryCount() as counted:
                started = time.perf_counter()
                created = assignments_propose(cycle=world["current"], by=world["agency"])
                elapsed = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    figure(f"assignment proposal, {world['applications']} applications × {len(world['experts'])} experts (s)",
           round(elapsed, 2), 10)
    figure("assignment proposal queries", counted.n)
    figure("assignments proposed", len(created))


def measure_shortlist(world):
    """The office confirms the site-review list of the whole cycle, three times, each rolled back; the median
    (the first run also pays for what a running server has loaded already: URLconf, catalogues, content types)."""
    from django.db import transaction

    from review.services import shortlist_confirm

    times = []
    for _ in range(3):
        try:
            with transaction.atomic():
                with QueryCount() as counted:
                    started = time.perf_counter()
                    moved = shortlist_confirm(cycle=world["current"], by=world["office"])
                    times.append(time.perf_counter() - started)
                raise _Rollback
        except _Rollback:
            pass
    figure(f"shortlist confirmation, {world['applications']} applications (s, median of 3)",
           round(statistics.median(times), 2), 3)
    figure("shortlist confirmation, first run (s)", round(times[0], 2))
    figure("shortlist confirmation queries", counted.n)
    figure("shortlisted / not shortlisted", f"{len(moved['site_review'])} / {len(moved['not_shortlisted'])}")


def _load(url, seconds, cookie=None):
    latencies, errors = [], 0
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker():
        nonlocal errors
        while time.perf_counter() < deadline:
            request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
            started = time.perf_counter()
            try:
                with _NO_REDIRECTS.open(request, timeout=30) as response:  # a redirect or an error page is an error
                    response.read()
            except Exception:  # noqa: BLE001 — counted, not raised: a benchmark reports
                with lock:
                    errors += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    return len(latencies) / seconds, p95 * 1000, errors


class _Refuse(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_NO_REDIRECTS = urllib.request.build_opener(_Refuse)


def _serve(module, port, settings, **extra):
    env = {**_env(), "DJANGO_SETTINGS_MODULE": settings, **extra}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, check=True,
                   env=env)  # production serves static files through the manifest
    process = subprocess.Popen(
        [str(REPO / ".venv/bin/gunicorn"), module, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level",
         "warning"], cwd=REPO, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return process
        except Exception:  # noqa: BLE001 — not up yet
            time.sleep(0.2)
    return process


def measure_latency(world, seconds=4):
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    def session_for(user):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        # and the CSRF cookie a browser holds after its first page (kept pages are kept per CSRF secret)
        return f"sessionid={store.session_key}; csrftoken={'Bench' * 6}xy"

    import redis

    redis.Redis.from_url(SCALE_REDIS_URL).flushdb()
    # as in production: the shared Redis cache, so the kept pages (accounts/kept_pages.py) are on
    app = _serve("config.wsgi", 8961, "config.settings.production", REDIS_URL=SCALE_REDIS_URL)
    bare = _serve("benchmarks.scale_bare:application", 8962, "benchmarks.scale_bare")
    office, agency = session_for(world["office"]), session_for(world["agency"])
    targets = {
        "home": ("/", None), "winners": ("/winners/", None), "verification": ("/verify/", None),
        "qualified-list notice": (reverse("award:notice_detail", kwargs={"pk": world["notice"].pk}), None),
        "office results": (reverse("review:office_results"), office),
        "office cycle page": (reverse("award:cycle_manage", kwargs={"pk": world["current"].pk}), office),
        "expert list": (reverse("review:expert_dashboard"), session_for(world["expert"])),
        "agency assignment page": (reverse("review:agency_dashboard"), agency),
        "agency panels": (reverse("review:panel_manage"), agency),
        "recommender queue": (reverse("award:recommender_queue"), session_for(world["recommender"])),
        "applicant application page": (reverse("award:application_detail", kwargs={
            "pk": world["application"].pk}), session_for(world["applicant"])),
    }
    try:
        runs = {name: [] for name in targets}
        bare_runs = []
        for _ in range(3):  # interleaved: the bare view and each page in turn, three times
            bare_runs.append(_load("http://127.0.0.1:8962/", seconds))
            for name, (path, cookie) in targets.items():
                runs[name].append(_load(f"http://127.0.0.1:8961{path}", seconds, cookie))
        bare_rps = statistics.median(r[0] for r in bare_runs)
        figure("bare view req/s", round(bare_rps))
        figure("bare view p95 (ms)", round(statistics.median(r[1] for r in bare_runs), 1))
        for name, results in runs.items():
            rps = statistics.median(r[0] for r in results)
            figure(f"{name} p95 (ms)", round(statistics.median(r[1] for r in results), 1), 100)
            figure(f"{name} share of bare req/s (%)", round(100 * rps / bare_rps, 1),
                   50 if name in PUBLIC_LATENCY_PAGES else None)
            figure(f"{name} errors", sum(r[2] for r in results))
        _latency_while_writing(targets, seconds)
    finally:
        for process in (app, bare):
            process.terminate()
            process.wait()


WRITER = """
import time, django
django.setup()
from django.db import connection, transaction
deadline = time.monotonic() + {seconds}
while time.monotonic() < deadline:
    with transaction.atomic(), connection.cursor() as cursor:  # a write as any service's: it moves the generation
        cursor.execute("UPDATE award_cycle SET number = number WHERE id = -1")
    time.sleep({interval})
"""


def _latency_while_writing(targets, seconds):
    """The kept pages between writes are the best case: here another process writes once a second (about twice
    the rate of 300 experts saving 230,000 item scores over three weeks of working days), then ten times a
    second, and each page is rendered afresh after each write — by all 16 clients at once."""
    env = {**_env(), "DJANGO_SETTINGS_MODULE": "config.settings.production", "REDIS_URL": SCALE_REDIS_URL}
    for name, interval in (("office results", 1.0), ("agency assignment page", 1.0), ("office results", 0.1),
                           ("agency assignment page", 0.1)):
        path, cookie = targets[name]
        runs = []
        for _ in range(3):
            writer = subprocess.Popen([sys.executable, "-c", WRITER.format(seconds=seconds + 1, interval=interval)],
                                      cwd=REPO, env=env)
            time.sleep(1)  # its Django set up
            runs.append(_load(f"http://127.0.0.1:8961{path}", seconds, cookie))
            writer.wait()
        figure(f"{name} p95 with a write every {int(interval * 1000)} ms (ms)",
               round(statistics.median(r[1] for r in runs), 1), 100)


def measure_audit_lock():
    """16 writers append 25 entries each at once; the longest wait for the chain's lock."""
    from django.db import connection, transaction

    from accounts.audit import AUDIT_LOCK_KEY, audit_record

    waits = []
    lock = threading.Lock()

    def writer():
        for _ in range(25):
            with transaction.atomic():
                started = time.perf_counter()
                with connection.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])
                waited = time.perf_counter() - started
                audit_record(action="bench.concurrent")
            with lock:
                waits.append(waited)
        connection.close()

    threads = [threading.Thread(target=writer) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    waits.sort()
    figure("audit lock wait p95 (ms)", round(waits[int(len(waits) * 0.95) - 1] * 1000, 2), 5)
    figure("audit lock wait max (ms)", round(waits[-1] * 1000, 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--current", type=int, default=2000, help="applications in the current cycle")
    parser.add_argument("--small", type=int, default=200, help="the smaller size the pages are measured at")
    parser.add_argument("--history", type=int, default=2000, help="applications in the 20 closed cycles")
    parser.add_argument("--experts", type=int, default=300)
    parser.add_argument("--audit", type=int, default=50_000, help="audit rows")
    parser.add_argument("--latency", action="store_true", help="also load gunicorn with 16 clients (slow)")
    parser.add_argument("--only", default="pages,recompute,proposal,shortlist",
                        help="comma-separated parts to measure after seeding (default: all of "
                             "pages,recompute,proposal,shortlist)")
    sizes = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.update({k: v for k, v in _env().items() if k in (
        "DATABASE_URL", "REDIS_URL", "AUDIT_HMAC_KEY", "AUDIT_HMAC_KEY_ID", "AUDIT_ANCHOR_DIR",
        "DJANGO_SECRET_KEY")})  # the servers' key: the sessions made here for --latency must verify there
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    started = time.perf_counter()
    recreate_database()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    seeding = time.perf_counter()
    world = seed_base(sizes)
    seed_current(world, 0, sizes.small)
    seed_time = time.perf_counter() - seeding
    parts = set(sizes.only.split(","))
    small = measure_pages(world, f"N={sizes.small}") if "pages" in parts else None
    seeding = time.perf_counter()
    seed_current(world, sizes.small, sizes.current - sizes.small)
    seed_time += time.perf_counter() - seeding
    world["applications"] = sizes.current
    # Bulk-loaded tables have neither statistics nor hint bits yet; autovacuum would settle them on a running site.
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    gc.collect()
    gc.freeze()  # the seeding's objects are not a web worker's heap: keep them out of the collector's walks
    figure("seed (s)", round(seed_time, 1), 180)
    figure("world", {"cycles": CYCLES, "applications": sizes.current + sizes.history, "current": sizes.current,
                     "experts": sizes.experts, "assignments": world["assignments"],
                     "item scores": world["item_scores"], "audit rows": sizes.audit})
    verify = subprocess.run([sys.executable, "manage.py", "audit_verify"], cwd=REPO, capture_output=True, text=True,
                            env={**_env(), "DJANGO_SETTINGS_MODULE": "config.settings.local"})
    figure("manage.py audit_verify passes", verify.returncode == 0, True)
    if "pages" in parts:
        report_pages(small, measure_pages(world, f"N={sizes.current}"), sizes)
    if "recompute" in parts:
        measure_recompute(world["current"])
    if "proposal" in parts:
        measure_proposal(world)
    if "shortlist" in parts:
        measure_shortlist(world)
    if sizes.latency:
        measure_audit_lock()
        measure_latency(world)
    figure("total (s)", round(time.perf_counter() - started, 1))
    print(json.dumps(FIGURES, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()

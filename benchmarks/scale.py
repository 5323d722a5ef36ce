"""`make bench-scale`: the province-scale world of issue 12 on PostgreSQL, and each figure beside its bound.

Seeds a separate database (BENCH_SCALE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/award_t12a_scale;
it is dropped and recreated, so never point it at data you keep) through bulk inserts: 21 cycles, 4,000
applications (2,000 in the current cycle, in document review), 300 experts, 10,000 assignments with submitted
scorecards, 230,000 item scores and 50,000 audit rows chained by `accounts.audit.audit_record_many` (the log's own
hash function, so `audit_verify` passes). Then it measures, in one run:

- queries and HTML size of the heavy pages at N=2,000 (in-process test client);
- recomputing every result of the cycle (the service, per application) against one GROUP BY plus a set-based
  UPDATE on the same data;
- p95 latency and requests per second under 16 concurrent clients against gunicorn (2 sync workers), side by side
  with a bare Django view (no middleware) served the same way, interleaved, medians of three runs;
- the longest wait for the audit log's lock under 16 concurrent writers.

It prints one figure a line and one JSON line at the end. Benchmarks measure; they never assert.
"""
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCALE_URL = os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/award_t12a_scale")
CLIENTS = 16
N_CURRENT, N_HISTORY, CYCLES, EXPERTS, PER_APP, AUDIT_ROWS = 2000, 2000, 21, 300, 5, 50_000
PASSWORD = "Bench#2026"
FIGURES = {}


def figure(name, value, bound=None):
    FIGURES[name] = value if bound is None else {"value": value, "bound": bound}
    print(f"{name}: {value}" + (f"  (bound {bound})" if bound is not None else ""), flush=True)


def _env():
    return {**os.environ, "DATABASE_URL": SCALE_URL, "DJANGO_SECRET_KEY": "bench-scale-not-secret",
            "DJANGO_SECURE_COOKIES": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "REDIS_URL": "",
            "DJANGO_LOG_LEVEL": "WARNING"}


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


def seed():
    """The world, in bulk. Rows are created in their state: seeding is not a transition."""
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.audit import audit_record_many
    from accounts.models import AuditEntry, OrganizationProfile, Recommender, Role, User
    from award.models import Application, Award, Cycle, CycleStage, ScoringStandard, StandardItem
    from review.models import (
        Agency,
        AgencyMember,
        Assignment,
        ExpertProfile,
        ItemScore,
        Panel,
        PanelMember,
        Pledge,
        Scorecard,
    )
    from tests.factories.accounts import credit_code_sequence, id_number_sequence

    today = timezone.localdate()
    org_std = ScoringStandard.objects.filter(kind="organization").order_by("version").first()
    ind_std = ScoringStandard.objects.filter(kind="individual").order_by("version").first()
    items = list(StandardItem.objects.filter(category__standard=org_std).values_list("pk", "points"))
    password = make_password(PASSWORD)
    office = User.objects.create(username="office", role=Role.OFFICE, password=password, first_name="办公室")
    agency_user = User.objects.create(username="agency", role=Role.AGENCY, password=password)
    recommenders = Recommender.objects.bulk_create(
        Recommender(name=f"推荐单位{i}", kind="county", district="bincheng") for i in range(10))
    cycles = Cycle.objects.bulk_create(
        Cycle(number=n, year=today.year - 2 * (CYCLES - n), stage=CycleStage.CLOSED if n < CYCLES
              else CycleStage.DOCUMENT_REVIEW, application_opens=today - datetime.timedelta(days=60),
              application_closes=today - datetime.timedelta(days=30), schedule="申报、评审", media="滨州日报",
              call_published_at=timezone.now(), organization_standard=org_std, individual_standard=ind_std,
              experts_per_application=PER_APP)
        for n in range(1, CYCLES + 1))
    current = cycles[-1]
    users = User.objects.bulk_create(
        User(username=f"org{i}", role=Role.ORGANIZATION, password=password) for i in range(N_CURRENT + N_HISTORY))
    profiles = OrganizationProfile.objects.bulk_create(
        OrganizationProfile(user=u, name=f"滨州测试企业{i}有限公司", credit_code=credit_code_sequence(100000 + i),
                            registration_date=datetime.date(2010, 1, 1), district="bincheng", sector="secondary",
                            size="large", address="滨州市", contact_name="联系人", contact_phone="13800000000")
        for i, u in enumerate(users))
    apps = []
    for i, profile in enumerate(profiles):
        cycle = current if i < N_CURRENT else cycles[(i - N_CURRENT) % (CYCLES - 1)]
        apps.append(Application(
            cycle=cycle, kind="organization", applicant=profile.user, organization=profile,
            state="qualified" if cycle is current else ("awarded" if i % 100 < 5 else "not_awarded"),
            reference=f"S{cycle.number}-{i:05d}", applicant_name=profile.name, sector="secondary",
            recommender=recommenders[i % len(recommenders)], submitted_at=timezone.now()))
    apps = Application.objects.bulk_create(apps, batch_size=2000)
    Award.objects.bulk_create(
        Award(cycle=a.cycle, application=a, kind="organization", recipient_name=a.applicant_name,
              credit_code=a.organization.credit_code, awarded_on=today - datetime.timedelta(days=400),
              valid_until=today + datetime.timedelta(days=1400), prize_yuan=300_000)
        for a in apps if a.state == "awarded")
    expert_users = User.objects.bulk_create(
        User(username=f"expert{i}", role=Role.EXPERT, password=password) for i in range(EXPERTS))
    ExpertProfile.objects.bulk_create(
        ExpertProfile(user=u, affiliation=f"专家单位{i}", affiliation_credit_code=credit_code_sequence(900000 + i),
                      title="高级工程师", sectors=["secondary"], id_number=id_number_sequence(7000 + i))
        for i, u in enumerate(expert_users))
    agency = Agency.objects.create(cycle=current, name="评审机构", credit_code=credit_code_sequence(999999),
                                   approved_at=today, approval_reference="质强领〔2026〕1号", recorded_by=office)
    AgencyMember.objects.create(agency=agency, user=agency_user)
    panel = Panel.objects.create(cycle=current, sector="secondary", name="第二产业评审组", leader=expert_users[0])
    PanelMember.objects.bulk_create(PanelMember(panel=panel, expert=e) for e in expert_users)
    Pledge.objects.bulk_create(Pledge(cycle=current, expert=e, signed_name=e.username, text="承诺")
                               for e in expert_users)
    assignments = Assignment.objects.bulk_create(
        (Assignment(application=a, expert=expert_users[(n * PER_APP + k) % EXPERTS], state="active",
                    created_by=agency_user)
         for n, a in enumerate(apps[:N_CURRENT]) for k in range(PER_APP)), batch_size=5000)
    cards = Scorecard.objects.bulk_create(
        (Scorecard(application_id=s.application_id, expert_id=s.expert_id, assignment=s, layer="document",
                   state="submitted", submitted_at=timezone.now()) for s in assignments), batch_size=5000)
    totals = {}
    scores = []
    for n, card in enumerate(cards):
        pct = (55 + 5 * ((n * 7) % 8))  # 55 %..90 % in 5 % steps: results straddle the 55 % bar
        for pk, points in items:
            value = (Decimal(points) * pct / 100).quantize(Decimal("0.01"))
            scores.append(ItemScore(scorecard=card, item_id=pk, percentage=pct, points=value))
            totals[card.pk] = totals.get(card.pk, Decimal(0)) + value
    ItemScore.objects.bulk_create(scores, batch_size=10000)
    _set_totals(totals)
    audit_record_many(
        (AuditEntry(actor_id=office.pk, actor_label=str(office), action="bench.seed", object_type="award.Cycle",
                    object_id=str(current.pk), cycle_id=current.pk, detail={"n": n}) for n in range(AUDIT_ROWS)),
        batch_size=5000)
    return {"current": current, "office": office, "agency": agency_user, "expert": expert_users[0],
            "applicant": users[0], "recommender_count": len(recommenders), "item_scores": len(scores),
            "assignments": len(assignments)}


def _set_totals(totals):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_totals (id bigint primary key, total numeric(7,2))")
        cur.executemany("INSERT INTO bench_totals VALUES (%s, %s)", list(totals.items()))
        cur.execute("UPDATE review_scorecard s SET total = t.total FROM bench_totals t WHERE s.id = t.id")
        cur.execute("DROP TABLE bench_totals")


def measure_recompute(current):
    """Every result of the cycle by the service, against one GROUP BY + set-based UPDATE on the same data."""
    from django.db import connection

    from award.models import Application
    from review.services.results import result_recompute

    apps = list(Application.objects.filter(cycle=current, state="qualified"))
    started = time.perf_counter()
    for app in apps:
        result_recompute(application=app)
    service = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("""
            UPDATE review_documentresult d SET mean = g.mean, expert_count = g.n
            FROM (SELECT application_id, AVG(total) AS mean, COUNT(*) AS n FROM review_scorecard
                  WHERE layer = 'document' AND state = 'submitted' GROUP BY application_id) g
            WHERE d.application_id = g.application_id""")
    bound = time.perf_counter() - started
    figure("recompute every result (s)", round(service, 3))
    figure("GROUP BY + UPDATE bound (s)", round(bound, 3))
    figure("recompute / bound", round(service / bound, 1), 2)


def measure_pages(world):
    """Queries and HTML size of the heavy pages at N=2,000, in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = {
        "office": ["/", "/dashboard/", "/office/cycles/", f"/office/cycles/{world['current'].pk}/",
                   "/review/office/", "/winners/", "/notices/"],
        "agency": ["/review/agency/", "/review/agency/panels/"],
        "expert": ["/review/expert/"],
    }
    client = Client()
    worst_queries, worst_size = 0, 0
    for role, urls in pages.items():
        client.force_login(world[role])
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            size = len(response.content) if not response.streaming else 0
            n = len([q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])
            figure(f"{role} {url}: status / queries / KB", f"{response.status_code} / {n} / {size // 1024}")
            if response.status_code == 200:
                worst_queries, worst_size = max(worst_queries, n), max(worst_size, size)
    figure("most queries of a measured page at N=2,000", worst_queries, 15)
    figure("largest measured page (KB)", worst_size // 1024, 300)


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
                with urllib.request.urlopen(request, timeout=30) as response:
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


def _serve(module, port, settings):
    env = {**_env(), "DJANGO_SETTINGS_MODULE": settings}
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

    def session_for(user):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return f"sessionid={store.session_key}"

    app = _serve("config.wsgi", 8961, "config.settings.production")
    bare = _serve("benchmarks.scale_bare:application", 8962, "benchmarks.scale_bare")
    office = session_for(world["office"])
    targets = {
        "home": ("/", None), "winners": ("/winners/", None), "verification": ("/verify/", None),
        "office results": ("/review/office/", office),
        "office cycle page": (f"/office/cycles/{world['current'].pk}/", office),
        "expert list": ("/review/expert/", session_for(world["expert"])),
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
                   50 if name in ("home", "winners", "verification") else None)
            figure(f"{name} errors", sum(r[2] for r in results))
    finally:
        for process in (app, bare):
            process.terminate()
            process.wait()


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
    sys.path.insert(0, str(REPO))
    os.environ["DATABASE_URL"] = SCALE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    started = time.perf_counter()
    recreate_database()
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    seeded_at = time.perf_counter()
    world = seed()
    figure("seed (s)", round(time.perf_counter() - seeded_at, 1), 180)
    figure("item scores", world["item_scores"])
    figure("assignments", world["assignments"])
    from accounts.audit import audit_verify

    figure("audit chain verifies", audit_verify().ok)
    measure_recompute(world["current"])
    measure_pages(world)
    measure_audit_lock()
    measure_latency(world)
    figure("total (s)", round(time.perf_counter() - started, 1))
    print(json.dumps(FIGURES, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()

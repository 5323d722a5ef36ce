"""Art. 20 and SPEC §7, set-based: every document-review result of a cycle recomputed in one statement.

`results_recompute` does in SQL what `result_recompute` does for one application, for as many as it is given: the
submitted document scorecards are grouped per application (voided and draft ones never count), the mean is taken
without the highest and lowest total when the cycle uses the trimmed mean and there are at least
`aggregation.TRIM_MIN_EXPERTS` of them, a complete consensus (every item of the application's standard recorded
by the panel leader) replaces it, and the bar is compared exactly: `sum ≥ pass mark × count` in PostgreSQL's
exact numeric arithmetic, so 549.9 fails and 550.0 passes on a 1000-point scale. The stored mean is cut to two
decimals (`div(sum × 100, count) / 100`), as `aggregation.truncate` cuts it. A result the office has confirmed
(the application moved past document review, review.services.freeze) is left as it is.

Two statements, whatever the number of applications: one locks them, one aggregates, rewrites the results that
changed, inserts the missing ones and writes `document_score` on the applications (issue 12: recomputing a 2,000-application cycle is bounded by one GROUP BY
and a set-based UPDATE on the same data).
"""
import functools

from django.db import connection, transaction
from django.utils import timezone

from award.models import Application, ApplicationState, Cycle, ScoringStandard, StandardCategory, StandardItem

from ..aggregation import TRIM_MIN_EXPERTS
from ..models import ConsensusScore, DocumentResult, Scorecard, ScorecardState, ScoreLayer
from . import recompute_portable
from .freeze import AFTER_DOCUMENT_REVIEW


@functools.cache
def _recompute_sql(write=True):
    t = {m.__name__: m._meta.db_table for m in (Application, Cycle, ScoringStandard, Scorecard, ConsensusScore,
                                                DocumentResult, StandardItem, StandardCategory)}
    return f"""
        WITH apps AS (
            SELECT a.id, st.id AS standard_id, st.total_points * cy.pass_ratio AS pass_mark, st.total_points AS scale,
                   cy.use_trimmed_mean AS trim, cy.spread_threshold_ratio AS ratio
            FROM {t["Application"]} a JOIN {t["Cycle"]} cy ON cy.id = a.cycle_id
            LEFT JOIN {t["ScoringStandard"]} st ON st.id = CASE WHEN a.kind = 'organization'
                THEN cy.organization_standard_id ELSE cy.individual_standard_id END
            WHERE a.id = ANY(%(ids)s)
              AND NOT (a.state = ANY(%(confirmed_states)s)
                       AND EXISTS (SELECT 1 FROM {t["DocumentResult"]} d WHERE d.application_id = a.id))
        ), totals AS (
            SELECT s.application_id, COUNT(*) AS n, SUM(s.total) AS total, MIN(s.total) AS lo, MAX(s.total) AS hi
            FROM {t["Scorecard"]} s
            WHERE s.application_id = ANY(%(ids)s) AND s.layer = %(layer)s AND s.state = %(submitted)s
            GROUP BY s.application_id
        ), items AS (
            SELECT c.standard_id, COUNT(*) AS n
            FROM {t["StandardItem"]} i JOIN {t["StandardCategory"]} c ON c.id = i.category_id
            WHERE c.standard_id IN (SELECT standard_id FROM apps)
            GROUP BY c.standard_id
        ), consensus AS (
            SELECT cs.application_id, COUNT(*) AS n, COUNT(*) FILTER (WHERE c.standard_id = apps.standard_id) AS n_in,
                   SUM(cs.points) AS total
            FROM {t["ConsensusScore"]} cs JOIN apps ON apps.id = cs.application_id
            JOIN {t["StandardItem"]} i ON i.id = cs.item_id JOIN {t["StandardCategory"]} c ON c.id = i.category_id
            GROUP BY cs.application_id
        ), counted AS (
            SELECT apps.id AS application_id, apps.pass_mark, apps.scale, apps.ratio, COALESCE(t.n, 0) AS n, t.lo,
                   t.hi, (apps.trim AND COALESCE(t.n, 0) >= %(trim_min)s) AS trimmed,
                   CASE WHEN apps.trim AND t.n >= %(trim_min)s THEN t.total - t.hi - t.lo ELSE t.total END AS csum,
                   CASE WHEN apps.trim AND t.n >= %(trim_min)s THEN t.n - 2 ELSE t.n END AS cn,
                   CASE WHEN items.n > 0 AND cons.n = items.n AND cons.n_in = items.n THEN cons.total END AS consensus
            FROM apps LEFT JOIN totals t ON t.application_id = apps.id
            LEFT JOIN consensus cons ON cons.application_id = apps.id
            LEFT JOIN items ON items.standard_id = apps.standard_id
        ), vals AS (
            SELECT application_id, n, trimmed, hi - lo AS spread, COALESCE(hi - lo > ratio * scale, false) AS flagged,
                   consensus, pass_mark,
                   CASE WHEN cn > 0 THEN div(csum * 100, cn) / 100 END AS mean,
                   CASE WHEN consensus IS NOT NULL THEN consensus >= pass_mark
                        WHEN cn > 0 THEN csum >= pass_mark * cn ELSE false END AS passes
            FROM counted
        )""" + (_WRITE if write else _PREVIEW).format(**t)


_PREVIEW = """
        SELECT application_id, n, mean, trimmed, spread, flagged, consensus, COALESCE(consensus, mean), pass_mark,
               passes
        FROM vals"""
# Results that did not change are not rewritten (their computed_at, which stamps the rendered reports, stays).
_WRITE = """, changed AS (
            UPDATE {DocumentResult} d SET
                expert_count = v.n, mean = v.mean, trimmed = v.trimmed, spread = v.spread, spread_flagged = v.flagged,
                consensus_total = v.consensus, result = COALESCE(v.consensus, v.mean), pass_mark = v.pass_mark,
                passes = v.passes, computed_at = %(now)s
            FROM vals v
            WHERE d.application_id = v.application_id
              AND (d.expert_count, d.mean, d.trimmed, d.spread, d.spread_flagged, d.consensus_total, d.result,
                   d.pass_mark, d.passes)
                  IS DISTINCT FROM (v.n, v.mean, v.trimmed, v.spread, v.flagged, v.consensus,
                                    COALESCE(v.consensus, v.mean), v.pass_mark, v.passes)
        ), added AS (
            INSERT INTO {DocumentResult} AS d (
                application_id, expert_count, mean, trimmed, spread, spread_flagged, consensus_total, result,
                pass_mark, passes, computed_at, consensus_note, consensus_requested_reason)
            SELECT application_id, n, mean, trimmed, spread, flagged, consensus, COALESCE(consensus, mean),
                   pass_mark, passes, %(now)s, '', ''
            FROM vals v WHERE NOT EXISTS (SELECT 1 FROM {DocumentResult} o WHERE o.application_id = v.application_id)
            ON CONFLICT (application_id) DO UPDATE SET
                expert_count = EXCLUDED.expert_count, mean = EXCLUDED.mean, trimmed = EXCLUDED.trimmed,
                spread = EXCLUDED.spread, spread_flagged = EXCLUDED.spread_flagged,
                consensus_total = EXCLUDED.consensus_total, result = EXCLUDED.result,
                pass_mark = EXCLUDED.pass_mark, passes = EXCLUDED.passes, computed_at = EXCLUDED.computed_at
        )
        UPDATE {Application} a SET document_score = COALESCE(v.consensus, v.mean) FROM vals v
        WHERE a.id = v.application_id AND a.document_score IS DISTINCT FROM COALESCE(v.consensus, v.mean)"""
_VALUE_KEYS = ("expert_count", "mean", "trimmed", "spread", "spread_flagged", "consensus_total", "result", "pass_mark",
               "passes")


def _params(ids, *, keep_confirmed):
    return {"ids": ids, "confirmed_states": list(AFTER_DOCUMENT_REVIEW) if keep_confirmed else [],
            "layer": ScoreLayer.DOCUMENT, "submitted": ScorecardState.SUBMITTED, "trim_min": TRIM_MIN_EXPERTS,
            "now": timezone.now()}


def results_recompute(*, cycle=None, applications=None, correcting=False) -> list[int]:
    """Art. 20: recompute and write the document-review result of every application in `applications` (ids or a
    queryset; default: those of `cycle` in document review), in one statement. A result the
    office confirmed stays as it is (issue 8) unless a correction is being applied (`correcting`). Returns the
    ids it was given."""
    if applications is None:
        applications = Application.objects.filter(cycle=cycle, state=ApplicationState.QUALIFIED)
    elif not hasattr(applications, "values_list"):
        applications = Application.objects.filter(pk__in=list(applications))
    with transaction.atomic():
        # The applications are locked first, in a statement of their own: the aggregation that follows then reads
        # the scorecards as they are once the lock is held (READ COMMITTED takes a new snapshot per statement), so
        # two experts submitting at once on one application both count.
        ids = list(applications.select_for_update().order_by("pk").values_list("pk", flat=True))
        params = _params(ids, keep_confirmed=not correcting)
        if ids and connection.vendor != "postgresql":  # the demo's SQLite: one application at a time
            recompute_portable.recompute(ids, confirmed_states=params["confirmed_states"])
        elif ids:
            with connection.cursor() as cursor:
                cursor.execute(_recompute_sql(), params)
    return ids


def results_preview(*, ids) -> dict[int, dict]:
    """The document-review results the scorecards (or a complete consensus) give now, by application id, as
    results_recompute would write them; nothing is written or locked (a correction previews)."""
    if not ids:
        return {}
    if connection.vendor != "postgresql":
        return recompute_portable.preview(list(ids))
    with connection.cursor() as cursor:
        cursor.execute(_recompute_sql(write=False), _params(list(ids), keep_confirmed=False))
        rows = cursor.fetchall()
    return {row[0]: dict(zip(_VALUE_KEYS, row[1:], strict=True)) for row in rows}

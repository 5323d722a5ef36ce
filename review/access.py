"""Art. 12, 26: the one rule that decides whether an expert sees an application's material.

Both doors ask it: review's predicates (`review.permissions.can_open_application`) and, through the rule review
registers with award, award's application and evidence views; the guardian grants are written from it
(`review.services.common.grants_sync`). So a grant without the rule, or the rule without a grant, is refused.
"""
import functools

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import ALLOW, deny, is_active_user
from award.models import Application, ApplicationState, CycleStage, Recusal

from .models import (
    Assignment,
    AssignmentState,
    BarSubject,
    Conflict,
    ExpertProfile,
    Panel,
    Pledge,
    ReviewerBar,
    SiteTeamMember,
    SiteVisit,
)

# Art. 26: access ends with the work. A document expert (and the panel leader holding a consensus round) works
# while the application's document review is unconfirmed and the cycle has not moved past document review; a
# site-team member while the application is in site review and the cycle has not moved on to comprehensive
# review. Nobody keeps access once the cycle is past its review (at the latest when its awards are granted).
_AFTER_SITE_REVIEW = (CycleStage.COMPREHENSIVE_REVIEW, CycleStage.PUBLIC_NOTICE, CycleStage.APPROVAL,
                      CycleStage.AWARDED, CycleStage.CLOSED)
DOCUMENT_SEAT_ENDED = (CycleStage.SITE_REVIEW, *_AFTER_SITE_REVIEW)
SITE_SEAT_ENDED = _AFTER_SITE_REVIEW


_FACTS = ("conflicted", "barred", "expert_barred", "pledged", "assigned", "leads", "site_member")


def expert_standing(user, application) -> dict:
    """What the rule below asks about one expert and one application, in one query: `conflicted` (a recorded
    conflict or a recusal, Art. 12), `barred` (a bar on the account, Art. 27), `pledged` (the cycle's pledge,
    Art. 26), `assigned` (an active document assignment), `leads` (the sector panel's lead) and `site_member`
    (a seat on its site team), and `expert_barred` (an expert bar on the account or its ID number, as
    `review.services.common.expert_bar` finds it). All False when the application is gone.

    Asked on every expert page and for every pair a grant sync walks, so the statement is written once
    (`_standing_sql`) rather than compiled by the ORM on each call (9 ms of Python against 0.3 ms in the
    database, measured by `make bench-scale`)."""
    with connection.cursor() as cursor:
        cursor.execute(_standing_sql(), {"user": user.pk, "application": application.pk,
                                         "active": AssignmentState.ACTIVE, "expert": BarSubject.EXPERT})
        row = cursor.fetchone()
    return dict(zip(_FACTS, row, strict=True)) if row else dict.fromkeys(_FACTS, False)


def expert_standings(pairs) -> dict[tuple[int, int], dict]:
    """`expert_standing` for many (expert id, application id) pairs in one query, by pair (a pair whose
    application is gone is left out)."""
    pairs = sorted(set(pairs))
    if not pairs:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_standings_sql(), {"users": [u for u, _a in pairs], "applications": [a for _u, a in pairs],
                                          "active": AssignmentState.ACTIVE, "expert": BarSubject.EXPERT})
        rows = cursor.fetchall()
    return {(row[0], row[1]): dict(zip(_FACTS, row[2:], strict=True)) for row in rows}


def _standing_columns(user):
    """The facts' SELECT list, the expert being `user` (a parameter or a column) and the application `a`."""
    t = {m.__name__: m._meta.db_table for m in (Conflict, Recusal, ReviewerBar, ExpertProfile, Pledge, Assignment,
                                                Panel, SiteTeamMember, SiteVisit)}
    return f"""
        EXISTS (SELECT 1 FROM {t["Conflict"]} c WHERE c.expert_id = {user} AND c.application_id = a.id)
               OR EXISTS (SELECT 1 FROM {t["Recusal"]} r WHERE r.user_id = {user} AND r.application_id = a.id),
               EXISTS (SELECT 1 FROM {t["ReviewerBar"]} b WHERE b.user_id = {user}),
               EXISTS (SELECT 1 FROM {t["ReviewerBar"]} b WHERE b.subject = %(expert)s AND (b.user_id = {user}
                       OR b.id_number IN (SELECT UPPER(p.id_number) FROM {t["ExpertProfile"]} p
                                          WHERE p.user_id = {user} AND p.id_number <> ''))),
               EXISTS (SELECT 1 FROM {t["Pledge"]} p WHERE p.cycle_id = a.cycle_id AND p.expert_id = {user}),
               EXISTS (SELECT 1 FROM {t["Assignment"]} s WHERE s.application_id = a.id AND s.expert_id = {user}
                       AND s.state = %(active)s),
               EXISTS (SELECT 1 FROM {t["Panel"]} n WHERE n.cycle_id = a.cycle_id AND n.sector = a.sector
                       AND n.leader_id = {user}),
               EXISTS (SELECT 1 FROM {t["SiteTeamMember"]} m JOIN {t["SiteVisit"]} v ON v.id = m.visit_id
                       WHERE v.application_id = a.id AND m.expert_id = {user})"""


@functools.cache
def _standing_sql():
    return f"SELECT {_standing_columns('%(user)s')} FROM {Application._meta.db_table} a WHERE a.id = %(application)s"


@functools.cache
def _standings_sql():
    """The same facts for many pairs: each fact an uncorrelated IN over the rows of the applications concerned
    (hashed once by PostgreSQL), rather than the correlated EXISTS that suits one pair."""
    t = {m.__name__: m._meta.db_table for m in (Application, Conflict, Recusal, ReviewerBar, ExpertProfile, Pledge,
                                                Assignment, Panel, SiteTeamMember, SiteVisit)}
    return f"""
        WITH pair AS (SELECT * FROM unnest(%(users)s::bigint[], %(applications)s::bigint[]) AS p(u, app)),
        apps AS (SELECT DISTINCT app FROM pair)
        SELECT pair.u, a.id,
               COALESCE((pair.u, a.id) IN (SELECT c.expert_id, c.application_id FROM {t["Conflict"]} c
                                           WHERE c.application_id IN (SELECT app FROM apps))
                        OR (pair.u, a.id) IN (SELECT r.user_id, r.application_id FROM {t["Recusal"]} r
                                              WHERE r.application_id IN (SELECT app FROM apps)), false),
               COALESCE(pair.u IN (SELECT b.user_id FROM {t["ReviewerBar"]} b WHERE b.user_id IS NOT NULL), false),
               COALESCE(pair.u IN (SELECT b.user_id FROM {t["ReviewerBar"]} b
                                   WHERE b.subject = %(expert)s AND b.user_id IS NOT NULL)
                        OR pair.u IN (SELECT p.user_id FROM {t["ExpertProfile"]} p
                                      JOIN {t["ReviewerBar"]} b ON b.id_number = UPPER(p.id_number)
                                      WHERE b.subject = %(expert)s AND p.id_number <> ''), false),
               COALESCE((a.cycle_id, pair.u) IN (SELECT p.cycle_id, p.expert_id FROM {t["Pledge"]} p), false),
               COALESCE((a.id, pair.u) IN (SELECT s.application_id, s.expert_id FROM {t["Assignment"]} s
                                           WHERE s.state = %(active)s AND s.application_id IN (SELECT app FROM apps)),
                        false),
               COALESCE((a.cycle_id, a.sector, pair.u) IN (SELECT n.cycle_id, n.sector, n.leader_id FROM {t["Panel"]} n
                                                           WHERE n.leader_id IS NOT NULL), false),
               COALESCE((a.id, pair.u) IN (SELECT v.application_id, m.expert_id FROM {t["SiteTeamMember"]} m
                                           JOIN {t["SiteVisit"]} v ON v.id = m.visit_id
                                           WHERE v.application_id IN (SELECT app FROM apps)), false)
        FROM pair JOIN {t["Application"]} a ON a.id = pair.app"""


def _document_seat_open(application):
    return (application.state == ApplicationState.QUALIFIED
            and application.cycle.stage not in DOCUMENT_SEAT_ENDED)


def _site_seat_open(application):
    return application.state == ApplicationState.SITE_REVIEW and application.cycle.stage not in SITE_SEAT_ENDED


def expert_material_access(user, application):
    """Art. 12, 26: the one rule that decides whether an expert sees an application's material (its form,
    evidence, scores and reports): no conflict, no Art. 27 bar, the cycle's pledge signed, and a seat whose stage
    is still running — an active document assignment (or the panel's lead) while the document review of the
    application is unconfirmed, a site-team seat while its site review runs. The guardian grant that award's
    views check is written from this same rule (`review.services.common.grants_sync`), and award's predicate
    asks this rule too, so revoking either one denies."""
    if not is_active_user(user) or user.role != Role.EXPERT:
        return deny(_("您无权查看该申报的评审信息。"))
    why = access_verdict(expert_standing(user, application), application)
    if why is None:
        return ALLOW
    if why == "conflicted":
        return deny(_("您与该申报存在利害关系,依第十二条须回避。"))
    if why == "barred":  # Art. 27: on the account, or on the person's ID number
        return deny(_("您已依第二十七条被取消评审工作资格。"))
    if why == "unpledged":
        return deny(_("您尚未签署本届评审的保密与回避承诺(第十二条、第二十六条),签署前不能查看任何申报材料。"),
                    link=f'{reverse("review:pledge_sign")}?cycle={application.cycle_id}', link_label=_("签署保密与回避承诺"))
    if why == "ended":
        return deny(_("您承担的评审环节已经结束,依第二十六条不再保留申报材料的查看权限;"
                      "您本人提交的评分表可在“我的评审记录”中查看。"))
    return deny(_("您未被分配评审该申报。"))


def access_verdict(facts, application) -> str | None:
    """The rule above on an expert's standing (`expert_standing` facts): None when it allows, else why not —
    "conflicted", "barred", "unpledged", "ended" (the seat's stage is over) or "unseated". The grant sync of a
    whole cycle asks it for every pair (review.services.common.grants_sync_cycle)."""
    if facts["conflicted"]:
        return "conflicted"
    if facts["barred"] or facts["expert_barred"]:
        return "barred"
    if not facts["pledged"]:
        return "unpledged"
    seated = False
    if facts["assigned"] or facts["leads"]:
        seated = True
        if _document_seat_open(application):
            return None
    if facts["site_member"]:
        seated = True
        if _site_seat_open(application):
            return None
    return "ended" if seated else "unseated"

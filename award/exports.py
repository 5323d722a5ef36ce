"""The winners list as xlsx (Art. 6): the city's priority recommendations to the Shandong Governor's Quality Award."""
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.dates import date_text
from accounts.tabular import safe_row

from .models import ApplicationKind, ApplicationState, award_kind_order
from .selectors import winners_public

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="9B1C1C")
QUALIFIED_STATES = (
    ApplicationState.QUALIFIED, ApplicationState.SITE_REVIEW, ApplicationState.NOT_SHORTLISTED,
    ApplicationState.CANDIDATE, ApplicationState.PROPOSED, ApplicationState.AWARDED, ApplicationState.NOT_AWARDED,
    ApplicationState.DISQUALIFIED,
)


def xlsx_sheet(workbook, *, title, heading, headers, rows, widths=None, sheet=None):
    """Fill one sheet: a heading line, a header row, then `rows`, every cell through `safe_row` (formula-safe)."""
    sheet = sheet or workbook.create_sheet()
    sheet.title = str(title)[:31]
    sheet.append(safe_row([str(heading)]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(safe_row([str(h) for h in headers]))
    for cell in sheet[2]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(safe_row(row))
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    return sheet


def xlsx_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number(value):
    return float(value) if value is not None else None


def _scale_columns(cycle, field):
    """Column headers for a score `field`, one per scale (Art. 14: organizations and individuals are scored on
    their own standards, so their points never share a column)."""
    return [
        _("%(field)s(组织奖,满分%(max)s)") % {"field": field, "max": cycle.organization_standard.total_points},
        _("%(field)s(个人奖,满分%(max)s)") % {"field": field, "max": cycle.individual_standard.total_points},
    ]


def _scaled(application, value):
    value = _number(value)
    return [value, None] if application.kind == ApplicationKind.ORGANIZATION else [None, value]


def _application_rows(applications):
    yes, no = _("是"), _("否")
    for position, a in enumerate(applications, start=1):
        profile = a.organization or a.individual
        endorsement = next((e for e in a.endorsements.all() if e.recommender_id == a.recommender_id), None)
        flags = ([a.organization.has_own_ip, a.organization.leads_standards, a.organization.is_modern_agriculture
                  or a.organization.is_strategic_emerging or a.organization.is_new_service]
                 if a.organization else [None, None, None])
        yield [
            position, a.reference, a.get_kind_display(), a.applicant_name, a.get_state_display(),
            str(a.recommender or ""),
            (_("%(decision)s(%(name)s,%(day)s)") % {"decision": endorsement.get_decision_display(),
                                                     "name": endorsement.signed_name,
                                                     "day": date_text(endorsement.signed_at)}) if endorsement else "",
            a.get_sector_display(), profile.get_district_display() if profile else "",
            *[(yes if f else no) if f is not None else "" for f in flags],
            date_text(a.submitted_at),
        ]


def _applications_for_export(cycle, states=None):
    qs = (cycle.applications.exclude(state=ApplicationState.DRAFT)
          .select_related("recommender", "organization", "individual")
          .prefetch_related("endorsements")
          .order_by(award_kind_order("kind"), "reference", "pk"))
    return qs.filter(state__in=states) if states else qs


APPLICATION_HEADERS = (
    _lazy("序号"), _lazy("申报编号"), _lazy("奖项"), _lazy("申报人"), _lazy("状态"), _lazy("推荐单位"),
    _lazy("推荐意见(签署人、时间)"), _lazy("所属产业"), _lazy("所在县(区)"),
    _lazy("拥有自主知识产权(第十六条)"), _lazy("主导制定标准(第十六条)"),
    _lazy("现代农业、战略性新兴产业或新型服务业(第十六条)"), _lazy("提交时间"),
)
APPLICATION_WIDTHS = [6, 14, 10, 34, 14, 24, 34, 10, 12, 12, 12, 16, 18]


def applications_xlsx(*, cycle) -> bytes:
    """Every application of `cycle` past the draft (Art. 19(一)(二)): state, recommender and who endorsed it when,
    sector, county and the Art. 16 flags; organizations first, then individuals."""
    workbook = Workbook()
    xlsx_sheet(workbook, sheet=workbook.active, title=_("申报名单"), heading=_("%(cycle)s申报名单") % {"cycle": cycle},
               headers=APPLICATION_HEADERS, rows=_application_rows(_applications_for_export(cycle)),
               widths=APPLICATION_WIDTHS)
    return xlsx_bytes(workbook)


def qualified_xlsx(*, cycle) -> bytes:
    """The applications that passed qualification review (Art. 19(二)), whatever happened to them since."""
    workbook = Workbook()
    xlsx_sheet(workbook, sheet=workbook.active, title=_("资格审查合格名单"),
               heading=_("%(cycle)s资格审查合格名单") % {"cycle": cycle}, headers=APPLICATION_HEADERS,
               rows=_application_rows(_applications_for_export(cycle, QUALIFIED_STATES)), widths=APPLICATION_WIDTHS)
    return xlsx_bytes(workbook)


def winners_xlsx(*, cycle) -> bytes:
    """One row per award of `cycle`: certificate number, award, name, code, sector, recommender, scores (each scale
    in its own column), dates, prize and whether revoked (Art. 24). Revoked awards are listed and marked, never
    silently dropped. Organization awards first, then individual awards, then nomination awards (Art. 6, 7)."""
    workbook = Workbook()
    headers = [
        _("序号"), _("证书编号"), _("奖项"), _("获奖者"), _("统一社会信用代码"), _("所属产业"), _("推荐单位"),
        *_scale_columns(cycle, _("资料评审得分")), *_scale_columns(cycle, _("现场评审得分")), _("社会满意度指数"),
        _("授奖日期"), _("有效期至"), _("奖金(元)"), _("状态"),
    ]
    rows = []
    for position, award in enumerate(winners_public(cycle=cycle), start=1):
        application = award.application
        certificate = getattr(award, "certificate", None)
        rows.append([
            position, certificate.number if certificate else "", award.get_kind_display(), award.recipient_name,
            award.credit_code, application.get_sector_display(), str(application.recommender or ""),
            *_scaled(application, application.document_score), *_scaled(application, application.site_score),
            _number(application.satisfaction_index), award.awarded_on, award.valid_until, award.prize_yuan,
            _("已撤销(%(date)s)") % {"date": date_text(award.revoked_on)} if award.revoked_on else _("有效"),
        ])
    sheet = xlsx_sheet(
        workbook, sheet=workbook.active, title=_("获奖名单"),
        heading=_("%(cycle)s获奖名单(优先推荐申报山东省省长质量奖,第六条)") % {"cycle": cycle}, headers=headers,
        rows=rows, widths=[6, 16, 20, 36, 22, 12, 24, 14, 14, 14, 14, 14, 12, 12, 12, 18],
    )
    for row in sheet.iter_rows(min_row=3, min_col=13, max_col=14):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    return xlsx_bytes(workbook)

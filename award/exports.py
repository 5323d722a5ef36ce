"""The winners list as xlsx (Art. 6): the city's priority recommendations to the Shandong Governor's Quality Award."""
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.tabular import safe_row

from .selectors import winners_public


def winners_xlsx(*, cycle) -> bytes:
    """One row per award of `cycle`: certificate number, award, name, code, sector, recommender, scores, dates,
    prize and whether revoked (Art. 24). Revoked awards are listed and marked, never silently dropped."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("获奖名单")
    sheet.append(safe_row([_("%(cycle)s获奖名单(优先推荐申报山东省省长质量奖,第六条)") % {"cycle": cycle}]))
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [
        _("序号"), _("证书编号"), _("奖项"), _("获奖者"), _("统一社会信用代码"), _("所属产业"), _("推荐单位"),
        _("资料评审得分"), _("现场评审得分"), _("社会满意度指数"), _("授奖日期"), _("有效期至"), _("奖金(元)"),
        _("状态"),
    ]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="9B1C1C")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for position, award in enumerate(winners_public(cycle=cycle), start=1):
        application = award.application
        certificate = getattr(award, "certificate", None)
        sheet.append(safe_row([
            position,
            certificate.number if certificate else "",
            award.get_kind_display(),
            award.recipient_name,
            award.credit_code,
            application.get_sector_display(),
            str(application.recommender or ""),
            float(application.document_score) if application.document_score is not None else None,
            float(application.site_score) if application.site_score is not None else None,
            float(application.satisfaction_index) if application.satisfaction_index is not None else None,
            award.awarded_on,
            award.valid_until,
            award.prize_yuan,
            _("已撤销(%(date)s)") % {"date": award.revoked_on.isoformat()} if award.revoked_on else _("有效"),
        ]))
    widths = [6, 16, 20, 36, 22, 12, 24, 12, 12, 14, 12, 12, 12, 18]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=3, min_col=11, max_col=12):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

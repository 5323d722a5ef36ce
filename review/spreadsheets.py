"""The expert pool's xlsx template and reading an uploaded file back into rows (SPEC §6).

Reading never trusts the file: a file that is not an xlsx workbook, has no heading row or the wrong headings is
refused with a message; cells come back as plain values for review.services.pool.experts_import to validate.
"""
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from accounts.tabular import safe_row

from .services.common import ReviewError
from .services.pool import IMPORT_COLUMNS, MAX_IMPORT_ROWS

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
EXAMPLE = ("张明", "371602198001011235", "13805430001", "zhangming@example.com", "滨州学院",
           "123716004942509790", "教授", "二产业、三产业", "质量管理、卓越绩效、六西格玛", "")


def import_template_xlsx() -> bytes:
    """The template: one heading row (the columns the import reads) and one example row to overwrite."""
    book = Workbook()
    sheet = book.active
    sheet.title = "专家库"
    sheet.append([heading for _key, heading in IMPORT_COLUMNS])
    sheet.append(safe_row(EXAMPLE))
    for column, width in zip("ABCDEFGHIJ", (10, 22, 14, 26, 28, 26, 14, 18, 30, 18), strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("填写说明")
    for line in (
        "每行一名专家;第一行为列名,请勿修改。",
        "身份证号码按国家标准校验;统一社会信用代码为18位,按国家标准校验。",
        "擅长产业填写:一产业、二产业、三产业,多个用顿号分隔。",
        "专业领域关键词用于分配时匹配申报,多个用顿号分隔,最多12个。",
        "登录用户名可不填,默认为手机号码。已在库的专家(身份证号码相同)将更新资料。",
        "任何一行有误时整批不导入,系统逐行说明原因。",
    ):
        notes.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_rows_read(upload) -> list[dict]:
    """Rows of an uploaded template as dicts keyed by the column keys; empty rows skipped."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ReviewError(_("文件过大(不超过5MB)。"))
    try:
        book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ReviewError(_("无法读取该文件,请上传用模板填写的 .xlsx 文件。")) from None
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    headings = [str(c or "").strip() for c in next(lines, ())]
    expected = [heading for _key, heading in IMPORT_COLUMNS]
    if headings[: len(expected)] != expected:
        if headings[: len(expected) - 1] != expected[:-1]:
            raise ReviewError(_("第一行的列名与模板不一致,请下载模板后按模板填写。"))
    keys = [key for key, _heading in IMPORT_COLUMNS]
    rows = []
    for values in lines:
        values = list(values or ())
        if not any(v not in (None, "") for v in values):
            continue
        rows.append({key: values[i] if i < len(values) else None for i, key in enumerate(keys)})
        if len(rows) > MAX_IMPORT_ROWS:
            break
    book.close()
    return rows

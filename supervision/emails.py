"""What supervision tells people, one function per notification event (subject and body, translatable; SPEC §11).

Each returns the `subject` and `body` keyword arguments of `accounts.notifications.notify`; the caller adds the
recipient, the event, the link and the delivery key.
"""
from django.utils.translation import gettext as _

from accounts.dates import date_text


def _text(subject, body) -> dict:
    return {"subject": subject, "body": body}


def fund_report_submitted(*, award, year):
    """Art. 21: the office has a prize-fund report to review."""
    return _text(_("奖金使用报告待审核:%(name)s %(year)s年度") % {"name": award.recipient_name, "year": year},
                 _("请审核获奖组织提交的奖金使用报告(第二十一条)。"))


def fund_report_reviewed(*, report):
    """Art. 21: the winner hears whether the report was accepted or returned (with what to correct)."""
    return _text(_("奖金使用报告%(result)s") % {"result": report.get_state_display()},
                 report.review_note or _("您提交的%(year)s年度奖金使用报告已审核通过。") % {"year": report.year})


def visit_scheduled(*, visit, scheduled_for):
    """Art. 22: the winner hears of the visit's date and purpose."""
    return _text(_("市长质量奖定期巡访安排"),
                 _("领导小组办公室定于%(date)s到贵单位巡访(第二十二条),重点:%(purpose)s。")
                 % {"date": date_text(scheduled_for), "purpose": visit.purpose})


def visit_due(*, visit):
    """Art. 22: the winner and the office are reminded of a visit coming up."""
    params = {"name": visit.award.recipient_name, "date": date_text(visit.scheduled_for), "purpose": visit.purpose}
    return _text(_("巡访提醒:%(date)s %(name)s") % params,
                 _("定期巡访(第二十二条)将于%(date)s进行,重点:%(purpose)s。") % params)


def complaint_received(*, complaint):
    """Art. 11, 13: the handlers hear of a new complaint."""
    return _text(_("收到投诉举报 %(code)s") % {"code": complaint.tracking_code},
                 _("类别:%(category)s;对象:%(subject)s。请及时受理。")
                 % {"category": complaint.get_category_display(), "subject": complaint.subject})


def complaint_moved(*, complaint, reason):
    """Art. 11: the receiving cycle's group hears that the office moved a complaint to it."""
    return _text(_("移交投诉举报 %(code)s") % {"code": complaint.tracking_code},
                 _("领导小组办公室将投诉举报 %(code)s 移交本届评审监督小组办理。理由:%(reason)s")
                 % {"code": complaint.tracking_code, "reason": reason})


def group_appointed(*, group):
    """Art. 11: a member hears of their appointment to the cycle's supervision group."""
    return _text(_("您已受聘为%(cycle)s评审监督小组成员") % {"cycle": group.cycle},
                 _("经质量强市工作领导小组批准(%(ref)s),您受聘为本届评审监督小组成员,聘期至本届评审工作结束。")
                 % {"ref": group.approval_reference})


def report_submitted(*, report, cycle):
    """Art. 11: the leading group has the supervision group's report to read."""
    return _text(_("评审监督小组报告:%(title)s") % {"title": report.title},
                 _("%(cycle)s评审监督小组报送了监督情况报告,请审阅。") % {"cycle": cycle})


def revocation_for_deliberation(*, case):
    """Art. 24: the leading group has a revocation case to deliberate."""
    return _text(_("撤销奖项提请审议:%(name)s") % {"name": case.award.recipient_name},
                 _("情形:%(ground)s。请领导小组审议是否提请市政府撤销。") % {"ground": case.ground_label})


def correction_changed(*, correction, event):
    """Issue 8: the cycle's supervision group hears of a review correction opened, applied or cancelled."""
    what = {"opened": _("启动"), "applied": _("完成"), "cancelled": _("撤销")}[event]
    return _text(
        _("评审结果更正已%(what)s:%(name)s") % {"what": what, "name": correction.application.applicant_name},
        _("领导小组办公室%(what)s了“%(name)s”的%(layer)s结果更正。依据:%(article)s;理由:%(reason)s。") % {
            "what": what, "name": correction.application.applicant_name, "layer": correction.get_layer_display(),
            "article": correction.article, "reason": correction.reason})

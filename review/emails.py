"""What review tells people, one function per notification event (subject and body, translatable; SPEC §11).

Each returns the keyword arguments `accounts.notifications.notify` takes besides the recipient and the key.
"""
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.dates import date_text

from .models import ConflictSource, ConflictType

# Art. 12: the kinds of conflict that can be named to the expert without revealing who raised it or about whom.
_NAMEABLE_TYPES = (ConflictType.EMPLOYER, ConflictType.PAST_EMPLOYER, ConflictType.CONSULTING,
                   ConflictType.INDIVIDUAL_EMPLOYER, ConflictType.SHAREHOLDING, ConflictType.KINSHIP)


def conflict_voided_agency(*, application, expert, reason):
    """Art. 12: the agency learns that an expert's work on an application was voided, to find a replacement."""
    return (
        _("专家回避,分配已作废:%(name)s") % {"name": application.applicant_name},
        _("专家%(expert)s与“%(name)s”存在利害关系(%(reason)s),其评审任务和评分已作废,请补充分配专家。")
        % {"expert": expert, "name": application.applicant_name, "reason": reason},
    )


def scoring_deadline_near(*, cycle, layer_label, deadline, pending):
    """SPEC §11: an expert's scoring deadline is near and some of their scorecards are not submitted."""
    return (
        _("%(layer)s评分即将截止(%(date)s)") % {"layer": layer_label, "date": date_text(deadline)},
        _("您在%(cycle)s尚有 %(n)s 份%(layer)s评分未提交,截止日期为 %(date)s,请及时完成。")
        % {"cycle": cycle, "n": pending, "layer": layer_label, "date": date_text(deadline)},
    )


def scoring_reminder(*, cycle, pending, deadline, site_pending=0, site_deadline=None):
    """Issue 9 point 4: the agency's reminder button, a nudge to one expert about their unsubmitted score sheets
    with the deadline of each layer that has work left."""
    lines = []
    if pending:
        lines.append(_("资料评审评分 %(n)s 份未提交(截止:%(date)s)")
                     % {"n": pending, "date": date_text(deadline) if deadline else _("未设定")})
    if site_pending:
        lines.append(_("现场评审评分 %(n)s 份未提交(截止:%(date)s)")
                     % {"n": site_pending, "date": date_text(site_deadline) if site_deadline else _("未设定")})
    return (
        _("评审机构提醒:请完成评分"),
        _("您在%(cycle)s尚有:%(work)s。请及时完成并提交。") % {"cycle": cycle, "work": ";".join(lines)},
    )


def discussion_posted(*, application, author):
    """A new message in an application's discussion thread."""
    return (
        _("评审讨论有新留言:%(name)s") % {"name": application.applicant_name},
        _("%(author)s在“%(name)s”的评审讨论中留言。") % {"author": author, "name": application.applicant_name},
    )


def consensus_opened(*, application):
    """SPEC §7: the agency or the office opened a consensus round on an application."""
    return (
        _("共识评分:%(name)s") % {"name": application.applicant_name},
        _("评审机构对“%(name)s”发起了共识评分,请组长组织本组专家讨论并记录共识评分和共识意见。")
        % {"name": application.applicant_name},
    )


def conflict_reason_for_expert(conflict) -> str:
    """Art. 12, 26: why the expert's work was voided, as the expert may be told it: their own declaration in
    their own words; otherwise the kind of conflict only — never the recorded reason (it may name a relative, a
    client or the applicant's request) nor who raised it, and an applicant's avoid-list is not revealed."""
    if conflict.source == ConflictSource.DECLARED:
        return _("您本人申报的利害关系:%(reason)s") % {"reason": conflict.reason}
    kind = conflict.get_type_display() if conflict.type in _NAMEABLE_TYPES else _("其他利害关系")
    return _("经核查,您与该申报存在利害关系(%(kind)s)") % {"kind": kind}


def assignment_voided_for_conflict(*, application, conflict, scores_voided) -> dict:
    """Art. 12: the expert's assignment (and scores, if any) on an application were voided for a conflict."""
    body = _("您对“%(name)s”(%(ref)s)的评审任务已依《滨州市市长质量奖管理办法》第十二条回避作废。原因:%(why)s。") % {
        "name": application.applicant_name, "ref": application.reference,
        "why": conflict_reason_for_expert(conflict)}
    if scores_voided:
        body += _("您已提交的评分同时作废,不计入评审结果。")
    return {"event": "assignment_voided", "subject": _("评审任务因回避作废:%(ref)s") % {"ref": application.reference},
            "body": body, "link": reverse("review:expert_record")}


def score_returned(*, card, reason) -> dict:
    """SPEC §7: the agency sent a submitted scorecard back for revision, with its reason."""
    application = card.application
    if card.assignment_id:
        link = reverse("review:scorecard_edit", kwargs={"pk": card.assignment_id})
    else:
        link = reverse("review:site_scorecard_edit", kwargs={"pk": card.site_visit_id})
    return {
        "event": "score_returned",
        "subject": _("评分表退回修改:%(name)s") % {"name": application.applicant_name},
        "body": _("您对“%(name)s”(%(ref)s)提交的%(layer)s评分表已被评审机构退回修改。退回理由:%(reason)s。"
                  "请修改后重新提交。") % {"name": application.applicant_name, "ref": application.reference,
                                   "layer": card.get_layer_display(), "reason": reason},
        "link": link,
    }


def assigned(*, application) -> dict:
    """SPEC §7: the agency confirmed an expert's document-review assignment."""
    return {"subject": _("资料评审任务:%(name)s") % {"name": application.applicant_name},
            "body": _("您被分配评审“%(name)s”的申报材料,请登录系统签署承诺后评分。") % {"name": application.applicant_name}}


def conflict_after_confirmation(*, application, expert, conflict) -> dict:
    """Issue 8: the office hears of a conflict found after it confirmed the results (nothing was voided)."""
    return {"subject": _("已确认的评审结果涉及利害关系:%(name)s") % {"name": application.applicant_name},
            "body": _("专家%(expert)s与“%(name)s”存在利害关系(%(reason)s),其评分已经确认并锁定,未被自动作废。"
                      "如需作废并重新计算,请启动更正程序。") % {
                "expert": expert, "name": application.applicant_name, "reason": conflict.reason}}


def correction_opened(*, application, correction) -> dict:
    """Issue 8: the agency hears that the office opened a correction of an application's result."""
    return {"subject": _("评审结果更正:%(name)s") % {"name": application.applicant_name},
            "body": _("领导小组办公室对“%(name)s”的%(layer)s结果启动了更正程序(依据:%(article)s)。理由:%(reason)s。"
                      "更正期间可按需退回该申报的评分或调整专家分配。") % {
                "name": application.applicant_name, "layer": correction.get_layer_display(),
                "article": correction.article, "reason": correction.reason}}


def correction_applied(*, application, passes) -> dict:
    """Issue 8: the applicant hears the corrected document-review result."""
    if passes:
        return {"subject": _("评审结果更正:进入现场评审"),
                "body": _("经更正程序,“%(name)s”资料评审达到评审标准总分的规定比例,进入现场评审。")
                % {"name": application.applicant_name}}
    return {"subject": _("评审结果更正:资料评审结果反馈"),
            "body": _("经更正程序,“%(name)s”资料评审未达到进入现场评审的分数线,评审反馈已可查看。")
            % {"name": application.applicant_name}}


def shortlist_result(*, application, passes) -> dict:
    """Art. 19(三), 20: the applicant hears whether the document review put it on the site-review shortlist."""
    if passes:
        return {"subject": _("您的申报进入现场评审"),
                "body": _("“%(name)s”资料评审达到评审标准总分的规定比例,进入现场评审。")
                % {"name": application.applicant_name}}
    return {"subject": _("资料评审结果反馈"),
            "body": _("“%(name)s”资料评审未达到进入现场评审的分数线,评审反馈已可查看。")
            % {"name": application.applicant_name}}


def expert_invited(*, user) -> dict:
    """SPEC §6: a new expert's account, with the link to set the password and complete the profile."""
    return {"subject": _("滨州市市长质量奖评审专家账号"),
            "body": _("您已被列入滨州市市长质量奖评审专家库,登录用户名:%(u)s。请通过下面的链接设置密码,登录后完善个人资料"
                      "(现工作单位、曾任职单位、咨询培训服务对象、持股和亲属任职情况),以便依第十二条回避。")
            % {"u": user.username}}


def visit_scheduled(*, application, scheduled_for, for_expert) -> dict:
    """Art. 19(四): the site team and the applicant hear the date of the site visit."""
    subject = (_("现场评审安排:%(name)s") % {"name": application.applicant_name} if for_expert
               else _("现场评审安排"))
    return {"subject": subject, "body": _("现场评审日期:%(day)s。") % {"day": date_text(scheduled_for)}}


def survey_invitation(*, application, url) -> dict:
    """Art. 19(四): a respondent (no account) is invited by e-mail to the satisfaction survey by their single-use
    link; sent by `survey_invitation_send`, not through `notify` (the respondent row is its outbox row)."""
    return {"subject": _("滨州市市长质量奖社会满意度测评邀请"),
            "body": _("您好!诚邀您就“%(name)s”参加社会满意度测评(匿名、约3分钟):%(url)s\n本链接仅可使用一次。")
            % {"name": application.applicant_name, "url": url}}

"""The review app's notification texts, one function per event: each returns (subject, body), translated in the
recipient-independent source language at the moment of sending (SPEC §11)."""
from django.utils.translation import gettext as _


def conflict_voided_expert(*, application, reason):
    """Art. 12: a conflict found on an expert's live work voided it."""
    return (
        _("评审任务因回避作废:%(name)s") % {"name": application.applicant_name},
        _("经比对发现您与“%(name)s”存在利害关系(%(reason)s),依第十二条须回避,您在该申报上的评审任务和评分已作废。")
        % {"name": application.applicant_name, "reason": reason},
    )


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
        _("%(layer)s评分即将截止(%(date)s)") % {"layer": layer_label, "date": deadline.isoformat()},
        _("您在%(cycle)s尚有 %(n)s 份%(layer)s评分未提交,截止日期为 %(date)s,请及时完成。")
        % {"cycle": cycle, "n": pending, "layer": layer_label, "date": deadline.isoformat()},
    )


def scoring_reminder(*, cycle, pending, deadline):
    """The agency's reminder button: a nudge to one expert about their unsubmitted scorecards."""
    when = deadline.isoformat() if deadline else _("尽快")
    return (
        _("评审机构提醒:请完成评分"),
        _("您在%(cycle)s尚有 %(n)s 份评分未提交(截止:%(date)s)。") % {"cycle": cycle, "n": pending, "date": when},
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

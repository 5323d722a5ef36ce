"""What award tells people, one function per notification event (subject and body, translatable; SPEC §11).

Each returns the `subject` and `body` keyword arguments of `accounts.notifications.notify`; the caller adds the
recipient, the event, the link and the delivery key.
"""
from django.utils.translation import gettext as _

from accounts.dates import date_text

from .models import ApplicationState


def _text(subject, body) -> dict:
    return {"subject": subject, "body": body}


def application_corrected(*, application):
    """Art. 19(二): the corrected application is back with the office for qualification review."""
    return _text(_("补正材料已提交:%(name)s") % {"name": application.applicant_name},
                 _("%(name)s 已按要求补正并重新提交申报,请进行资格审查。") % {"name": application.applicant_name})


def application_submitted_to_recommender(*, application):
    """Art. 19(一): the chosen recommender has an application to endorse."""
    return _text(_("待推荐:%(name)s") % {"name": application.applicant_name},
                 _("%(name)s 选择贵单位作为推荐单位并已提交申报,请审核并签署推荐意见。")
                 % {"name": application.applicant_name})


def application_submitted_ack(*, application, keeps_endorsement, returned):
    """The applicant's receipt: submitted, or corrected (with or without a new recommender)."""
    return _text(_("申报已提交:%(ref)s") % {"ref": application.reference},
                 _("补正材料已提交,等待资格审查。") if keeps_endorsement
                 else _("补正材料已提交,推荐单位已变更,等待新推荐单位签署推荐意见。") if returned
                 else _("您的申报已提交,表单已锁定。"))


def endorsement_recorded(*, application, endorsement, endorsed):
    """Art. 19(一): the applicant hears the recommender's opinion."""
    return _text(_("推荐单位已同意推荐") if endorsed else _("推荐单位未予推荐"),
                 _("%(recommender)s 的推荐意见:%(opinion)s")
                 % {"recommender": application.recommender, "opinion": endorsement.opinion})


def endorsed_for_qualification(*, application):
    """Art. 19(二): the office has an endorsed application to review."""
    return _text(_("待资格审查:%(name)s") % {"name": application.applicant_name},
                 _("%(recommender)s 已同意推荐,请进行资格审查。") % {"recommender": application.recommender})


def qualification_decided(*, to_state, review, deadline):
    """Art. 19(二): the applicant hears the office's ruling (qualified, not qualified, returned for correction)."""
    body = {
        ApplicationState.QUALIFIED: _("您的申报通过资格审查。合格名单将在公示后进入资料评审。"),
        ApplicationState.NOT_QUALIFIED: _("您的申报未通过资格审查。理由:%(reasons)s"),
        ApplicationState.RETURNED: _("您的申报被退回补正,请在 %(deadline)s 前修改后重新提交。补正事项:%(reasons)s"),
    }[to_state] % {"reasons": review.reasons, "deadline": date_text(deadline)}
    return _text(_("资格审查结果:%(state)s") % {"state": ApplicationState(to_state).label}, body)


def notice_published(*, notice, starts_on, ends_on):
    """Art. 19(二)(六): an applicant on a published list hears of its notice and window."""
    return _text(_("公示:%(title)s") % {"title": notice.title},
                 _("您已列入“%(title)s”,公示期 %(start)s 至 %(end)s。")
                 % {"title": notice.title, "start": date_text(starts_on), "end": date_text(ends_on)})


def not_awarded(*, application, deliberation):
    """Art. 8(三), 19(五): the applicant left off the proposed list after the deliberation."""
    return _text(_("综合评审结果"),
                 _("经综合评审和领导小组审议(%(date)s),“%(name)s”未列入本届拟奖励名单。")
                 % {"date": date_text(deliberation.held_on), "name": application.applicant_name})


def award_revoked(*, award, revoked_on, reference):
    """Art. 24: the winner hears of the revocation, what to return and the ban."""
    return _text(_("市长质量奖奖项已被撤销"),
                 _("依据《滨州市市长质量奖管理办法》第二十四条,市政府已于%(date)s撤销您获得的%(award)s(%(ref)s),"
                   "请交回奖杯和荣誉证书。撤销之日起%(years)s年内不得参加市长质量奖评审。")
                 % {"date": date_text(revoked_on), "award": award.get_kind_display(), "ref": reference,
                    "years": award.cycle.ban_years})


def objection_filed(*, application, notice, objection):
    """Art. 11(一), 19(六): the handlers hear of an objection to a notice."""
    return _text(_("收到异议:%(name)s") % {"name": application.applicant_name},
                 _("“%(notice)s”收到一件异议(受理编号 %(number)s),请评审监督小组处理。")
                 % {"notice": notice.title, "number": objection.tracking_number})


def objection_resolved(*, application, objection, upheld):
    """Art. 11(一), 19(六): the applicant concerned and the office hear the ruling on an objection."""
    body = (
        _("针对“%(name)s”的异议(受理编号 %(number)s)经核查属实,取消其评审资格。理由:%(reasons)s")
        if upheld
        else _("针对“%(name)s”的异议(受理编号 %(number)s)经核查不予采纳。理由:%(reasons)s")
    ) % {"name": application.applicant_name, "number": objection.tracking_number, "reasons": objection.resolution}
    return _text(_("异议处理结果"), body)


def award_granted(*, award, approval, cycle, certificate):
    """Art. 19(八): the winner hears of the award, its certificate number and validity."""
    return _text(_("祝贺您荣获%(award)s") % {"award": award.get_kind_display()},
                 _("经%(body)s(%(number)s),“%(name)s”荣获%(cycle)s%(award)s,证书编号 %(cert)s,有效期至 %(until)s。")
                 % {"body": approval.get_body_display(), "number": approval.document_number,
                    "name": award.recipient_name, "cycle": cycle, "award": award.get_kind_display(),
                    "cert": certificate.number, "until": date_text(award.valid_until)})


def certificate_ready(*, certificate):
    """Art. 19(八): the winner's certificate can be downloaded."""
    return _text(_("荣誉证书已生成"),
                 _("您的荣誉证书(编号 %(number)s)已生成,可登录系统下载。任何人可在公开网站核验证书编号。")
                 % {"number": certificate.number})


def deadline_application(*, closes):
    """SPEC §11: the applicant's unsubmitted form, the window closing within days."""
    return _text(_("申报即将截止(%(date)s)") % {"date": date_text(closes)},
                 _("您的申报尚未提交。申报截止日期为 %(date)s,请及时完成并提交。") % {"date": date_text(closes)})


def deadline_endorsement(*, application, closes):
    """SPEC §11: the recommender's unsigned endorsement, the window closing within days."""
    return _text(_("待推荐申报即将截止:%(name)s") % {"name": application.applicant_name},
                 _("%(name)s 的申报等待贵单位签署推荐意见,申报截止日期为 %(date)s。")
                 % {"name": application.applicant_name, "date": date_text(closes)})


def deadline_correction(*, correction):
    """SPEC §11: the applicant's open correction, its deadline within days."""
    return _text(_("补正即将截止(%(date)s)") % {"date": date_text(correction.deadline)},
                 _("请在 %(date)s 前按退回意见补正并重新提交:%(reasons)s")
                 % {"date": date_text(correction.deadline), "reasons": correction.reasons})

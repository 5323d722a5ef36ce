"""Public pages of the decision stage (no login): objections to a notice (Art. 19(六)), certificate verification
(SPEC §10) and the winners list (Art. 19(八))."""
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.dates import date_text
from accounts.http import PUBLIC_POST_LIMIT, client_ip, public_rate_limit_hit
from accounts.refusals import refusal_show

from .. import services
from ..dates import objection_window_state
from ..public_cache import VERIFY, WINNERS, public_page
from ..public_forms import ObjectionForm
from ..selectors import certificate_lookup, objection_notice_for, winners_public_by_cycle

SESSION_RECEIPT = "objection_receipt"


def objection_create(request, pk):
    """Art. 19(六): anyone may object to an entry of a notice within its window, with real name and contact."""
    notice = objection_notice_for(pk)
    if notice is None:
        raise Http404
    window = objection_window_state(notice)
    form = ObjectionForm(request.POST or None, request.FILES or None, notice=notice)
    status = 200
    if request.method == "POST":
        ip = client_ip(request)
        if public_rate_limit_hit(scope="objection", ip=ip):
            form.add_error(None, _("提交过于频繁:同一网络地址每小时最多提交 %(n)s 次,请稍后再试。") % {"n": PUBLIC_POST_LIMIT})
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                objection = services.objection_file(
                    notice=notice, application=form.entries[data["application"]].application, name=data["name"],
                    contact=data["contact"], content=data["content"], evidence=data.get("evidence"), ip=ip,
                )
            except services.WorkflowError as error:
                refusal_show(request, error, form=form)
                status = 400
            else:
                request.session[SESSION_RECEIPT] = {
                    "number": objection.tracking_number, "notice": notice.title,
                    "filed_at": date_text(objection.filed_at),
                }
                return redirect("award:objection_submitted")
        else:
            status = 400
    return render(
        request, "award/verify/objection_form.html",
        {"notice": notice, "form": form, "window": window, "limit": PUBLIC_POST_LIMIT}, status=status,
    )


def objection_submitted(request):
    """The acknowledgement with the tracking number, shown once to the person who filed."""
    receipt = request.session.pop(SESSION_RECEIPT, None)
    return render(request, "award/verify/objection_submitted.html", {"receipt": receipt})


def verify(request):
    """SPEC §10: anyone types a certificate number and sees whether it is valid, expired or revoked; served from
    the cache until an award or certificate changes (a revocation shows at once, Art. 24)."""
    number = (request.GET.get("number") or "").strip()[:40]

    def build():
        result = certificate_lookup(number=number) if number else None
        return {"title": _("证书核验"), "body": render_to_string("award/verify/verify_body.html", {
            "number": number, "result": result, "today": timezone.localdate(), "searched": bool(number),
        }), "cache": result is not None or not number}  # guessed numbers are not kept: the cache stays bounded

    return public_page(request, family=VERIFY, parts=(number,), build=build)


def winners(request):
    """Art. 19(八): the winners of every awarded cycle, newest first, with their certificate numbers; served from
    the cache until an award or certificate changes."""
    def build():
        return {"title": _("获奖名单"), "body": render_to_string("award/verify/winners_body.html",
                                                              {"cycles": winners_public_by_cycle()})}

    return public_page(request, family=WINNERS, build=build)

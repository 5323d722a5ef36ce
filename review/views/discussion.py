"""The discussion page of one application (SPEC §7): the submitted scores side by side under stable labels, the
thread, the consensus round (opened by the agency or the office, recorded by the panel leader) and its note."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.confirmation import confirmation_given, confirmation_page
from accounts.http import client_ip
from accounts.models import Role
from accounts.permissions import role_required
from accounts.refusals import refusal_show

from ..forms import ConsensusNoteForm, ConsensusOpenForm, DiscussionPostForm
from ..models import Bid, BidPreference, DocumentResult, Panel
from ..peers import discussion_thread, peer_labels, peer_score_table
from ..permissions import can_open_consensus, can_read_discussion
from ..selectors import bid_applications_for_expert, current_cycle_for_expert
from ..services import ReviewError, bid_set
from ..services.discussion import (
    consensus_note_save,
    consensus_open,
    discussion_post,
    discussion_read_only,
)
from .common import application_checked

reviewers_required = role_required(Role.EXPERT, Role.AGENCY, Role.OFFICE)


@reviewers_required
def discussion(request, pk):
    """Read the thread and the peer scores; a participant posts while the document review is unconfirmed."""
    application = application_checked(request, pk, can_read_discussion)
    form = DiscussionPostForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                discussion_post(application=application, body=form.cleaned_data["body"], by=request.user,
                                ip=client_ip(request))
            except ReviewError as error:
                refusal_show(request, error, form=form)
            else:
                messages.success(request, _("留言已发布。"))
                return redirect(reverse("review:discussion", kwargs={"pk": application.pk}) + "#thread")
        else:
            messages.error(request, _("请填写留言内容(不超过4000字)。"))
    user = request.user
    result = DocumentResult.objects.filter(application=application).first()
    read_only = discussion_read_only(application)
    labels = peer_labels(application)
    leader_id = Panel.objects.filter(cycle=application.cycle_id, sector=application.sector).values_list(
        "leader_id", flat=True).first()
    return render(request, "review/discussion/detail.html", {
        "application": application, "result": result, "form": form, "read_only": read_only,
        # the reader may read (checked above); the office only reads, and nobody posts once it is read-only
        "may_post": user.role != Role.OFFICE and not read_only,
        "table": peer_score_table(application=application, labels=labels),
        "posts": discussion_thread(application=application, labels=labels, leader_id=leader_id,
                                   show_names=user.role in (Role.AGENCY, Role.OFFICE)),
        "leads": user.role == Role.EXPERT and leader_id == user.pk,
        "may_open": user.role in (Role.AGENCY, Role.OFFICE) and not read_only
        and not (result and result.consensus_open),
        "open_form": ConsensusOpenForm(),
        "note_form": ConsensusNoteForm(initial={"note": result.consensus_note if result else ""}),
    })


@reviewers_required
@require_POST
def consensus_open_view(request, pk):
    """SPEC §7: the agency or the office opens a consensus round, after a confirmation page (it cannot be taken
    back: the shortlist then waits for the leader's consensus scores)."""
    application = application_checked(request, pk, can_open_consensus)
    back = reverse("review:discussion", kwargs={"pk": application.pk})
    form = ConsensusOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写发起共识评分的理由。"))
        return redirect(back)
    if not confirmation_given(request, action="consensus.open", key=application.pk):
        return confirmation_page(
            request, action="consensus.open", key=application.pk,
            title=_("发起共识评分:%(name)s") % {"name": application.applicant_name},
            consequences=[_("专项评审组组长将收到通知,组织本组专家讨论,并逐条记录共识得分和共识意见。"),
                          _("共识评分全部记录前,领导小组办公室不能确认进入现场评审名单。")],
            irreversible=_("共识评分一经发起不能撤回;记录完成后以共识总分作为资料评审结果。"),
            summary=[(_("发起理由"), form.cleaned_data["reason"])],
            confirm_label=_("确认发起共识评分"), cancel_url=back)
    try:
        consensus_open(application=application, reason=form.cleaned_data["reason"], by=request.user,
                       ip=client_ip(request))
    except ReviewError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("已发起共识评分并通知组长。"))
    return redirect(back)


@role_required(Role.EXPERT)
@require_POST
def consensus_note(request, pk):
    """SPEC §7: the panel leader saves the consensus note printed in the document-review report."""
    application = application_checked(request, pk, can_read_discussion)
    form = ConsensusNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写共识意见(不超过3000字)。"))
    else:
        try:
            consensus_note_save(application=application, note=form.cleaned_data["note"], by=request.user,
                                ip=client_ip(request))
        except ReviewError as error:
            refusal_show(request, error)
        else:
            messages.success(request, _("共识意见已保存,将写入资料评审报告。"))
    return redirect("review:discussion", pk=application.pk)


@role_required(Role.EXPERT)
def bids(request):
    """SPEC §7: before assignment, the expert states how much they would like to review each application of their
    panel (when the cycle takes bids); conflicted applications are not offered (Art. 12)."""

    cycle = current_cycle_for_expert(user=request.user)
    if request.method == "POST" and cycle is not None:
        application = bid_applications_for_expert(user=request.user, cycle=cycle).filter(
            pk=request.POST.get("application") if str(request.POST.get("application", "")).isdigit() else 0).first()
        if application is None:
            messages.error(request, _("请从列表中选择申报。"))
        else:
            try:
                bid_set(application=application, expert=request.user, preference=request.POST.get("preference", ""),
                        by=request.user)
            except ReviewError as error:
                refusal_show(request, error)
            else:
                messages.success(request, _("评审意愿已保存。"))
        return redirect("review:bids")
    applications = list(bid_applications_for_expert(user=request.user, cycle=cycle)) if cycle else []
    mine = dict(Bid.objects.filter(expert=request.user, application__in=[a.pk for a in applications])
                .values_list("application_id", "preference"))
    for application in applications:
        application.my_bid = mine.get(application.pk, "")
    return render(request, "review/bids/list.html", {
        "cycle": cycle, "applications": applications, "choices": BidPreference.choices,
    })

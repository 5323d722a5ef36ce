"""The office's pages: the agency record, results per application against the bar, the shortlist, conflict
flags, the questionnaire, the xlsx score matrix and the PDF reports (Art. 9, 12, 19(三)(四), 20)."""
from io import BytesIO

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.confirmation import confirmation_given, confirmation_page
from accounts.http import client_ip
from accounts.kept_pages import kept_page
from accounts.models import Role
from accounts.permissions import office_required
from accounts.refusals import refusal_show
from accounts.tabular import safe_row
from award.models import ApplicationKind, Cycle

from .. import services
from ..forms import AgencyForm, ConflictFlagForm, QuestionnaireForm, ReviewDeadlinesForm
from ..models import Agency, Questionnaire
from ..permissions import can_open_application
from ..selectors import conflicts_for_cycle, cycle_choices, review_applications, score_matrix
from ..services.deadlines import scoring_deadlines_set
from ..services.results import shortlist_blockers
from .common import application_checked, current_cycle_or_404

# A province reviews thousands of applications in a cycle: the results page shows them a page at a time and
# names the first blockers of the shortlist with the count of the others (issue 12: no page over 300 KB).
RESULTS_PAGE_SIZE = 50
BLOCKERS_SHOWN = 20


@office_required
@kept_page
def office_results(request):
    """Per application: experts, mean, spread, result against the bar; the shortlist button."""
    cycle = current_cycle_or_404(request)
    page = Paginator(review_applications(cycle=cycle), RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    blockers = shortlist_blockers(cycle=cycle)
    return render(request, "review/office/results.html", {
        "cycle": cycle, "applications": page.object_list, "page_obj": page,
        "blockers": blockers[:BLOCKERS_SHOWN], "more_blockers": len(blockers) - BLOCKERS_SHOWN,
        "agency": Agency.objects.filter(cycle=cycle).first(), "conflicts": conflicts_for_cycle(cycle=cycle),
        "k": cycle.experts_per_application,
        "marks": {k: cycle.pass_mark_for(k) for k in ApplicationKind.values},
        "cycles": cycle_choices(),
        "shortlist_url": f"{reverse('review:shortlist_confirm')}?cycle={cycle.number}",
    })


@office_required
@require_POST
def shortlist_confirm(request):
    """Art. 19(三), 20: confirming the site-review list freezes every document-review result of the cycle, so the
    office reads what will happen (and what blocks it) on a confirmation page first."""
    cycle = current_cycle_or_404(request)
    if not confirmation_given(request, action="shortlist.confirm", key=cycle.pk):
        blockers = shortlist_blockers(cycle=cycle)
        shown = blockers[:BLOCKERS_SHOWN]
        return confirmation_page(
            request, action="shortlist.confirm", key=cycle.pk,
            title=_("确认进入现场评审名单:%(cycle)s") % {"cycle": cycle},
            consequences=[
                _("达到分数线的申报进入现场评审,其余申报进入“未进入现场评审”并可查看评审反馈(第十九条第三项、第二十条)。"),
                _("本届全部资料评审评分、专家分配和结果随即锁定,资料评审专家不再能查看申报材料(第二十六条)。"),
            ],
            irreversible=_("确认后不能退回评分或调整分配;确需更正的,只能由办公室启动更正程序。"),
            preconditions=[(False, b) for b in shown] or [(True, _("每份申报均有足够的有效评分,分差过大的已完成共识评分。"))],
            blocked=bool(blockers), carry=[("cycle", cycle.number)],
            confirm_label=_("确认名单并反馈"), cancel_url=f"{reverse('review:office_results')}?cycle={cycle.number}",
        )
    try:
        moved = services.shortlist_confirm(cycle=cycle, by=request.user, ip=client_ip(request))
    except services.ReviewError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("已确认:%(a)s 份进入现场评审,%(b)s 份未进入并已反馈。")
                         % {"a": len(moved["site_review"]), "b": len(moved["not_shortlisted"])})
    return _results_redirect(cycle)


def _results_redirect(cycle):
    return redirect(f"{reverse('review:office_results')}?cycle={cycle.number}")


@office_required
def review_deadlines(request):
    """SPEC §7, §8: the office sets or moves the experts' scoring deadlines of a cycle (audited); experts are
    reminded three days before (review.reminders)."""
    cycle = current_cycle_or_404(request)
    form = ReviewDeadlinesForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            scoring_deadlines_set(cycle=cycle, document=form.cleaned_data["document_scoring_deadline"],
                                  site=form.cleaned_data["site_scoring_deadline"], by=request.user,
                                  ip=client_ip(request))
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("评分截止日期已保存;截止前三天系统将提醒尚未提交评分的专家。"))
            return _results_redirect(cycle)
    return render(request, "review/office/deadlines.html", {"cycle": cycle, "form": form})


@office_required
def agency_record(request):
    cycle = current_cycle_or_404(request)
    agency = Agency.objects.filter(cycle=cycle).first()
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.agency_record(cycle=cycle, by=request.user, **data)
        messages.success(request, _("第三方评审机构已登记。"))
        return _results_redirect(cycle)
    return render(request, "review/agency/record.html", {"cycle": cycle, "form": form})


@office_required
def conflict_flag(request, pk):
    """Art. 12: the office records a conflict of an expert with an application."""
    application = application_checked(request, pk, can_open_application)
    experts = get_user_model().objects.filter(role=Role.EXPERT).order_by("id")
    form = ConflictFlagForm(request.POST or None, experts=experts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.conflict_flag(expert=data["expert"], application=application, type=data["type"],
                               reason=data["reason"], by=request.user)
        messages.success(request, _("已认定回避;该专家的分配与评分(如有)已作废并重新计算结果。"))
        return redirect("review:office_results")
    return render(request, "review/conflict/flag.html", {"application": application, "form": form})


@office_required
def questionnaire_edit(request, kind):
    cycle = current_cycle_or_404(request)
    if kind not in ApplicationKind.values:
        kind = ApplicationKind.ORGANIZATION
    q = Questionnaire.objects.filter(cycle=cycle, kind=kind).first()
    initial = {}
    if q:
        initial = {"title": q.title, "intro": q.intro, "deadline": timezone.localtime(q.deadline),
                   "questions": "\n".join(x.text for x in q.questions.all())}
    form = QuestionnaireForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.questionnaire_save(cycle=cycle, kind=kind, title=data["title"], intro=data["intro"],
                                        deadline=data["deadline"], questions=form.question_list(), by=request.user)
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("问卷已保存。"))
            return _results_redirect(cycle)
    return render(request, "review/survey/questionnaire.html", {"cycle": cycle, "form": form, "kind": kind,
                                                                "kind_label": ApplicationKind(kind).label})


@office_required
def score_matrix_xlsx(request):
    """The score matrix of the cycle under review (see `score_matrix_cycle_xlsx` for any cycle)."""
    return _score_matrix_response(current_cycle_or_404(request))


@office_required
def score_matrix_cycle_xlsx(request, pk):
    """The score matrix of the cycle in the URL — any cycle, closed ones included (Art. 19(三))."""
    return _score_matrix_response(get_object_or_404(Cycle, pk=pk))


def _score_matrix_response(cycle):
    """One row per expert scorecard, one column per item; a sheet per award kind, organizations first, so the
    1000-point and the 300-point scales never share a column."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    for row in score_matrix(cycle=cycle):
        app = row["application"]
        ws = sheets.get(app.kind)
        if ws is None:
            ws = wb.create_sheet(str(ApplicationKind(app.kind).label))
            ws.append(safe_row([_("申报编号"), _("申报名称"), _("专家"), _("状态"), _("总分")]
                               + [f"{i.code} {i.name}({i.points})" for i in row["items"]]))
            for cell in ws[1]:
                cell.font = Font(bold=True)
            sheets[app.kind] = ws
        card = row["card"]
        ws.append(safe_row([app.reference, app.applicant_name, str(card.expert), card.get_state_display(),
                            float(card.total)] + [float(p) if p is not None else None for p in row["points"]]))
    if not sheets:
        wb.create_sheet(_("评分矩阵")).append([_("暂无评分")])
    out = BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="score-matrix-cycle-{cycle.number}.xlsx"'
    return response

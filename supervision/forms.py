"""Forms of supervision: they collect input; the services decide."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import id_number_clean, looks_like_id_number
from accounts.models import Role
from award.models import Application, Cycle, CycleStage

from .models import (
    Complaint,
    ComplaintCategory,
    ComplaintOutcome,
    MemberCategory,
    MisconductSubject,
    PrizeFundReport,
    RevocationSource,
    Visit,
    grounds_for_kind,
)
from .selectors import complaint_cycle_choices, complaint_default_cycle, complaint_public_targets

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


# The stages a complaint may name (Art. 11: recommendation, review and objections; Art. 23–25 after the award).
COMPLAINT_STAGES = [c for c in CycleStage.choices if c[0] not in (CycleStage.DRAFT, CycleStage.CLOSED)]


class ComplaintForm(forms.Form):
    """The public complaint form: which cycle (the cycle under review by default) — it decides which supervision
    group handles the complaint — and, optionally, which application from that cycle's public lists and which
    stage; `subject` stays free text for anything the lists do not name."""

    cycle = forms.ModelChoiceField(label=_("涉及届次"), queryset=Cycle.objects.none(), empty_label=None,
                                   help_text=_("投诉举报由该届评审监督小组受理。"))
    application = forms.TypedChoiceField(
        label=_("涉及的申报单位或个人(可选)"), required=False, coerce=int, empty_value=None,
        help_text=_("只列出该届已公示或已公布的名单;名单中没有的,请在“被投诉举报对象”中填写。"),
    )
    stage = forms.ChoiceField(label=_("涉及的评审环节(可选)"), required=False,
                              choices=[("", "—")] + COMPLAINT_STAGES)
    category = forms.ChoiceField(label=_("投诉举报类别"), choices=ComplaintCategory.choices)
    subject = forms.CharField(label=_("被投诉举报对象"), max_length=200,
                              help_text=_("单位名称、个人姓名或评审环节"))
    description = forms.CharField(label=_("投诉举报内容"), widget=forms.Textarea(attrs={"rows": 6}))
    complainant_name = forms.CharField(label=_("您的姓名"), max_length=50)
    complainant_contact = forms.CharField(label=_("联系电话或邮箱"), max_length=100,
                                          help_text=_("仅用于核实和答复,不会公开。"))
    files = MultipleFileField(label=_("证据材料"), required=False,
                              help_text=_("PDF、JPG 或 PNG,最多 5 个文件。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cycles = list(complaint_cycle_choices())
        self.fields["cycle"].queryset = complaint_cycle_choices()
        default = complaint_default_cycle()
        if default is not None:
            self.fields["cycle"].initial = default.pk
        self.targets = complaint_public_targets(cycles=cycles)
        self.fields["application"].choices = [("", _("— 不针对名单中的具体申报 —"))] + [
            (str(cycle), self.targets[cycle.pk]) for cycle in cycles if cycle.pk in self.targets
        ]

    def clean(self):
        data = super().clean()
        cycle, application = data.get("cycle"), data.get("application")
        if cycle is not None and application is not None:
            if application not in dict(self.targets.get(cycle.pk, [])):
                self.add_error("application", _("所选申报不属于所选届次,请重新选择。"))
            else:
                data["application"] = Application.objects.get(pk=application)
        return data

    def clean_complainant_contact(self):
        """A contact given as an ID number (real-name reporting) goes through the one identity check."""
        value = self.cleaned_data.get("complainant_contact", "").strip()
        if looks_like_id_number(value):
            return id_number_clean(value)
        return value


class ComplaintMoveForm(forms.Form):
    """The office moves a complaint to the cycle it is really about (Art. 11)."""

    to_cycle = forms.ModelChoiceField(label=_("移交到届次"), queryset=Cycle.objects.none(), empty_label=None)
    reason = forms.CharField(label=_("移交理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("两届评审监督小组均可在评审记录中看到本次移交及理由。"))

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_cycle"].queryset = complaint_cycle_choices().exclude(pk=complaint.cycle_id)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=12)


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("监督小组成员账号"), queryset=get_user_model().objects.none())
    category = forms.ChoiceField(label=_("类别"), choices=MemberCategory.choices)
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("居民身份证号码"), max_length=18, required=False,
                                help_text=_("用于与上届名单按人比对轮换比例。"))
    affiliation = forms.CharField(label=_("工作单位及职务"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(role=Role.SUPERVISOR).order_by("username")

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        return id_number_clean(value) if value.strip() else ""


class AppointForm(forms.Form):
    approved_on = forms.DateField(label=_("领导小组批准日期"), widget=DATE)
    approval_reference = forms.CharField(label=_("批准文件/会议"), max_length=200)


class OpinionForm(forms.Form):
    application = forms.ModelChoiceField(label=_("涉及申报(可不选)"), queryset=None, required=False)
    text = forms.CharField(label=_("监督意见"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = cycle.applications.order_by("reference", "id")


class AcceptForm(forms.Form):
    deadline = forms.DateField(label=_("办理期限"), widget=DATE)
    note = forms.CharField(label=_("受理意见(向投诉举报人公开)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DismissForm(forms.Form):
    reasons = forms.CharField(label=_("不予受理的理由(向投诉举报人公开)"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("办理记录"), widget=forms.Textarea(attrs={"rows": 3}))
    is_public = forms.BooleanField(label=_("向投诉举报人公开此条记录"), required=False)


class ConcludeForm(forms.Form):
    findings = forms.CharField(label=_("调查情况"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(label=_("处理结果"), choices=ComplaintOutcome.choices)
    outcome_text = forms.CharField(label=_("处理意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    public_reply = forms.CharField(label=_("答复投诉举报人"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    summary = forms.CharField(label=_("监督情况"), widget=forms.Textarea(attrs={"rows": 6}))
    recommendations = forms.CharField(label=_("对规范评审监督工作的建议"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    complaints = forms.ModelMultipleChoiceField(label=_("报告的投诉举报处理结果"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaints"].queryset = cycle.complaints.filter(state__in=["concluded", "dismissed"])


class MisconductForm(forms.Form):
    subject = forms.ChoiceField(label=_("对象类型"), choices=MisconductSubject.choices)
    expert = forms.ModelChoiceField(label=_("评审专家"), queryset=None, required=False)
    facts = forms.CharField(label=_("事实和依据"), widget=forms.Textarea(attrs={"rows": 5}))
    complaint = forms.ModelChoiceField(label=_("来源投诉举报(可不选)"), queryset=None, required=False)

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = get_user_model().objects.filter(role=Role.EXPERT).order_by("username")
        self.fields["complaint"].queryset = cycle.complaints.all()


class DecisionForm(forms.Form):
    disqualify = forms.TypedChoiceField(label=_("决定"), coerce=lambda v: v == "1",
                                        choices=[("1", _("取消其评审工作资格")), ("0", _("不予认定"))])
    reasons = forms.CharField(label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 3}))


class FundReportForm(forms.ModelForm):
    class Meta:
        model = PrizeFundReport
        fields = ["year", *PrizeFundReport.USE_FIELDS, "narrative"]


class FundReviewForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("审核结论"), coerce=lambda v: v == "1",
                                    choices=[("1", _("审核通过")), ("0", _("退回修改"))])
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class VisitForm(forms.Form):
    scheduled_for = forms.DateField(label=_("巡访日期"), widget=DATE)
    purpose = forms.CharField(label=_("巡访重点"), max_length=300)
    visitors = forms.CharField(label=_("巡访人员"), max_length=300, required=False)
    remind_days_before = forms.IntegerField(label=_("提前提醒天数"), min_value=0, max_value=60, initial=7)


class VisitPlanForm(forms.Form):
    first_on = forms.DateField(label=_("首次巡访日期"), widget=DATE)
    every_months = forms.IntegerField(label=_("巡访间隔(月)"), min_value=1, max_value=60, initial=12)
    purpose = forms.CharField(label=_("巡访重点"), max_length=300, initial=_("生产经营和质量管理情况,保持荣誉、持续改进"))
    remind_days_before = forms.IntegerField(label=_("提前提醒天数"), min_value=0, max_value=60, initial=7)


class VisitRecordForm(forms.Form):
    findings = forms.CharField(label=_("巡访发现"), widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.CharField(label=_("整改要求及跟踪"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    concerns = forms.BooleanField(label=_("发现可能的撤销情形(第二十四条)"), required=False)


class RevocationOpenForm(forms.Form):
    source = forms.ChoiceField(label=_("线索来源"), choices=RevocationSource.choices)
    ground = forms.ChoiceField(label=_("撤销情形(第二十四条)"), widget=forms.RadioSelect)
    source_detail = forms.CharField(label=_("线索说明"), widget=forms.Textarea(attrs={"rows": 3}))
    complaint = forms.ModelChoiceField(label=_("来源投诉举报"), queryset=None, required=False)
    visit = forms.ModelChoiceField(label=_("来源巡访"), queryset=None, required=False)

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        # Art. 24: only the list of the award's own kind is offered.
        self.fields["ground"].choices = grounds_for_kind(award.kind)
        self.fields["complaint"].queryset = Complaint.objects.order_by("-filed_at")
        self.fields["visit"].queryset = award.visits.all() if award.pk else Visit.objects.none()


class InvestigateForm(forms.Form):
    substantiated = forms.TypedChoiceField(label=_("核实结论"), coerce=lambda v: v == "1",
                                           choices=[("1", _("查证属实")), ("0", _("查证不属实,结案"))])
    findings = forms.CharField(label=_("调查核实情况"), widget=forms.Textarea(attrs={"rows": 4}))


class ProposeForm(forms.Form):
    propose = forms.TypedChoiceField(label=_("审议结果"), coerce=lambda v: v == "1",
                                     choices=[("1", _("提请市政府撤销")), ("0", _("不提请撤销"))])
    meeting = forms.CharField(label=_("领导小组会议"), max_length=200)
    proposal_date = forms.DateField(label=_("日期"), widget=DATE)


class DecideForm(forms.Form):
    body = forms.CharField(label=_("决定机关"), max_length=100, initial=_("滨州市人民政府"))
    decision_date = forms.DateField(label=_("撤销决定日期"), widget=DATE)
    reference = forms.CharField(label=_("决定文号"), max_length=100)
    notice_starts_on = forms.DateField(label=_("公告发布日期"), widget=DATE)


class RecoveryForm(forms.Form):
    trophy_recovered_on = forms.DateField(label=_("奖杯收回日期"), required=False, widget=DATE)
    certificate_recovered_on = forms.DateField(label=_("荣誉证书收回日期"), required=False, widget=DATE)
    note = forms.CharField(label=_("收回情况说明"), max_length=300, required=False)


class CloseForm(forms.Form):
    confirm = forms.BooleanField(label=_("确认本届评审工作已全部结束,解散评审监督小组并归档"))


BIGINT_MAX = 2**63 - 1  # larger ids would overflow the database's bigint, not just match nothing


class AuditFilterForm(forms.Form):
    """The audit log's filters (SPEC §14), read from the query string: a value that is not what its field takes
    gives a message on the page and is ignored, never a server error (issue 11)."""

    actor = forms.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX,
                               error_messages={"invalid": _("操作人无效,请从列表中选择。"),
                                               "min_value": _("操作人无效,请从列表中选择。"),
                                               "max_value": _("操作人无效,请从列表中选择。")})
    action = forms.CharField(required=False, max_length=100)
    date_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"],
                                error_messages={"invalid": _("起始日期无效,请按 年-月-日 填写,例如 2026-06-01。")})
    date_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"],
                              error_messages={"invalid": _("截止日期无效,请按 年-月-日 填写,例如 2026-06-30。")})
    application = forms.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX,
                                     error_messages={"invalid": _("申报编号应为正整数。"),
                                                     "min_value": _("申报编号应为正整数。"),
                                                     "max_value": _("申报编号应为正整数。")})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return cleaned

    def filters(self):
        """The selector's keyword arguments from the fields that are valid (an invalid one filters nothing)."""
        self.is_valid()
        data = self.cleaned_data
        return {"actor": data.get("actor"), "action": (data.get("action") or "").strip(),
                "date_from": data.get("date_from"), "date_to": data.get("date_to"),
                "application_id": data.get("application")}

"""Forms of the award app. They validate input and hand clean data to the services; no rules live here."""
from datetime import date

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import credit_code_clean, id_number_clean
from accounts.models import Recommender

from .models import (
    Application,
    ApprovalBody,
    AvoidanceRequest,
    AwardKind,
    Cycle,
    DeliberationDecision,
    Endorsement,
    EvidenceKind,
    QualificationReview,
    ScoringStandard,
    SelfAssessment,
    YearFigure,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = [
            "number", "year", "application_opens", "application_closes", "schedule", "media", "call_text",
            "organization_standard", "individual_standard",
            "organization_award_cap", "individual_award_cap", "nomination_award_cap",
            "validity_years", "evaluation_years", "ban_years", "min_operating_years", "min_quality_work_years",
            "pass_ratio", "experts_per_application", "use_trimmed_mean", "spread_threshold_ratio",
            "conflict_lookback_years", "document_scoring_deadline", "site_scoring_deadline", "site_team_min_size",
            "bids_enabled", "notice_working_days", "organization_prize_yuan",
            "weight_document", "weight_site", "weight_satisfaction",
        ]
        widgets = {
            "application_opens": DATE,
            "application_closes": DATE,
            "document_scoring_deadline": DATE,
            "site_scoring_deadline": DATE,
            "schedule": forms.Textarea(attrs={"rows": 5}),
            "call_text": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "number": _("例如第 5 届填 5。"),
            "pass_ratio": _("第二十条:资料评审达到总分的 55% 及以上方可进入现场评审,填 0.550。"),
            "organization_award_cap": _("第六条:组织奖每届不超过 5 个。"),
            "individual_award_cap": _("第六条:个人奖每届不超过 3 人。"),
            "nomination_award_cap": _("第七条:组织奖提名奖每届不超过 3 个。"),
            "media": _("第十八条:通过市级主要媒体公布申报起止日期及工作安排。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Art. 8(二): standards the leading group approved, and the seeded defaults until an approved one exists;
        # an office draft still under discussion is not offered.
        usable = ScoringStandard.objects.filter(Q(approved_at__isnull=False) | Q(version=1))
        self.fields["organization_standard"].queryset = usable.filter(kind="organization")
        self.fields["individual_standard"].queryset = usable.filter(kind="individual")
        if not self.instance.pk:
            for kind in ("organization", "individual"):
                latest = usable.filter(kind=kind).order_by("-version").first()
                self.fields[f"{kind}_standard"].initial = latest

    def clean(self):
        data = super().clean()
        opens, closes = data.get("application_opens"), data.get("application_closes")
        if opens and closes and closes < opens:
            self.add_error("application_closes", _("申报截止日期不能早于开始日期。"))
        weights = [data.get(f) for f in ("weight_document", "weight_site", "weight_satisfaction")]
        if all(w is not None for w in weights) and sum(weights) != 1:
            self.add_error("weight_satisfaction", _("三项权重之和须等于 1。"))
        return data


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["recommender", "summary", "achievement", "is_first_finisher"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "achievement": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "recommender": _("第十九条:申报须经所在县(区)或市直部门签署推荐意见。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommender"].queryset = Recommender.objects.filter(is_active=True)
        self.fields["recommender"].required = False
        self.fields["summary"].required = False
        if self.instance.kind == "organization":
            del self.fields["achievement"]
            del self.fields["is_first_finisher"]
        else:
            self.fields["achievement"].required = False


ORGANIZATION_FIGURE_FIELDS = ["revenue", "profit", "tax", "rd_investment", "employees", "quality_indicators"]
INDIVIDUAL_FIGURE_FIELDS = ["quality_indicators"]


# Key figures that cannot be negative (a loss year has a negative profit, so profit may be).
NON_NEGATIVE_FIGURES = ("revenue", "tax", "rd_investment", "employees")


class YearFigureForm(forms.ModelForm):
    """One evaluated year's key figures (Art. 6: three years); amounts and head count that cannot be negative are
    refused below zero, here and again at submission (`application_range_problems`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NON_NEGATIVE_FIGURES:
            if name in self.fields:
                self.fields[name].min_value = 0
                self.fields[name].widget.attrs["min"] = "0"
                self.fields[name].validators.append(MinValueValidator(0, message=_("不能为负数。")))


def year_figure_formset(kind):
    fields = ORGANIZATION_FIGURE_FIELDS if kind == "organization" else INDIVIDUAL_FIGURE_FIELDS
    labels = {} if kind == "organization" else {"quality_indicators": _("当年主要质量工作业绩")}
    return modelformset_factory(
        YearFigure, form=YearFigureForm, fields=fields, extra=0, labels=labels,
        widgets={"quality_indicators": forms.Textarea(attrs={"rows": 3})},
    )


class SelfAssessmentForm(forms.ModelForm):
    """The self-assessment of one category: a score between 0 and the category's maximum (GB/T 19580 scale)."""

    class Meta:
        model = SelfAssessment
        fields = ["text", "claimed_points"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["claimed_points"]
        field.widget.attrs.update({"min": "0", "step": "0.1", "data-self-score": ""})
        if self.instance.pk and self.instance.category_id:
            maximum = self.instance.category.points
            field.widget.attrs["max"] = str(maximum)
            field.help_text = _("0 至 %(max)s 分") % {"max": maximum}

    def clean_claimed_points(self):
        value = self.cleaned_data.get("claimed_points")
        if value is None:
            return value
        maximum = self.instance.category.points if self.instance.category_id else None
        if value < 0:
            raise forms.ValidationError(_("自评得分不能为负数。"))
        if maximum is not None and value > maximum:
            raise forms.ValidationError(
                _("自评得分不能超过该类目的满分 %(max)s 分。") % {"max": maximum}
            )
        return value


SelfAssessmentFormSet = modelformset_factory(SelfAssessment, form=SelfAssessmentForm, extra=0)

class AvoidanceForm(forms.ModelForm):
    """One entry of the avoid-list (Art. 12): its credit code or ID number through the one identity check."""

    class Meta:
        model = AvoidanceRequest
        fields = ["name", "credit_code", "id_number", "reason"]

    def clean_credit_code(self):
        value = self.cleaned_data.get("credit_code", "")
        return credit_code_clean(value) if value.strip() else ""

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        return id_number_clean(value) if value.strip() else ""


AvoidanceFormSet = inlineformset_factory(
    Application, AvoidanceRequest, form=AvoidanceForm, fields=["name", "credit_code", "id_number", "reason"],
    extra=1, can_delete=True,
)


class EvidenceForm(forms.Form):
    """One upload; `application_kind` limits the kinds to those that fit the applicant (EvidenceKind.for_kind)."""

    kind = forms.ChoiceField(label=_("材料类型"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPG 或 PNG,单个文件不超过 20 MB。"))

    def __init__(self, *args, application_kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        if application_kind is not None:
            self.fields["kind"].choices = [(k.value, k.label) for k in EvidenceKind.for_kind(application_kind)]


class SubmitForm(forms.Form):
    declares_truthful = forms.BooleanField(label=Application._meta.get_field("declares_truthful").verbose_name)
    declares_no_major_accident = forms.BooleanField(
        label=Application._meta.get_field("declares_no_major_accident").verbose_name
    )
    declares_no_violations = forms.BooleanField(
        label=Application._meta.get_field("declares_no_violations").verbose_name
    )
    signed_name = forms.CharField(label=_("签署人姓名"), max_length=50)

    error_messages = {"required": _("请勾选此项承诺。")}

    def declarations(self):
        return {
            name: self.cleaned_data.get(name, False)
            for name in ("declares_truthful", "declares_no_major_accident", "declares_no_violations")
        }


class EndorsementForm(forms.Form):
    decision = forms.ChoiceField(label=_("推荐结论"), choices=Endorsement.Decision.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(label=_("推荐意见"), widget=forms.Textarea(attrs={"rows": 5}))
    signed_name = forms.CharField(label=_("签署人"), max_length=50)


def _criterion_initial(criterion):
    """Judged criteria, and a batch's system checks that differ between its applications, start undecided."""
    if criterion.get("judged") or criterion.get("system_passed") is None:
        return None
    return "pass" if criterion["system_passed"] else "fail"


class QualificationForm(forms.Form):
    """One pass/fail choice and note per criterion, then the ruling with its reasons (Art. 19(二))."""

    decision = forms.ChoiceField(
        label=_("审查结论"), choices=QualificationReview.Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label=_("审查理由"), widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.DateField(label=_("补正截止日期(退回补正时必填)"), required=False, widget=DATE)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c_{criterion['code']}"] = forms.ChoiceField(
                label=f"{criterion['label']}({criterion['article']})",
                choices=[("pass", _("符合")), ("fail", _("不符合"))],
                widget=forms.RadioSelect,
                initial=_criterion_initial(criterion),
                error_messages={"required": _("请逐项作出认定。")},
                help_text=criterion.get("help", ""),
            )
            self.fields[f"n_{criterion['code']}"] = forms.CharField(
                label=_("意见"), required=False, max_length=300
            )

    def clean(self):
        data = super().clean()
        if data.get("decision") == QualificationReview.Decision.RETURN and not data.get("deadline"):
            self.add_error("deadline", _("退回补正须设定补正截止日期。"))
        return data

    def criteria_results(self):
        return [
            {
                "code": c["code"],
                "article": c["article"],
                "label": str(c["label"]),
                "passed": self.cleaned_data.get(f"c_{c['code']}") == "pass",
                "note": self.cleaned_data.get(f"n_{c['code']}", ""),
            }
            for c in self.criteria
        ]


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    starts_on = forms.DateField(label=_("公示开始日期"), widget=DATE)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("依据(国务院办公厅通知文号)"), max_length=200)
    days = forms.CharField(
        label=_("节假日与调休"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("每行一天:日期 休/班 说明。例如“2031-01-01 休 元旦”“2031-02-08 班 春节调休”。周一至周五默认上班、周末默认休息,只需列出例外。"),
    )

    def clean(self):
        data = super().clean()
        year, text = data.get("year"), data.get("days", "")
        parsed, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            try:
                day = date.fromisoformat(parts[0])
            except ValueError:
                errors.append(_("第 %(n)s 行:日期格式应为 YYYY-MM-DD。") % {"n": number})
                continue
            if len(parts) < 2 or parts[1] not in ("休", "班"):
                errors.append(_("第 %(n)s 行:请注明“休”或“班”。") % {"n": number})
                continue
            if year and day.year != year:
                errors.append(_("第 %(n)s 行:日期不在 %(year)s 年。") % {"n": number, "year": year})
                continue
            parsed.append((day, parts[1] == "班", " ".join(parts[2:])[:50]))
        if errors:
            raise forms.ValidationError(errors)
        data["parsed_days"] = parsed
        return data


class CycleWindowForm(forms.Form):
    application_opens = forms.DateField(label=_("申报开始日期"), widget=DATE)
    application_closes = forms.DateField(label=_("申报截止日期"), widget=DATE)
    reason = forms.CharField(label=_("调整理由"), max_length=300, help_text=_("将记入审计日志,并与调整日期一起显示在公开的申报通知中。"))


# --- The decision stage (SPEC §9–10) ---------------------------------------------------------------------------

class ProposalForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    award_kind = forms.ChoiceField(label=_("奖项"), choices=AwardKind.choices)
    remarks = forms.CharField(label=_("提名意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VacancyForm(forms.Form):
    award_kind = forms.ChoiceField(label=_("奖项"), choices=AwardKind.choices)
    reason = forms.CharField(label=_("空缺理由"), widget=forms.Textarea(attrs={"rows": 2}))


class DeliberationForm(forms.Form):
    meeting_name = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = forms.DateField(label=_("会议日期"), widget=DATE)
    members_present = forms.CharField(
        label=_("出席成员"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("逐一列出出席会议的领导小组成员姓名和职务。"),
    )
    summary = forms.CharField(label=_("审议意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for proposal in candidates:
            self.fields[f"d_{proposal.pk}"] = forms.ChoiceField(
                label=f"{proposal.application.applicant_name}({proposal.get_award_kind_display()})",
                choices=DeliberationDecision.Decision.choices, widget=forms.RadioSelect,
            )
            self.fields[f"r_{proposal.pk}"] = forms.CharField(
                label=_("备注"), required=False, widget=forms.TextInput
            )

    def decisions(self):
        return {
            p.pk: (self.cleaned_data[f"d_{p.pk}"], self.cleaned_data.get(f"r_{p.pk}", "")) for p in self.candidates
        }

    def rows(self):
        return [(p, self[f"d_{p.pk}"], self[f"r_{p.pk}"]) for p in self.candidates]


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("处理结论"), widget=forms.RadioSelect,
        choices=[("upheld", _("查实,取消资格")), ("dismissed", _("不予采纳"))],
    )
    reasons = forms.CharField(label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 4}))


class ApprovalForm(forms.Form):
    body = forms.ChoiceField(label=_("批准方式"), choices=ApprovalBody.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("批准日期"), widget=DATE)
    document_number = forms.CharField(
        label=_("文号"), max_length=100, help_text=_("例如:滨政字〔2026〕12号")
    )
    scan = forms.FileField(label=_("批准文件扫描件"), help_text=_("PDF 或图片,按内容检查。"))
    # The scan cannot travel through a separate confirmation page, so the confirmation is asked on the form itself.
    confirmed = forms.BooleanField(
        label=_("我已核对批准决定的日期、文号和扫描件,确认记录。记录后不能修改或删除。"),
        error_messages={"required": _("请勾选确认后再记录批准决定。")},
    )

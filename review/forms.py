"""Forms of the review pages. They validate input; the services decide (STYLE §1)."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import credit_code_clean
from accounts.models import Role, Sector
from award.models import Cycle

from .aggregation import BANDS
from .models import Agency, ConflictType, CorrectionLayer, RespondentGroup

# Each item is scored in 5 % steps; the steps fall exactly into the six bands (SPEC §7).
PERCENT_CHOICES = [("", "—")] + [
    (label, [(p, f"{p}%") for p in range(low, high + 1, 5)]) for low, high, label in BANDS
]


class PledgeForm(forms.Form):
    agree = forms.BooleanField(label=_("本人已阅读并承诺遵守上述保密与回避要求"))
    signed_name = forms.CharField(label=_("签署人姓名"), max_length=50)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ConflictDeclareForm(forms.Form):
    type = forms.ChoiceField(label=_("利害关系类型"), choices=ConflictType.choices)
    reason = forms.CharField(label=_("具体情况"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class ConflictFlagForm(ConflictDeclareForm):
    expert = forms.ModelChoiceField(label=_("评审专家"), queryset=get_user_model().objects.none())

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.order_fields(["expert", "type", "reason"])


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "credit_code", "contact_name", "contact_phone", "approved_at", "approval_reference"]
        widgets = {"approved_at": forms.DateInput(attrs={"type": "date"})}

    def clean_credit_code(self):
        return credit_code_clean(self.cleaned_data.get("credit_code", ""))


class PanelForm(forms.Form):
    sector = forms.ChoiceField(label=_("产业"), choices=Sector.choices)
    name = forms.CharField(label=_("评审组名称"), max_length=100)
    leader = forms.ModelChoiceField(label=_("组长"), queryset=get_user_model().objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(label=_("成员"), queryset=get_user_model().objects.none(),
                                             required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        experts = get_user_model().objects.filter(role=Role.EXPERT, expert_profile__is_active=True).order_by("id")
        self.fields["leader"].queryset = experts
        self.fields["members"].queryset = experts


class PercentageField(forms.Field):
    """An item's score as typed (SPEC §7): a whole percentage in 5 % steps from 0 to 100, "%" and full-width
    digits allowed; empty means not scored yet. A refused value keeps the form from saving and says why next to
    the field, with the item's maximum (issue 9 point 5)."""

    def __init__(self, *, item, **kwargs):
        self.item = item
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value)
        text = text.translate(_FULL_WIDTH).replace(" ", "").replace("\u3000", "").rstrip("%")
        if text == "":
            return None
        if not text.isdigit():
            raise forms.ValidationError(_("请填写0到100之间的整数(得分比例的百分数)。"), code="invalid")
        pct = int(text)
        if pct > 100:
            raise forms.ValidationError(
                _("得分比例最高100%%(本条款满分%(points)s分),%(value)s%%超过了满分。")
                % {"points": self.item.points, "value": pct}, code="max_value")
        if pct % 5:
            low = pct - pct % 5
            raise forms.ValidationError(
                _("得分比例须为5%%的整数倍:%(value)s%%不是,可填%(low)s%%或%(high)s%%。")
                % {"value": pct, "low": low, "high": low + 5}, code="step")
        return pct


_FULL_WIDTH = str.maketrans("０１２３４５６７８９％", "0123456789%")


class ScorecardForm(forms.Form):
    """One percentage field per item (typed: 0–100 % in 5 % steps) and strengths/improvements per category."""

    def __init__(self, *args, items, categories, with_comments=True, with_findings=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items, self.categories = items, categories
        for item in items:
            self.fields[f"item_{item.pk}"] = PercentageField(
                item=item, label=f"{item.code} {item.name}",
                # read by static/js/review-scoring.js for the live total, hints and draft saving; the server
                # checks and recomputes everything on save
                widget=forms.TextInput(attrs={
                    "data-points": item.points, "data-category": item.category_id, "inputmode": "numeric",
                    "autocomplete": "off", "size": 4, "maxlength": 8, "class": "score-input",
                    "aria-describedby": f"id_item_{item.pk}-max id_item_{item.pk}-hint",
                }),
            )
        if with_comments:
            for category in categories:
                self.fields[f"strengths_{category.pk}"] = forms.CharField(
                    label=_("优势"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
                self.fields[f"improvements_{category.pk}"] = forms.CharField(
                    label=_("改进机会"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
        if with_findings:
            self.fields["findings"] = forms.CharField(label=_("现场评审发现"), required=False,
                                                      widget=forms.Textarea(attrs={"rows": 5}))

    def focus_first(self):
        """Autofocus the first item with an error, else the first not yet scored: the keyboard starts there."""
        names = [f"item_{i.pk}" for i in self.items]
        if self.is_bound:
            wanted = next((n for n in names if n in self.errors), None)
        else:
            wanted = next((n for n in names if self.initial.get(n) in (None, "")), None)
        if wanted:
            self.fields[wanted].widget.attrs["autofocus"] = True

    def percentages(self):
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}

    def comments(self):
        return {
            c.pk: (self.cleaned_data.get(f"strengths_{c.pk}", ""), self.cleaned_data.get(f"improvements_{c.pk}", ""))
            for c in self.categories if f"strengths_{c.pk}" in self.fields
        }


class ConsensusForm(forms.Form):
    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=f"{item.code} {item.name}({item.points}分)", choices=PERCENT_CHOICES, coerce=int,
                empty_value=None, required=False)
            self.fields[f"reason_{item.pk}"] = forms.CharField(label=_("共识理由"), required=False, max_length=500)

    def scores(self):
        return {i.pk: (self.cleaned_data.get(f"item_{i.pk}"), self.cleaned_data.get(f"reason_{i.pk}", ""))
                for i in self.items if self.cleaned_data.get(f"item_{i.pk}") is not None}


class DiscussionPostForm(forms.Form):
    body = forms.CharField(label=_("留言"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ConsensusOpenForm(forms.Form):
    reason = forms.CharField(label=_("发起理由"), max_length=300,
                             help_text=_("例如:专家对“过程管理”类目的评分差异较大,需合议。"))


class ConsensusNoteForm(forms.Form):
    note = forms.CharField(label=_("共识意见"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("共识意见将写入资料评审报告并反馈申报方,请勿写明专家姓名。"))


class SiteVisitForm(forms.Form):
    scheduled_for = forms.DateField(label=_("现场评审日期"), widget=forms.DateInput(attrs={"type": "date"}))
    leader = forms.ModelChoiceField(label=_("组长"), queryset=get_user_model().objects.none())
    members = forms.ModelMultipleChoiceField(label=_("组员"), queryset=get_user_model().objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = experts
        self.fields["members"].queryset = experts


class SiteReportForm(forms.Form):
    findings = forms.CharField(label=_("主要发现"), widget=forms.Textarea(attrs={"rows": 4}))
    report = forms.CharField(label=_("现场评审报告"), widget=forms.Textarea(attrs={"rows": 8}))


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("问卷标题"), max_length=200)
    intro = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateTimeField(label=_("截止时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    questions = forms.CharField(label=_("题目(每行一题)"), widget=forms.Textarea(attrs={"rows": 8}))

    def question_list(self):
        return [line for line in self.cleaned_data["questions"].splitlines() if line.strip()]


class RespondentsForm(forms.Form):
    rows = forms.CharField(
        label=_("测评对象(每行一人:类别,姓名,电子邮箱)"),
        help_text=_("类别填写:顾客、员工、社区及相关方;个人申报填写:同事、服务对象。没有电子邮箱的可以不填,添加后打印邀请单交给本人。"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_rows(self):
        labels = {str(label): value for value, label in RespondentGroup.choices}
        allowed = RespondentGroup.for_kind(self.kind)
        rows = []
        for n, line in enumerate(self.cleaned_data["rows"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace(",", ",").split(",")]
            parts += [""] * (3 - len(parts))
            group = labels.get(parts[0], parts[0])
            if group not in allowed:
                raise forms.ValidationError(_("第%(n)s行:类别“%(g)s”不适用于该申报。") % {"n": n, "g": parts[0]})
            if parts[2]:
                forms.EmailField().clean(parts[2])
            rows.append((group, parts[1], parts[2]))
        if not rows:
            raise forms.ValidationError(_("请至少填写一行。"))
        return rows


class SurveyForm(forms.Form):
    RATINGS = [(5, _("非常满意")), (4, _("满意")), (3, _("一般")), (2, _("不满意")), (1, _("非常不满意"))]

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for q in questions:
            self.fields[f"q_{q.pk}"] = forms.TypedChoiceField(label=q.text, choices=self.RATINGS, coerce=int,
                                                              widget=forms.RadioSelect)

    def ratings(self):
        return {int(k[2:]): v for k, v in self.cleaned_data.items()}


class StandardEditForm(forms.Form):
    """A draft standard's name, category names and item names and points; points of categories follow."""

    name = forms.CharField(label=_("标准名称"), max_length=200)

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.standard = standard
        self.fields["name"].initial = standard.name
        self.rows = []
        for category in standard.categories.prefetch_related("items").order_by("position", "id"):
            key = f"category_{category.pk}"
            self.fields[key] = forms.CharField(label=_("类目名称"), max_length=100, initial=category.name)
            items = []
            for item in category.items.order_by("position", "id"):
                self.fields[f"item_{item.pk}_name"] = forms.CharField(label=_("条款名称"), max_length=100,
                                                                      initial=item.name)
                self.fields[f"item_{item.pk}_points"] = forms.IntegerField(label=_("分值"), min_value=1,
                                                                           initial=item.points)
                items.append({"item": item, "name": self[f"item_{item.pk}_name"],
                              "points": self[f"item_{item.pk}_points"]})
            self.rows.append({"category": category, "name": self[key], "items": items})

    def categories(self):
        return {row["category"].pk: self.cleaned_data[f"category_{row['category'].pk}"] for row in self.rows}

    def items(self):
        return {i["item"].pk: (self.cleaned_data[f"item_{i['item'].pk}_name"],
                               self.cleaned_data[f"item_{i['item'].pk}_points"])
                for row in self.rows for i in row["items"]}


class StandardApproveForm(forms.Form):
    approved_at = forms.DateField(label=_("领导小组批准日期"), widget=forms.DateInput(attrs={"type": "date"}))
    approval_reference = forms.CharField(label=_("批准文件/会议"), max_length=200,
                                         help_text=_("如:滨质强领字〔2025〕2号或第3次领导小组会议纪要"))


# --- the expert pool (SPEC §6) ------------------------------------------------------------------------------------


class CorrectionOpenForm(forms.Form):
    """Issue 8: the office opens a correction of a confirmed result, with its reason and the article it rests on."""

    layer = forms.ChoiceField(label=_("更正范围"), choices=CorrectionLayer.choices, widget=forms.RadioSelect)
    article = forms.CharField(label=_("依据条款"), max_length=100,
                              help_text=_("例如:《滨州市市长质量奖管理办法》第十二条(回避)、第二十条(资料评审)"))
    reason = forms.CharField(label=_("更正理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("说明发现的问题、来源(如监督意见、投诉)和需要更正的内容。"))


class CorrectionCloseForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewDeadlinesForm(forms.ModelForm):
    """SPEC §7, §8: the experts' scoring deadlines, which the office may set or move while review runs; reminders
    go out three days before (review.reminders)."""

    class Meta:
        model = Cycle
        fields = ["document_scoring_deadline", "site_scoring_deadline"]
        widgets = {"document_scoring_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "site_scoring_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

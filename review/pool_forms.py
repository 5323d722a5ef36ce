"""Forms of the expert pool (SPEC §6): an expert's account, the spreadsheet import and the profile the conflict
rules read (Art. 12), with its rows. They validate input; the services decide (STYLE §1)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.identifiers import credit_code_clean
from accounts.models import Sector

from .models import ConsultingClient
from .services.pool import expert_row_clean, keywords_parse


class ExpertCreateForm(forms.Form):
    """One expert for the pool; the rows' own validation (review.services.pool.expert_row_clean) runs in clean()."""

    full_name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("居民身份证号码"), max_length=18)
    phone = forms.CharField(label=_("手机号码"), max_length=30)
    email = forms.EmailField(label=_("电子邮箱"), help_text=_("账号激活链接和评审通知发送到这里。"))
    affiliation = forms.CharField(label=_("工作单位"), max_length=200)
    affiliation_credit_code = forms.CharField(label=_("工作单位统一社会信用代码"), max_length=18)
    title = forms.CharField(label=_("职称/职务"), max_length=100, required=False)
    sectors = forms.MultipleChoiceField(label=_("擅长产业"), choices=Sector.choices,
                                        widget=forms.CheckboxSelectMultiple)
    keywords = forms.CharField(label=_("专业领域关键词"), max_length=300, required=False,
                               help_text=_("用顿号分隔,如:质量管理、卓越绩效、食品安全。分配时用于匹配申报。"))
    username = forms.CharField(label=_("登录用户名"), max_length=150, required=False,
                               help_text=_("可不填,默认为手机号码。"))

    def clean(self):
        data = dict(self.cleaned_data)
        data["sectors"] = ",".join(data.get("sectors") or [])
        clean, errors = expert_row_clean(data)
        for name, message in errors.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        self.row = clean
        return self.cleaned_data


class ExpertImportForm(forms.Form):
    file = forms.FileField(label=_("专家库文件(.xlsx)"), help_text=_("请用下载的模板填写;任何一行有误时整批不导入。"))


class ExpertProfileForm(forms.Form):
    affiliation = forms.CharField(label=_("现工作单位"), max_length=200)
    affiliation_credit_code = forms.CharField(label=_("现工作单位统一社会信用代码"), max_length=18)
    title = forms.CharField(label=_("职称/职务"), max_length=100, required=False)
    sectors = forms.MultipleChoiceField(label=_("擅长产业"), choices=Sector.choices,
                                        widget=forms.CheckboxSelectMultiple)
    keywords = forms.CharField(label=_("专业领域关键词"), max_length=300, required=False,
                               help_text=_("用顿号分隔,如:质量管理、卓越绩效、食品安全。"))

    def clean_affiliation_credit_code(self):
        return _credit_code(self.cleaned_data["affiliation_credit_code"])

    def clean_keywords(self):
        return keywords_parse(self.cleaned_data["keywords"])  # its ValidationError becomes the field's error


def _credit_code(value):
    try:
        return credit_code_clean(value)
    except ValidationError as error:
        raise forms.ValidationError(error.messages) from None


class _CodedRowForm(forms.Form):
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18)

    def clean_credit_code(self):
        return _credit_code(self.cleaned_data["credit_code"])


class EmploymentRowForm(_CodedRowForm):
    employer = forms.CharField(label=_("曾任职单位"), max_length=200)
    from_year = forms.IntegerField(label=_("起始年份"), min_value=1950, max_value=2100)
    to_year = forms.IntegerField(label=_("截止年份"), min_value=1950, max_value=2100)
    field_order = ["employer", "credit_code", "from_year", "to_year"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_year") and cleaned.get("to_year") and cleaned["to_year"] < cleaned["from_year"]:
            self.add_error("to_year", _("截止年份不能早于起始年份。"))
        return cleaned


class ClientRowForm(_CodedRowForm):
    kind = forms.ChoiceField(label=_("服务类型"), choices=ConsultingClient.Kind.choices)
    client = forms.CharField(label=_("服务对象"), max_length=200)
    year = forms.IntegerField(label=_("年份"), min_value=1950, max_value=2100)
    field_order = ["kind", "client", "credit_code", "year"]


class HoldingRowForm(_CodedRowForm):
    company = forms.CharField(label=_("持股单位"), max_length=200)
    since_year = forms.IntegerField(label=_("起始年份"), min_value=1950, max_value=2100, required=False)
    until_year = forms.IntegerField(label=_("截止年份"), min_value=1950, max_value=2100, required=False,
                                    help_text=_("仍持有的不填"))
    field_order = ["company", "credit_code", "since_year", "until_year"]


class RelativeRowForm(_CodedRowForm):
    relation = forms.CharField(label=_("亲属关系"), max_length=30, help_text=_("如:配偶、子女、兄弟姐妹"))
    employer = forms.CharField(label=_("亲属工作单位"), max_length=200)
    field_order = ["relation", "employer", "credit_code"]


def profile_row_formset(form_class, *, prefix, data=None, initial=None):
    formset = forms.formset_factory(form_class, extra=1, can_delete=True)
    return formset(data, initial=initial, prefix=prefix)


def formset_rows(formset):
    """The rows kept: filled in and not marked for deletion (an untouched blank row is skipped)."""
    return [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"} for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")]

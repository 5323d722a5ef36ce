"""Forms of the public site (no login): objections to a notice (Art. 19(六)), filed by real name."""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.identifiers import id_number_clean, looks_like_id_number

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def validate_contact(value):
    """Real-name objections (Art. 19(六)): a valid resident ID number or a mainland mobile or landline number."""
    value = value.strip().replace(" ", "")
    if PHONE.match(value):
        return
    if looks_like_id_number(value):
        id_number_clean(value)  # the one identity check; its refusal says which character is wrong
        return
    raise ValidationError(_("请填写有效的居民身份证号码或联系电话(手机号或带区号的固定电话)。"))


class ObjectionForm(forms.Form):
    application = forms.TypedChoiceField(label=gettext_lazy("异议对象"), coerce=int)
    name = forms.CharField(label=gettext_lazy("真实姓名"), max_length=50)
    contact = forms.CharField(
        label=gettext_lazy("身份证号或联系电话"), max_length=50, validators=[validate_contact],
        help_text=gettext_lazy("仅用于核实和反馈,不公开。"),
    )
    content = forms.CharField(
        label=gettext_lazy("异议内容"), min_length=10, max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("请写明事实和理由。"),
    )
    evidence = forms.FileField(
        label=gettext_lazy("证据材料(可选)"), required=False,
        help_text=gettext_lazy("PDF 或图片一件,按内容检查,只有评审监督小组和领导小组办公室可以查看。"),
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.entries = {e.application_id: e for e in notice.entries.select_related("application")}
        self.fields["application"].choices = [("", "—")] + [(pk, e.label) for pk, e in self.entries.items()]

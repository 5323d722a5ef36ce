"""Forms of the accounts pages: registration, profiles with certifications, staff accounts.

Forms validate and normalise what a person typed and show the error next to the field, in Chinese; they never
save. The views hand `cleaned_data` to the services in accounts/services.py, which create or change the rows.
"""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .identifiers import credit_code_clean, id_number_clean
from .models import Certification, IndividualProfile, OrganizationProfile, Recommender, Role
from .services import ACCOUNT_FORM_ROLES, INDIVIDUAL_EDITABLE, ORGANIZATION_EDITABLE

User = get_user_model()


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message, code="future")
    return value


# --- account ---------------------------------------------------------------------------------------------------


class AccountForm(forms.Form):
    """Login name, e-mail and a password typed twice, checked by Django's password validators."""

    username = forms.CharField(
        label=_("登录用户名"),
        max_length=150,
        help_text=_("不超过 150 个字符,可用字母、数字和 @ . + - _。"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        help_text=_("评审进展的通知会发到这个邮箱。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 个字符,不能与用户名相似,不能是常见密码或纯数字。"),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("再输入一次密码,以免输错。"),
    )

    # Self-registration does not say whether a username is taken (the service's one generic refusal, issue 11);
    # the office creating a staff account is told (StaffAccountForm).
    says_username_taken = False

    def clean_username(self):
        username = User.normalize_username(self.cleaned_data["username"])
        for validator in User._meta.get_field("username").validators:
            validator(username)
        if self.says_username_taken and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用,请换一个。"), code="duplicate")
        return username

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(_("两次输入的密码不一致。"), code="mismatch"))
        elif password2:
            candidate = self.password_candidate(cleaned)
            try:
                password_validation.validate_password(password2, candidate)
            except forms.ValidationError as error:
                self.add_error("password2", error)
        return cleaned

    @property
    def password(self):
        return self.cleaned_data["password2"]

    def password_candidate(self, cleaned):
        """The account the password is for, as the validators see it: an applicant here (Django's default policy;
        accounts/passwords.py)."""
        return User(
            username=cleaned.get("username", ""), email=cleaned.get("email", ""), role=Role.ORGANIZATION
        )


# --- organizations ---------------------------------------------------------------------------------------------

ART16_HELP = _("第十六条鼓励对象,仅作为同等条件下的优先参考,不加分。")


class OrganizationProfileForm(forms.ModelForm):
    """The organization's standing data (Art. 15, 16). `credit_code` is asked only at registration."""

    # Longer than the stored 18 characters so that a code typed with spaces reaches the check and is compacted.
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        help_text=_("18 位,见营业执照。系统按国家标准 GB 32100 核对校验位。"),
    )

    class Meta:
        model = OrganizationProfile
        # The code is set at registration only (it keys conflict checks); the rest the organization keeps.
        fields = ["name", "credit_code", *ORGANIZATION_EDITABLE[1:]]
        widgets = {"registration_date": date_input()}
        help_texts = {
            "name": _("与营业执照一致的全称。"),
            "registration_date": _("营业执照上的成立日期。第十五条要求在滨州依法注册登记并运营 5 年以上。"),
            "sector": _("决定由哪一个产业专项评审组评审。"),
            "industry": _("例如:化工、纺织、食品加工、软件和信息技术服务。"),
            "size": _("按国家统计局大中小微型企业划分办法。"),
            "has_own_ip": format_lazy("{}{}", _("中小企业拥有自主知识产权的,请勾选。"), ART16_HELP),
            "leads_standards": format_lazy("{}{}", _("中小企业主导制定国家标准或国际标准的,请勾选。"), ART16_HELP),
            "is_modern_agriculture": format_lazy("{}{}", _("从事现代农业的,请勾选。"), ART16_HELP),
            "is_strategic_emerging": format_lazy("{}{}", _("属于战略性新兴产业的,请勾选。"), ART16_HELP),
            "is_new_service": format_lazy("{}{}", _("属于新型服务业的,请勾选。"), ART16_HELP),
        }

    def __init__(self, *args, with_credit_code=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_credit_code:
            # The code keys conflict-of-interest checks (Art. 12); after registration only the office changes it.
            del self.fields["credit_code"]

    def clean_credit_code(self):
        # Whether the code is registered is the service's to say, in a refusal that does not tell (issue 11).
        return credit_code_clean(self.cleaned_data["credit_code"])

    def validate_unique(self):
        # The model's unique check would name the taken credit code; organization_register refuses it generically.
        pass

    def clean_registration_date(self):
        return not_in_future(self.cleaned_data["registration_date"], _("注册登记日期不能晚于今天。"))


class CertificationForm(forms.ModelForm):
    """One management-system certificate, Art. 15(三)."""

    class Meta:
        model = Certification
        fields = ["kind", "standard", "number", "issuer", "valid_from", "valid_until"]
        widgets = {"valid_from": date_input(), "valid_until": date_input()}
        help_texts = {"standard": _("例如 GB/T 19001-2016")}

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error(
                "valid_until", forms.ValidationError(_("有效期至不能早于有效期起。"), code="range")
            )
        return cleaned

    def _post_clean(self):
        # The range is checked above with a readable message; skip the model's constraint message for it.
        if "valid_until" in self.errors:
            return
        super()._post_clean()


class BaseCertificationFormSet(forms.BaseInlineFormSet):
    default_error_messages = {"too_few_forms": _("请至少填写一项管理体系认证(第十五条)。")}

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        numbers = [
            (form.cleaned_data.get("kind"), form.cleaned_data.get("number"))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("同一证书填写了两次,请删除重复的一行。"), code="duplicate")

    def as_service_data(self) -> list[dict]:
        """The kept rows as plain dicts for the services; an existing row carries its `id`, deleted rows are left out."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            row = {name: data[name] for name in CertificationForm.Meta.fields}
            if form.instance.pk:
                row["id"] = form.instance.pk
            rows.append(row)
        return rows


def certification_formset(*, extra=1, can_delete=True):
    """At least one certificate (Art. 15(三)); with `can_delete` rows can be removed with their delete box."""
    return inlineformset_factory(
        OrganizationProfile,
        Certification,
        form=CertificationForm,
        formset=BaseCertificationFormSet,
        extra=extra,
        min_num=1,
        validate_min=True,
        can_delete=can_delete,
    )


# Registration: one required row and one optional; more are added on the profile page.
RegistrationCertificationFormSet = certification_formset(extra=1, can_delete=False)
# Profile: the organization's certificates, one blank row to add another, a delete box on each.
ProfileCertificationFormSet = certification_formset(extra=1)


# --- individuals -----------------------------------------------------------------------------------------------


class IndividualProfileForm(forms.ModelForm):
    """The individual's standing data (Art. 17). `id_number` is asked only at registration and never shown again."""

    # Longer than the stored 18 characters so that a number typed with spaces reaches the check and is compacted.
    id_number = forms.CharField(
        label=_("居民身份证号码"),
        max_length=30,
        help_text=_("18 位,最后一位可为 X。系统按国家标准 GB 11643 核对校验位和出生日期。"),
    )
    employer_credit_code = forms.CharField(
        label=_("工作单位统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=_("选填。填写后按国家标准核对校验位。"),
    )

    class Meta:
        model = IndividualProfile
        fields = ["name", "id_number", *INDIVIDUAL_EDITABLE[1:]]
        widgets = {"quality_work_since": date_input()}
        help_texts = {
            "quality_work_since": _("第十七条要求在滨州工作或从事质量工作 5 年以上。"),
        }

    def __init__(self, *args, with_id_number=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_id_number:
            del self.fields["id_number"]

    def clean_id_number(self):
        # Whether the number is registered is the service's to say, in a refusal that does not tell (issue 11).
        return id_number_clean(self.cleaned_data["id_number"])

    def validate_unique(self):
        # The model's unique check would name the taken ID number; individual_register refuses it generically.
        pass

    def clean_employer_credit_code(self):
        value = self.cleaned_data.get("employer_credit_code", "")
        return credit_code_clean(value) if value.strip() else ""

    def clean_quality_work_since(self):
        return not_in_future(self.cleaned_data["quality_work_since"], _("起始日期不能晚于今天。"))


# --- staff accounts --------------------------------------------------------------------------------------------


class StaffAccountForm(AccountForm):
    """The office creates an account for a recommender, the agency, a supervisor, the leading group or office staff."""

    field_order = ["role", "recommender", "full_name", "username", "email", "password1", "password2"]
    says_username_taken = True

    role = forms.ChoiceField(
        label=_("角色"), choices=[("", "---------")] + [(r.value, r.label) for r in ACCOUNT_FORM_ROLES]
    )
    recommender = forms.ModelChoiceField(
        label=_("推荐单位"),
        queryset=Recommender.objects.filter(is_active=True),
        required=False,
        help_text=_("角色为推荐单位时必选;其他角色不选。"),
    )
    full_name = forms.CharField(label=_("姓名或名称"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("初始密码")
        self.fields["password1"].help_text = _(
            "至少 12 个字符,不能包含用户名或姓名,不能是常见密码或纯数字(工作人员账号密码要求)。"
        )
        self.fields["password2"].help_text = _("请将初始密码安全地告知本人,并提醒其登录后修改。")

    def password_candidate(self, cleaned):
        """A staff account: the staff password policy (accounts/passwords.py) applies, whatever role is chosen."""
        return User(
            username=cleaned.get("username", ""),
            email=cleaned.get("email", ""),
            full_name=cleaned.get("full_name", ""),
            role=cleaned.get("role") or Role.OFFICE,
        )

    def clean(self):
        cleaned = super().clean()
        role, recommender = cleaned.get("role"), cleaned.get("recommender")
        if role == Role.RECOMMENDER and recommender is None:
            self.add_error(
                "recommender", forms.ValidationError(_("请选择该账号所属的推荐单位。"), code="required")
            )
        if role and role != Role.RECOMMENDER and recommender is not None:
            self.add_error(
                "recommender", forms.ValidationError(_("只有推荐单位账号才选择推荐单位。"), code="invalid")
            )
        return cleaned


class RecommenderForm(forms.ModelForm):
    class Meta:
        model = Recommender
        fields = ["name", "kind", "district"]
        help_texts = {"district": _("县(区)政府或开发区管委会填写所辖区域;市直部门可不填。")}


# --- sign-in -----------------------------------------------------------------------------------------------------


class TwoFactorCodeForm(forms.Form):
    """Six digits from the authenticator app, or one recovery code (accounts/twofactor.py)."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=20,
        help_text=_("打开手机上的身份验证器,输入显示的 6 位数字;手机不在身边时可输入一个恢复码。"),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "autofocus": True,
        }),
    )


class TwoFactorEnrolForm(forms.Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=10,
        help_text=_("扫描二维码后,输入身份验证器显示的 6 位数字,以确认绑定成功。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TwoFactorResetForm(forms.Form):
    """Why the office resets someone's second factor (kept in the audit log and told to the person)."""

    reason = forms.CharField(
        label=_("重置原因"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如:本人来电,手机丢失且恢复码已用完;已核实本人身份。原因会记入审计日志并告知本人。"),
        error_messages={"required": _("请填写重置的原因。")},
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("请填写重置的原因。"), code="required")
        return reason

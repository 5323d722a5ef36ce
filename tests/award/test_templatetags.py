"""The shared look (SPEC §15–16): award_tags filters and tags, base.html, the partials and the error pages."""
import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template import Context, engines
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.urls import include, path
from django.utils import timezone

from award.models import Cycle, CycleStage
from award.templatetags.award_tags import cycle_progress, days_left, masked_id, state_family, yuan
from tests.factories.accounts import NotificationFactory, OrganizationUserFactory


def _view(request):
    return HttpResponse("")


class NavUrls:
    """A URLconf with every URL name base.html links to, for pages built before the real views exist."""

    urlpatterns = [
        path("i18n/", include("django.conf.urls.i18n")),
        path(
            "",
            include(
                ([path("", _view, name="home"), path("notices/", _view, name="notice_list")], "award"),
            ),
        ),
        path(
            "accounts/",
            include(
                (
                    [
                        path("", _view, name="dashboard"),
                        path("inbox/", _view, name="inbox"),
                        path("login/", _view, name="login"),
                        path("register/", _view, name="register"),
                        path("logout/", _view, name="logout"),
                        path("language/", _view, name="language"),
                    ],
                    "accounts",
                )
            ),
        ),
    ]


class NoUrls:
    urlpatterns = []


@pytest.fixture
def nav_urls(settings):
    settings.ROOT_URLCONF = NavUrls


def _render(source, context=None, *, user=None, path="/accounts/"):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return engines["django"].from_string(source).render(context or {}, request=request)


def _page(template_name, context=None, *, user=None, path="/accounts/"):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return render_to_string(template_name, context or {}, request=request)


# ---------- filters ----------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (300_000, "30 万元"),
        (12_345, "12,345 元"),
        (1_230_000, "123 万元"),
        (0, "0 元"),
        (Decimal("1500.50"), "1,500.50 元"),
        (Decimal("50000.00"), "5 万元"),
        (None, ""),
    ],
    ids=["prize-in-wan", "not-whole-wan", "large-wan", "zero", "fraction", "decimal-whole-wan", "none"],
)
def test_yuan_formats_amounts(amount, expected):
    # Art. 4: the organization prize is 300,000 yuan, written "30 万元" in the regulation's style.
    assert yuan(amount) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("37160219800101123X", "371602********123X"), ("123", "***"), ("", ""), (None, "")],
    ids=["id-number", "too-short", "empty", "none"],
)
def test_masked_id_hides_the_middle_of_an_id_number(value, expected):
    assert masked_id(value) == expected


@pytest.mark.parametrize(
    ("state", "family"),
    [
        ("draft", "draft"),
        ("withdrawn", "draft"),
        ("submitted", "progress"),
        ("endorsed", "progress"),
        ("site_review", "progress"),
        ("qualified", "passed"),
        ("awarded", "passed"),
        ("declined", "failed"),
        ("not_qualified", "failed"),
        ("disqualified", "failed"),
        ("returned", "returned"),
        ("something_new", "progress"),
    ],
    ids=lambda value: value,
)
def test_state_family_groups_application_states_by_colour(state, family):
    assert state_family(state) == family


def test_days_left_counts_whole_days_from_today():
    today = timezone.localdate()

    assert [days_left(today + datetime.timedelta(days=3)), days_left(today), days_left("soon")] == [3, 0, ""]


# ---------- cycle progress ----------


def _cycle(stage):
    return Cycle(
        number=3,
        year=2025,
        stage=stage,
        application_opens=datetime.date(2025, 1, 1),
        application_closes=datetime.date(2025, 3, 31),
    )


def test_cycle_progress_marks_earlier_stages_done_and_later_ones_upcoming():
    context = cycle_progress(_cycle(CycleStage.SITE_REVIEW))

    statuses = [(stage["value"], stage["status"]) for stage in context["stages"]]

    assert statuses == [
        ("draft", "done"),
        ("open", "done"),
        ("qualification", "done"),
        ("document_review", "done"),
        ("site_review", "current"),
        ("comprehensive_review", "upcoming"),
        ("public_notice", "upcoming"),
        ("approval", "upcoming"),
        ("awarded", "upcoming"),
        ("closed", "upcoming"),
    ]


def test_cycle_progress_renders_an_ordered_list_with_the_current_step():
    html = _render("{% load award_tags %}{% cycle_progress cycle %}", {"cycle": _cycle(CycleStage.QUALIFICATION)})

    items = re.findall(r"<li class=\"stage stage-(\w+)\"( aria-current=\"step\")?>", html)

    assert "<ol>" in html
    assert len(items) == len(CycleStage.values)
    assert [status for status, current in items if current] == ["current"]
    assert re.search(r'aria-current="step">.*?资格审查', html, re.S)


def test_cycle_progress_without_a_cycle_renders_nothing():
    html = _render("{% load award_tags %}{% cycle_progress cycle %}", {"cycle": None})

    assert html.strip() == ""


# ---------- partials ----------


class SampleForm(forms.Form):
    name = forms.CharField(label="组织名称", help_text="与营业执照一致。")
    founded = forms.DateField(label="注册登记日期", widget=forms.DateInput(attrs={"type": "date"}))
    sector = forms.ChoiceField(label="所属产业", choices=[("1", "第一产业"), ("2", "第二产业")])
    size = forms.ChoiceField(label="企业规模", choices=[("l", "大型"), ("m", "中型")], widget=forms.RadioSelect)
    license = forms.FileField(label="营业执照", required=False)
    agree = forms.BooleanField(label="我承诺所填信息真实")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("申报截止日期已过。")


def _form_html(form):
    return _render('{% include "includes/form.html" with form=form %}', {"form": form})


def test_form_partial_ties_labels_help_and_errors_to_inputs():
    form = SampleForm(data={"name": "", "founded": "2010-05-01", "sector": "1", "size": "l", "agree": "on"})
    form.is_valid()

    html = _form_html(form)

    assert re.search(r'<label for="id_name">组织名称<span class="req" aria-hidden="true">\*</span></label>', html)
    assert 'id="id_name_helptext"' in html
    assert 'id="id_name_error"' in html
    assert re.search(r'<input[^>]*aria-describedby="id_name_helptext id_name_error"[^>]*id="id_name"', html)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_name"', html)


def test_form_partial_shows_non_field_errors_as_an_alert():
    form = SampleForm(data={"name": "某公司", "founded": "2010-05-01", "sector": "1", "size": "l", "agree": "on"})
    form.is_valid()

    html = _form_html(form)

    assert re.search(r'<div class="form-errors" role="alert">.*申报截止日期已过。', html, re.S)


def test_form_partial_renders_every_kind_of_widget():
    html = _form_html(SampleForm())

    assert re.search(r'<input type="date" name="founded"', html)
    assert '<select name="sector"' in html
    assert re.search(r"<fieldset>\s*<legend>企业规模", html)
    assert '<input type="file" name="license"' in html
    assert re.search(r'<input type="checkbox" name="agree"[^>]*>\s*<label for="id_agree">我承诺所填信息真实', html)
    assert '<input type="hidden" name="token"' in html
    assert "<label for=\"id_token\"" not in html


def test_formset_partial_renders_one_row_per_form_with_labelled_inputs():
    class YearForm(forms.Form):
        year = forms.IntegerField(label="年度")
        revenue = forms.DecimalField(label="营业收入(万元)")

    formset_class = forms.formset_factory(YearForm, extra=0, can_delete=True)
    formset = formset_class(initial=[{"year": 2023}, {"year": 2024}])

    html = _render('{% include "includes/formset.html" with formset=formset %}', {"formset": formset})

    assert 'name="form-TOTAL_FORMS"' in html
    assert html.count('<tr class="formset-row') == 2
    assert '<label class="visually-hidden formset-label" for="id_form-1-revenue">营业收入(万元)</label>' in html
    assert 'name="form-1-DELETE"' in html


@pytest.mark.parametrize(
    ("state", "css"),
    [("draft", "badge-draft"), ("submitted", "badge-progress"), ("awarded", "badge-passed"),
     ("not_qualified", "badge-failed"), ("returned", "badge-returned")],
    ids=["draft", "in-progress", "passed", "failed", "returned"],
)
def test_state_badge_colours_by_state_family_and_shows_the_label(state, css):
    html = _render(
        '{% include "includes/state_badge.html" with state=state label="标签" %}', {"state": state}
    ).strip()

    assert html == f'<span class="badge {css}" data-state="{state}">标签</span>'


def test_state_badge_family_argument_overrides_the_colour():
    html = _render('{% include "includes/state_badge.html" with state="custom" label="已审议" family="passed" %}')

    assert 'class="badge badge-passed"' in html


def test_next_step_shows_the_deadline_and_days_left():
    deadline = timezone.localdate() + datetime.timedelta(days=5)

    html = _render(
        '{% include "includes/next_step.html" with title="提交申报表" deadline=deadline url="/x/" button="去填写" %}',
        {"deadline": deadline},
    )

    assert "提交申报表" in html
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in html
    assert "还剩 5 天" in html
    assert '<a class="btn btn-primary" href="/x/">去填写</a>' in html


def test_next_step_says_when_the_deadline_has_passed():
    html = _render(
        '{% include "includes/next_step.html" with title="补正" deadline=deadline %}',
        {"deadline": timezone.localdate() - datetime.timedelta(days=1)},
    )

    assert "已过截止时间" in html
    assert "还剩" not in html


class _Message:
    def __init__(self, text, level_tag):
        self.text, self.level_tag = text, level_tag

    def __str__(self):
        return self.text


def test_messages_partial_announces_errors_as_alerts_and_the_rest_as_status():
    html = _render(
        '{% include "includes/messages.html" %}',
        {"messages": [_Message("已保存。", "success"), _Message("提交失败。", "error")]},
    )

    assert re.search(r'role="status">.*?已保存。', html, re.S)
    assert re.search(r'role="alert">.*?提交失败。', html, re.S)


def test_pagination_partial_keeps_other_query_parameters():
    from django.core.paginator import Paginator

    page = Paginator(list(range(45)), 20).page(2)
    request = RequestFactory().get("/list/", {"state": "draft", "page": "2"})

    html = engines["django"].from_string('{% include "includes/pagination.html" %}').render(
        {"page_obj": page}, request=request
    )

    assert 'href="?state=draft&amp;page=1" rel="prev"' in html
    assert 'href="?state=draft&amp;page=3" rel="next"' in html


def test_confirm_button_posts_with_csrf_and_a_confirmation_question():
    html = _render(
        '{% include "includes/confirm_button.html" with action="/w/" label="撤回" confirm="确定撤回?" style="danger" %}'
    )

    assert '<form class="inline-form" action="/w/" method="post">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="btn btn-danger" data-confirm="确定撤回?">撤回</button>' in html


# ---------- base.html and pages ----------


def test_base_renders_when_no_url_name_exists_yet(settings):
    settings.ROOT_URLCONF = NoUrls

    html = _render('{% extends "base.html" %}{% block title %}首页{% endblock %}{% block content %}正文{% endblock %}')

    assert '<html lang="zh-hans">' in html
    assert "<title>首页 - 滨州市市长质量奖</title>" in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "正文" in html
    assert "滨州市质量强市工作领导小组办公室" in html
    assert "《滨州市市长质量奖管理办法》" in html


def test_base_offers_login_and_registration_to_the_public(nav_urls):
    html = _page("404.html", path="/")

    assert '<a href="/accounts/login/">登录</a>' in html
    assert '<a href="/accounts/register/">注册</a>' in html
    assert "工作台" not in html
    assert "退出" not in html


@pytest.mark.django_db
def test_base_gives_a_signed_in_user_the_dashboard_inbox_and_a_post_logout(nav_urls):
    user = OrganizationUserFactory()
    NotificationFactory(recipient=user)
    NotificationFactory(recipient=user)

    html = _page("404.html", user=user, path="/accounts/")

    assert re.search(r'<a href="/accounts/" aria-current="page">工作台</a>', html)
    assert re.search(r'<a href="/accounts/inbox/">消息 <span class="nav-badge">2<span class="visually-hidden">', html)
    assert re.search(
        r'<form class="logout" action="/accounts/logout/" method="post">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken"',
        html,
    )
    assert "申报组织" in html
    assert "登录</a>" not in html


def test_base_switches_language_by_a_link_back_to_the_same_page(nav_urls):
    html = _page("404.html", path="/notices/?page=2")

    switch = re.search(r'<span class="lang-switch">(.*?)</span>', html, re.S)

    assert switch
    assert (
        '<a class="btn-link" href="/accounts/language/?language=en&amp;next=/notices/%3Fpage%3D2" lang="en">English</a>'
        in switch.group(1)
    )
    # A link, not a form: the public pages it sits on carry no CSRF token and no session.
    assert "csrfmiddlewaretoken" not in switch.group(1)


def test_login_page_shows_the_form_and_a_link_to_registration(nav_urls):
    html = _page("accounts/login.html", {"form": AuthenticationForm()}, path="/accounts/login/")

    assert "<title>登录 - 滨州市市长质量奖</title>" in html
    assert re.search(r'<label for="id_username">用户名', html)
    assert re.search(r'<input type="password" name="password"', html)
    assert '<a href="/accounts/register/">注册</a>' in html


@pytest.mark.parametrize("template_name", ["403.html", "404.html"], ids=["403", "404"])
def test_error_pages_explain_in_chinese_and_link_home(nav_urls, template_name):
    html = _page(template_name, path="/somewhere/")

    assert re.search(r'<a class="btn btn-\w+" href="/">返回首页</a>', html)
    assert re.search(r"<h1>[^<]*页面[^<]*</h1>", html)


def test_server_error_page_renders_from_an_empty_context_without_the_database():
    # No django_db mark: pytest-django makes any query here raise, as a broken database would.
    html = get_template("500.html").template.render(Context())

    assert "系统暂时出错" in html
    assert '<a class="btn btn-primary" href="/">返回首页</a>' in html


def test_templates_have_no_inline_css_or_javascript():
    # SPEC §16 / STYLE 8: a strict Content-Security-Policy must stay possible.
    offending = []
    root = Path(settings.BASE_DIR, "templates")
    for template in root.rglob("*.html"):
        # PDFs (WeasyPrint) and e-mails never reach a browser page, so no CSP applies to them.
        if template.relative_to(root).parts[0] in ("pdf", "emails"):
            continue
        text = template.read_text(encoding="utf-8")
        # Arguments of template tags ({% include … style="danger" %}) and comments are not HTML.
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{%.*?%}|{#.*?#}", "", text, flags=re.S)
        if re.search(r"\sstyle=|<style|<script(?![^>]*\ssrc=)|\son[a-z]+=", text):
            offending.append(str(template.relative_to(settings.BASE_DIR)))

    assert offending == []


def test_yuan_reads_the_full_amount_in_english():
    # 万 is a Chinese unit of count: English shows the whole number of yuan.
    from django.utils import translation

    from award.templatetags.award_tags import yuan

    with translation.override("en"):
        english = yuan(300000)
    with translation.override("zh-hans"):
        chinese = yuan(300000)

    assert "300,000" in english
    assert chinese == "30 万元"

"""Issue 13 point 2: one refusal type, shown on the form on form pages and as a message on one-button actions."""
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from accounts.refusals import WorkflowError, refusal_show

REFUSAL = WorkflowError("本届申报已截止。", reasons=["第十八条:申报期为通知规定的期间。"])


class _NameForm(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_refusal_show_on_a_form_page_puts_the_message_and_reasons_on_the_form():
    request, form = _request(), _NameForm({"name": "张三"})
    assert form.is_valid()

    refusal_show(request, REFUSAL, form=form)

    assert form.non_field_errors() == ["本届申报已截止。", "第十八条:申报期为通知规定的期间。"]
    assert list(get_messages(request)) == []


def test_refusal_show_without_a_form_shows_messages():
    request = _request()

    refusal_show(request, REFUSAL)

    shown = [(m.level_tag, str(m)) for m in get_messages(request)]
    assert shown == [("error", "本届申报已截止。"), ("warning", "第十八条:申报期为通知规定的期间。")]

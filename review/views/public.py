"""The applicant's feedback (Art. 19(三)) and the public survey link (Art. 19(四))."""
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import role_required
from accounts.refusals import refusal_show

from .. import services
from ..forms import SurveyForm
from ..models import Respondent
from ..permissions import can_see_feedback
from ..selectors import feedback_for
from ..services.survey import questionnaire_for
from .common import application_checked

feedback_roles = role_required(Role.ORGANIZATION, Role.INDIVIDUAL, Role.OFFICE)


@feedback_roles
def feedback(request, pk):
    application = application_checked(request, pk, can_see_feedback)
    return render(request, "review/feedback/detail.html", feedback_for(application=application))


def survey_answer(request, token):
    """Public, no login: one answer per token, none after the deadline."""
    respondent = get_object_or_404(Respondent.objects.select_related("application"), token=token)
    questionnaire = questionnaire_for(respondent.application)
    closed = questionnaire is None or timezone.now() > questionnaire.deadline
    if respondent.answered_at or closed:
        return render(request, "review/survey/closed.html", {"respondent": respondent, "closed": closed,
                                                             "questionnaire": questionnaire}, status=410)
    form = SurveyForm(request.POST or None, questions=questionnaire.questions.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(token=token, ratings=form.ratings())
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            return redirect("review:survey_thanks")
    return render(request, "review/survey/answer.html", {"respondent": respondent, "form": form,
                                                         "questionnaire": questionnaire})


def survey_thanks(request):
    return render(request, "review/survey/thanks.html")

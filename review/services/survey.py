"""Art. 19(四): the satisfaction survey. The office sets the questionnaire, the agency loads respondents per
application, each gets a single-use token link (no login); answers aggregate into a 0–100 index."""
import logging
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Avg, Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.models import Role
from accounts.notifications import SEND_ERRORS
from accounts.outbox import RELAY_MAX_ATTEMPTS, Outbox, outbox_queue, outbox_register
from accounts.refusals import require_role
from award.models import Application

from .. import emails
from ..aggregation import truncate
from ..models import Question, Questionnaire, Respondent, RespondentGroup, ScoreLayer, SurveyAnswer
from .common import ReviewError, refuse_closed
from .freeze import confirmed, refuse_frozen

logger = logging.getLogger(__name__)
RATING_MIN, RATING_MAX = 1, 5

# Respondents have no account, so no accounts.Notification: the respondent row is the invitation's outbox row,
# its token the unique delivery key (accounts/outbox.py).
INVITATIONS = outbox_register(Outbox(
    name="survey_invitations", model=Respondent, task="review.tasks.task_send_survey_invitation",
    id_argument="respondent_id", label="测评邀请", counted="{n} 份测评邀请",
    undelivered=lambda rows: rows.exclude(email="").filter(sent_at__isnull=True, answered_at__isnull=True,
                                                          attempts__lt=RELAY_MAX_ATTEMPTS),
))


def questionnaire_save(*, cycle, kind, title, intro, deadline, questions, by) -> Questionnaire:
    """The office sets (or replaces the questions of) the cycle's questionnaire for one award kind; questions
    cannot change once someone answered."""
    refuse_closed(cycle)  # Art. 11: a closed cycle is archived read-only
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以设置满意度问卷。"))
    questions = [q.strip() for q in questions if q.strip()]
    if not questions:
        raise ReviewError(_("请至少填写一道题目。"))
    with transaction.atomic():
        q, _created = Questionnaire.objects.update_or_create(
            cycle=cycle, kind=kind,
            defaults={"title": title, "intro": intro, "deadline": deadline, "created_by": by},
        )
        current = [x.text for x in q.questions.all()]
        if current != questions:
            if SurveyAnswer.objects.filter(question__questionnaire=q).exists():
                raise ReviewError(_("已有答卷,题目不能再修改。"))
            q.questions.all().delete()
            Question.objects.bulk_create(
                [Question(questionnaire=q, text=t, position=i) for i, t in enumerate(questions)])
        audit_record(action="review.questionnaire_saved", actor=by, obj=q, cycle_id=cycle.pk,
                     detail={"kind": kind, "questions": len(questions), "deadline": str(deadline)})
    return q


def respondents_add(*, application, rows, by) -> list[Respondent]:
    """The agency loads respondents (group, name, email) for an application; each invitation is handed to Celery
    after the commit and sent exactly once per token (`survey_invitation_send`). Groups follow the kind: customers/employees/community, or colleagues/people served."""
    refuse_closed(application.cycle)  # Art. 11: a closed cycle is archived read-only
    require_role(by, Role.AGENCY, Role.OFFICE, message=_("只有第三方评审机构可以添加测评对象。"))
    refuse_frozen(application, ScoreLayer.SITE)  # Art. 19(四)
    allowed = RespondentGroup.for_kind(application.kind)
    created = []
    with transaction.atomic():
        for group, name, email in rows:
            if group not in allowed:
                raise ReviewError(_("“%(g)s”不是该类申报的测评对象类别。") % {"g": group})
            created.append(Respondent.objects.create(application=application, group=group, name=name.strip(),
                                                     email=email.strip(), created_by=by))
        audit_record(action="review.respondents_added", actor=by, obj=application, cycle_id=application.cycle_id,
                     application_id=application.pk, detail={"count": len(created)})
        for respondent in created:
            if respondent.email:
                outbox_queue(INVITATIONS, pk=respondent.pk)
    return created


def survey_invitation_send(*, respondent_id) -> bool:
    """Art. 19(四): mail the respondent their single-use link once; returns whether this call sent it.

    The row lock and `sent_at` make a duplicated or retried task a no-op; an SMTP error is recorded in
    `last_error` and raised for the task to retry."""
    try:
        with transaction.atomic():
            respondent = (Respondent.objects.select_for_update().select_related("application")
                          .filter(pk=respondent_id).first())
            if respondent is None or respondent.sent_at or respondent.answered_at or not respondent.email:
                return False
            url = settings.SITE_URL.rstrip("/") + reverse("review:survey_answer", kwargs={"token": respondent.token})
            text = emails.survey_invitation(application=respondent.application, url=url)
            send_mail(subject=text["subject"], message=text["body"], from_email=None, recipient_list=[respondent.email])
            respondent.sent_at = timezone.now()
            respondent.attempts = F("attempts") + 1
            respondent.last_error = ""
            respondent.save(update_fields=["sent_at", "attempts", "last_error"])
            return True
    except SEND_ERRORS as exc:
        Respondent.objects.filter(pk=respondent_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300])
        raise


def questionnaire_for(application):
    return Questionnaire.objects.filter(cycle=application.cycle_id, kind=application.kind).first()


def survey_answer(*, token, ratings, now=None) -> Respondent:
    """One answer per token, none after the deadline; every question rated 1–5. Recomputes the index."""
    now = now or timezone.now()
    with transaction.atomic():
        respondent = Respondent.objects.select_for_update().select_related("application").filter(token=token).first()
        if respondent is None:
            raise ReviewError(_("链接无效。"))
        refuse_closed(respondent.application.cycle)  # Art. 11: a closed cycle is archived read-only
        refuse_frozen(respondent.application, ScoreLayer.SITE)  # Art. 19(四): the index is confirmed input
        if respondent.answered_at:
            raise ReviewError(_("该链接已使用过,每个链接只能作答一次。"))
        questionnaire = questionnaire_for(respondent.application)
        if questionnaire is None:
            raise ReviewError(_("问卷尚未发布。"))
        if now > questionnaire.deadline:
            raise ReviewError(_("测评已于%(d)s截止。") % {"d": date_text(questionnaire.deadline)})
        questions = list(questionnaire.questions.all())
        answers = []
        for question in questions:
            value = ratings.get(question.pk) or ratings.get(str(question.pk))
            try:
                rating = int(value)
            except (TypeError, ValueError):
                raise ReviewError(_("请回答全部题目。")) from None
            if not RATING_MIN <= rating <= RATING_MAX:
                raise ReviewError(_("请回答全部题目。"))
            answers.append(SurveyAnswer(respondent=respondent, question=question, rating=rating))
        SurveyAnswer.objects.bulk_create(answers)
        respondent.answered_at = now
        respondent.save(update_fields=["answered_at"])
        satisfaction_recompute(application=respondent.application)
        audit_record(action="review.survey_answered", actor=None, obj=respondent,
                     cycle_id=respondent.application.cycle_id, application_id=respondent.application_id)
    return respondent


def satisfaction_index(ratings_avg):
    """A mean rating on the 1–5 scale as a 0–100 index: 1 → 0, 5 → 100."""
    if ratings_avg is None:
        return None
    return (Decimal(ratings_avg) - RATING_MIN) * Decimal(100) / (RATING_MAX - RATING_MIN)


def satisfaction_value(application):
    """The satisfaction index every answer given about the application makes now (nothing written)."""
    avg = SurveyAnswer.objects.filter(respondent__application=application).aggregate(a=Avg("rating"))["a"]
    return truncate(satisfaction_index(avg)) if avg is not None else None


def satisfaction_recompute(*, application, correcting=False):
    """Write Application.satisfaction_index; from comprehensive review on it stays as it was (issue 8) unless a
    correction is being applied (`correcting`)."""
    if not correcting and confirmed(application, ScoreLayer.SITE):
        return application.satisfaction_index
    index = satisfaction_value(application)
    Application.objects.filter(pk=application.pk).update(satisfaction_index=index)
    application.satisfaction_index = index
    return index


def survey_summary(*, application):
    """Per group: invited, answered, and the group's index; plus the overall index."""
    groups = []
    labels = dict(RespondentGroup.choices)
    for group in RespondentGroup.for_kind(application.kind):
        rs = Respondent.objects.filter(application=application, group=group)
        avg = SurveyAnswer.objects.filter(respondent__in=rs).aggregate(a=Avg("rating"))["a"]
        counts = rs.aggregate(invited=Count("id"), answered=Count("answered_at"))
        groups.append({"group": group, "label": labels[group], **counts,
                       "index": truncate(satisfaction_index(avg)) if avg is not None else None})
    return {"groups": groups, "index": application.satisfaction_index}

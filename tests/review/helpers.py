"""Score a whole scorecard in one call, the way an expert's form would."""
from award.models import StandardCategory, StandardItem
from review.models import AssignmentState, Scorecard, ScoreLayer
from review.services import scorecard_save


def full_percentages(application, pct):
    items = StandardItem.objects.filter(category__standard=application.standard)
    return {i.pk: pct for i in items}


def full_comments(application):
    cats = StandardCategory.objects.filter(standard=application.standard)
    return {c.pk: ("优势:体系健全", "改进:数据分析不足") for c in cats}


def activate(assignment):
    from review.services import grants_sync

    type(assignment).objects.filter(pk=assignment.pk).update(state=AssignmentState.ACTIVE)
    assignment.refresh_from_db()
    grants_sync(expert=assignment.expert, application=assignment.application)
    return assignment


def card_for(assignment):
    card, _ = Scorecard.objects.get_or_create(
        assignment=assignment,
        defaults={"application": assignment.application, "expert": assignment.expert, "layer": ScoreLayer.DOCUMENT},
    )
    return card


def submit_scores(assignment, pct=None, *, percentages=None):
    card = card_for(assignment)
    percentages = percentages or full_percentages(assignment.application, pct)
    return scorecard_save(scorecard=card, percentages=percentages, comments=full_comments(assignment.application),
                          submit=True, by=assignment.expert)

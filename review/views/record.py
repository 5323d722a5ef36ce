"""The expert's own record (Art. 26): once a stage ends the application's material is gone, but the expert keeps
a list of what they did and may read their own submitted scorecards."""
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from accounts.models import Role
from accounts.permissions import role_required

from ..models import CategoryComment, ItemScore, Scorecard
from ..permissions import can_read_own_scorecard
from ..selectors import standard_categories, work_record_for_expert
from .common import forbid


@role_required(Role.EXPERT)
def expert_record(request):
    """Art. 26: every assignment and site-team scorecard of the expert, across cycles."""
    return render(request, "review/expert/record.html", work_record_for_expert(user=request.user))


@role_required(Role.EXPERT)
def own_scorecard(request, pk):
    """Art. 26: the expert's own submitted scorecard — items, percentages, points and their own comments."""
    card = get_object_or_404(
        Scorecard.objects.select_related("application__cycle").prefetch_related(
            Prefetch("items", queryset=ItemScore.objects.select_related("item__category").order_by(
                "item__category__position", "item__position")),
            Prefetch("comments", queryset=CategoryComment.objects.select_related("category")),
        ),
        pk=pk,
    )
    verdict = can_read_own_scorecard(request.user, card)
    if not verdict:
        return forbid(request, verdict, card.application)
    comments = {c.category_id: c for c in card.comments.all()}
    categories = [
        {"category": c, "items": [s for s in card.items.all() if s.item.category_id == c.pk],
         "comment": comments.get(c.pk)}
        for c in standard_categories(card.application)
    ]
    return render(request, "review/expert/own_scorecard.html", {"card": card, "categories": categories})

"""Reads about an application's panel as its members see one another (SPEC §7): the stable labels 专家A, 专家B…,
the submitted scores side by side and the discussion thread — never a name to those who must not know it."""
from django.utils.translation import gettext as _

from accounts.models import Role

from .models import Assignment, DiscussionPost, Scorecard, ScorecardState, ScoreLayer
from .selectors import standard_items


def peer_score_table(*, application, labels):
    """SPEC §7: every submitted document scorecard of the application side by side, item by item, each column
    under the label every viewer sees (`labels`, peer_labels: 专家A, 专家B…), never a
    name. Three queries whatever the panel's size."""
    cards = list(Scorecard.objects.filter(application=application, layer=ScoreLayer.DOCUMENT,
                                          state=ScorecardState.SUBMITTED, assignment__isnull=False)
                 .prefetch_related("items").order_by("assignment_id"))
    columns = [{"label": labels.get(c.expert_id, "—"), "total": c.total, "expert_id": c.expert_id,
                "by_item": {s.item_id: s for s in c.items.all()}} for c in cards]
    rows = []
    for item in standard_items(application):
        scores = [col["by_item"].get(item.pk) for col in columns]
        percentages = [s.percentage for s in scores if s is not None]
        rows.append({"item": item, "scores": scores,
                     "spread": max(percentages) - min(percentages) if len(percentages) > 1 else None})
    return {"columns": columns, "rows": rows}


def discussion_thread(*, application, labels, leader_id, show_names=False):
    """The application's discussion, oldest first, each post with the label its author carries for every viewer
    (`labels`, and 组长 for the panel's `leader_id`), and the author's name for the agency and the office, who
    know the assignments anyway. One query."""
    posts = list(DiscussionPost.objects.filter(application=application).select_related("author"))
    for post in posts:
        post.label = author_label(post.author, labels=labels, leader_id=leader_id)
        post.name = post.author.full_name or post.author.username if show_names else ""
    return posts


def label_for(index: int) -> str:
    """专家A … 专家Z, then 专家AA … (spreadsheet letters), for the assignment at `index` (0-based)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return _("专家%(letter)s") % {"letter": letters}


def peer_labels(application) -> dict:
    """Expert id → the label every viewer of this application sees for them: one per document assignment, in the
    order the assignments were made (voided and declined ones keep their letter, so nobody is renamed)."""
    ids = Assignment.objects.filter(application=application).order_by("id").values_list("expert_id", flat=True)
    labels = {}
    for expert_id in ids:
        labels.setdefault(expert_id, label_for(len(labels)))
    return labels


def author_label(user, *, labels, leader_id) -> str:
    """How an author is shown in the thread, the same for every viewer: the expert's letter (and 组长 for the
    panel leader), 评审机构 or 领导小组办公室 — never a name."""
    if user.role == Role.EXPERT:
        label = labels.get(user.pk)
        if user.pk == leader_id:
            return _("%(label)s(组长)") % {"label": label} if label else _("专项评审组组长")
        return label or _("评审专家")
    if user.role == Role.AGENCY:
        return _("评审机构")
    return _("领导小组办公室")

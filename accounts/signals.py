"""Facts that a higher layer must re-read when they change, announced without importing that layer (STYLE §4).

`conflict_facts_changed` is sent (inside the transaction that changed them) when data the conflict-of-interest
rules of Art. 12 read has changed: an applicant's or an expert's identifying codes (`user=`), one
application's data or avoid-list (`application=`), or many applications entering review at once (`applications=`). The review app listens and re-checks the conflicts at once;
the receiver only calls a review service, the rules stay there.
"""
from django.dispatch import Signal

conflict_facts_changed = Signal()  # kwargs: user=None, application=None, applications=None, by=None


def announce_conflict_facts(*, user=None, application=None, applications=None, by=None):
    """Tell the listening layers that conflict-relevant facts of `user`, `application` or `applications`
    changed."""
    conflict_facts_changed.send(sender=None, user=user, application=application, applications=applications, by=by)

"""Confirmation before an irreversible step (SPEC §16): a POST without a valid confirmation changes nothing.

A view that performs an irreversible action first validates the user's input, then asks
`confirmation_given(request, action=..., key=...)`. Without a confirmation it answers with
`confirmation_page(...)`: a page that says what will happen and what cannot be undone, lists any preconditions,
and carries the user's input over in hidden fields together with a signed token. Only the POST from that page —
bearing a token signed for this user, this action and this object, less than an hour old — goes through to the
service. A replayed or hand-made POST without the token therefore only shows the confirmation page again.

The token is not a secret against the user (they could confirm anyway); it makes sure that the step the user
confirmed is the one that runs, and that no single request (a double-click, a script, a stale form) can do it.
"""
from django.core import signing
from django.shortcuts import render

FIELD = "confirmation"
SALT = "accounts.confirmation"
MAX_AGE = 3600  # seconds a confirmation page stays valid


def confirmation_token(*, user, action: str, key) -> str:
    """The signed token for `user` confirming `action` on the object identified by `key`."""
    return signing.dumps({"u": user.pk, "a": action, "k": str(key)}, salt=SALT)


def confirmation_given(request, *, action: str, key) -> bool:
    """True when the POST carries a valid confirmation of `action` on `key` by the signed-in user."""
    token = request.POST.get(FIELD, "")
    if request.method != "POST" or not token:
        return False
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return data == {"u": request.user.pk, "a": action, "k": str(key)}


def confirmation_page(
    request, *, action: str, key, title, consequences, confirm_label, cancel_url, irreversible=None,
    preconditions=None, blocked=False, carry=True, summary=None,
):
    """Render the confirmation page for `action` on `key`.

    `consequences`: sentences saying what will happen; `irreversible`: what cannot be undone; `preconditions`: a
    list of (passed, text) pairs; `blocked`: True hides the confirm button (a precondition fails); `carry`: the
    POST fields to send again (True: every field of this POST); `summary`: (label, value) pairs of the input.
    """
    if carry is True:
        carry = [
            (name, value)
            for name in request.POST
            if name not in ("csrfmiddlewaretoken", FIELD)
            for value in request.POST.getlist(name)
        ]
    context = {
        "title": title,
        "consequences": consequences,
        "irreversible": irreversible,
        "preconditions": preconditions or [],
        "blocked": blocked,
        "carry": carry or [],
        "summary": summary or [],
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "action_url": request.path,
        "field": FIELD,
        "token": confirmation_token(user=request.user, action=action, key=key),
    }
    return render(request, "includes/confirm_page.html", context)

"""Test helper for irreversible steps (accounts/confirmation.py): post, read the confirmation page, confirm."""
import re

from accounts.confirmation import FIELD

TOKEN = re.compile(r'name="' + FIELD + r'" value="([^"]+)"')


def confirmation_token_in(response) -> str | None:
    """The signed token on a confirmation page, or None when the response is not one."""
    match = TOKEN.search(response.content.decode())
    return match.group(1) if match else None


def post_confirmed(client, url, data=None, **kwargs):
    """POST `data` to `url`, which answers with the confirmation page; then POST it again with its token.

    Fails the test when the first answer is not a confirmation page (the step must never run unconfirmed).
    """
    data = dict(data or {})
    first = client.post(url, data)
    token = confirmation_token_in(first)
    assert token, f"{url} did not ask for confirmation (status {first.status_code})"
    return client.post(url, {**data, FIELD: token}, **kwargs)

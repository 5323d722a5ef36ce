"""Issue 13 point 3: one outbox hand-off for notifications, survey invitations, certificates and (issue 10)
dossiers (SPEC §11)."""
import datetime

import pytest
from django.utils import timezone

from accounts.dispatch import task_named
from accounts.outbox import OUTBOXES, outbox_relay, outboxes_relay
from award.models import Certificate, CertificateState
from award.services.certificate import CERTIFICATES
from tests.factories.decision import awarded_cycle


def test_the_outboxes_share_the_registry_with_tasks_by_name():
    fields = {name: {f.name for f in outbox.model._meta.get_fields()} for name, outbox in OUTBOXES.items()}

    assert set(OUTBOXES) == {"notifications", "survey_invitations", "certificates", "dossiers"}
    assert all(task_named(outbox.task) for outbox in OUTBOXES.values())
    assert all({"created_at", "relayed_at"} <= names for names in fields.values())


@pytest.mark.django_db
def test_a_certificate_recently_handed_over_is_not_queued_again_until_stale():
    _cycle, _office, [certificate] = awarded_cycle(organizations=1, individuals=0)
    Certificate.objects.filter(pk=certificate.pk).update(relayed_at=timezone.now() - datetime.timedelta(minutes=1))

    recent = outbox_relay(CERTIFICATES)
    Certificate.objects.filter(pk=certificate.pk).update(relayed_at=timezone.now() - datetime.timedelta(minutes=6))
    stale = outbox_relay(CERTIFICATES)

    certificate.refresh_from_db()
    assert (recent, stale, certificate.state) == (0, 1, CertificateState.RENDERED)


@pytest.mark.django_db
def test_relaying_every_outbox_at_once_hands_over_a_lost_certificate_once():
    _cycle, _office, [certificate] = awarded_cycle(organizations=1, individuals=0)

    first = outboxes_relay(at_once=True)
    again = outboxes_relay(at_once=True)

    certificate.refresh_from_db()
    assert (first["certificates"], again["certificates"], certificate.state) == (1, 0, CertificateState.RENDERED)

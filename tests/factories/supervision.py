"""Builders for supervision tests: supervisors, an appointed group (through the real services), a complaint.

- `SupervisorUserFactory` (accounts.py) / `supervisors(n, prefix=...)` — supervisor accounts.
- `appointed_group(cycle=..., office=..., users=...)` — a supervision group proposed, staffed and appointed
  (Art. 11) by the services.
- `complaint(**overrides)` — a complaint filed through `complaint_file`, as the public form would.
- Awards of a past cycle: `award_for` in award.py.
"""
import factory
from django.utils import timezone

from supervision import services

from .accounts import SupervisorUserFactory


def supervisors(n, prefix="sup"):
    return SupervisorUserFactory.create_batch(n, username=factory.Sequence(lambda i: f"{prefix}{i}"))


def appointed_group(*, cycle, office, users, approved_on=None):
    group = services.group_propose(cycle=cycle, by=office)
    for user in users:
        services.group_member_add(group=group, user=user, category="deputy", name=str(user), by=office)
    return services.group_appoint(group=group, approved_on=approved_on or timezone.localdate(),
                                  approval_reference="质强领发〔2025〕1号", by=office)


def complaint(**overrides):
    fields = {"category": "advertising", "subject": "某公司", "description": "在产品包装上使用市长质量奖称号。",
              "complainant_name": "王先生", "complainant_contact": "13800000000", "ip": "10.0.0.1"}
    fields.update(overrides)
    return services.complaint_file(**fields)

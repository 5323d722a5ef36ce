"""Demo data of supervision: an appointed supervision group for the demo cycle and a complaint to handle."""
from django.utils import timezone

from accounts.models import Role, User
from supervision import services
from supervision.models import SupervisionGroup


def seed_supervision_demo(*, cycle, stdout):
    """Art. 11: appoint the demo supervisor ("supervisor") as the group of `cycle` and file one complaint."""
    if cycle is None or SupervisionGroup.objects.filter(cycle=cycle).exists():
        return
    office = User.objects.filter(username="office").first()
    supervisor = User.objects.filter(username="supervisor", role=Role.SUPERVISOR).first()
    if office is None or supervisor is None:
        return
    group = services.group_propose(cycle=cycle, by=office)
    services.group_member_add(group=group, user=supervisor, category="deputy", name=str(supervisor),
                              affiliation="滨州市人大代表", by=office)
    services.group_appoint(group=group, approved_on=timezone.localdate(), approval_reference="质强领〔演示〕1号",
                           by=office)
    complaint = services.complaint_file(
        category="advertising", subject="滨州某食品有限公司",
        description="该公司在产品包装上印有“市长质量奖”字样(第二十三条)。",
        complainant_name="王先生", complainant_contact="13800000000",
    )
    if stdout is not None:
        stdout.write(f"已聘任评审监督小组;演示投诉举报查询码 {complaint.tracking_code}")

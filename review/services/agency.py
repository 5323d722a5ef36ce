"""The agency, its expert pool, its panels and the experts' pledges (Art. 9, 10, 12, 26)."""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.identifiers import credit_code_clean
from accounts.models import Role
from accounts.refusals import require_role

from ..models import Agency, AgencyMember, ExpertProfile, Panel, PanelMember, Pledge
from .common import ReviewError, grants_sync_cycle, refuse_barred_agency, refuse_barred_expert, refuse_closed
from .conflicts import conflicts_detect, conflicts_recheck

PLEDGE_TEXT = (
    "本人承诺:严格遵守《滨州市市长质量奖管理办法》第十二条、第二十六条,依法保守申报组织和个人的商业和技术秘密,"
    "不泄露、不复制、不留存申报材料;严于律己,公正廉洁,严格按照有关规定和程序进行评审;"
    "与申请人存在任职、咨询培训、持股、亲属等利害关系的,主动申报并回避。"
)


def agency_record(*, cycle, name, credit_code, approved_at, approval_reference, by, contact_name="",
                  contact_phone="") -> Agency:
    """Art. 9, 10: the office records the agency the leading group approved for the cycle (one per cycle); an
    agency disqualified under Art. 27 is refused by its credit code."""
    refuse_closed(cycle)  # Art. 11: a closed cycle is archived read-only
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以登记第三方评审机构。"))
    credit_code = credit_code_clean(credit_code)  # GB 32100, the one identity check
    refuse_barred_agency(credit_code)  # Art. 27
    with transaction.atomic():
        agency, created = Agency.objects.update_or_create(
            cycle=cycle,
            defaults={
                "name": name, "credit_code": credit_code, "approved_at": approved_at,
                "approval_reference": approval_reference, "contact_name": contact_name,
                "contact_phone": contact_phone, "recorded_by": by,
            },
        )
        audit_record(action="review.agency_recorded", actor=by, obj=agency, cycle_id=cycle.pk,
                     detail={"name": name, "approval_reference": approval_reference, "created": created})
    return agency


def agency_member_add(*, agency, user, by) -> AgencyMember:
    """An account of role AGENCY acting for the agency (not for one disqualified under Art. 27)."""
    refuse_closed(agency.cycle)  # Art. 11: a closed cycle is archived read-only
    if user.role != Role.AGENCY:
        raise ReviewError(_("该账号不是第三方评审机构账号。"))
    refuse_barred_agency(agency.credit_code)  # Art. 27
    with transaction.atomic():
        member, _created = AgencyMember.objects.get_or_create(agency=agency, user=user)
        audit_record(action="review.agency_member_added", actor=by, obj=member, cycle_id=agency.cycle_id,
                     detail={"user": user.username})
    return member


def agency_for(*, user, cycle):
    """The agency the user acts for in the cycle, or None."""
    return Agency.objects.filter(cycle=cycle, members__user=user).first()


def expert_profile_save(*, user, by, affiliation, affiliation_credit_code="", title="", sectors=(),
                        id_number="") -> ExpertProfile:
    """Art. 10(二): the agency keeps the expert's affiliation, title and sectors; codes key the conflict rules."""
    if user.role != Role.EXPERT:
        raise ReviewError(_("该账号不是评审专家账号。"))
    with transaction.atomic():
        profile, _created = ExpertProfile.objects.update_or_create(
            user=user,
            defaults={"affiliation": affiliation, "affiliation_credit_code": affiliation_credit_code.upper(),
                      "title": title, "sectors": list(sectors), "id_number": id_number.upper()},
        )
        audit_record(action="review.expert_saved", actor=by, obj=profile, detail={"user": user.username})
        conflicts_recheck(user=user, by=by)  # Art. 12: the new data is checked at once
    return profile


def panel_save(*, cycle, sector, name, by, leader=None) -> Panel:
    """Art. 10(二): one panel per sector (一、二、三产业专项评审组) in the cycle, with a leader from its members;
    never an expert disqualified under Art. 27."""
    refuse_closed(cycle)  # Art. 11: a closed cycle is archived read-only
    if leader is not None:
        refuse_barred_expert(leader)  # Art. 27
    with transaction.atomic():
        panel, _created = Panel.objects.update_or_create(cycle=cycle, sector=sector, defaults={"name": name})
        if leader is not None:
            PanelMember.objects.get_or_create(panel=panel, expert=leader)
            panel.leader = leader
            panel.save(update_fields=["leader"])
        audit_record(action="review.panel_saved", actor=by, obj=panel, cycle_id=cycle.pk,
                     detail={"sector": sector, "leader": getattr(leader, "username", None)})
    return panel


def panel_member_add(*, panel, expert, by) -> PanelMember:
    """Art. 10(二): an expert of the pool joins the panel; an expert disqualified under Art. 27 is refused."""
    refuse_closed(panel.cycle)  # Art. 11: a closed cycle is archived read-only
    refuse_barred_expert(expert)  # Art. 27
    if expert.role != Role.EXPERT or not ExpertProfile.objects.filter(user=expert, is_active=True).exists():
        raise ReviewError(_("只有专家库中的在库专家可以加入评审组。"))
    with transaction.atomic():
        member, _created = PanelMember.objects.get_or_create(panel=panel, expert=expert)
        audit_record(action="review.panel_member_added", actor=by, obj=member, cycle_id=panel.cycle_id,
                     detail={"panel": panel.name, "expert": expert.username})
        conflicts_detect(cycle=panel.cycle, by=by, experts=[expert])  # Art. 12: checked on joining
    return member


def panel_member_remove(*, panel, expert, by):
    """Art. 10(二): an expert leaves the panel (its leader only once another is named)."""
    refuse_closed(panel.cycle)  # Art. 11: a closed cycle is archived read-only
    _panel_member_remove(panel=panel, expert=expert, by=by)


def _panel_member_remove(*, panel, expert, by):
    """The removal itself, also for an Art. 27 disqualification, which may come after the cycle closed."""
    if panel.leader_id == expert.pk:
        raise ReviewError(_("请先为该评审组另行指定组长。"))
    with transaction.atomic():
        PanelMember.objects.filter(panel=panel, expert=expert).delete()
        audit_record(action="review.panel_member_removed", actor=by, obj=panel, cycle_id=panel.cycle_id,
                     detail={"expert": expert.username})


def pledge_sign(*, cycle, expert, signed_name, by, ip=None) -> Pledge:
    """Art. 12, 26: the confidentiality and recusal pledge for the cycle of an expert or of a member of the
    cycle's agency; nothing of the applications is shown before it. An expert disqualified under Art. 27 cannot
    sign into a cycle."""
    refuse_closed(cycle)  # Art. 11: a closed cycle is archived read-only
    if by.pk != expert.pk or expert.role not in (Role.EXPERT, Role.AGENCY):
        raise ReviewError(_("承诺须由专家本人签署。"))
    if expert.role == Role.AGENCY:  # the agency's staff sign too (Art. 26); they have no expert profile
        if agency_for(user=expert, cycle=cycle) is None:
            raise ReviewError(_("您不是本届受委托的评审机构人员。"))
    else:
        refuse_barred_expert(expert)  # Art. 27
    if expert.role == Role.EXPERT and not ExpertProfile.objects.filter(
            user=expert, profile_confirmed_at__isnull=False).exists():
        # SPEC §6: the recusal pledge is signed on a profile the conflict rules (Art. 12) can read
        raise ReviewError(_("请先完善并确认个人资料(工作单位、任职经历、咨询培训、持股和亲属任职情况)。"))
    if not signed_name.strip():
        raise ReviewError(_("请填写签署人姓名。"))
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(cycle=cycle, expert=expert, signed_name=signed_name.strip(),
                                           text=PLEDGE_TEXT, ip_address=ip)
            audit_record(action="review.pledge_signed", actor=by, obj=pledge, cycle_id=cycle.pk, ip=ip)
            if expert.role == Role.EXPERT:
                grants_sync_cycle(cycle=cycle, expert=expert)  # Art. 26: the material opens only now
    except IntegrityError:
        pledge = Pledge.objects.get(cycle=cycle, expert=expert)
    return pledge

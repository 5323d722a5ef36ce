"""The printable dossier (申报书, issue 10 point 7): what was submitted, its fingerprint, and its PDF.

`dossier_payload` reads an application's submitted data into plain JSON values — the profile, the yearly key
figures, the self-assessment by category (score and category maximum), the evidence list with each file's name,
size and SHA-256, the signed declarations and the submission time. Only codes and data go in, never labels in the
active language, so the same submission gives the same bytes in Chinese and in English mode.

`canonical_bytes` is its canonical serialisation (JSON, keys sorted, no whitespace, UTF-8, decimals as strings),
and the fingerprint is the SHA-256 of those bytes. The fingerprint and a QR code opening the check page
(`award:dossier_check`) are printed on every page of the PDF, so a stamped paper copy can be matched to the
online record. The PDF is drawn from the stored snapshot, never from live rows: re-rendering gives the same
content, and a profile edited after submission does not slip into a submitted dossier.
"""
import datetime
import hashlib
import json
from decimal import Decimal
from urllib.parse import urlencode, urljoin

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

from accounts.dates import date_text
from accounts.models import District, OrganizationSize, Sector, mask_id_number

from .certificates import qr_svg
from .models import Application, ApplicationKind, EvidenceKind, SelfAssessment
from .pdf import render_pdf

# The serialisation's own version, inside the payload: changing what goes in changes every fingerprint, on purpose.
PAYLOAD_SCHEMA = 1
# The PDF's layout version, kept on each dossier row; a new layout re-renders from the same snapshot.
LAYOUT_VERSION = 1

def _number(value):
    return None if value is None else str(Decimal(value))


def _profile(application):
    if application.kind == ApplicationKind.ORGANIZATION:
        org = application.organization
        return {
            "credit_code": org.credit_code, "registration_date": org.registration_date.isoformat(),
            "district": org.district, "industry": org.industry, "size": org.size, "address": org.address,
            "contact_name": org.contact_name, "contact_phone": org.contact_phone,
        }
    person = application.individual
    return {
        "id_number": person.id_number, "employer": person.employer,
        "employer_credit_code": person.employer_credit_code, "position": person.position,
        "district": person.district, "quality_work_since": person.quality_work_since.isoformat(),
        "contact_phone": person.contact_phone,
    }


def related_rows(application, name, *select):
    """`application.<name>.all()`, from the prefetch cache when the caller filled it (`submission_prefetch`),
    else in one query."""
    if name in getattr(application, "_prefetched_objects_cache", {}):
        return getattr(application, name).all()
    return getattr(application, name).select_related(*select)


def submission_prefetch(application) -> None:
    """Read, in three queries, everything of `application` that its submission checks and its dossier copy:
    the figures, the self-assessments with their categories and the evidence."""
    prefetch_related_objects(
        [application], "year_figures",
        Prefetch("self_assessments", queryset=SelfAssessment.objects.select_related("category")), "evidence",
    )


def dossier_payload(application) -> dict:
    """The submitted data of `application` as plain JSON values (see the module docstring). Reads the figures,
    self-assessments (with their categories) and evidence through the application's relations, so a caller
    that prefetched them issues no query here."""
    recommender = application.recommender
    return {
        "schema": PAYLOAD_SCHEMA,
        "reference": application.reference,
        "cycle": {"number": application.cycle.number, "year": application.cycle.year},
        "kind": application.kind,
        "applicant_name": application.applicant_name,
        "sector": application.sector,
        "profile": _profile(application),
        "recommender": {"id": recommender.pk, "name": recommender.name} if recommender else None,
        "statement": {"summary": application.summary, "achievement": application.achievement,
                      "is_first_finisher": application.is_first_finisher},
        "figures": [
            {"year": f.year, "revenue": _number(f.revenue), "profit": _number(f.profit), "tax": _number(f.tax),
             "rd_investment": _number(f.rd_investment), "employees": f.employees,
             "quality_indicators": f.quality_indicators}
            for f in sorted(related_rows(application, "year_figures"), key=lambda f: -f.year)
        ],
        "self_assessment": [
            {"code": a.category.code, "name": a.category.name, "maximum": a.category.points,
             "claimed": _number(a.claimed_points), "text": a.text}
            for a in sorted(related_rows(application, "self_assessments", "category"), key=lambda a: (a.category.position, a.category.code))
        ],
        "evidence": [
            {"kind": e.kind, "name": e.original_name, "description": e.description, "size": e.size,
             "sha256": e.sha256}
            for e in sorted(related_rows(application, "evidence"), key=lambda e: (e.kind, e.uploaded_at, e.pk))
        ],
        "declarations": {
            "declares_truthful": application.declares_truthful,
            "declares_no_major_accident": application.declares_no_major_accident,
            "declares_no_violations": application.declares_no_violations,
            "signed_name": application.signed_name,
        },
        "submitted_at": application.submitted_at.astimezone(datetime.UTC).isoformat(),
    }


def canonical_bytes(payload: dict) -> bytes:
    """The one serialisation the fingerprint is taken over: sorted keys, no spaces, UTF-8 (not \\u escapes)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fingerprint_of(payload: dict) -> str:
    return hashlib.sha256(canonical_bytes(payload)).hexdigest()


def payload_differences(stored: dict, current: dict) -> list[str]:
    """The top-level parts (profile, figures, …) in which `current` differs from `stored`, by their key."""
    return sorted(key for key in set(stored) | set(current) if stored.get(key) != current.get(key))


def check_url(fingerprint):
    """The address a dossier's QR code opens: the check page with the fingerprint filled in."""
    return urljoin(settings.SITE_URL, reverse("award:dossier_check")) + "?" + urlencode({"fp": fingerprint})


# --- The PDF ------------------------------------------------------------------------------------------------------

DECLARATIONS = ("declares_truthful", "declares_no_major_accident", "declares_no_violations")


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value or "—"


def _profile_rows(payload):
    profile = payload["profile"]
    if payload["kind"] == ApplicationKind.ORGANIZATION:
        return [
            (gettext("组织名称"), payload["applicant_name"]),
            (gettext("统一社会信用代码"), profile["credit_code"]),
            (gettext("注册登记日期"), date_text(parse_date(profile["registration_date"]))),
            (gettext("所在县(区)"), _label(District, profile["district"])),
            (gettext("所属产业"), _label(Sector, payload["sector"])),
            (gettext("所属行业"), profile["industry"] or "—"),
            (gettext("企业规模"), _label(OrganizationSize, profile["size"])),
            (gettext("地址"), profile["address"] or "—"),
            (gettext("联系人"), profile["contact_name"]),
            (gettext("联系电话"), profile["contact_phone"]),
        ]
    # The dossier also reaches the recommender and, under the review rules, experts: the ID number is masked
    # and the private phone left out, as on the application page (SPEC §14). The fingerprint covers both.
    return [
        (gettext("姓名"), payload["applicant_name"]),
        (gettext("居民身份证号码"), mask_id_number(profile["id_number"])),
        (gettext("工作单位"), profile["employer"]),
        (gettext("职务/职称"), profile["position"] or "—"),
        (gettext("所在县(区)"), _label(District, profile["district"])),
        (gettext("所属产业"), _label(Sector, payload["sector"])),
        (gettext("在滨州从事质量工作起始日期"), date_text(parse_date(profile["quality_work_since"]))),
    ]


def _claimed_total(rows):
    claimed = [Decimal(row["claimed"]) for row in rows if row["claimed"] is not None]
    return (sum(claimed, Decimal(0)) if claimed else None), sum(row["maximum"] for row in rows)


def dossier_context(dossier) -> dict:
    payload = dossier.payload
    submitted_at = parse_datetime(payload["submitted_at"])
    cycle = payload["cycle"]
    claimed_total, maximum_total = _claimed_total(payload["self_assessment"])
    url = check_url(dossier.fingerprint)
    return {
        "payload": payload,
        "fingerprint": dossier.fingerprint,
        "layout_version": dossier.layout_version,
        "cycle_title": gettext("第%(number)s届滨州市市长质量奖") % {"number": cycle["number"]},
        "cycle_year": cycle["year"],
        "kind_label": _label(ApplicationKind, payload["kind"]),
        "is_organization": payload["kind"] == ApplicationKind.ORGANIZATION,
        "submitted_on": date_text(timezone.localtime(submitted_at).date()),
        "submitted_at": date_text(submitted_at),
        "profile_rows": _profile_rows(payload),
        "assessments": payload["self_assessment"],
        "claimed_total": claimed_total,
        "maximum_total": maximum_total,
        "evidence": [dict(row, kind_label=_label(EvidenceKind, row["kind"])) for row in payload["evidence"]],
        "declarations": [(Application._meta.get_field(key).verbose_name, payload["declarations"][key])
                         for key in DECLARATIONS],
        "check_url": url,
        "qr_svg": qr_svg(url),
        "emblem_path": settings.BASE_DIR / "static" / "img" / "emblem.svg",
    }


def dossier_pdf(dossier) -> bytes:
    """Render `dossier`'s snapshot to PDF bytes (A4, Noto CJK embedded, the fingerprint and QR on every page)."""
    return render_pdf(template_name="pdf/dossier.html", context=dossier_context(dossier))

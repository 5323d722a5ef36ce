"""The live eligibility check (issue 10 point 4): the data-checkable rules run on a form's unsaved data.

The applicant's browser posts the form being edited — the application form, or the profile form with its
certificates — to `award:eligibility_check` while typing; this module lays the posted profile fields over unsaved
copies of the stored profile and runs `eligibility.eligibility_checks` on them. Nothing is saved: a field that
does not validate keeps its stored value (the form itself says what is wrong on save), and fields that are not
posted at all keep theirs. Without JavaScript the same checks are shown after saving.
"""
import copy

from django.utils import timezone

from accounts.forms import IndividualProfileForm, OrganizationProfileForm, ProfileCertificationFormSet
from accounts.models import Certification

from .eligibility import Check, eligibility_checks, eligibility_failures
from .models import ApplicationKind

__all__ = ["CERTIFICATIONS_PREFIX", "eligibility_preview", "eligibility_preview_payload"]

# The profile page's formset prefix (accounts.views.CERTIFICATIONS_PREFIX).
CERTIFICATIONS_PREFIX = "certifications"


def eligibility_preview(*, application=None, cycle=None, kind, profile, data, on_date=None):
    """The data-checkable rules (Art. 6, 15, 17, 18, 24) for `profile` with the posted `data` laid over it.

    `application` (when the applicant has one it may edit) gives the cycle; otherwise `cycle` (the cycle open for
    applications). Reads only; the stored profile and certificates are not touched.
    """
    cycle = application.cycle if application is not None else cycle
    on_date = on_date or timezone.localdate()
    if kind == ApplicationKind.ORGANIZATION:
        organization, certifications = _organization_overlay(profile, data)
        return eligibility_checks(cycle=cycle, kind=kind, organization=organization, on_date=on_date,
                                  certifications=certifications)
    return eligibility_checks(cycle=cycle, kind=kind, individual=_individual_overlay(profile, data), on_date=on_date)


def eligibility_preview_payload(checks: list[Check]) -> dict:
    """The JSON the browser renders: every check, the failing ones' labels, and whether submission may go on."""
    failing = eligibility_failures(checks)
    return {
        "ok": not failing,
        "checks": [check.as_dict() for check in checks],
        "failing": [f"{check.label}({check.article})" for check in failing],
    }


def _organization_overlay(profile, data):
    overlay = copy.copy(profile)
    if "registration_date" in data:
        # Only the fields that validate are laid over the copy (ModelForm.construct_instance skips the others).
        OrganizationProfileForm(data, instance=overlay, with_credit_code=False).is_valid()
    if f"{CERTIFICATIONS_PREFIX}-TOTAL_FORMS" not in data:
        return overlay, None
    formset = ProfileCertificationFormSet(data, instance=profile, prefix=CERTIFICATIONS_PREFIX)
    certifications = []
    fields = ProfileCertificationFormSet.form._meta.fields
    for form in formset.forms:
        if form.is_valid():
            cleaned = form.cleaned_data
            if cleaned and not cleaned.get("DELETE"):
                certifications.append(Certification(**{name: cleaned[name] for name in fields}))
        elif form.instance.pk:
            # An invalid edit of a stored certificate keeps the stored one until the form is corrected.
            certifications.append(Certification(**{name: form.initial[name] for name in fields}))
    return overlay, certifications


def _individual_overlay(profile, data):
    overlay = copy.copy(profile)
    if "quality_work_since" not in data:
        return overlay
    IndividualProfileForm(data, instance=overlay, with_id_number=False).is_valid()
    if "employer_credit_code" in data:
        # The check itself names the wrong character of a mistyped code, so it sees what was typed.
        overlay.employer_credit_code = data["employer_credit_code"]
    return overlay

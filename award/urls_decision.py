"""URLs of the decision stage (comprehensive review, proposed list, notice objections, approval, awards,
certificates); included into the "award" namespace by award/urls.py."""
from django.urls import path

from .views import awards, decision, objections, verify

urlpatterns = [
    # Public site, no login
    path("notices/<int:pk>/objection/", verify.objection_create, name="objection_create"),
    path("objections/submitted/", verify.objection_submitted, name="objection_submitted"),
    path("verify/", verify.verify, name="verify"),
    path("winners/", verify.winners, name="winners"),
    # Office: comprehensive review and candidates (Art. 19(五))
    path("office/cycles/<int:pk>/comprehensive/", decision.comprehensive_review, name="comprehensive_review"),
    path("office/cycles/<int:pk>/proposals/new/", decision.proposal_create, name="proposal_create"),
    path("office/cycles/<int:pk>/proposals/vacancy/", decision.proposal_vacancy, name="proposal_vacancy"),
    path("office/proposals/<int:pk>/withdraw/", decision.proposal_withdraw, name="proposal_withdraw"),
    # Deliberation (Art. 8(三)): recorded by the office, read by the leading group and the supervisors
    path("office/cycles/<int:pk>/deliberation/record/", decision.deliberation_record, name="deliberation_record"),
    path("cycles/<int:pk>/deliberation/", decision.deliberation_detail, name="deliberation_detail"),
    # Public notice of the proposed list and its objections (Art. 19(六))
    path("office/cycles/<int:pk>/proposed-notice/", decision.proposed_notice_create, name="proposed_notice_create"),
    path("cycles/<int:pk>/objections/", objections.objection_list, name="objection_list"),
    path("objections/<int:pk>/", objections.objection_detail, name="objection_detail"),
    path("objections/<int:pk>/resolve/", objections.objection_resolve, name="objection_resolve"),
    path("objections/<int:pk>/evidence/", objections.objection_evidence, name="objection_evidence"),
    # Approval, awards, certificates (Art. 19(七)(八), Art. 6)
    path("office/cycles/<int:pk>/approval/", awards.approval_record, name="approval_record"),
    path("cycles/<int:pk>/approval/scan/", awards.approval_scan, name="approval_scan"),
    path("office/cycles/<int:pk>/awards/", awards.cycle_awards, name="cycle_awards"),
    path("office/cycles/<int:pk>/awards/grant/", awards.awards_grant, name="awards_grant"),
    path("office/cycles/<int:pk>/winners.xlsx", awards.winners_export, name="winners_export"),
    path("office/cycles/<int:pk>/applications.xlsx", awards.applications_export, name="applications_export"),
    path("office/cycles/<int:pk>/qualified.xlsx", awards.qualified_export, name="qualified_export"),
    path("office/certificates/<int:pk>/rerender/", awards.certificate_rerender, name="certificate_rerender"),
    path("certificates/<int:pk>/download/", awards.certificate_download, name="certificate_download"),
]

from django.urls import path

from .views import leading, office, public, supervisor, winner

app_name = "supervision"

urlpatterns = [
    # public (Art. 11, 23, 25, 27)
    path("complaints/new/", public.complaint_create, name="complaint_create"),
    path("complaints/track/", public.complaint_track, name="complaint_track"),
    # supervisors
    path("", supervisor.dashboard, name="dashboard"),
    path("cycles/<int:pk>/record/", supervisor.cycle_record, name="cycle_record"),
    path("cycles/<int:pk>/audit/", supervisor.audit_log, name="audit_log"),
    path("cycles/<int:pk>/audit/export/", supervisor.audit_export, name="audit_export"),
    path("cycles/<int:pk>/opinions/new/", supervisor.opinion_create, name="opinion_create"),
    path("cycles/<int:pk>/reports/new/", supervisor.report_create, name="report_create"),
    path("cycles/<int:pk>/misconduct/new/", supervisor.misconduct_create, name="misconduct_create"),
    path("complaints/", supervisor.complaint_list, name="complaint_list"),
    path("complaints/<int:pk>/", supervisor.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/accept/", supervisor.complaint_accept, name="complaint_accept"),
    path("complaints/<int:pk>/dismiss/", supervisor.complaint_dismiss, name="complaint_dismiss"),
    path("complaints/<int:pk>/note/", supervisor.complaint_note, name="complaint_note"),
    path("complaints/<int:pk>/conclude/", supervisor.complaint_conclude, name="complaint_conclude"),
    path("complaints/evidence/<int:pk>/", supervisor.complaint_evidence, name="complaint_evidence"),
    path("reports/", supervisor.report_list, name="report_list"),
    path("reports/<int:pk>/", supervisor.report_download, name="report_download"),
    path("reports/<int:pk>/read/", supervisor.report_mark_read, name="report_mark_read"),
    path("misconduct/", supervisor.misconduct_list, name="misconduct_list"),
    path("misconduct/<int:pk>/", supervisor.misconduct_detail, name="misconduct_detail"),
    # leading group
    path("leading-group/", leading.leading_group_dashboard, name="leading_group_dashboard"),
    path("leading-group/cycles/<int:pk>/review/", leading.comprehensive_review, name="leading_group_review"),
    # office: the group and the close (Art. 11), misconduct (Art. 27)
    path("complaints/<int:pk>/move/", office.complaint_move, name="complaint_move"),
    path("cycles/<int:pk>/group/", office.group_manage, name="group_manage"),
    path("cycles/<int:pk>/group/propose/", office.group_propose, name="group_propose"),
    path("groups/<int:pk>/members/add/", office.member_add, name="member_add"),
    path("members/<int:pk>/remove/", office.member_remove, name="member_remove"),
    path("groups/<int:pk>/appoint/", office.group_appoint, name="group_appoint"),
    path("cycles/<int:pk>/close/", office.cycle_close, name="cycle_close"),
    path("misconduct/<int:pk>/decide/", office.misconduct_decide, name="misconduct_decide"),
    # after the award (Art. 21, 22, 24)
    path("awards/", office.award_list, name="award_list"),
    path("cycles/<int:pk>/visits/plan/", office.visit_plan, name="visit_plan"),
    path("awards/<int:pk>/visits/new/", office.visit_schedule, name="visit_schedule"),
    path("visits/<int:pk>/record/", office.visit_record, name="visit_record"),
    path("fund-reports/<int:pk>/review/", office.fund_report_review, name="fund_report_review"),
    path("awards/<int:pk>/revocation/new/", office.revocation_create, name="revocation_create"),
    path("revocations/", office.revocation_list, name="revocation_list"),
    path("revocations/<int:pk>/", office.revocation_detail, name="revocation_detail"),
    path("revocations/<int:pk>/investigate/", office.revocation_investigate, name="revocation_investigate"),
    path("revocations/<int:pk>/propose/", office.revocation_propose, name="revocation_propose"),
    path("revocations/<int:pk>/decide/", office.revocation_decide, name="revocation_decide"),
    path("revocations/<int:pk>/recovery/", office.revocation_recovery, name="revocation_recovery"),
    # winners
    path("my-awards/", winner.winner_awards, name="winner_awards"),
    path("my-awards/<int:pk>/fund-report/", winner.fund_report_create, name="fund_report_create"),
]

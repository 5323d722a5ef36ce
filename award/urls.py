from django.urls import path

from . import urls_decision
from .views import applicant, dashboard, dossier, office, public, qualification_batch, recommender

app_name = "award"

urlpatterns = [
    # Public site, no login
    path("", public.home, name="home"),
    path("calls/<int:number>/", public.cycle_call, name="cycle_call"),
    path("notices/", public.notice_list, name="notice_list"),
    path("notices/<int:pk>/", public.notice_detail, name="notice_detail"),
    # Everyone logged in
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    # Applicants
    path("applications/new/", applicant.application_start, name="application_start"),
    path("applications/eligibility/", applicant.eligibility_check, name="eligibility_check"),
    path("applications/<int:pk>/", applicant.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applicant.application_edit, name="application_edit"),
    path("applications/<int:pk>/evidence/", applicant.evidence_upload, name="evidence_upload"),
    path("applications/<int:pk>/submit/", applicant.application_submit, name="application_submit"),
    path("applications/<int:pk>/withdraw/", applicant.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/dossier.pdf", dossier.dossier_download, name="dossier_download"),
    path("dossiers/check/", dossier.dossier_check, name="dossier_check"),
    path("evidence/<int:pk>/", applicant.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", applicant.evidence_delete, name="evidence_delete"),
    # Recommenders
    path("recommender/", recommender.recommender_queue, name="recommender_queue"),
    path("applications/<int:pk>/endorse/", recommender.endorsement_create, name="endorsement_create"),
    # Office
    path("office/cycles/", office.cycle_list, name="cycle_list"),
    path("office/cycles/new/", office.cycle_create, name="cycle_create"),
    path("office/cycles/<int:pk>/", office.cycle_manage, name="cycle_manage"),
    path("office/cycles/<int:pk>/edit/", office.cycle_edit, name="cycle_edit"),
    path("office/cycles/<int:pk>/window/", office.cycle_change_window, name="cycle_change_window"),
    path("office/cycles/<int:pk>/publish-call/", office.cycle_publish_call, name="cycle_publish_call"),
    path("office/cycles/<int:pk>/advance/", office.cycle_advance, name="cycle_advance"),
    path("office/cycles/<int:pk>/notices/new/", office.notice_create, name="notice_create"),
    path("office/cycles/<int:pk>/dossiers.zip", dossier.cycle_dossiers_zip, name="cycle_dossiers_zip"),
    path("office/applications/<int:pk>/qualification/", office.qualification_review, name="qualification_review"),
    path("office/cycles/<int:pk>/qualification/batch/", qualification_batch.qualification_batch,
         name="qualification_batch"),
    path("office/calendar/", office.calendar_year_list, name="calendar_year_list"),
    path("office/calendar/enter/", office.calendar_year_enter, name="calendar_year_enter"),
]

urlpatterns += urls_decision.urlpatterns

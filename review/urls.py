from django.urls import path

from .views import agency, corrections, expert, office, pool, public, record, reports, standards

app_name = "review"

urlpatterns = [
    # expert
    path("expert/", expert.expert_dashboard, name="expert_dashboard"),
    path("expert/pledge/", expert.pledge_sign, name="pledge_sign"),
    path("expert/record/", record.expert_record, name="expert_record"),
    path("expert/scorecards/<int:pk>/", record.own_scorecard, name="own_scorecard"),
    path("expert/assignments/<int:pk>/score/", expert.scorecard_edit, name="scorecard_edit"),
    path("expert/assignments/<int:pk>/decline/", expert.assignment_decline, name="assignment_decline"),
    path("expert/applications/<int:pk>/conflict/", expert.conflict_declare, name="conflict_declare"),
    path("expert/applications/<int:pk>/consensus/", expert.consensus_edit, name="consensus_edit"),
    path("site/<int:pk>/", expert.site_visit, name="site_visit"),
    path("site/<int:pk>/score/", expert.site_scorecard_edit, name="site_scorecard_edit"),
    path("expert/profile/", pool.expert_profile, name="expert_profile"),
    # the expert pool and the conflict matrix (agency and office)
    path("pool/", pool.pool_list, name="pool_list"),
    path("pool/new/", pool.pool_expert_create, name="pool_expert_create"),
    path("pool/import/", pool.pool_import, name="pool_import"),
    path("pool/import-template.xlsx", pool.pool_import_template, name="pool_import_template"),
    path("conflicts/matrix/", pool.conflict_matrix_view, name="conflict_matrix"),
    # agency
    path("agency/", agency.agency_dashboard, name="agency_dashboard"),
    path("agency/panels/", agency.panel_manage, name="panel_manage"),
    path("agency/propose/", agency.assignments_propose, name="assignments_propose"),
    path("agency/confirm/", agency.assignments_confirm, name="assignments_confirm"),
    path("agency/applications/<int:pk>/add/", agency.assignment_add, name="assignment_add"),
    path("agency/assignments/<int:pk>/remove/", agency.assignment_remove, name="assignment_remove"),
    path("agency/assignments/<int:pk>/swap/", agency.assignment_swap, name="assignment_swap"),
    path("agency/progress/", agency.expert_progress, name="expert_progress"),
    path("agency/progress/remind/", agency.expert_remind, name="expert_remind"),
    path("agency/scorecards/<int:pk>/reopen/", agency.scorecard_reopen, name="scorecard_reopen"),
    path("agency/applications/<int:pk>/site/", agency.site_visit_schedule, name="site_visit_schedule"),
    path("agency/applications/<int:pk>/respondents/", agency.respondents_manage, name="respondents_manage"),
    # office
    path("office/", office.office_results, name="office_results"),
    path("office/shortlist/", office.shortlist_confirm, name="shortlist_confirm"),
    path("office/agency/", office.agency_record, name="agency_record"),
    path("office/deadlines/", office.review_deadlines, name="review_deadlines"),
    path("office/applications/<int:pk>/conflict/", office.conflict_flag, name="conflict_flag"),
    path("office/questionnaire/<str:kind>/", office.questionnaire_edit, name="questionnaire_edit"),
    path("office/corrections/", corrections.correction_list, name="correction_list"),
    path("office/applications/<int:pk>/correction/", corrections.correction_open, name="correction_open"),
    path("office/corrections/<int:pk>/", corrections.correction_detail, name="correction_detail"),
    path("office/corrections/<int:pk>/apply/", corrections.correction_apply, name="correction_apply"),
    path("office/corrections/<int:pk>/cancel/", corrections.correction_cancel, name="correction_cancel"),
    path("office/score-matrix.xlsx", office.score_matrix_xlsx, name="score_matrix_xlsx"),
    path("office/cycles/<int:pk>/score-matrix.xlsx", office.score_matrix_cycle_xlsx, name="score_matrix_cycle_xlsx"),
    path("office/standards/", standards.standard_list, name="standard_list"),
    path("office/standards/<int:pk>/", standards.standard_detail, name="standard_detail"),
    path("office/standards/<int:pk>/new-version/", standards.standard_version_create, name="standard_version_create"),
    path("office/standards/<int:pk>/approval/", standards.standard_approval_record, name="standard_approval_record"),
    # applicant and office
    path("applications/<int:pk>/feedback/", public.feedback, name="feedback"),
    path("applications/<int:pk>/report.pdf", reports.document_report_pdf, name="document_report_pdf"),
    path("applications/<int:pk>/site-report.pdf", reports.site_report_pdf, name="site_report_pdf"),
    path("applications/<int:pk>/satisfaction-report.pdf", reports.satisfaction_report_pdf,
         name="satisfaction_report_pdf"),
    path("office/document-review-report.pdf", reports.cycle_report_pdf, name="cycle_report_pdf"),
    # public survey
    path("survey/<str:token>/", public.survey_answer, name="survey_answer"),
    path("survey-thanks/", public.survey_thanks, name="survey_thanks"),
]

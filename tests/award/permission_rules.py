"""Who may reach each award URL (the walk in tests/test_permission_walk.py)."""
from tests.permission_walk import ANY_LOGGED_IN, PUBLIC, Rule


def _app(key):
    return lambda w: {"pk": w[key].pk}


def _cycle(w):
    return {"pk": w["cycle"].pk}


APPLICANTS = {"owner", "other_applicant", "individual"}

RULES = {
    "award:home": Rule(allowed=PUBLIC),
    "award:cycle_call": Rule(lambda w: {"number": w["cycle"].number}, PUBLIC),
    "award:notice_list": Rule(allowed=PUBLIC),
    "award:notice_detail": Rule(_app("notice"), PUBLIC),
    "award:dashboard": Rule(allowed=ANY_LOGGED_IN),
    "award:application_start": Rule(allowed=APPLICANTS, method="POST"),
    "award:application_detail": Rule(_app("application"), {"owner", "recommender", "office", "expert"},
                                     material=True),
    "award:eligibility_check": Rule(allowed=APPLICANTS, method="POST"),
    "award:application_edit": Rule(_app("draft_application"), {"individual"}),
    "award:evidence_upload": Rule(_app("draft_application"), {"individual"}, method="POST"),
    "award:application_submit": Rule(_app("draft_application"), {"individual"}),
    "award:application_withdraw": Rule(_app("submitted_application"), {"other_applicant"}, method="POST"),
    "award:evidence_download": Rule(_app("evidence"), {"owner", "recommender", "office", "expert"},
                                    material=True),
    # The printable dossier (issue 10 point 7): who sees the application, minus the roles without a dossier.
    "award:dossier_download": Rule(_app("application"), {"owner", "recommender", "office", "expert"},
                                   material=True),
    "award:dossier_check": Rule(allowed=PUBLIC),
    "award:cycle_dossiers_zip": Rule(_cycle, {"office"}),
    "award:evidence_delete": Rule(_app("draft_evidence"), {"individual"}, method="POST"),
    "award:recommender_queue": Rule(allowed={"recommender", "other_recommender"}),
    "award:endorsement_create": Rule(_app("submitted_application"), {"recommender"}),
    "award:cycle_list": Rule(allowed={"office"}),
    "award:cycle_create": Rule(allowed={"office"}),
    "award:cycle_manage": Rule(_cycle, {"office"}),
    "award:cycle_edit": Rule(_cycle, {"office"}),
    "award:cycle_change_window": Rule(_cycle, {"office"}),
    "award:cycle_publish_call": Rule(_cycle, {"office"}, method="POST"),
    "award:cycle_advance": Rule(_cycle, {"office"}, method="POST"),
    "award:notice_create": Rule(_cycle, {"office"}),
    "award:qualification_review": Rule(_app("endorsed_application"), {"office"}),
    "award:qualification_batch": Rule(_cycle, {"office"}),
    "award:calendar_year_list": Rule(allowed={"office"}),
    "award:calendar_year_enter": Rule(allowed={"office"}, method="POST"),
}

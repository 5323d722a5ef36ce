"""The qualification-review checklist (Art. 19(二)): what the system checked, then what only a person can judge.

Data-checkable rules come from award.eligibility as recorded when the applicant submitted; the rest are criteria the office
rules on with a note, each citing its article.
"""
from django.utils.translation import gettext_lazy as _

JUDGED_CRITERIA = {
    "common": [
        ("materials", "第十九条(一)", _("申报表填写如实,证实性材料齐全")),
        ("endorsement", "第十九条(一)", _("推荐单位已签署推荐意见")),
    ],
    "organization": [
        ("management_system", "第十五条(二)(三)", _("质量管理体系有效运行,贯彻 GB/T 19580,质量效益突出")),
        ("brand_integrity", "第十五条(四)", _("品牌优势突出,质量诚信和社会责任记录良好")),
        ("no_accident", "第十五条(五)", _("近3年无重大事故、无突出投诉、无违反财经纪律及其他法律法规行为")),
    ],
    "individual": [
        ("integrity", "第十七条(一)", _("政治坚定,品行端正,恪守职业道德")),
        ("contribution", "第十七条(三)(四)", _("质量意识和创新意识强,在质量领域作出突出贡献")),
        ("no_record", "第十七条(五)", _("所属组织近3年无重大事故,个人无不良记录")),
        ("first_finisher", "第十七条", _("涉及科研、攻关成果的,申报人为成果第一完成人")),
    ],
}


def qualification_criteria(application):
    """The rows of the office's checklist: the system's checks as recorded at submission (pre-marked), then the
    judged criteria."""
    rows = [
        {
            "code": f"sys_{c['code']}",
            "article": c["article"],
            "label": c["label"],
            "system_passed": c["passed"],
            "help": _("系统核验(提交时):%(reason)s") % {"reason": c["reason"]},
        }
        for c in application.eligibility_snapshot
    ]
    for code, article, label in JUDGED_CRITERIA["common"] + JUDGED_CRITERIA[application.kind]:
        # Judged criteria start undecided: the office must choose each one (none is pre-selected).
        rows.append({"code": code, "article": article, "label": label, "system_passed": None, "help": "",
                     "judged": True})
    return rows


def batch_criteria(applications):
    """The rows of the batch checklist for `applications` (all of one kind): every criterion any of them has, in
    the checklist's order. A system check is pre-marked only when it came out the same for every application
    that has it (`system_passed` True or False); when the applications differ it starts undecided (None)."""
    rows = {}
    for application in applications:
        for row in qualification_criteria(application):
            merged = rows.setdefault(row["code"], {**row, "results": []})
            if not row.get("judged"):
                merged["results"].append(row["system_passed"])
    for row in rows.values():
        if not row.get("judged"):
            outcomes = set(row.pop("results"))
            row["system_passed"] = outcomes.pop() if len(outcomes) == 1 else None
            row["help"] = _("系统核验(提交时),逐份申报分别核对。")
        else:
            row.pop("results")
    return list(rows.values())

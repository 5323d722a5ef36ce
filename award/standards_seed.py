"""The default scoring standards (SPEC §7), as plain data. The migration 0002 loads them.

Organizations: GB/T 19580-2012, 7 categories, 23 items, 1000 points.
Individuals: no public Binzhou rubric exists; this default follows the China Quality Award's individual areas and
is marked in the interface as the default draft until the office's approved standard replaces it.
"""

ORGANIZATION_STANDARD = {
    "kind": "organization",
    "name": "滨州市市长质量奖组织奖评审标准(GB/T 19580-2012《卓越绩效评价准则》)",
    "total_points": 1000,
    "is_default_draft": False,
    "categories": [
        ("4.1", "领导", "process", [("4.1.1", "高层领导的作用", 50), ("4.1.2", "组织治理", 30),
                                    ("4.1.3", "社会责任", 30)]),
        ("4.2", "战略", "process", [("4.2.1", "战略制定", 40), ("4.2.2", "战略部署", 50)]),
        ("4.3", "顾客与市场", "process", [("4.3.1", "顾客和市场的了解", 40),
                                          ("4.3.2", "顾客关系与顾客满意", 50)]),
        ("4.4", "资源", "process", [("4.4.1", "人力资源", 60), ("4.4.2", "财务资源", 15),
                                    ("4.4.3", "信息和知识资源", 20), ("4.4.4", "技术资源", 15),
                                    ("4.4.5", "基础设施", 10), ("4.4.6", "相关方关系", 10)]),
        ("4.5", "过程管理", "process", [("4.5.1", "过程的识别与设计", 50), ("4.5.2", "过程的实施与改进", 50)]),
        ("4.6", "测量、分析与改进", "process", [("4.6.1", "测量、分析和评价", 40), ("4.6.2", "改进与创新", 40)]),
        ("4.7", "结果", "result", [("4.7.1", "产品和服务结果", 80), ("4.7.2", "顾客与市场结果", 80),
                                   ("4.7.3", "财务结果", 80), ("4.7.4", "资源结果", 60),
                                   ("4.7.5", "过程有效性结果", 50), ("4.7.6", "领导方面的结果", 50)]),
    ],
}

INDIVIDUAL_STANDARD = {
    "kind": "individual",
    "name": "滨州市市长质量奖个人奖评审标准(默认草案)",
    "total_points": 300,
    "is_default_draft": True,
    "categories": [
        ("1", "基本素质与质量理念", "process", [("1.1", "政治素质与职业道德", 20), ("1.2", "质量理念与责任意识", 20),
                                                 ("1.3", "专业能力与持续学习", 20)]),
        ("2", "质量管理能力与创新", "process", [("2.1", "质量管理方法的运用", 40), ("2.2", "质量改进与攻关", 40),
                                                 ("2.3", "技术创新与标准化", 40)]),
        ("3", "质量成果与示范影响", "result", [("3.1", "质量效益成果", 50), ("3.2", "社会认可与荣誉", 30),
                                                ("3.3", "示范引领与经验推广", 40)]),
    ],
}


def load_standard(ScoringStandard, StandardCategory, StandardItem, data, version=1):
    standard = ScoringStandard.objects.create(
        kind=data["kind"],
        name=data["name"],
        version=version,
        total_points=data["total_points"],
        is_default_draft=data["is_default_draft"],
    )
    for c_pos, (c_code, c_name, nature, items) in enumerate(data["categories"]):
        category = StandardCategory.objects.create(
            standard=standard, code=c_code, name=c_name, points=sum(p for _, _, p in items), position=c_pos
        )
        for i_pos, (i_code, i_name, points) in enumerate(items):
            StandardItem.objects.create(
                category=category, code=i_code, name=i_name, points=points, nature=nature, position=i_pos
            )
    return standard

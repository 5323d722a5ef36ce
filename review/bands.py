"""The six scoring bands and what each means (SPEC §7), after the scoring guidelines of GB/T 19580-2012 and
GB/Z 19579-2012: process items are read by approach (方法), deployment (展开), learning (学习) and integration (整合),
results items by levels (水平), trends (趋势), comparisons (对比) and integration (整合).

Plain data for the scoring page (each item shows its six bands); the percentages themselves are checked by the
scorecard form and the database (5 % steps, 0–100 %).
"""
from django.utils.translation import gettext_lazy as _

from .aggregation import BANDS

PROCESS_DIMENSIONS = (_("方法"), _("展开"), _("学习"), _("整合"))
RESULT_DIMENSIONS = (_("水平"), _("趋势"), _("对比"), _("整合"))

# One tuple per band of aggregation.BANDS, lowest first; four phrases in the order of the dimensions above.
PROCESS_GUIDE = (
    (_("没有系统的方法,信息零散、孤立"), _("方法没有展开或略有展开"),
     _("没有改进导向,改进只是对问题作出反应"), _("各部门、各领域之间没有协调一致")),
    (_("开始有系统的方法应对基本要求"), _("在大多数部门处于展开的初级阶段"),
     _("开始从对问题作出反应转向一般性改进"), _("主要靠联合解决问题与其他领域协调")),
    (_("有系统、有效的方法应对基本要求"), _("方法已展开,个别部门仍处于初级阶段"),
     _("开始系统地评价和改进关键过程"), _("与组织的基本需要开始协调一致")),
    (_("有系统、有效的方法应对总体要求"), _("方法展开良好,各部门程度有所不同"),
     _("以事实为依据系统评价改进,有组织学习和创新"), _("与组织需要协调一致")),
    (_("有系统、有效的方法应对详细要求"), _("方法展开良好,无明显差距"),
     _("系统评价改进和组织学习是关键管理工具,有分析共享带来的创新"), _("与组织需要相整合")),
    (_("有系统、有效的方法全面应对详细要求"), _("方法充分展开,任何部门均无明显弱点或差距"),
     _("评价改进、学习和创新贯穿全组织,分析共享带来精确、创新的结果"), _("与组织需要充分整合")),
)

RESULT_GUIDE = (
    (_("没有描述结果或结果很差"), _("没有趋势数据或趋势总体不良"),
     _("没有对比信息"), _("在对组织使命重要的领域均未报告结果")),
    (_("结果很少,少数方面有初步的良好绩效"), _("很少有趋势数据"),
     _("很少有对比信息"), _("在少数重要领域报告了结果")),
    (_("多数方面有改进或良好绩效水平"), _("处于取得良好趋势的初期"),
     _("处于获得对比信息的初期"), _("在多数重要领域报告了结果")),
    (_("大多数方面有改进趋势或良好绩效,重要领域无不良绩效"), _("大多数方面趋势向好"),
     _("与竞争对手或标杆对比,部分趋势或绩效良好到优秀"), _("结果满足大多数关键顾客、市场和过程的要求")),
    (_("重要的大多数方面绩效良好到优秀"), _("大多数改进趋势或绩效水平可持续"),
     _("与竞争对手或标杆对比,多数趋势或绩效领先、优秀"), _("结果满足大多数关键顾客、市场、过程和战略要求")),
    (_("重要的大多数方面绩效优秀"), _("大多数方面有优秀的改进趋势或持续优秀的绩效"),
     _("多数方面处于行业领先和标杆水平"), _("结果充分满足关键顾客、市场、过程和战略要求")),
)


def band_guide(nature):
    """[{"low", "high", "label", "lines": [(dimension, phrase), …]}, …] for an item of `nature` ("process" or
    "result"), lowest band first."""
    guide, dimensions = (RESULT_GUIDE, RESULT_DIMENSIONS) if nature == "result" else (PROCESS_GUIDE,
                                                                                     PROCESS_DIMENSIONS)
    return [{"low": low, "high": high, "label": label, "short": f"{low}–{high}",
             "lines": list(zip(dimensions, phrases, strict=True))}
            for (low, high, label), phrases in zip(BANDS, guide, strict=True)]


def band_index(percentage):
    """The index in BANDS of the band a percentage falls in, or None for no (or an impossible) value."""
    if percentage is None:
        return None
    for n, (low, high, _label) in enumerate(BANDS):
        if low <= percentage <= high:
            return n
    return None

"""The plan every export test reads back: chapters, sections, items, sub-items, units, deadlines, progress."""

from __future__ import annotations

import datetime as dt

from ecodesk.domain.deadlines import parse_deadline
from ecodesk.domain.plan import PlanTree, ProgressEntry, Target, TaskNode, Unit
from ecodesk.domain.status import Status

AS_OF = dt.date(2025, 7, 15)
LONG_UNIT = "县生态环境保护综合行政执法大队第一中队（含机动巡查组）"  # longer than 31 characters
ODD_UNIT = "大气/水[监测]站"  # characters Excel forbids in sheet names


def _deadline(text: str):
    return parse_deadline(text, 2025)


def build_plan() -> PlanTree:
    units = [Unit("综合股", sort_order=1), Unit("大气股", sort_order=2), Unit("水生态股", sort_order=3),
             Unit(ODD_UNIT, sort_order=4), Unit(LONG_UNIT, sort_order=5), Unit("法规股", sort_order=6)]
    air = TaskNode(
        "持续深入打好蓝天保卫战",
        children=[
            TaskNode("强化工业源治理", children=[
                TaskNode("推进重点行业超低排放改造", measures="完成2家水泥企业超低排放改造。",
                         lead_units=["大气股"], co_units=["综合股", ODD_UNIT],
                         deadline=_deadline("2025年6月底前"), status=Status.IN_PROGRESS,
                         progress=[ProgressEntry(dt.date(2025, 3, 31), "已完成1家企业改造方案评审。"),
                                   ProgressEntry(dt.date(2025, 6, 20), "1家已完工，另1家因设备未到货延期。"),
                                   ProgressEntry(dt.date(2025, 8, 1), "两家企业均已完工。")]),
                TaskNode("=SUM(A1)", measures="-开展挥发性有机物综合治理。", lead_units=["大气股"],
                         deadline=_deadline("2025年12月底前"), status=Status.NOT_STARTED),
            ]),
            TaskNode("加强移动源管控", children=[
                TaskNode("淘汰老旧柴油货车", lead_units=[LONG_UNIT], co_units=["大气股"],
                         deadline=_deadline("2025年3月底前"), status=Status.DONE,
                         progress=[ProgressEntry(dt.date(2025, 3, 28), "已淘汰老旧柴油货车120辆，任务完成。",
                                                 status=Status.DONE)]),
            ]),
        ],
    )
    water = TaskNode(
        "持续深入打好碧水保卫战",
        children=[
            TaskNode("推进水污染防治", children=[
                TaskNode("开展入河排污口排查整治", measures="完成全县入河排污口溯源。",
                         lead_units=["水生态股"], co_units=[LONG_UNIT],
                         deadline=_deadline("第二季度"), status=Status.IN_PROGRESS,
                         children=[
                             TaskNode("完成排污口溯源", status=Status.DONE,
                                      progress=[ProgressEntry(dt.date(2025, 5, 10), "溯源工作已完成。")]),
                             TaskNode("制定整治方案", status=Status.IN_PROGRESS,
                                      deadline=_deadline("2025年5月底前"),
                                      progress=[ProgressEntry(dt.date(2025, 6, 1), "方案征求意见中。")]),
                         ]),
                TaskNode("+开展饮用水水源地环境保护专项行动", lead_units=["水生态股"],
                         deadline=_deadline("长期坚持"), status=Status.CANCELLED, notes="@已并入省级专项"),
            ]),
        ],
    )
    admin = TaskNode(
        "全面加强生态环境法治建设",
        measures="落实普法责任制，开展“八五”普法。",
        lead_units=["综合股"],
        deadline=_deadline("年底前"),
        status=Status.IN_PROGRESS,
    )
    plan = PlanTree(
        year=2025,
        title="某某县生态环境局2025年工作要点",
        bureau="某某县生态环境局",
        preamble="2025年，全县生态环境工作以习近平新时代中国特色社会主义思想为指导。\n坚持精准治污、科学治污、依法治污。",
        targets=[Target("PM2.5平均浓度控制在35微克/立方米以内。", "大气环境"),
                 Target("优良天数比例达到85%以上。", "大气环境"),
                 Target("国省控断面水质优良比例达到100%。", "水环境")],
        tasks=[air, water, admin],
        units=units,
    )
    plan.renumber()
    return plan

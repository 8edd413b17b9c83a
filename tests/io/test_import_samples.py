"""The four published sample plans: exact counts established by reading them, and named tasks."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecodesk.domain.units import is_collective
from ecodesk.io.plan_import import ImportResult, ImportSummary, read_plan

XINJIAN = ImportSummary(
    chapters=1, tasks=58, leaf_tasks=45, tasks_with_units=45, tasks_with_deadlines=0, targets=10, units=9
)
EXPECTED = {
    "dalian-2021-gongzuoyaodian.txt": ImportSummary(
        chapters=5, tasks=26, leaf_tasks=21, tasks_with_units=0, tasks_with_deadlines=0, targets=1, units=0
    ),
    "fuzhou-2022-gongzuoyaodian.txt": ImportSummary(
        chapters=1, tasks=45, leaf_tasks=34, tasks_with_units=0, tasks_with_deadlines=0, targets=6, units=0
    ),
    "xinjian-2021-gongzuoyaodian.txt": XINJIAN,
    "xinjian-2021-gongzuoyaodian.docx": XINJIAN,
}


def _read(samples_dir: Path, name: str) -> ImportResult:
    return read_plan(samples_dir / name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_counts(samples_dir: Path, name: str) -> None:
    result = _read(samples_dir, name)
    assert result.summary() == EXPECTED[name]
    assert result.unplaced == []


def test_dalian_heading_preamble_and_tasks(samples_dir: Path) -> None:
    plan = _read(samples_dir, "dalian-2021-gongzuoyaodian.txt").plan
    assert (plan.year, plan.title, plan.bureau) == (2021, "2021年大连市生态环境工作要点", "")
    assert plan.preamble.startswith("2021年是“十四五”开局之年")
    assert "一、总体要求" in plan.preamble
    assert "创建时间" not in plan.preamble
    assert plan.targets[0].text.startswith("2021年,全市生态环境质量将在")
    assert [t.title for t in plan.tasks] == [
        "加快推动绿色低碳发展",
        "深入打好污染防治攻坚战",
        "系统谋划“十四五”生态环境保护",
        "加快构建现代环境治理体系",
        "全面加强党的建设",
    ]
    assert plan.tasks[0].measures.startswith("坚持生态优先、绿色发展")
    task = plan.find((5, 3))
    assert task.number == "（三）"
    assert task.title == "推动党建和业务深入融合"
    # the paragraph broken after “创新实践年” is glued back into one sentence
    assert "深入开展“创新实践年”活动,在生态文明建设" in task.measures
    last = plan.find((5, 4))
    assert last.measures.endswith("激励干部担当作为。")
    # an unnumbered paragraph after a task joins its measures on a new line
    assert "\n组织开展六五环境日系列宣传活动" in plan.find((4, 3)).measures


def test_fuzhou_targets_and_running_numbers(samples_dir: Path) -> None:
    result = _read(samples_dir, "fuzhou-2022-gongzuoyaodian.txt")
    plan = result.plan
    assert (plan.year, plan.title) == (2022, "2022年全市生态环境保护工作要点")
    assert [t.category for t in plan.targets] == [
        "环境空气", "水环境", "海洋环境", "土壤和地下水环境", "固体废物污染防治", "污染物排放总量控制",
    ]
    assert plan.targets[2].text == "近岸海域优良水质面积比例达82.4%。"
    assert "主要指标初步设置如下" in plan.preamble
    assert "日期:" not in plan.preamble and "|" not in plan.preamble
    chapter = plan.tasks[0]
    assert chapter.title == "主要工作举措"
    assert [len(s.children) for s in chapter.children] == [4, 4, 4, 5, 2, 3, 3, 3, 3, 3]
    fifth = plan.find((1, 2, 1))
    assert fifth.title == "深入打好蓝天保卫战"
    assert "(VOCs)2.0治理" in fifth.measures
    # “6月底前完成…” in prose is not an explicit 完成时限 annotation
    assert plan.find((1, 1, 4)).deadline is None
    assert plan.find((1, 10, 3)).title == "强化党风廉政建设"


@pytest.mark.parametrize("name", ["xinjian-2021-gongzuoyaodian.txt", "xinjian-2021-gongzuoyaodian.docx"])
def test_xinjian_units_and_levels(samples_dir: Path, name: str) -> None:
    plan = _read(samples_dir, name).plan
    assert (plan.year, plan.bureau) == (2021, "南昌市新建生态环境局")
    assert plan.title == "南昌市新建生态环境局2021年生态环境工作要点"
    assert "浏览量" not in plan.preamble and "分享到" not in plan.preamble
    assert plan.targets[0].text.startswith("省站国控点细颗粒物(PM2.5)年均浓34微克")
    assert plan.targets[9].text == "放射源辐射事故年发生率1.3起/万枚以下。"
    first = plan.find((1, 1, 1))
    assert first.title == "编制实施“十四五”全区生态环境规划"
    assert (first.lead_units, first.co_units) == (["综合股"], ["监测站"])
    assert "责任单位" not in first.measures
    air = plan.find((1, 3, 1))
    assert air.title == "实施环境空气质量提升行动"
    assert air.lead_units == [] and len(air.children) == 6
    assert plan.find((1, 3, 1, 6)).number == "6）"
    assert plan.find((1, 3, 1, 6)).co_units == ["监测站", "执法分局"]
    letters = plan.find((1, 6, 3))
    assert (letters.lead_units, letters.co_units) == (["办公室"], ["执法分局", "相关业务股室"])
    party = plan.find((1, 9, 1))
    assert party.lead_units == ["局党组"]
    assert party.co_units == ["各股室", "监测站", "执法分局"]
    assert is_collective(party.co_units[0])
    assert [u.name for u in plan.units] == [
        "综合股", "监测站", "生态股", "水气股", "环评与辐射股", "执法分局", "办公室", "局党组", "局党总支",
    ]
    waste = plan.find((1, 5, 2))
    assert waste.lead_units == ["生态股"] and waste.measures.endswith("提升危险废物环境风险防范能力")


def test_year_argument_overrides_title(samples_dir: Path) -> None:
    result = read_plan(samples_dir / "dalian-2021-gongzuoyaodian.txt", year=2022)
    assert result.plan.year == 2022


def test_summary_lines_are_chinese(samples_dir: Path) -> None:
    lines = _read(samples_dir, "xinjian-2021-gongzuoyaodian.txt").summary_lines()
    assert lines[1] == (
        "章节 1 个、任务 58 项（末级任务 45 项）、有责任单位的任务 45 项、有完成时限的任务 0 项、"
        "主要目标 10 条、责任单位 9 个"
    )


def test_renumbered_paths(samples_dir: Path) -> None:
    plan = _read(samples_dir, "fuzhou-2022-gongzuoyaodian.txt").plan
    leaf = plan.find((1, 10, 3))
    assert leaf.path == (1, 10, 3) and leaf.number == "3."
    assert all(t.source_line for t in plan.walk())

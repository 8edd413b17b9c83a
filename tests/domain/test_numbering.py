import pytest

from ecodesk.domain.numbering import chinese_numeral, label, parse_chinese_numeral, parse_number_path, task_label
from ecodesk.domain.plan import PlanTree, Target, TaskNode


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"),
     (100, "一百"), (105, "一百零五"), (115, "一百一十五")],
)
def test_chinese_numerals_read_as_a_clerk_writes_them(n: int, text: str) -> None:
    assert chinese_numeral(n) == text
    if n < 100:
        assert parse_chinese_numeral(text) == n


def test_every_number_a_plan_numbers_with_reads_back() -> None:
    assert all(parse_chinese_numeral(chinese_numeral(n)) == n for n in range(1, 1000))


def test_numerals_past_nine_hundred_ninety_nine_read_back() -> None:
    numbers = [*range(990, 12000), 100000, 100010, 1000001, 20000000, 99999999]
    assert all(parse_chinese_numeral(chinese_numeral(n)) == n for n in numbers)
    assert parse_chinese_numeral("一千零一") == 1001 and parse_chinese_numeral("两千") == 2000


@pytest.mark.parametrize(("text", "n"), [("一十五", 15), ("两百", 200), ("一百〇五", 105), ("二十", 20)])
def test_numerals_as_clerks_also_write_them(text: str, n: int) -> None:
    assert parse_chinese_numeral(text) == n


@pytest.mark.parametrize(
    "text", ["十十十", "二二", "零", "〇〇", "百百", "十百", "一十十", "", "1", "一万万", "千千", "一亿", "九" * 16]
)
def test_what_is_not_a_numeral_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValueError, match="不是中文数字"):
        parse_chinese_numeral(text)


def test_labels_per_level() -> None:
    assert [label(1, 3), label(2, 3), label(3, 3), label(4, 3)] == ["三、", "（三）", "3.", "3）"]
    with pytest.raises(ValueError):
        label(5, 1)


def test_number_paths() -> None:
    assert parse_number_path("3.1.2") == [3, 1, 2]
    assert parse_number_path("") == []
    for bad in ("a.b", "0", "1.2.3.4.5"):
        with pytest.raises(ValueError, match="编号路径"):
            parse_number_path(bad)


def _plan(preamble: str, targets: int) -> PlanTree:
    chapter = TaskNode("主要任务", children=[TaskNode("治气", children=[TaskNode("a"), TaskNode("b")])])
    plan = PlanTree(2021, "某局2021年工作要点", preamble=preamble, targets=[Target(f"目标{n}") for n in range(targets)],
                    tasks=[chapter, TaskNode("党建")])
    plan.renumber()
    return plan


@pytest.mark.parametrize(("preamble", "targets", "first"), [
    ("一、总体要求\n坚持……\n二、主要目标\n全面完成……", 3, "三"),  # the targets print inside 二、主要目标
    ("一、总体要求\n坚持……", 3, "三"),  # the Word export adds a 主要目标 chapter of its own
    ("一、总体要求\n坚持……", 0, "二"),
    ("2021年是……的开局之年。", 0, "一"),  # prose without chapters
    ("", 2, "二"),
])
def test_task_chapters_are_numbered_after_the_preambles(preamble: str, targets: int, first: str) -> None:
    plan = _plan(preamble, targets)
    chapter, party = plan.tasks
    item = plan.find((1, 1, 2))
    assert (task_label(plan, chapter), task_label(plan, item)) == (f"{first}、", f"{first}（一）2.")
    assert chapter.number == f"{first}、" and item.number == "2." and item.path == (1, 1, 2)  # the CLI's 1.1.2
    assert task_label(plan, party) == f"{chinese_numeral(parse_chinese_numeral(first) + 1)}、"

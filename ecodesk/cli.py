"""The `ecodesk` command line. Every subcommand reuses the services the GUI calls.

Errors a user can fix print one Chinese line to stderr and exit with status 2; no tracebacks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecodesk import APP_TITLE, __version__
from ecodesk.domain.deadlines import Deadline, format_cn_date, parse_deadline, parse_iso_date
from ecodesk.domain.errors import UserError
from ecodesk.domain.filters import TaskFilter
from ecodesk.domain.numbering import number_path, parse_number_path
from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanInfo, PlanTree
from ecodesk.domain.rollover import Carry
from ecodesk.domain.status import OVERDUE_LABEL, Status

if TYPE_CHECKING:
    from ecodesk.services.progress_report import ReportMatch
    from ecodesk.store.db import Database

EXIT_USER_ERROR = 2
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, the status `seq 1000000 | head` leaves on seq
Handler = Callable[[argparse.Namespace], int]


# argparse words its usage errors in English; these say the same in Chinese (Python 3.11's wording).
_USAGE_ERRORS = (
    (r"^argument (\S+): ", r"参数 \1："),
    (r"invalid choice: (.+) \(choose from (.+)\)", r"\1 不是可选的值（可选：\2）"),
    (r"invalid int value: (.+)", r"\1 不是整数"),
    (r"invalid float value: (.+)", r"\1 不是数字"),
    (r"invalid \w+ value: (.+)", r"\1 无效"),
    (r"expected one argument", "需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"the following arguments are required: (.+)", r"缺少参数 \1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数 \1"),
    (r"ambiguous option: (\S+) could match (.+)", r"选项 \1 有歧义，可能是 \2"),
    (r"not allowed with argument (.+)", r"不能与参数 \1 同时使用"),
    (r"one of the arguments (.+) is required", r"参数 \1 至少要给一个"),
)


def usage_error_in_chinese(message: str) -> str:
    for pattern, chinese in _USAGE_ERRORS:
        message = re.sub(pattern, chinese, message)
    return message


class _ChineseHelp(argparse.HelpFormatter):
    """argparse's help with its one English heading, “usage:”, in Chinese, and the headings it ends with an
    ASCII colon (参数, 选项) ending in the full-width one the Chinese text around them uses.

    argparse lines the help texts up by counting characters, and a Chinese name (编号, 年份) takes two columns
    a character on a terminal: here the help column is placed by the names' widths on screen, and each line
    padded by its own name's."""

    def format_help(self) -> str:
        return re.sub(r"^(\S.*):$", r"\1：", super().format_help(), flags=re.MULTILINE)

    def add_argument(self, action: argparse.Action) -> None:
        """Room for the argument's name as wide as it shows."""
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            shown = _columns(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, shown)

    def _format_action(self, action: argparse.Action) -> str:
        """The argument's line, its padding less a space for each wide character of its name."""
        text, invocation = super()._format_action(action), self._format_action_invocation(action)
        wide = _columns(invocation) - len(invocation)
        return text.replace(invocation + " " * wide, invocation, 1) if wide else text

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def _columns(text: str) -> int:
    """How many terminal columns `text` takes: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class _Parser(argparse.ArgumentParser):
    """argparse speaking Chinese: its help headings and -h, and its usage errors (with exit status 2).
    Python ships argparse's texts in English only, so they are named here."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelp)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = "参数", "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USER_ERROR, f"错误：命令参数有误（{usage_error_in_chinese(message)}），"
                                   f"可用 {self.prog} --help 查看用法\n")


# What an option's value is called in help and usage lines (argparse would print the option's name in capitals).
_VALUE_NAMES = {
    "approved": "日期", "as_of": "日期", "bureau": "单位", "co": "股室", "date": "日期", "deadline": "日期",
    "deadline_text": "原文", "lead": "股室", "measures": "措施", "notes": "备注", "output": "路径", "parent": "编号",
    "percent": "进度", "period": "报告期", "reason": "理由", "role": "角色", "short": "简称", "status": "状态",
    "text": "内容", "title": "名称", "to": "日期", "today": "日期", "unit": "股室", "value": "值", "year": "年份",
}


def all_arguments(parser: argparse.ArgumentParser, command: str = "ecodesk") -> Iterator[tuple[str, argparse.Action]]:
    """Every argument of `parser` and of its subcommands, each with the command it belongs to."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from all_arguments(sub, f"{command} {name}")
        else:
            yield command, action


def takes_named_value(action: argparse.Action) -> bool:
    """An option followed by a value of its own (not a switch, not one of fixed choices)."""
    return bool(action.option_strings) and action.nargs != 0 and action.choices is None


def _name_values(parser: argparse.ArgumentParser) -> None:
    """Give each option that takes a value, in `parser` and its subcommands, its Chinese name (_VALUE_NAMES)."""
    for _command, action in all_arguments(parser):
        if takes_named_value(action) and action.metavar is None:
            action.metavar = _VALUE_NAMES[action.dest]


_opened: list[Database] = []  # closed when the command ends, so SQLite checkpoints and removes its WAL


def _db(args: argparse.Namespace) -> Database:
    """Opened on demand: the GUI path and --help never pay for importing SQLAlchemy."""
    from ecodesk.store.db import open_database
    from ecodesk.store.network import network_warning
    from ecodesk.store.signin import plain_connection_warning

    db = _signed_in(getattr(args, "db", None), open_database)
    _opened.append(db)
    warning = network_warning(db.path) if db.path is not None else plain_connection_warning(db.engine.url)
    if warning:
        print(f"警告：{warning}", file=sys.stderr)
    return db


def _signed_in(target: str | None, opener: Callable[[str | None], Database]) -> Database:
    """Open `target`; a server asking for a password gets it typed at the terminal (never echoed, never
    stored), as psql does. Without a terminal the message says how to give one (pgpass)."""
    from ecodesk.domain.errors import SignInError

    try:
        return opener(target)
    except SignInError as err:
        if err.reason != SignInError.PASSWORD_NEEDED or not sys.stdin.isatty():
            raise
    import getpass

    from sqlalchemy.engine import make_url

    from ecodesk.store.location import resolve_target
    from ecodesk.store.signin import remember_typed

    url = make_url(resolve_target(target))
    remember_typed(url, getpass.getpass(f"账户“{url.username}”在服务器“{url.host}”上的密码："))
    return opener(target)


def _plan_info(db: Database, args: argparse.Namespace) -> PlanInfo:
    """The plan --year and --bureau name (see `_which_plan`)."""
    from ecodesk.services.plans import resolve_plan

    return resolve_plan(db, args.year, args.bureau)


def _plan(db: Database, args: argparse.Namespace, as_of: dt.date | None = None) -> PlanTree:
    from ecodesk.services.plans import load_plan

    return load_plan(db, _plan_info(db, args).id, as_of=as_of)


def _report_point(db: Database, args: argparse.Namespace) -> tuple[dt.date, Period] | None:
    """--as-of D or --period KEY: the day the plan is shown as of and the period 未报 is judged on."""
    from ecodesk.services.periods import report_point

    return report_point(db, _plan_info(db, args).id, as_of=args.as_of, period=args.period)


# -- plan -----------------------------------------------------------------------------------------------

def cmd_plan_new(args: argparse.Namespace) -> int:
    from ecodesk.services.plans import create_plan

    info = create_plan(_db(args), year=args.year, title=args.title or "", bureau=args.bureau)
    print(f"已新建 {info.year} 年工作要点：{info.title}")
    return 0


def cmd_plan_edit(args: argparse.Namespace) -> int:
    """The plan of --year gets a new title and/or its bureau a new name (for all its plans)."""
    from ecodesk.services.plans import edit_plan, resolve_plan

    if args.title is None and args.bureau is None and not args.adopt:
        raise UserError("请用 --title 或 --bureau 给出要修改的计划标题或单位名称（或用 --adopt 将草案定稿）")
    db = _db(args)
    info = edit_plan(db, resolve_plan(db, args.year).id, title=args.title, bureau=args.bureau,
                     draft=False if args.adopt else None)
    print(f"已修改 {info.year} 年工作要点：{info.title}（{info.bureau}）" + ("（草案）" if info.draft else ""))
    return 0


def cmd_plan_rollover(args: argparse.Namespace) -> int:
    """Next year's draft plan from the plan of --from (its units, preamble, targets, the tasks --carry picks)."""
    from ecodesk.services.plans import resolve_plan
    from ecodesk.services.rollover import roll_over

    db = _db(args)
    done = roll_over(db, resolve_plan(db, args.from_year, args.bureau), args.to_year, carry=Carry(args.carry),
                     replace=args.replace)
    print("\n".join(done.summary_lines()))
    return 0


def cmd_plan_list(args: argparse.Namespace) -> int:
    from ecodesk.services.plans import list_plans

    plans = list_plans(_db(args))
    if not plans:
        print("（还没有年度工作要点）")
    for p in plans:
        print(f"{p.year}\t{p.task_count} 项任务\t{p.bureau}\t{p.title}" + ("\t（草案）" if p.draft else ""))
    return 0


# -- unit -----------------------------------------------------------------------------------------------

def cmd_unit_add(args: argparse.Namespace) -> int:
    from ecodesk.services.units import add_unit

    unit = add_unit(_db(args), args.name, short_name=args.short or "", bureau=args.bureau)
    print(f"已添加股室：{unit.name}")
    return 0


def cmd_unit_list(args: argparse.Namespace) -> int:
    from ecodesk.services.units import list_units

    for unit in list_units(_db(args)):
        flag = "" if unit.active else "\t（已停用）"
        print(f"{unit.name}{flag}")
    return 0


# -- task -----------------------------------------------------------------------------------------------

def cmd_task_add(args: argparse.Namespace) -> int:
    from ecodesk.services.tasks import add_task, task_id_at

    db = _db(args)
    plan = _plan_info(db, args)
    parent_id = task_id_at(db, plan.id, parse_number_path(args.parent or ""))
    task_id = add_task(db, plan.id, title=args.title, parent_id=parent_id, measures=args.measures or "",
                       lead=args.lead or [], co=args.co or [], deadline=_deadline_arg(args, plan.year))
    added = next(t for t in _plan(db, args).walk() if t.id == task_id)
    print(f"已添加任务 {number_path(list(added.path))}（{added.number}）{added.title}")
    return 0


def _deadline_arg(args: argparse.Namespace, year: int) -> Deadline | None:
    """--deadline gives the date, --deadline-text the wording; either alone is enough."""
    if args.deadline:
        return Deadline(parse_iso_date(args.deadline, "完成时限"), args.deadline_text or "")
    if args.deadline_text:
        return parse_deadline(args.deadline_text, year)
    return None


def cmd_task_list(args: argparse.Namespace) -> int:
    """The tasks (as of --as-of/--period when given: their status then, and their 序时 light)."""
    from ecodesk.domain.reporting import plan_marks

    db = _db(args)
    point = _report_point(db, args)
    tree = _plan(db, args, point[0] if point else None)
    today = point[0] if point else args.today or dt.date.today()
    marks = plan_marks(tree, period=point[1]) if point else {}
    flt = TaskFilter(unit=args.unit, status=args.status, overdue_only=args.overdue)
    if args.status:
        _check_status(args.status)
    shown = [t for t in tree.walk() if flt.matches(t, today)] if not flt.is_empty else list(tree.walk())
    for task in shown:
        indent = "  " * (task.depth - 1)
        units = "、".join(task.lead_units)
        if task.co_units:
            units += "；配合：" + "、".join(task.co_units)
        fields = [f"{number_path(list(task.path))}\t{indent}{task.number}{task.title}", task.display_status(today)]
        mark = marks.get(task.id) if task.id is not None else None
        if mark is not None:
            fields.append(f"{mark.light.label} {mark.pace.summary}" + ("（未报）" if mark.unreported else ""))
        if task.deadline_text or task.deadline_date:
            fields.append(task.deadline_text or task.deadline_date.isoformat())  # type: ignore[union-attr]
        if units:
            fields.append(f"牵头：{units}")
        print("\t".join(fields))
    print(f"共 {len(shown)} 项" + (f"（截至{format_cn_date(today)}）" if point else ""))
    return 0


def _check_status(text: str) -> None:
    if text != OVERDUE_LABEL:
        Status.parse(text)


def _task_id(db: Database, args: argparse.Namespace) -> int:
    from ecodesk.services.tasks import task_id_at

    plan = _plan_info(db, args)
    path = parse_number_path(args.number)
    if not path:
        raise UserError("请指定任务编号路径，例如 3.1.2")
    task_id = task_id_at(db, plan.id, path)
    assert task_id is not None
    return task_id


def cmd_task_status(args: argparse.Namespace) -> int:
    from ecodesk.domain.task_fields import PERCENT, STATUS
    from ecodesk.services.tasks import update_task

    db = _db(args)
    status = Status.parse(args.status)
    changes = STATUS.to(status)
    if args.percent is not None:
        changes |= PERCENT.to(args.percent)
    task = update_task(db, _task_id(db, args), changes, date=args.date)
    print(f"已将“{task.title}”的状态设为{status.value}")
    return 0


def cmd_task_edit(args: argparse.Namespace) -> int:
    """Change any of a task's fields at once; the deadline as a date (2021-06-30) or as plans word it."""
    from ecodesk.domain.task_fields import CO_UNITS, DEADLINE, LEAD_UNITS, MEASURES, NOTES, PERCENT, STATUS, TITLE
    from ecodesk.services.tasks import update_task

    db = _db(args)
    given = [(TITLE, args.title), (MEASURES, args.measures), (NOTES, args.notes), (PERCENT, args.percent),
             (STATUS, Status.parse(args.status) if args.status else None),
             (DEADLINE, _edited_deadline(args.deadline, _plan_info(db, args).year)),
             (LEAD_UNITS, args.lead), (CO_UNITS, args.co)]
    changes = [field.to(value) for field, value in given if value is not None]
    if not changes:
        raise UserError("没有给出要修改的内容，可用 --title、--measures、--notes、--deadline、--status、--percent、"
                        "--lead、--co")
    edit = changes[0]
    for more in changes[1:]:
        edit |= more
    task = update_task(db, _task_id(db, args), edit, date=args.date)
    labels = "、".join(field.label for field in edit)
    print(f"已修改任务 {args.number}（{task.title}）：{labels}")
    return 0


def cmd_task_extend(args: argparse.Namespace) -> int:
    """Record an approved 延期: the deadline moves to --to (worded as --text), the original stays on record."""
    from ecodesk.services.extensions import extend_deadline

    db = _db(args)
    new = Deadline(parse_iso_date(args.to, "延期后的完成时限"), args.text or "")
    task = extend_deadline(db, _task_id(db, args), new, args.reason, approved_on=args.approved)
    print(f"已将任务 {args.number}（{task.title}）延期：{task.deadline_shown}")
    return 0


def _edited_deadline(text: str | None, year: int) -> Deadline | None:
    """--deadline 2021-06-30 sets the date; --deadline 6月底前 the wording and the date it means."""
    if text is None:
        return None
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text.strip()):
        return Deadline(parse_iso_date(text, "完成时限"), "")
    return parse_deadline(text, year)


def cmd_progress_add(args: argparse.Namespace) -> int:
    from ecodesk.domain.periods import default_progress_date
    from ecodesk.services.progress import add_progress

    db = _db(args)
    day = (parse_iso_date(args.date, "进展日期") if args.date
           else default_progress_date(dt.date.today(), _plan_info(db, args).year))  # as the window offers
    status = Status.parse(args.status) if args.status else None
    entry = add_progress(db, _task_id(db, args), date=day, text=args.text, percent=args.percent,
                         unit=args.unit or "", status=status)
    print(f"已记录 {entry.date.isoformat()} 的进展")
    return 0


# -- attach ---------------------------------------------------------------------------------------------

def cmd_attach_add(args: argparse.Namespace) -> int:
    from ecodesk.domain.attachments import size_text
    from ecodesk.services.attachments import add_files

    db = _db(args)
    added = add_files(db, _task_id(db, args), [Path(f) for f in args.files], progress_id=args.progress)
    for item in added:
        print(f"已添加附件 {item.id}：{item.name}（{size_text(item.size)}）")
    return 0


def cmd_attach_list(args: argparse.Namespace) -> int:
    from ecodesk.domain.attachments import size_text
    from ecodesk.services.attachments import attachments_of

    db = _db(args)
    items = attachments_of(db, _task_id(db, args))
    if not items:
        print(f"任务 {args.number} 没有附件")
    for item in items:
        where = f"进展 {item.progress_id}" if item.progress_id is not None else "任务"
        print(f"{item.id}\t{item.name}\t{size_text(item.size)}\t{where}\t{_local(item.added_at)}\t{item.sha256}")
    return 0


def cmd_attach_get(args: argparse.Namespace) -> int:
    from ecodesk.services.attachments import save_copy

    print(f"已保存：{save_copy(_db(args), args.id, Path(args.output))}")
    return 0


def cmd_attach_remove(args: argparse.Namespace) -> int:
    from ecodesk.services.attachments import one, remove

    db = _db(args)
    item = one(db, args.id)
    remove(db, [args.id])
    print(f"已删除附件 {item.id}：{item.name}")
    return 0


def cmd_attach_purge(args: argparse.Namespace) -> int:
    from ecodesk.domain.attachments import size_text
    from ecodesk.services.attachments import purge

    done = purge(_db(args))
    print(f"已彻底清除 {done.files} 个已删除的附件，释放 {size_text(done.freed)}（数据库文件不缩小，空间留作以后使用）")
    return 0


# -- import ---------------------------------------------------------------------------------------------

def cmd_import(args: argparse.Namespace) -> int:
    from ecodesk.services.importing import import_document

    outcome = import_document(_db(args), Path(args.file), year=args.year, replace=args.replace,
                              dry_run=args.dry_run)
    print("\n".join(outcome.summary_lines))
    if outcome.plan_id is not None:
        print(f"已导入 {outcome.year} 年工作要点")
    return 0


def cmd_import_progress(args: argparse.Namespace) -> int:
    """Match a 进展 report's passages to the plan's tasks, print each match, record the confident ones."""
    from ecodesk.services.progress import Reported, add_reported
    from ecodesk.services.progress_report import match_report, report_date

    db = _db(args)
    plan = _plan_info(db, args)
    day = report_date(args.period, plan.year)
    matches = match_report(db, plan.id, Path(args.file))
    taken = [m for m in matches if m.confident is not None]
    for m in matches:
        print(f"第 {m.passage.line} 行“{m.passage.heading}” → {_match_text(m)}")
    if args.dry_run:
        print(f"（试运行：未写入数据库）可记录 {len(taken)} 段，未匹配 {len(matches) - len(taken)} 段")
        return 0
    reported = [Reported(m.confident.task_id, m.passage.report_text) for m in taken if m.confident]
    changed = add_reported(db, plan.id, reported, date=day, unit=args.unit or "")
    print(f"已记录 {len(changed.tasks)} 项任务的进展（日期 {day.isoformat()}），未匹配 {len(matches) - len(taken)} 段"
          + ("；未匹配的段落请在窗口中（文件 ▸ 导入进展报告…）选择对应任务" if len(taken) < len(matches) else ""))
    return 0


def _match_text(match: ReportMatch) -> str:
    if match.confident is not None:
        return f"{match.confident.label}（置信度 {match.confident.score:.0f}%）"
    closest = match.candidates[0] if match.candidates else None
    return "未匹配" + (f"（最接近：{closest.label}，{closest.score:.0f}%）" if closest else "")


# -- collect --------------------------------------------------------------------------------------------

def cmd_collect_send(args: argparse.Namespace) -> int:
    from ecodesk.services.collection import send_forms

    db = _db(args)
    paths = send_forms(db, _plan_info(db, args).id, args.period, Path(args.output), tuple(args.unit or ()))
    for path in paths:
        print(f"已生成：{path}")
    print(f"共 {len(paths)} 个股室的进展征集表")
    return 0


def cmd_collect_receive(args: argparse.Namespace) -> int:
    """Each file on its own: its summary and rows; a bad file is said and the others go on (status 2)."""
    from ecodesk.domain.collection import RowKind
    from ecodesk.services.collection import preview_returns, receive_return

    db = _db(args)
    previews, problems = preview_returns(db, _plan_info(db, args).id, args.files, args.period)
    for problem in problems:
        print(f"错误：{problem}", file=sys.stderr)
    for preview in previews:
        print(preview.summary())
        for row in preview.rows:
            if row.kind is not RowKind.BLANK:
                print(f"  第 {row.line} 行 {row.label}：{row.kind.value}" + (f"（{row.reason}）" if row.reason else ""))
        if not args.dry_run:
            lines = {r.line for r in preview.rows if r.recordable} if args.accept_conflicts else None
            print(receive_return(db, preview, lines).message)
    if args.dry_run:
        print("（试运行：未写入数据库）")
    return EXIT_USER_ERROR if problems else 0


def cmd_collect_status(args: argparse.Namespace) -> int:
    from ecodesk.domain.collection import local_minute
    from ecodesk.services.collection import plan_period, register

    db = _db(args)
    plan_id = _plan_info(db, args).id
    rows = register(db, plan_id, args.period)
    print(f"{plan_period(db, plan_id, args.period).label}进展征集：已报送 {sum(r.returned for r in rows)} 个股室，"
          f"未报送 {sum(not r.returned for r in rows)} 个")
    for r in rows:
        if r.returned and r.received_at is not None:
            print(f"{r.unit}\t已报送\t{local_minute(r.received_at)}\t{r.rows} 项\t{r.files} 份\t{r.filled_by}")
        else:
            print(f"{r.unit}\t未报送")
    return 0


# -- target ---------------------------------------------------------------------------------------------

def cmd_target_set(args: argparse.Namespace) -> int:
    from ecodesk.domain.plan import TargetValue
    from ecodesk.services.targets import set_target_value

    db = _db(args)
    set_target_value(db, _plan_info(db, args).id, args.number, TargetValue(args.period, args.value, args.met))
    print(f"已记录第 {args.number} 项主要目标{args.period}的实际值：{args.value}")
    return 0


def cmd_target_list(args: argparse.Namespace) -> int:
    from ecodesk.domain.periods import parse_period
    from ecodesk.services.plans import load_targets

    db = _db(args)
    day = parse_period(args.period).end if args.period else None
    for number, target in enumerate(load_targets(db, _plan_info(db, args).id), start=1):
        values = [target.value_as_of(day)] if day else target.values
        shown = "；".join(f"{v.period} {v.value}{' ' + v.judgement if v.judgement else ''}" for v in values if v)
        category = f"[{target.category}] " if target.category else ""
        print(f"{number}\t{category}{target.text}\t{shown or '未填实际值'}")
    return 0


# -- export ---------------------------------------------------------------------------------------------

def cmd_export(args: argparse.Namespace) -> int:
    from ecodesk.services.exporting import ExportOptions, export_plan

    db = _db(args)
    point = _report_point(db, args)
    options = ExportOptions(
        as_of=point[0] if point else None, period=point[1] if point else None,
        units=tuple(getattr(args, "unit", None) or ()),
        format=getattr(args, "format", "xlsx"), include_units=not getattr(args, "no_units", False),
        include_deadlines=not getattr(args, "no_deadlines", False),
        include_targets=not getattr(args, "no_targets", False),
        include_preamble=not getattr(args, "no_preamble", False),
        plain_fonts=getattr(args, "plain_fonts", False), next_plan_year=getattr(args, "with_next_plan", None),
    )
    path = export_plan(db, _plan_info(db, args).id, args.kind, Path(args.output), options)
    print(f"已导出：{path}")
    return 0


def cmd_export_notices(args: argparse.Namespace) -> int:
    """One 督办通知单 per 股室 with its late tasks, recorded in the 催办 log."""
    from ecodesk.services.urgings import issue_notices

    db = _db(args)
    run = issue_notices(db, _plan_info(db, args).id, args.as_of, Path(args.output))
    for slip, path in zip(run.slips, run.paths, strict=True):
        print(f"{slip.code}\t{slip.level.slip_name}\t{slip.unit}\t{len(slip.tasks)} 项\t{path}")
    print(f"已发出督办通知单 {len(run.slips)} 份，记入催办记录")
    return 0


def cmd_export_bulletin(args: argparse.Namespace) -> int:
    """The 督查通报 of one period."""
    from ecodesk.services.bulletin import export_bulletin

    db = _db(args)
    path = export_bulletin(db, _plan_info(db, args).id, args.period, Path(args.output))
    print(f"已导出：{path}")
    return 0


def cmd_export_ledger(args: argparse.Namespace) -> int:
    from ecodesk.services.ledger import export_ledger
    from ecodesk.services.periods import report_point

    db = _db(args)
    plan = _plan_info(db, args)
    point = report_point(db, plan.id, period=args.period) if args.period else None
    path = export_ledger(db, plan.id, Path(args.output), period=point[1] if point else None, unit=args.unit)
    print(f"已导出台账：{path}")
    return 0


# -- task restore, audit ---------------------------------------------------------------------------------

def cmd_task_restore(args: argparse.Namespace) -> int:
    from ecodesk.services.tree import deleted_tasks, restore_task

    db = _db(args)
    deleted = deleted_tasks(db, _plan_info(db, args).id)
    if args.record is None:
        if not deleted:
            print("（没有可恢复的已删除任务）")
        for d in deleted:
            print(f"{d.audit_id}\t{_local(d.at)}\t{d.who}\t{d.title}")
        return 0
    chosen = next((d for d in deleted if d.audit_id == args.record), None)
    if chosen is None:
        raise UserError(f"没有记录号为 {args.record} 的可恢复任务，可用 ecodesk task restore 列出")
    restore_task(db, chosen.snapshot)
    print(f"已恢复任务：{chosen.title}")
    return 0


def _local(at: dt.datetime) -> str:
    from ecodesk.io.audit_csv import local_time

    return local_time(at)


def cmd_audit(args: argparse.Namespace) -> int:
    from ecodesk.io.audit_csv import audit_row, write_audit_csv
    from ecodesk.services.audit import plan_log

    db = _db(args)
    task_id = _task_id(db, args) if args.number else None
    entries = plan_log(db, _plan_info(db, args).id, task_id)
    if args.output:
        print(f"已导出 {len(entries)} 条修改记录：{write_audit_csv(entries, Path(args.output))}")
        return 0
    for entry in entries:
        at, who, action, entity, number, field, old, new = audit_row(entry)
        change = f"{field}：{old} → {new}" if field and entry.action == "update" else (new or old)
        print(f"{at}\t{who}\t{action}{entity}{number}\t{_short(change)}")
    print(f"共 {len(entries)} 条")
    return 0


def _short(text: str, limit: int = 80) -> str:
    """Deleted subtrees are logged as JSON snapshots: the terminal gets a glimpse, the CSV all of it."""
    return text if len(text) <= limit else text[:limit] + "…"


# -- backup ---------------------------------------------------------------------------------------------

def cmd_backup_list(args: argparse.Namespace) -> int:
    from ecodesk.services.backups import list_backups
    from ecodesk.store.backup import reason_label

    found = list_backups(_db(args))
    if not found:
        print("（还没有备份）")
    for b in found:
        print(f"{b.at:%Y-%m-%d %H:%M:%S}\t{reason_label(b.reason)}\t{b.size / 1024:.0f} KB\t{b.path}")
    return 0


def cmd_backup_create(args: argparse.Namespace) -> int:
    from ecodesk.services.backups import create_backup

    print(f"已备份到：{create_backup(_db(args)).path}")
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    """Restore BACKUP (default: the newest sound one), also when the database is too damaged to open."""
    from ecodesk.domain.errors import CorruptDatabaseError
    from ecodesk.identity import current_user
    from ecodesk.services.backups import restore_backup, restore_damaged
    from ecodesk.store.backup import newest_good_backup
    from ecodesk.store.db import open_database
    from ecodesk.store.location import resolve_target, sqlite_path
    from ecodesk.store.lock import acquire_lock

    target = resolve_target(getattr(args, "db", None))
    path = sqlite_path(target)
    if path is None:
        raise UserError("服务器模式（PostgreSQL）的数据库由数据库服务器恢复，请联系管理员")
    with acquire_lock(path, current_user()):
        backup = Path(args.backup) if args.backup else newest_good_backup(path)
        if backup is None:
            raise UserError(f"没有找到“{path}”的完好备份，无法恢复")
        try:
            db = open_database(target)
        except CorruptDatabaseError:
            kept = restore_damaged(path, backup)
            print(f"已从“{backup}”恢复" + (f"；损坏的原文件保存在“{kept}”" if kept else ""))
            return 0
        safety = restore_backup(db, backup)
        db.close()
    print(f"已从“{backup}”恢复；恢复前的数据已备份到“{safety.path}”")
    return 0


# -- server accounts ------------------------------------------------------------------------------------

def cmd_server_init(args: argparse.Namespace) -> int:
    from ecodesk.domain.access import Role
    from ecodesk.services.accounts import init_server

    db = _db(args)
    init_server(db)
    print(f"已在服务器数据库“{db.display_name}”上建立数据表、账户角色（{'、'.join(r.value for r in Role)}）和权限")
    return 0


def cmd_server_user_add(args: argparse.Namespace) -> int:
    from ecodesk.domain.access import Role
    from ecodesk.services.accounts import add_user

    role = Role.parse(args.role)
    db = _db(args)
    account = add_user(db, args.name, role, _new_password(args), unit=args.unit, bureau=args.bureau)
    unit = f"（{account.unit}）" if account.unit else ""
    print(f"已添加账户“{account.login}”：{role.value}{unit}")
    return 0


def _new_password(args: argparse.Namespace) -> str:
    """The new account's password: the first line of standard input with --password-stdin (for scripts),
    else typed twice at the terminal. Never an argument: the command line is visible to other users."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("请在终端中运行以输入新账户的密码，或用 --password-stdin 从标准输入读取")
    import getpass

    first = getpass.getpass(f"账户“{args.name}”的密码：")
    if getpass.getpass("再输入一次：") != first:
        raise UserError("两次输入的密码不一致，账户未添加")
    return first


def cmd_server_user_password(args: argparse.Namespace) -> int:
    from ecodesk.services.accounts import set_user_password

    set_user_password(_db(args), args.name, _new_password(args))
    print(f"已重设账户“{args.name}”的密码")
    return 0


def cmd_server_user_list(args: argparse.Namespace) -> int:
    from ecodesk.services.accounts import list_users

    accounts = list_users(_db(args))
    if not accounts:
        print("（还没有账户，可用 ecodesk server user add 添加）")
    for a in accounts:
        state = "" if a.can_log_in else "\t（已停用）"
        print(f"{a.login}\t{a.role.value}\t{a.unit or ''}{state}")
    return 0


def cmd_server_user_enable(args: argparse.Namespace) -> int:
    from ecodesk.services.accounts import set_user_enabled

    set_user_enabled(_db(args), args.name, args.enabled)
    print(f"已{'启用' if args.enabled else '停用'}账户“{args.name}”")
    return 0


# -- selftest -------------------------------------------------------------------------------------------

def cmd_selftest(_args: argparse.Namespace) -> int:
    from ecodesk.selftest import run_selftest

    return 0 if run_selftest() else 1


# -- parser ---------------------------------------------------------------------------------------------

def _iso_date(text: str) -> dt.date:
    try:
        return parse_iso_date(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _which_plan(p: argparse.ArgumentParser) -> None:
    """--year, and --bureau for a database that keeps several bureaus' plans of one year apart."""
    p.add_argument("--year", type=int, help="年份（数据库中只有一个年度时可省略）")
    p.add_argument("--bureau", help="单位名称（同一年份有多个单位的工作要点时用来区分）")


def _report_options(p: argparse.ArgumentParser, default: str) -> None:
    """--as-of D or --period KEY (not both): the plan as it stood on that day, or at that period's end."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--as-of", type=_iso_date, help=f"统计截至日期 YYYY-MM-DD（{default}）")
    group.add_argument("--period", help="报告期：2021-Q1（一季度）、2021-H1（上半年）、2021-Q3（前三季度）、"
                                        "2021（全年）或 2021-05（月份），截至该期末")


def _dated_edit(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", type=_iso_date, help="状态和进度的生效日期 YYYY-MM-DD（默认今天，须在该年度内）")


def _export_options(p: argparse.ArgumentParser, kind: str) -> None:
    """The options each export kind understands."""
    _report_options(p, "默认今天" if kind in ("excel", "units", "summary", "report") else "默认为最新情况")
    if kind == "summary":
        p.add_argument("--with-next-plan", type=int, metavar="年份",
                       help="在总结之后附上该年度的工作要点（“…年工作总结和…年工作要点”）")
    if kind == "units":
        p.add_argument("--unit", nargs="+", action="extend", help="只导出这些股室（默认全部）")
        p.add_argument("--format", choices=("xlsx", "docx"), default="xlsx", help="xlsx（每个股室一个工作表）或 docx")
    if kind == "word":
        p.add_argument("--no-units", action="store_true", help="不写牵头/配合单位")
        p.add_argument("--no-deadlines", action="store_true", help="不写完成时限")
        p.add_argument("--no-targets", action="store_true", help="不写主要目标")
        p.add_argument("--no-preamble", action="store_true", help="不写前言和总体要求")
        p.add_argument("--plain-fonts", action="store_true", help="用仿宋/楷体/宋体代替 _GB2312 字体名")


def build_parser() -> argparse.ArgumentParser:
    # only lent to each command (parents=): a plain parser, whose “options” group argparse merges into the
    # command's own before _Parser names it 选项 (one of its own would be a second 选项 in every --help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="路径或地址",
                        help="数据库文件路径或 postgresql:// 地址（默认：用户数据目录中的 ecodesk.sqlite）")
    parser = _Parser(prog="ecodesk", description=f"{APP_TITLE}：生态环境局年度工作要点的任务、进展与报表")
    parser.add_argument("--version", action="version", version=f"EcoDesk {__version__}", help="显示版本号并退出")
    parser.add_argument("--db", metavar="路径或地址", help="数据库文件路径或 postgresql:// 地址")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    def command(group: argparse._SubParsersAction, name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        p = group.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    def group(name: str, help_: str) -> argparse._SubParsersAction:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(handler=lambda _a, p=p: (p.print_help(), 0)[1])
        return p.add_subparsers(metavar="子命令", parser_class=_Parser)

    server = group("server", "服务器模式的账户和权限（用管理员账户运行）")
    p = command(server, "init", cmd_server_init, "在服务器数据库上建立数据表、账户角色和权限（可重复运行）")
    p.add_argument("--url", dest="db", metavar="地址", help="服务器数据库地址，如 postgresql://管理员@服务器/ecodesk")
    users = server.add_parser("user", help="账户", description="账户")
    users.set_defaults(handler=lambda _a, p=users: (p.print_help(), 0)[1])
    user = users.add_subparsers(metavar="子命令", parser_class=_Parser)
    p = command(user, "add", cmd_server_user_add, "添加账户（每位同事一个）")
    p.add_argument("name", metavar="账户名", help="登录名，如 zhangsan")
    p.add_argument("--role", required=True, help="办公室 / 股室填报 / 只读")
    p.add_argument("--unit", help="股室填报账户所属的股室")
    p.add_argument("--bureau", help="单位名称（数据库中有多个单位时）")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行）")
    command(user, "list", cmd_server_user_list, "列出账户")
    p = command(user, "password", cmd_server_user_password, "重设账户的密码")
    p.add_argument("name", metavar="账户名", help="登录名")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行）")
    for name, enabled, help_ in (("disable", False, "停用账户（离职、调岗）"), ("enable", True, "重新启用账户")):
        p = command(user, name, cmd_server_user_enable, help_)
        p.add_argument("name", metavar="账户名", help="登录名")
        p.set_defaults(enabled=enabled)

    command(sub, "selftest", cmd_selftest, "自检：在临时数据库中导入样例、导出各类报表，检查安装是否完好")

    plan = group("plan", "年度工作要点")
    p = command(plan, "new", cmd_plan_new, "新建年度工作要点")
    p.add_argument("--year", type=int, required=True, help="年度，如 2021")
    p.add_argument("--title", help="计划标题")
    p.add_argument("--bureau", help="单位名称，如 南昌市新建生态环境局")
    command(plan, "list", cmd_plan_list, "列出所有年度工作要点")
    p = command(plan, "edit", cmd_plan_edit, "修改年度工作要点的标题或单位名称")
    p.add_argument("--year", type=int, required=True, help="要修改的年度，如 2021")
    p.add_argument("--title", help="新的计划标题")
    p.add_argument("--bureau", help="单位的新名称（对该单位的所有年度计划生效）")
    p.add_argument("--adopt", action="store_true", help="将新建下一年度计划得到的草案定稿（不再标为草案）")
    p = command(plan, "rollover", cmd_plan_rollover, "由本年度工作要点新建下一年度计划（草案），转入未完成的任务")
    p.add_argument("--from", dest="from_year", type=int, required=True, metavar="年份", help="原年度，如 2021")
    p.add_argument("--to", dest="to_year", type=int, required=True, metavar="年份", help="新年度，如 2022")
    p.add_argument("--carry", choices=[c.value for c in Carry], default=Carry.UNFINISHED.value,
                   help="转入哪些任务：unfinished 未完成的（默认）/ all 全部 / none 不转入")
    p.add_argument("--replace", action="store_true", help="替换新年度已有的工作要点（原内容先备份）")
    p.add_argument("--bureau", help="单位名称（数据库中有多个单位时）")

    unit = group("unit", "股室（责任单位）")
    p = command(unit, "add", cmd_unit_add, "添加股室")
    p.add_argument("name", metavar="股室名称", help="如 大气股")
    p.add_argument("--short", help="简称")
    p.add_argument("--bureau", help="单位名称（数据库中有多个单位时）")
    command(unit, "list", cmd_unit_list, "列出股室")

    task = group("task", "任务")
    p = command(task, "add", cmd_task_add, "添加任务")
    _which_plan(p)
    p.add_argument("--parent", default="", help="上级任务的编号路径，如 3.1；省略则为第一级")
    p.add_argument("--title", required=True, help="任务名称")
    p.add_argument("--measures", help="具体措施")
    p.add_argument("--lead", action="append", help="牵头股室（可多次给出）")
    p.add_argument("--co", nargs="+", action="extend", help="配合股室")
    p.add_argument("--deadline", help="完成时限日期 YYYY-MM-DD")
    p.add_argument("--deadline-text", help="完成时限原文，如 “6月底前”")
    p = command(task, "list", cmd_task_list, "列出任务")
    _which_plan(p)
    p.add_argument("--unit", help="只列出该股室牵头或配合的任务")
    p.add_argument("--status", help="未开始 / 推进中 / 已完成 / 已取消 / 已滞后")
    p.add_argument("--overdue", action="store_true", help="只列出已滞后的任务")
    p.add_argument("--today", type=_iso_date, help=argparse.SUPPRESS)
    _report_options(p, "默认为最新情况")
    p = command(task, "status", cmd_task_status, "设置任务状态")
    p.add_argument("number", metavar="编号", help="任务编号路径，如 3.1.2")
    p.add_argument("status", metavar="状态", help="未开始 / 推进中 / 已完成 / 已取消")
    _which_plan(p)
    p.add_argument("--percent", type=int, help="完成进度，0–100")
    _dated_edit(p)

    p = command(task, "edit", cmd_task_edit, "修改任务（只改给出的字段）")
    p.add_argument("number", metavar="编号", help="任务编号路径，如 3.1.2")
    _which_plan(p)
    p.add_argument("--title", help="新的任务名称")
    p.add_argument("--measures", help="具体措施")
    p.add_argument("--notes", help="备注")
    p.add_argument("--deadline", help="完成时限：日期 YYYY-MM-DD，或原文如 “6月底前”")
    p.add_argument("--status", help="未开始 / 推进中 / 已完成 / 已取消")
    p.add_argument("--percent", type=int, help="完成进度（0–100）")
    p.add_argument("--lead", nargs="+", help="牵头股室（替换原有的）")
    p.add_argument("--co", nargs="+", help="配合股室（替换原有的）")
    _dated_edit(p)

    p = command(task, "extend", cmd_task_extend, "任务延期：记录经批准的新完成时限和理由（原定时限留档）")
    p.add_argument("number", metavar="编号", help="任务编号路径，如 3.1.2")
    _which_plan(p)
    p.add_argument("--to", required=True, help="延期后的完成时限日期 YYYY-MM-DD")
    p.add_argument("--text", help="延期后的完成时限原文，如 “9月底前”")
    p.add_argument("--reason", required=True, help="延期理由")
    p.add_argument("--approved", type=_iso_date, help="批准日期 YYYY-MM-DD")

    p = command(task, "restore", cmd_task_restore, "恢复已删除的任务（不带记录号时列出可恢复的任务）")
    p.add_argument("record", nargs="?", type=int, metavar="记录号", help="删除记录号（见不带参数时的列表）")
    _which_plan(p)

    p = command(sub, "audit", cmd_audit, "查看或导出修改记录（谁、何时、改了什么）")
    _which_plan(p)
    p.add_argument("--task", dest="number", metavar="编号", help="只看该任务，编号路径如 3.1.2")
    p.add_argument("-o", "--output", help="导出为 CSV 文件")

    backup = group("backup", "备份与恢复（SQLite 数据库）")
    command(backup, "list", cmd_backup_list, "列出备份")
    command(backup, "create", cmd_backup_create, "立即备份")
    p = command(backup, "restore", cmd_backup_restore, "从备份恢复（默认最新的备份）；恢复前会先备份当前数据")
    p.add_argument("backup", nargs="?", metavar="备份文件", help="备份文件路径（见 backup list）")

    progress = group("progress", "进展情况")
    p = command(progress, "add", cmd_progress_add, "记录任务进展")
    p.add_argument("number", metavar="编号", help="任务编号路径，如 3.1.2")
    p.add_argument("--text", required=True, help="进展内容")
    _which_plan(p)
    p.add_argument("--date", help="进展日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--percent", type=int, help="完成进度，0–100（可省略）")
    p.add_argument("--unit", help="报送股室")
    p.add_argument("--status", help="同时设置的状态")

    attach = group("attach", "附件：任务和进展的照片、扫描件、文件")
    p = command(attach, "add", cmd_attach_add, "给任务（或它的一条进展）添加附件，每个不超过 100 MB")
    p.add_argument("number", metavar="编号", help="任务编号路径，如 3.1.2")
    p.add_argument("files", nargs="+", metavar="文件", help="要添加的文件")
    _which_plan(p)
    p.add_argument("--progress", type=int, metavar="进展编号", help="添加到该进展记录（默认添加到任务本身）")
    p = command(attach, "list", cmd_attach_list, "列出任务及其进展的附件（编号、名称、大小、所属、时间、SHA-256）")
    p.add_argument("number", metavar="编号", help="任务编号路径，如 3.1.2")
    _which_plan(p)
    p = command(attach, "get", cmd_attach_get, "把附件另存为文件")
    p.add_argument("id", type=int, metavar="附件编号", help="见 attach list")
    p.add_argument("-o", "--output", required=True, help="保存到的文件")
    p = command(attach, "remove", cmd_attach_remove, "删除附件")
    p.add_argument("id", type=int, metavar="附件编号", help="见 attach list")
    command(attach, "purge", cmd_attach_purge, "彻底清除已删除的附件及不再使用的内容（之后不能撤销）")

    p = command(sub, "import", cmd_import, "导入工作要点文档（.txt / .docx / .xlsx）")
    p.add_argument("file", metavar="文件", help="要导入的文档")
    p.add_argument("--year", type=int, help="年份（默认取文档标题中的年份）")
    p.add_argument("--dry-run", action="store_true", help="只显示识别结果，不写入数据库")
    p.add_argument("--replace", action="store_true", help="替换该年度已有的工作要点（原内容先备份）")

    p = command(sub, "import-progress", cmd_import_progress, "导入进展报告：把报告各段落匹配到任务，记为该报告期的进展")
    p.add_argument("file", metavar="文件", help="进展报告（.docx / .doc / .wps / .txt）")
    p.add_argument("--period", required=True, help="报告期：2021-Q1、2021-H1、2021-Q3、2021 或 2021-05")
    _which_plan(p)
    p.add_argument("--unit", help="报送股室")
    p.add_argument("--dry-run", action="store_true", help="只显示匹配结果，不写入数据库")

    collect_ = group("collect", "进展征集：向各股室发出征集表，接收填好的表")
    period_help = "报告期：2021-Q1、2021-H1、2021-Q3、2021 或 2021-05"
    p = command(collect_, "send", cmd_collect_send, "为每个股室生成进展征集表（.xlsx）")
    _which_plan(p)
    p.add_argument("--period", required=True, help=period_help)
    p.add_argument("-o", "--output", required=True, help="输出文件夹")
    p.add_argument("--unit", nargs="+", action="extend", help="只生成这些股室的（默认全部）")
    p = command(collect_, "receive", cmd_collect_receive, "接收股室填好的征集表，记为进展")
    p.add_argument("files", nargs="+", metavar="文件或文件夹", help="征集表文件或所在文件夹")
    _which_plan(p)
    p.add_argument("--period", help="只接收该报告期的表（默认按表中的报告期）")
    p.add_argument("--accept-conflicts", action="store_true",
                   help="冲突的行也记录（默认不记录：本期已由其他股室报送，或发出后任务已被修改）")
    p.add_argument("--dry-run", action="store_true", help="只显示识别结果，不写入数据库")
    p = command(collect_, "status", cmd_collect_status, "各股室的报送情况：谁已报送、何时、几项，谁未报送")
    _which_plan(p)
    p.add_argument("--period", required=True, help=period_help)

    target = group("target", "主要目标的实际完成值")
    p = command(target, "set", cmd_target_set, "记录主要目标在某一报告期的实际值和是否达标")
    p.add_argument("number", type=int, metavar="序号", help="主要目标的序号（见 target list）")
    _which_plan(p)
    p.add_argument("--period", required=True, help="报告期：2021-Q1、2021-H1、2021-Q3、2021 或 2021-05")
    p.add_argument("--value", required=True, help="实际值，如 “26 微克/立方米”、“90.1%%”")
    judged = p.add_mutually_exclusive_group()
    judged.add_argument("--met", dest="met", action="store_const", const=True, help="达标")
    judged.add_argument("--not-met", dest="met", action="store_const", const=False, help="未达标")
    p = command(target, "list", cmd_target_list, "列出主要目标及其实际值")
    _which_plan(p)
    p.add_argument("--period", help="只显示截至该报告期的实际值")

    export = group("export", "导出")
    from ecodesk.services.exporting import EXPORT_KINDS

    for kind in EXPORT_KINDS.values():
        p = command(export, kind.key, cmd_export, f"导出{kind.label}")
        p.set_defaults(kind=kind.key)
        _which_plan(p)
        p.add_argument("-o", "--output", required=True, help="输出文件")
        _export_options(p, kind.key)
    p = command(export, "notices", cmd_export_notices,
                "导出督办通知单：每个股室一份，列出红灯、黄灯任务，并记入催办记录")
    _which_plan(p)
    p.add_argument("--as-of", required=True, type=_iso_date, help="督办截至日期 YYYY-MM-DD")
    p.add_argument("-o", "--output", required=True, help="输出文件夹")
    p = command(export, "bulletin", cmd_export_bulletin, "导出督查通报：各股室推进情况、慢序时和按序时任务、未报送股室")
    _which_plan(p)
    p.add_argument("--period", required=True, help=period_help)
    p.add_argument("-o", "--output", required=True, help="输出文件（.docx）")
    p = command(export, "ledger", cmd_export_ledger,
                "导出工作台账（.zip）：每项任务一个文件夹，内有其附件，另附台账目录.xlsx")
    _which_plan(p)
    p.add_argument("-o", "--output", required=True, help="输出文件，如 台账.zip")
    p.add_argument("--period", help="只含该报告期内（自1月1日起）的附件：2021-Q1、2021-H1、2021-Q3、2021 或 2021-05")
    p.add_argument("--unit", help="只含该股室牵头或配合的任务的附件")
    _name_values(parser)
    return parser


def _never_fail_on_output() -> None:
    """Output redirected on Windows uses the ANSI code page (cp1252 on an English system), and the
    installed copy's embedded Python ignores PYTHONUTF8: print Chinese as escapes there, do not crash."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `ecodesk` command."""
    _never_fail_on_output()
    words = list(sys.argv[1:] if argv is None else argv)
    if (target := _window_only(words)) is not None:
        return _start_window(target or None)
    args = build_parser().parse_args(words)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        return _start_window(args.db)
    try:
        status = handler(args)
        sys.stdout.flush()  # inside the try: the last buffered lines may meet a reader already gone
        return status
    except BrokenPipeError:
        return _reader_gone()
    except UserError as err:
        print(f"错误：{err}", file=sys.stderr)
        return EXIT_USER_ERROR
    except ValueError as err:
        print(f"错误：{err}", file=sys.stderr)
        return EXIT_USER_ERROR
    finally:
        while _opened:
            _close(_opened.pop())


def _close(db: Database) -> None:
    """After a command that wrote, a backup by the window's rule (changes since the newest copy, and that
    copy over 30 minutes old), so a bureau that scripts its updates has backups too; then close."""
    from ecodesk.services.backups import maybe_backup

    try:
        if db.wrote:
            maybe_backup(db)
    except UserError as err:
        print(f"警告：修改已保存，但自动备份失败：{err}", file=sys.stderr)
    finally:
        db.close()


def _reader_gone() -> int:
    """`ecodesk task list | head`: the reader has all it wanted, which is no error to report.

    Standard output is pointed at the null device, so the interpreter's final flush of what is still
    buffered does not fail again (and print "Exception ignored … BrokenPipeError") on the way out.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    return EXIT_PIPE_CLOSED


def _window_only(words: list[str]) -> str | None:
    """The database named when `words` only start the window (no words, or just --db): "" for the default,
    None when they ask for more. What a double-click and the shortcuts run needs no parser of every
    subcommand, whose building costs some 15 ms of the cold start."""
    if not words:
        return ""
    if len(words) == 2 and words[0] == "--db" and not words[1].startswith("-"):
        return words[1]
    if len(words) == 1 and words[0].startswith("--db=") and len(words[0]) > len("--db="):
        return words[0].removeprefix("--db=")
    return None


def _start_window(target: str | None) -> int:
    # The start makes some 35,000 objects the collector tracks, and hardly any garbage (a few hundred): its
    # passes over them would cost ~5 ms before the window is painted. It resumes right after
    # (gui.app.finish_start).
    gc.disable()
    from ecodesk.gui.app import run

    return run(target)


def gui_main() -> int:
    """Entry point of `ecodesk-gui` (no console window on Windows); takes the same --db option."""
    return main()

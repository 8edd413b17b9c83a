"""Unit (股室) names: normalising spelling variants and spotting collectives such as 各股室."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ecodesk.domain.text import clean_text, strip_edges

_SPACES = re.compile(r"[\s\u3000]+")
_EDGE_PUNCT = "，,、；;。.：:（）()【】[]“”\"'‘’ "
# Full-width brackets stay as the clerk typed them; NFKC would make “（临时）” “(临时)”.
_KEPT_WIDTH = re.compile(r"([（）])")
COLLECTIVE_MARKERS = ("各", "相关", "有关", "其他", "全体", "所有")
DEFAULT_BUREAU = "本局"  # the bureau of a database made before any plan named one


def _nfkc_except_brackets(name: str) -> str:
    return "".join(part if _KEPT_WIDTH.fullmatch(part) else unicodedata.normalize("NFKC", part)
                   for part in _KEPT_WIDTH.split(name))


def normalize_unit_name(name: str) -> str:
    """One spelling per unit: NFKC (full-width → half-width letters) but for the clerk's full-width
    brackets, no spaces, no edge punctuation other than a bracket pair's own (“环境监测站（临时）”)."""
    cleaned = _SPACES.sub("", _nfkc_except_brackets(clean_text(name)))
    return strip_edges(cleaned, _EDGE_PUNCT)


def unit_key(name: str) -> str:
    """The identity a unit is compared by, so that “综合 股”, “综合股,” and “监测站（临时）” and
    “监测站(临时)” are one unit each."""
    return unicodedata.normalize("NFKC", normalize_unit_name(name)).casefold()


# 各股室, 全体股室, 局各业务股室, 各股室（站、队）: every unit of the bureau, not some of them nor other bodies
# (各县（区）, 各乡镇 are not the bureau's units; 相关业务股室 names no one in particular).
_EVERY_UNIT = re.compile(r"^(?:本局|局机关|局)?(?:各|全体|所有)(?:业务)?(?:股室|科室|处室|股|科|部门)"
                         r"(?:（[^）]*）|\([^)]*\))?$")


@lru_cache(maxsize=4096)
def is_collective(name: str) -> bool:
    """各股室, 相关业务股室, 有关单位, 各县（区）: a group of units rather than one named unit. Such a name is
    kept on the task as written, but is never one of the bureau's units (lists, filters, counts)."""
    cleaned = normalize_unit_name(name)
    return cleaned.startswith(COLLECTIVE_MARKERS) or _EVERY_UNIT.match(cleaned) is not None


@lru_cache(maxsize=4096)
def means_every_unit(name: str) -> bool:
    """Whether a collective stands for every unit of the bureau (各股室), so each unit answers for the task.

    Cached, as is_collective: a plan names a few dozen units, asked of its 10,000 tasks unit by unit."""
    return _EVERY_UNIT.match(normalize_unit_name(name)) is not None


def covers(names: Iterable[str], unit: str) -> bool:
    """`unit` is one of `names`, or — a true unit — is covered by a name meaning every unit (各股室)."""
    listed = list(names)
    return unit in listed or (not is_collective(unit) and any(means_every_unit(n) for n in listed))

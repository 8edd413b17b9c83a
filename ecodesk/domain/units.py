"""Unit (股室) names: normalising spelling variants and spotting collectives such as 各股室."""

from __future__ import annotations

import re
import unicodedata

from ecodesk.domain.text import clean_text, strip_edges

_SPACES = re.compile(r"[\s\u3000]+")
_EDGE_PUNCT = "，,、；;。.：:（）()【】[]“”\"'‘’ "
# Full-width brackets stay as the clerk typed them; NFKC would make “（临时）” “(临时)”.
_KEPT_WIDTH = re.compile(r"([（）])")
COLLECTIVE_MARKERS = ("各", "相关", "有关", "其他", "全体", "所有")


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


def is_collective(name: str) -> bool:
    """各股室, 相关业务股室, 有关单位: a group of units rather than one named unit."""
    cleaned = normalize_unit_name(name)
    return cleaned.startswith(COLLECTIVE_MARKERS)

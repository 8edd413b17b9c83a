"""Unit (股室) names: normalising spelling variants and spotting collectives such as 各股室."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000]+")
_EDGE_PUNCT = "，,、；;。.：:（）()【】[]“”\"'‘’ "
COLLECTIVE_MARKERS = ("各", "相关", "有关", "其他", "全体", "所有")


def normalize_unit_name(name: str) -> str:
    """One spelling per unit: NFKC (full-width → half-width letters), no spaces, no edge punctuation."""
    cleaned = unicodedata.normalize("NFKC", name)
    cleaned = _SPACES.sub("", cleaned)
    return cleaned.strip(_EDGE_PUNCT)


def unit_key(name: str) -> str:
    """The identity a unit is compared by, so that “综合 股” and “综合股,” are one unit."""
    return normalize_unit_name(name).casefold()


def is_collective(name: str) -> bool:
    """各股室, 相关业务股室, 有关单位: a group of units rather than one named unit."""
    cleaned = normalize_unit_name(name)
    return cleaned.startswith(COLLECTIVE_MARKERS)

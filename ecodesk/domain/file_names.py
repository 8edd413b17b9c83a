"""File and folder names any Windows PC accepts, for archives a clerk unpacks there (the 台账 zip).

Windows refuses <>:"/\\|?* and control characters in a name, the device names (CON, PRN, AUX, NUL, COM1–9,
LPT1–9, with or without an extension), and a name ending in a dot or a space; Explorer fails on paths longer
than 260 characters. A name is made safe by replacing what is refused and shortening what is long, never by
dropping it: the clerk must still recognise it.
"""

from __future__ import annotations

import re

_REFUSED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                      *(f"{kind}{n}" for kind in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³"))})
# A path inside the archive stays within this, leaving the rest of Windows' 260 for the folder it is
# unpacked into (C:\Users\…\Desktop\台账\ is about 40).
PATH_LIMIT = 240


def safe_name(name: str, fallback: str = "未命名") -> str:
    """`name` as one path component Windows accepts (and never "." or ".."): refused characters become
    "_", a device name gets "_" in front, trailing dots and spaces go."""
    cleaned = _REFUSED.sub("_", name).strip().rstrip(". ")
    if not cleaned.strip("._ "):
        return fallback
    stem = cleaned.split(".", 1)[0].rstrip(" ")
    return f"_{cleaned}" if stem.upper() in _DEVICES else cleaned


def shortened(name: str, limit: int, *, keep_suffix: bool = False) -> str:
    """`name` cut to at most `limit` characters (its extension kept for a file), marked with "…"."""
    if len(name) <= limit:
        return name
    dot = name.rfind(".") if keep_suffix else -1
    suffix = name[dot:] if dot > 0 and len(name) - dot <= 10 else ""
    stem = name[: len(name) - len(suffix)]
    return safe_name(stem[: max(1, limit - len(suffix) - 1)] + "…" + suffix)


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or “name(2).ext”, “name(3).ext”… when a file of that name (case aside, as on Windows) is
    already in the folder; the chosen one is added to `taken`."""
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}({n}){suffix}"
    taken.add(candidate.casefold())
    return candidate

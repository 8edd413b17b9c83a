"""One recorded change, as the audit view, the CLI and the CSV export read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """What changed (entity, id, field), old → new, who and when; a delete's `old` is a JSON snapshot."""

    at: dt.datetime
    who: str
    action: str
    entity: str
    entity_id: int | None
    field: str
    old: str | None
    new: str | None

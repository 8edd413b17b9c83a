"""Which bureau a request is about. A database normally holds one bureau; its name comes from the plan."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecodesk.domain.errors import NotFoundError
from ecodesk.domain.text import clean_text
from ecodesk.domain.units import DEFAULT_BUREAU
from ecodesk.store.models import Bureau

__all__ = ["DEFAULT_BUREAU", "bureau_for"]


def bureau_for(session: Session, name: str | None, *, create: bool) -> Bureau | None:
    """The named bureau, or the only/first one when no name is given; created on demand."""
    name = clean_text(name or "").strip()
    if name:
        row = session.scalar(select(Bureau).where(Bureau.name == name))
        if row is None and create:
            row = Bureau(name=name)
            session.add(row)
            session.flush()
        if row is None:
            raise NotFoundError(f"没有名为“{name}”的单位")
        return row
    row = session.scalar(select(Bureau).order_by(Bureau.id).limit(1))
    if row is None and create:
        row = Bureau(name=DEFAULT_BUREAU)
        session.add(row)
        session.flush()
    return row

"""Attachments on the server: the 股室填报 clerk attaches to its unit's tasks, signed with its login, and to
no other; a reader takes copies out and adds nothing; the content is shared by both."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecodesk.domain.access import Role
from ecodesk.domain.errors import StorageError
from ecodesk.services import attachments
from tests.accounts import Bureau
from tests.attach.files import big_document, photo

pytestmark = pytest.mark.postgres


def test_a_unit_clerk_attaches_to_its_units_tasks_only(bureau: Bureau, tmp_path: Path) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    db = bureau.sign_in(clerk)
    [item] = attachments.add_files(db, bureau.zonghe_leads, [big_document(tmp_path)])
    assert item.author == clerk
    with pytest.raises(StorageError, match="没有这项权限"):
        attachments.add_files(db, bureau.shengtai_only, [photo(tmp_path)])
    assert attachments.attachments_of(bureau.admin, bureau.shengtai_only) == []
    leader = bureau.sign_in(bureau.add_clerk("leader", Role.READER))
    copy = attachments.save_copy(leader, item.id, tmp_path / "领导看的.pdf")
    assert copy.read_bytes() == (tmp_path / "验收报告.pdf").read_bytes()
    with pytest.raises(StorageError, match="没有这项权限"):
        attachments.add_files(leader, bureau.zonghe_leads, [photo(tmp_path)])
    attachments.remove(db, [item.id])
    assert attachments.attachments_of(bureau.admin, bureau.zonghe_leads) == []

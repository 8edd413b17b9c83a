"""Fixtures of the server-mode tests: a bureau's database with its roles on the test server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.accounts import Bureau, bureau_server


@pytest.fixture
def bureau() -> Iterator[Bureau]:
    with bureau_server() as found:
        yield found

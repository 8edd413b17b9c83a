"""The round trips a client makes to a database server, counted from SQLAlchemy's events on an engine:
what the server-mode round-trip test and bench/server_trips_bench.py count.

A round trip is a request the client sends and then waits for the answer to:
- `before_cursor_execute`: one statement (an executemany batch counts once);
- `begin`: the BEGIN psycopg sends before a transaction's first statement (a request of its own);
- `commit`, `rollback`: COMMIT, ROLLBACK (a read-only look ends in ROLLBACK);
- pool `connect`: a new connection, its TCP, startup and authentication exchange counted as one.
Not counted: the pool's reset when a connection is returned (after COMMIT or ROLLBACK psycopg sends
nothing), and the ping before a connection that lay idle for ecodesk.store.db.IDLE_PING_S is used
(never within a test or a bench run, which use their connections within seconds).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy import Engine, event

KINDS = {"before_cursor_execute": "statements", "begin": "begins", "commit": "commits", "rollback": "rollbacks",
         "connect": "connects"}


class Trips:
    """Round trips made on one engine since it was made or last `clear`ed, by kind."""

    def __init__(self, engine: Engine) -> None:
        self.seen: Counter[str] = Counter()
        for name, kind in KINDS.items():
            event.listen(engine, name, self._counter(kind))

    def _counter(self, kind: str) -> Callable[..., None]:
        def count(*_args: object, **_kwargs: object) -> None:
            self.seen[kind] += 1

        return count

    def clear(self) -> None:
        self.seen.clear()

    def kinds(self) -> dict[str, int]:
        return {kind: self.seen[kind] for kind in KINDS.values()}

    @property
    def total(self) -> int:
        return sum(self.seen.values())

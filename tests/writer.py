"""A clerk in a child process: adds progress updates to one task, printing each committed id.

    python tests/writer.py TARGET TASK_ID COUNT [FILE_SIZE_LIMIT]

COUNT 0 means until killed. Each id is printed (and flushed) only after its transaction committed,
so a parent that kills this process knows exactly which updates must have survived. With
FILE_SIZE_LIMIT, files can grow only to that many bytes (RLIMIT_FSIZE): a disk that fills up.
A StorageError is printed as `error <message>` and ends the process with status 3.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from ecodesk.domain.errors import StorageError
from ecodesk.services.progress import add_progress
from ecodesk.store.db import open_database


def limit_file_size(limit: int) -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write() instead of death by signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def main(target: str, task_id: int, count: int, size_limit: int | None, text: str) -> int:
    db = open_database(target)
    if size_limit is not None:
        limit_file_size(size_limit)
    counter = itertools.count(1) if count == 0 else range(1, count + 1)
    for n in counter:
        try:
            entry = add_progress(db, task_id, date=dt.date(2026, 1, 1), text=f"{text} {os.getpid()}-{n}",
                                 percent=n % 100)
        except StorageError as err:
            print(f"error {err}", flush=True)
            return 3
        print(f"ok {entry.id}", flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    body = "进展" * (int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), limit, body))

"""Server mode (PostgreSQL): database round trips of opening a 200-task plan and of one edit in the main
window, and what they cost over a link that adds 5 ms each way.

Usage: python bench/server_trips_bench.py [--tasks 200] [--runs 7] [--delay-ms 5]

The server is ECODESK_TEST_PG_URL's; without it, one this bench starts with tests/pg_server.sh on a free
port in a fresh folder (and stops), where PostgreSQL is installed; else it prints `SKIP<TAB>why` (bench/run
lists it as skipped). The plan (bench/gui_start.make_database) goes into a fresh database on that server,
dropped at the end. The window (as bench/edit_bench.py builds it) reaches the server through `DelayedLink`,
a proxy on 127.0.0.1 that holds every chunk 5 ms in each direction.

- open: `MainWindow.reload_plans` (what the window does to show a plan: services.plans.list_plans, then
  Workspace.open_plan → refresh → load_plan, and the panels' own reads such as the selected task's progress);
- one edit: a status picked in the detail panel, through the service and the reload the window does after it;
each timed to the event loop being idle (edit_bench.settle), median of the runs.

Round trips are counted on the window's engine from SQLAlchemy's events (tests/round_trips.Trips, which
tests/gui/test_server_round_trips.py holds to the issue's aim): statements, BEGIN, COMMIT, ROLLBACK and
new connections. As a check, the proxy counts the turns on the wire: each time the client sends after the
server had the last word on that connection. The two counts are printed side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from edit_bench import Timing, close_window, isolate_settings, open_window, settle, timed, timed_edit
from gui_start import make_database
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from ecodesk.services.plans import list_plans, load_plan, save_plan
from ecodesk.store.db import open_database
from tests.round_trips import Trips
from tests.targets import PG_ENV, fresh_pg_database

REPO = Path(__file__).resolve().parents[1]
LOCAL = "127.0.0.1"
PROXY_LIFETIME_S = 600  # the proxy stops by itself after this, should the bench never tell it to


class Skip(Exception):
    """No PostgreSQL server to measure against; the message says why."""


# -- the server --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL, 0))
        return probe.getsockname()[1]


@contextmanager
def pg_server() -> Iterator[str]:
    """ECODESK_TEST_PG_URL, else a server of the bench's own (port and folder no one else uses), stopped after."""
    if url := os.environ.get(PG_ENV):
        yield url
        return
    if not glob.glob("/usr/lib/postgresql/*/bin"):
        raise Skip(f"no PostgreSQL server: {PG_ENV} is not set and PostgreSQL is not installed "
                   f"(`export {PG_ENV}=$(bash tests/pg_server.sh)` installs and starts one)")
    with tempfile.TemporaryDirectory(prefix="ecodesk-bench-pg-") as folder:
        env = {**os.environ, "ECODESK_PG_PORT": str(free_port()), "ECODESK_PG_DIR": folder}
        script = str(REPO / "tests" / "pg_server.sh")
        started = subprocess.run(["sh", script], env=env, capture_output=True, text=True, timeout=120)
        if started.returncode != 0:
            raise Skip(f"tests/pg_server.sh could not start a server: {started.stderr.strip()[-300:]}")
        try:
            yield started.stdout.strip()
        finally:
            subprocess.run(["sh", script, "stop"], env=env, capture_output=True, timeout=60)


def fill(target: str, tasks: int, folder: Path) -> None:
    """The plan of the other window benches, made in a SQLite file and saved into the server database."""
    source = folder / "plan.sqlite"
    make_database(source, tasks)
    with closing(open_database(str(source))) as local, closing(open_database(target)) as server:
        save_plan(server, load_plan(local, list_plans(local)[0].id))


# -- the delayed link --------------------------------------------------------------------------------


class DelayedLink:
    """A TCP proxy from 127.0.0.1 to a server port on 127.0.0.1 that delivers every chunk `delay` seconds
    after it arrived, in each direction, as a link with that latency would; it counts the turns on the
    wire (`turns`). It runs an asyncio loop on a thread of its own, and stops when the `with` block ends,
    or by itself after PROXY_LIFETIME_S."""

    def __init__(self, target_port: int, delay: float) -> None:
        self.target_port, self.delay = target_port, delay
        self.port = 0
        self.turns = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(self._serve(),), daemon=True)
        self._stopped: asyncio.Event | None = None

    def __enter__(self) -> DelayedLink:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the delayed link did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(10)
        if not self._thread.is_alive():  # a loop still running cannot be closed; the daemon thread dies with us
            self._loop.close()

    async def _serve(self) -> None:
        self._stopped = asyncio.Event()
        server = await asyncio.start_server(self._relay, LOCAL, 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            await asyncio.wait_for(self._stopped.wait(), PROXY_LIFETIME_S)
        except TimeoutError:
            print(f"delayed link: stopped by itself after {PROXY_LIFETIME_S} s", file=sys.stderr)
        finally:
            server.close()
            await self._drain_connections()

    @staticmethod
    async def _drain_connections() -> None:
        """Let the connections still open finish what they carry (their client has closed them by now),
        then cut those that do not."""
        relays = asyncio.all_tasks() - {asyncio.current_task()}
        if relays:
            _, stuck = await asyncio.wait(relays, timeout=2)
            for task in stuck:
                task.cancel()
            await asyncio.gather(*stuck, return_exceptions=True)

    async def _relay(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter) -> None:
        server_in, server_out = await asyncio.open_connection(LOCAL, self.target_port)
        last = ["server"]  # who sent last on this connection: a client chunk after the server's is a turn
        # cut by _drain_connections: asyncio's stream callback would report a cancelled relay as an error
        with suppress(asyncio.CancelledError):
            await asyncio.gather(self._pipe(client_in, server_out, "client", last),
                                 self._pipe(server_in, client_out, "server", last))

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, side: str,
                    last: list[str]) -> None:
        """Copy one direction, each chunk held `delay` seconds; the queue keeps them in order."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        delivery = asyncio.create_task(self._deliver(queue, sink))
        try:
            while chunk := await source.read(1 << 16):
                if side == "client" and last[0] == "server":
                    self.turns += 1
                last[0] = side
                queue.put_nowait((loop.time() + self.delay, chunk))
        finally:
            queue.put_nowait(None)
            await delivery

    @staticmethod
    async def _deliver(queue: asyncio.Queue[tuple[float, bytes] | None], sink: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        try:
            while (item := await queue.get()) is not None:
                due, chunk = item
                await asyncio.sleep(max(0.0, due - loop.time()))
                sink.write(chunk)
                await sink.drain()
        finally:
            sink.close()


# -- measuring ---------------------------------------------------------------------------------------


Sample = tuple[float, dict[str, int], int]  # milliseconds, round trips by kind, turns on the wire


def measured(action: Callable[[], Timing], trips: Trips, link: DelayedLink) -> Sample:
    """What `action` (which times itself) took, and the round trips it made."""
    trips.clear()
    link.turns = 0
    ms = action().wall_ms
    return ms, trips.kinds(), link.turns


def measure(app: QApplication, target: str, runs: int, delay: float) -> tuple[list[Sample], list[Sample]]:
    """Open the plan and edit a task `runs` times each (after one run to warm up) in a window that reaches
    `target` through the delayed link."""
    url = make_url(target)
    with DelayedLink(url.port or 5432, delay) as link:
        window = open_window(app, url.set(host=LOCAL, port=link.port).render_as_string(hide_password=False))
        try:
            trips = Trips(window.ws.db.engine)
            samples = [(measured(partial(timed, app, window.reload_plans), trips, link),
                        measured(partial(timed_edit, app, window, "status"), trips, link)) for _ in range(runs + 1)]
        finally:
            close_window(window)
            settle(app)
    return [opened for opened, _ in samples[1:]], [edited for _, edited in samples[1:]]


def report(name: str, samples: list[Sample], delay_ms: float) -> None:
    totals = {sum(kinds.values()) for _, kinds, _ in samples}
    _, kinds, turns = samples[0]
    trips = sum(kinds.values())
    print(f"BENCH\tserver round trips: {name}\t{trips}\ttrips")
    print(f"BENCH\tserver {name} over {delay_ms:g} ms link\t{statistics.median(ms for ms, _, _ in samples):.0f}\tms")
    breakdown = ", ".join(f"{kind} {n}" for kind, n in kinds.items())
    steady = "the same in every run" if len(totals) == 1 else f"varying {min(totals)}–{max(totals)} between runs"
    print(f"{name}: {trips} round trips ({breakdown}; {steady}); turns on the wire: {turns}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--delay-ms", type=float, default=5.0, help="added to each direction of the link")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    try:
        with pg_server() as server:
            if (host := make_url(server).host) not in (LOCAL, "localhost"):
                raise Skip(f"the server is at {host}: the delayed link only talks to {LOCAL}")
            with fresh_pg_database(server) as target, tempfile.TemporaryDirectory(prefix="ecodesk-trips-") as tmp:
                isolate_settings(Path(tmp) / "settings")
                fill(target, args.tasks, Path(tmp))
                opens, edits = measure(app, target, args.runs, args.delay_ms / 1000)
    except Skip as why:
        print(f"SKIP\t{why}")
        return
    report(f"open {args.tasks}-task plan", opens, args.delay_ms)
    report("one edit", edits, args.delay_ms)


if __name__ == "__main__":
    main()

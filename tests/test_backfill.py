"""A backfill created with ``airflow backfill create`` and executed by a real scheduler.

Real processes, as in ``airflow standalone``: ``airflow api-server`` (serves the Execution API
the task processes talk to), ``airflow dag-processor`` (parses dags/) and ``airflow scheduler``
(LocalExecutor), on a fresh SQLite metadata DB in a private AIRFLOW_HOME, the real OpenSearch
node and a private index alias.

The inputs are one WARC with records on five consecutive days; the backfill covers the middle
three. For ``CronDataIntervalTimetable("0 0 * * *")`` the logical date is the start of the data
interval, and ``--from-date``/``--to-date`` are both inclusive, so 2026-11-20 .. 2026-11-22
yields exactly the intervals [20, 21), [21, 22) and [22, 23).

``NEWSETL_SOURCES`` is deliberately unset for the scheduler: the backfill passes the sources as
run conf (``--dag-run-conf``, the Params of the UI's backfill form), and the scheduled run the
scheduler creates once the DAG is unpaused (``catchup=False``: the latest interval only) fails
at once in ``discover`` with a permanent error -- without retries -- and writes nothing.

While the runs execute the test samples CPU use (the scheduler's process tree and the whole
machine, from ``/proc/stat``) and prints a summary (``pytest -s`` shows it).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ROOT
from test_airflow_runs import day_warc

pytestmark = pytest.mark.integration

FROM, TO = date(2026, 11, 20), date(2026, 11, 22)
WAIT_S = 600
AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _query(db: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(sql, args).fetchall()
    except sqlite3.OperationalError:  # locked or not migrated yet: try again later
        return []
    finally:
        con.close()


def _http_ok(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False


def _tail(path: Path, n: int = 40) -> str:
    if not path.exists():
        return f"({path} missing)"
    lines = path.read_text(errors="replace").splitlines()
    return f"--- {path} ---\n" + "\n".join(lines[-n:])


class CpuSampler(threading.Thread):
    """Samples, every second, the CPU used by our Airflow processes (scheduler with its executor
    workers and task processes, api-server, dag-processor: ``tree_cores``, in cores) and the
    busy share of each core of the whole machine (``/proc/stat``)."""

    def __init__(self, root_pids: list[int], db: Path) -> None:
        super().__init__(daemon=True)
        self.root_pids, self.db = root_pids, db
        self.samples: list[dict] = []
        self._halt = threading.Event()

    @staticmethod
    def _proc_stat() -> list[tuple[int, int]]:
        out = []
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("cpu") and line[3].isdigit():
                v = [int(x) for x in line.split()[1:]]
                idle = v[3] + v[4]
                out.append((sum(v) - idle, sum(v)))
        return out

    def _tree_cpu_s(self) -> float:
        import psutil

        total = 0.0
        procs = []
        for pid in self.root_pids:
            try:
                root = psutil.Process(pid)
                procs += [root, *root.children(recursive=True)]
            except psutil.Error:
                pass
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system + t.children_user + t.children_system
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        prev_stat, prev_tree, prev_t = self._proc_stat(), self._tree_cpu_s(), time.monotonic()
        while not self._halt.wait(1.0):
            stat, tree, t = self._proc_stat(), self._tree_cpu_s(), time.monotonic()
            cores = [
                100.0 * (b - pb) / max(1, a - pa)
                for (b, a), (pb, pa) in zip(stat, prev_stat, strict=False)
            ]
            running = _query(self.db, "SELECT task_id, count(*) FROM task_instance "
                                      "WHERE state = 'running' GROUP BY task_id")
            self.samples.append({"t": t, "cores_busy_pct": cores,
                                 "tree_cores": max(0.0, tree - prev_tree) / (t - prev_t),
                                 "running": dict(running)})
            prev_stat, prev_tree, prev_t = stat, tree, t

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)

    def summary(self) -> dict:
        def avg(xs: list[float]) -> float:
            return round(sum(xs) / len(xs), 2) if xs else 0.0

        busy = [s for s in self.samples if s["running"]]
        cpu_bound = [s for s in busy if {"extract", "enrich"} & set(s["running"])]
        return {
            "seconds": len(self.samples),
            "seconds_with_running_tasks": len(busy),
            "seconds_with_extract_or_enrich": len(cpu_bound),
            "tree_cores_avg_while_tasks": avg([s["tree_cores"] for s in busy]),
            "tree_cores_avg_extract_enrich": avg([s["tree_cores"] for s in cpu_bound]),
            "tree_cores_max": round(max((s["tree_cores"] for s in self.samples), default=0), 2),
            "machine_busy_pct_per_core_avg_extract_enrich": [
                avg([s["cores_busy_pct"][i] for s in cpu_bound])
                for i in range(len(self.samples[0]["cores_busy_pct"]) if self.samples else 0)
            ],
            "max_parallel_extract_enrich": max(
                (s["running"].get("extract", 0) + s["running"].get("enrich", 0) for s in busy),
                default=0,
            ),
        }


def test_backfill_three_days_with_scheduler(index_env, tmp_path):
    from etl.config import Settings
    from etl.index import make_client
    from etl.parquet_io import read_partition

    home = tmp_path / "airflow"
    home.mkdir()
    db = home / "airflow.db"
    data = tmp_path / "data"
    warc = tmp_path / "days.warc.gz"
    # Records on 19..23 November: 3 articles (+1 page without one) a day, other host each day.
    per_day = {}
    parts = []
    for i in range(5):
        d = FROM - timedelta(days=1) + timedelta(days=i)
        p = tmp_path / f"d{i}.warc.gz"
        per_day[d] = day_warc(p, d, f"bf{d:%d}.example.org", 3)
        parts.append(p)
    warc.write_bytes(b"".join(p.read_bytes() for p in parts))  # gzip members concatenate

    port = _free_port()
    # SQLite is single-writer: scheduler, dag-processor, api-server and the CLI take turns.
    # Wait for the lock (60 s) instead of pysqlite's 5 s, and let readers not block (WAL).
    pyextra = tmp_path / "pyextra"
    pyextra.mkdir()
    (pyextra / "newsetl_sqlite_args.py").write_text("CONNECT_ARGS = {'timeout': 60}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.pop("NEWSETL_SOURCES", None)
    env.update({
        "PYTHONPATH": os.pathsep.join(filter(None, [str(pyextra), env.get("PYTHONPATH")])),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONNECT_ARGS": "newsetl_sqlite_args.CONNECT_ARGS",
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port()),
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": "6",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{db}",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__WORKERS": "1",
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "10",
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
        "NEWSETL_DATA_DIR": str(data),
        "NEWSETL_BATCH_SIZE": "2",  # 4 inputs a day -> 2 mapped batches per stage
        "PYTHONDONTWRITEBYTECODE": "1",
    })

    def cli(*args: str, timeout: float = 180) -> str:
        for attempt in range(4):
            res = subprocess.run([AIRFLOW, *args], env=env, capture_output=True, text=True,
                                 timeout=timeout)
            # SQLite refuses a write at once (no waiting) when another process committed
            # since this transaction read: the CLI's transaction is rolled back, run it again.
            if res.returncode == 0 or "database is locked" not in res.stderr or attempt == 3:
                break
            time.sleep(3)
        assert res.returncode == 0, f"airflow {' '.join(args)} failed:\n{res.stdout}\n{res.stderr}"
        return res.stdout

    cli("db", "migrate", timeout=300)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    con.close()
    cli("pools", "import", str(ROOT / "deploy" / "airflow" / "pools.json"))

    procs: dict[str, subprocess.Popen] = {}
    logs: dict[str, Path] = {}
    sampler = None
    try:
        def start(name: str) -> None:
            logs[name] = home / f"{name}.log"
            with open(logs[name], "wb") as fh:
                procs[name] = subprocess.Popen([AIRFLOW, name], env=env, stdout=fh,
                                               stderr=subprocess.STDOUT, start_new_session=True)

        def fail(msg: str) -> None:
            task_logs = sorted((home / "logs").rglob("*.log"), key=lambda p: p.stat().st_mtime)
            tails = [_tail(logs[n]) for n in logs] + [_tail(p, 25) for p in task_logs[-3:]]
            pytest.fail(msg + "\n" + "\n".join(tails))

        def wait_for(what: str, cond, limit: float) -> None:
            end = time.monotonic() + limit
            while time.monotonic() < end:
                for name, p in procs.items():
                    if p.poll() is not None:
                        fail(f"{name} exited with {p.returncode} while waiting for {what}")
                if cond():
                    return
                time.sleep(2)
            fail(f"timed out after {limit:.0f}s waiting for {what}")

        # The DAG must be in the DB before a backfill can be created; creating it before the
        # scheduler starts keeps SQLite's single writer free for the CLI.
        start("dag-processor")
        wait_for("news_nightly parsed into the DB", lambda: _query(
            db, "SELECT 1 FROM serialized_dag WHERE dag_id = 'news_nightly'"), 240)
        out = cli("backfill", "create", "--dag-id", "news_nightly", "--from-date", FROM.isoformat(),
                  "--to-date", TO.isoformat(), "--max-active-runs", "2",
                  "--dag-run-conf", json.dumps({"sources": [str(warc)]}))
        cli("dags", "unpause", "news_nightly")
        # Task processes report to the api-server's Execution API: it must answer before the
        # scheduler queues anything (else the first tries fail with "connection refused").
        start("api-server")
        wait_for("the api-server", lambda: _http_ok(f"http://127.0.0.1:{port}/api/v2/monitor/health"),
                 180)
        start("scheduler")
        t0 = time.monotonic()
        sampler = CpuSampler([p.pid for p in procs.values()], db)
        sampler.start()

        def finished() -> bool:
            rows = _query(db, "SELECT run_type, state FROM dag_run WHERE dag_id = 'news_nightly'")
            backfill = [r for r in rows if r[0] == "backfill"]
            return len(backfill) == 3 and all(r[1] in ("success", "failed") for r in rows)

        wait_for("the backfill runs (and the scheduled run) to finish", finished, WAIT_S)
        elapsed = time.monotonic() - t0
        sampler.stop()

        runs = _query(db, "SELECT date(logical_date), date(data_interval_start), "
                          "date(data_interval_end), state, conf FROM dag_run "
                          "WHERE dag_id = 'news_nightly' AND run_type = 'backfill' "
                          "ORDER BY logical_date")
        expected_days = [FROM + timedelta(days=i) for i in range(3)]
        got = [(r[0], r[1], r[2], r[3]) for r in runs]
        assert got == [(d.isoformat(), d.isoformat(), (d + timedelta(days=1)).isoformat(),
                        "success") for d in expected_days], f"{got}\n{out}"
        # each day once: one run per logical date, every task instance on its first try
        tries = _query(db, "SELECT ti.task_id, ti.map_index, ti.try_number, ti.state "
                           "FROM task_instance ti JOIN dag_run dr ON dr.run_id = ti.run_id "
                           "AND dr.dag_id = ti.dag_id WHERE dr.run_type = 'backfill'")
        assert tries and all(t[2] == 1 and t[3] == "success" for t in tries), tries
        fetches = sorted(t[1] for t in tries if t[0] == "fetch")
        assert fetches == [0, 0, 0, 1, 1, 1]  # 4 inputs a day, NEWSETL_BATCH_SIZE=2

        # Partitions: exactly the three days, each with every input of its day accounted for.
        written = sorted(p.name for p in (data / "articles").iterdir())
        assert written == [f"dt={d}" for d in expected_days]
        for d in expected_days:
            arts = read_partition(data, "articles", d).num_rows
            rej = read_partition(data, "rejects", d).num_rows
            assert (arts, rej) == (3, 1), (d, arts, rej)
            assert arts + rej == per_day[d]
        settings = Settings.from_env()
        client = make_client(settings.index)
        client.indices.refresh(index=settings.index.alias)
        assert client.count(index=settings.index.alias)["count"] == 9

        # The scheduled run (latest interval only, catchup=False) had no sources: it failed
        # at once with the permanent "no sources" error, without a retry, and wrote nothing.
        sched = _query(db, "SELECT ti.state, ti.try_number FROM task_instance ti "
                           "JOIN dag_run dr ON dr.run_id = ti.run_id AND dr.dag_id = ti.dag_id "
                           "WHERE dr.run_type = 'scheduled' AND ti.task_id = 'discover'")
        assert all(s == ("failed", 1) for s in sched), sched

        summary = sampler.summary()
        summary["backfill_wall_seconds"] = round(elapsed, 1)
        summary["nproc"] = os.cpu_count()
        print("\nbackfill CPU observation:", json.dumps(summary))
        assert summary["seconds_with_extract_or_enrich"] > 0
    finally:
        for p in procs.values():
            if p.poll() is None:
                os.killpg(p.pid, 15)
        for p in procs.values():
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, 9)
                p.wait(timeout=10)
        if sampler is not None and sampler.is_alive():
            sampler.stop()

"""``make bench``: Porch's pages and comment posting beside nginx, in one run.

    .venv/bin/python bench/http/run.py            # 3 interleaved rounds of 10 s
    .venv/bin/python bench/http/run.py --quick    # 1 round of 3 s: a smoke test

Builds a throwaway site from a WordPress export written by ``data.py`` (the
reference post: about 900 words, 32 threaded comments; posts with 1,000 and 10,000
comments), then starts nginx serving a static copy of Porch's own rendered reference
page, Porch cached (``porch serve --workers 2``), Porch with ``PORCH_PAGE_CACHE=off``
and Porch behind ``porch nginx-config`` (``PORCH_PAGE_CACHE=files``). Each is measured
with wrk (2 threads x 32 connections, and 1 connection), round after round so load
from elsewhere hits all alike; comments are posted through the form endpoint at 1
and 8 connections (``post_comment.lua``: same Origin, a signed start time fetched
first, a new reader each time); the first page of the large posts is measured
uncached. Prints one table: medians (min-max) and each median as a ratio to nginx
from the same run. Needs wrk and nginx (installed with apt-get when run as root).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import (
    free_port,
    nginx_start,
    porch_env,
    porch_run,
    porch_serve,
    static_site_conf,
    tool,
)

from data import LARGE, REFERENCE_SLUG, SINK_SLUG, bench_export_write

HERE = Path(__file__).resolve().parent
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
LOADS = {"32 connections": (2, 32), "1 connection": (1, 1)}
HEADER = (
    "| | req/s, many connections | x nginx | req/s, 1 connection | x nginx "
    "| p50, 1 connection | errors | timeouts |"
)
POST_LOADS = {"8 connections": (2, 8), "1 connection": (1, 1)}


@dataclass(frozen=True)
class Result:
    rps: float
    p50_ms: float
    errors: int
    timeouts: int


def wrk(url: str, *, load: tuple[int, int], seconds: int, script: list[str]) -> Result:
    threads, connections = load
    argv = [tool("wrk", "wrk"), f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    argv += ["--latency", *(["-s", script[0]] if script else []), url]
    argv += ["--", *script[1:]] if script else []
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout  # noqa: S603
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    if rps is None or p50 is None:
        raise SystemExit(f"bench: cannot read wrk's output:\n{out}")
    # Timeouts (wrk gives up after 2 s) are load; non-2xx/3xx answers are faults.
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", out)
    errors = int(failed.group(1)) if failed else 0
    slow = int(timeouts.group(1)) if timeouts else 0
    return Result(
        float(rps.group(1)), float(p50.group(1)) * UNITS[p50.group(2)], errors, slow
    )


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
        return bytes(response.read())


def site_build(folder: Path) -> dict[str, str]:
    env = porch_env(folder / "data")
    export = folder / "bench.xml"
    bench_export_write(export)
    porch_run(
        env,
        "init",
        "--no-input",
        "--site-name",
        "Porch bench",
        "--admin-password",
        "bench-host-password-11",
    )
    porch_run(env, "import", "wordpress", str(export))
    return env


def servers_start(
    folder: Path, env: dict[str, str], stack: ExitStack
) -> tuple[dict[str, str], int]:
    """Start every server; answer the URL of each thing measured, and the process id
    of the uncached server (whose workers' memory is reported)."""
    ports = {name: free_port() for name in ("on", "off", "files", "nginx", "static")}
    pids = {}
    for mode, worker in (("on", True), ("off", False), ("files", False)):
        process = porch_serve(
            {**env, "PORCH_PAGE_CACHE": mode}, ports[mode], worker=worker
        )
        pids[mode] = process.pid
        stack.callback(_stop, process)
    page = f"/{REFERENCE_SLUG}/"
    reference = _post_path(f"http://127.0.0.1:{ports['off']}", page)
    static_root = folder / "static-copy"
    static_root.mkdir()
    (static_root / "index.html").write_bytes(
        get(f"http://127.0.0.1:{ports['off']}{reference}")
    )
    stack.callback(
        _stop,
        nginx_start(
            folder / "nginx-static",
            static_site_conf(static_root, ports["static"]),
            ports["static"],
        ),
    )
    config = porch_run(
        {**env, "PORCH_PAGE_CACHE": "files"},
        "nginx-config",
        "--listen",
        f"127.0.0.1:{ports['nginx']}",
        "--upstream",
        f"127.0.0.1:{ports['files']}",
    )
    stack.callback(_stop, nginx_start(folder / "nginx-porch", config, ports["nginx"]))
    base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    return {
        "nginx, a static copy of the page": f"{base['static']}{reference}",
        "Porch cached": f"{base['on']}{reference}",
        "Porch, PORCH_PAGE_CACHE=off": f"{base['off']}{reference}",
        "Porch behind porch nginx-config": f"{base['nginx']}{reference}",
        **{
            f"{count:,}-comment post, page 1, uncached": base["off"]
            + _post_path(base["off"], f"/{slug}/")
            for count, slug in LARGE.items()
        },
        "posting a comment": base["on"],
    }, pids["off"]


def _post_path(base: str, legacy: str) -> str:
    """The post's own address (the imported WordPress link redirects to it)."""
    with urllib.request.urlopen(base + legacy, timeout=60) as response:  # noqa: S310
        return str(urllib.parse.urlsplit(response.url).path)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def posting_script(base: str) -> list[str]:
    started = get(f"{base}/comments/form-started/").decode()
    token = re.search(r'"started": "([^"]+)"', started)
    if token is None:
        raise SystemExit("bench: no form start time")
    time.sleep(3)  # the form's bot trap holds anything posted within 3 s
    path = f"/comments/posts/{SINK_SLUG}/comment/"
    return [
        str(HERE / "post_comment.lua"),
        base,
        urllib.parse.quote(token.group(1)),
        path,
    ]


Table = dict[tuple[str, str], list[Result]]
UNCACHED = "PORCH_PAGE_CACHE=off"


def workers_rss_mb(pid: int) -> float:
    """Resident memory of the processes below ``pid`` (the server's workers), in MB."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(stat.parent.name))
    total_kb, todo = 0, list(children[pid])
    while todo:
        one = todo.pop()
        todo.extend(children[one])
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total_kb += int(found.group(1)) if found else 0
    return total_kb / 1024


def run_all(
    urls: dict[str, str], *, rounds: int, seconds: int, uncached_pid: int
) -> tuple[Table, dict[str, list[float]]]:
    """Every measurement, and the uncached server's workers' memory after each page."""
    table: Table = defaultdict(list)
    memory: dict[str, list[float]] = defaultdict(list)
    base = urls.pop("posting a comment")
    script = posting_script(base)
    posting_runs = 0
    for number in range(1, rounds + 1):
        print(f"round {number} of {rounds}", file=sys.stderr)
        for name, url in urls.items():
            get(url)  # warm: a post in the last round ended every cached page
            for load_name, load in LOADS.items():
                table[name, load_name].append(
                    wrk(url, load=load, seconds=seconds, script=[])
                )
            if UNCACHED in name or "uncached" in name:
                memory[name].append(workers_rss_mb(uncached_pid))
        for load_name, load in POST_LOADS.items():
            # Each wrk run numbers its readers from 1: a run number keeps them new.
            posting_runs += 1
            run_script = [*script, str(posting_runs)]
            result = wrk(base, load=load, seconds=seconds, script=run_script)
            table["posting a comment", load_name].append(result)
    return table, memory


def spread(values: list[float], digits: int = 0) -> str:
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:,.{digits}f}"
    return f"{median:,.{digits}f} ({min(values):,.{digits}f}-{max(values):,.{digits}f})"


def print_table(table: Table, *, rounds: int, seconds: int) -> None:
    nginx = table["nginx, a static copy of the page", "32 connections"]
    nginx_rps = statistics.median(r.rps for r in nginx)
    nginx_one = statistics.median(
        r.rps for r in table["nginx, a static copy of the page", "1 connection"]
    )
    print(
        f"\n{rounds} round(s) of {seconds} s; medians (min-max); x nginx = ratio to "
        "nginx's static copy at the same connections, same run\n"
    )
    print(HEADER)
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    names = dict.fromkeys(name for name, _ in table)
    for name in names:
        many_load = "8 connections" if name == "posting a comment" else "32 connections"
        many, one = table[name, many_load], table[name, "1 connection"]
        many_rps = [r.rps for r in many]
        one_rps = [r.rps for r in one]
        errors = sum(r.errors for r in [*many, *one])
        timeouts = sum(r.timeouts for r in [*many, *one])
        print(
            f"| {name} ({many_load}) | {spread(many_rps)} "
            f"| {statistics.median(many_rps) / nginx_rps:.4f} "
            f"| {spread(one_rps)} | {statistics.median(one_rps) / nginx_one:.4f} "
            f"| {spread([r.p50_ms for r in one], 2)} ms | {errors} | {timeouts} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Porch beside nginx, measured with wrk."
    )
    parser.add_argument(
        "--quick", action="store_true", help="1 round of 3 s (a smoke test)"
    )
    options = parser.parse_args()
    rounds, seconds = (1, 3) if options.quick else (3, 10)
    tool("wrk", "wrk")
    tool("nginx", "nginx-light")
    with (
        tempfile.TemporaryDirectory(prefix="porch-bench-") as raw,
        ExitStack() as stack,
    ):
        folder = Path(raw)
        print("building the bench site (about a minute)", file=sys.stderr)
        env = site_build(folder)
        urls, uncached_pid = servers_start(folder, env, stack)
        table, memory = run_all(
            urls, rounds=rounds, seconds=seconds, uncached_pid=uncached_pid
        )
    print_table(table, rounds=rounds, seconds=seconds)
    print(
        f"\nMemory of the {UNCACHED} server's processes (granian and its 2 "
        "workers) after each page, by round:"
    )
    for name, sizes in memory.items():
        print(f"- {name}: " + ", ".join(f"{size:.0f} MB" for size in sizes))


if __name__ == "__main__":
    main()

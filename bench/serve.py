"""Granian against gunicorn on the demo site's home page, on loopback.

Usage (from the repository root, after scripts/bootstrap.sh):

    .venv/bin/python bench/serve.py [--requests 3000] [--concurrency 8] [--workers 2]
        [--servers granian,gunicorn]

Builds a throwaway demo site (`porch demo --no-serve`) in a temporary folder, then
for each server starts it with the exact command line `porch serve` uses, warms it
up, and sends a bounded number of GET requests (the home page unless --path) from
keep-alive client threads. Prints requests per second and latency percentiles.
Needs no files outside the repository.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from porch.core.management.server import SERVERS, server_argv

PORCH = str(Path(sys.executable).with_name("porch"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            try:
                server.wait(timeout=0.2)
                raise SystemExit("the server exited before answering")
            except subprocess.TimeoutExpired:
                pass
    raise SystemExit("the server did not answer within 60 s")


def client(
    port: int, path: str, count: int, latencies: list[float], errors: list[str]
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            errors.append(str(response.status))


def load(port: int, path: str, requests: int, concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    share = requests // concurrency
    threads = [
        threading.Thread(target=client, args=(port, path, share, latencies, errors))
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
        "errors": len(errors),
    }


def measure(server: str, env: dict[str, str], args: argparse.Namespace) -> None:
    port = free_port()
    argv = server_argv(server=server, host="127.0.0.1", port=port, workers=args.workers)
    process = subprocess.Popen(argv, env=env, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_until_up(port, process)
        warm_up = args.concurrency * 50
        load(port, args.path, requests=warm_up, concurrency=args.concurrency)
        result = load(
            port, args.path, requests=args.requests, concurrency=args.concurrency
        )
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(
        f"{server:9} GET {args.path} workers={args.workers} c={args.concurrency} "
        f"requests={args.requests}: {result['rps']:7.1f} req/s, "
        f"p50 {result['p50_ms']:6.1f} ms, p99 {result['p99_ms']:6.1f} ms, "
        f"errors {result['errors']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--path", default="/", help="The page to request (default /).")
    parser.add_argument(
        "--servers",
        default=",".join(SERVERS),
        help="Comma-separated, in the order to run them (swap it to rule out drift).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="porch-bench-") as folder:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("PORCH_")
        }
        env.update(
            PORCH_DATA_DIR=folder,
            DJANGO_SETTINGS_MODULE="porch.settings",
            PORCH_EMAIL_URL="memory://",
        )
        subprocess.run(  # noqa: S603
            [PORCH, "demo", "--no-serve", "--data-dir", folder],
            env=env,
            check=True,
            capture_output=True,
        )
        print(f"cpus={os.cpu_count()} python={sys.version.split()[0]}")
        for server in args.servers.split(","):
            measure(server, env, args)


if __name__ == "__main__":
    main()

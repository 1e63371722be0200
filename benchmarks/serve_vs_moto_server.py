"""AssociateVPCWithHostedZone over HTTP: ``route53-assoc serve`` against ``moto_server``, in one run.

Run: python benchmarks/serve_vs_moto_server.py [--calls 2000] [--rounds 3] [--concurrency 16]

Needs ``pip install 'moto[server]'`` (not a project dependency; moto's half is
skipped with a note if missing) and the project's ``[server]`` extra.

Three figures per server, each associating a fresh VPC with one private zone per call
(so each call is a real success):

- end to end: one boto3 client (the same code for both servers, ``endpoint_url``
  pointed at each) calls ``associate_vpc_with_hosted_zone`` in a loop;
- end to end in turns: the same, one client per server, their calls interleaved
  (serve, moto_server, ... call by call), each server's rate 1 / its median call
  time — steadier than the loops while other work shares the machine;
- server side: requests pre-signed with botocore are sent by an asyncio load
  generator over 16 keep-alive connections; calls per second and the p99 latency.

Two floors bound what any server could do: a constant answer from a bare asyncio server,
and the same constant answer from an application hosted by ``serve``'s own ``run()``
(granian, with ``serve``'s settings; so ``serve`` minus that floor is the application's own cost).
The same application hosted on waitress (pure Python, 4 threads) is measured beside
``serve`` (which hosts it on granian: one worker process, one Python thread), so the
choice of server stays a measurement; the server's CPU seconds per call (its
process and children, from /proc) are printed too, a figure less sensitive than
rates to other work on the machine.  Rounds interleave the
servers; the best round is kept, and serve's end-to-end ratio to moto_server is printed
round by round too.  Goals: serve ≥ 3× moto_server end to end, ≥ 10×
server side.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.config import Config

import route53_assoc as r53
from route53_assoc import snapshot

ACCOUNT = "111111111111"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            with socket.create_connection(tuple(url.split("//")[1].split(":")), timeout=0.2):  # type: ignore[arg-type]
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up")


def client(service: str, url: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=ACCOUNT,
        aws_secret_access_key="bench",
        config=Config(retries={"total_max_attempts": 1}),
    )


# -- pre-signed requests ---------------------------------------------------------------


def presigned(url: str, calls: list[dict[str, Any]]) -> list[bytes]:
    """Each associate call as the raw bytes botocore would send (signed, keep-alive)."""
    r53c = client("route53", url)
    captured: list[bytes] = []

    def capture(request: Any, **_: Any) -> AWSResponse:
        path = request.url.split("/", 3)[3]
        head = [f"{request.method} /{path} HTTP/1.1"]
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
        headers["Host"] = url.split("//")[1]
        headers["Content-Length"] = str(len(body))
        head += [f"{k}: {v}" for k, v in headers.items()]
        captured.append(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        return AWSResponse(request.url, 200, {}, _Raw(b"<AssociateVPCWithHostedZoneResponse/>"))

    r53c.meta.events.register("before-send.route53", capture)
    for call in calls:
        r53c.associate_vpc_with_hosted_zone(**call)
    return captured


class _Raw:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


async def _worker(host: str, port: int, requests: list[bytes], latencies: list[float], statuses: list[int]) -> None:
    """Send *requests* one after another, on one keep-alive connection while the server keeps it."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for raw in requests:
            start = time.perf_counter()
            writer.write(raw)
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionError(f"{host}:{port} closed the connection after {len(statuses)} responses")
            length, close = None, status_line.startswith(b"HTTP/1.0")
            while True:
                line = (await reader.readline()).lower()
                if line in (b"\r\n", b""):
                    break
                if line.startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
                elif line.startswith(b"connection:"):
                    close = b"close" in line
            if length is not None:
                await reader.readexactly(length)
            if close or length is None:
                # The server ends the connection after each response: read to the end, reconnect.
                await reader.read()
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
            latencies.append(time.perf_counter() - start)
            statuses.append(int(status_line.split()[1]))
    finally:
        writer.close()


def load(url: str, requests: list[bytes], concurrency: int) -> tuple[float, list[float], list[int]]:
    """Send *requests* over *concurrency* keep-alive connections; (seconds, latencies, statuses)."""
    host, port = url.split("//")[1].split(":")
    shares = [requests[i::concurrency] for i in range(concurrency)]
    latencies: list[float] = []
    statuses: list[int] = []

    async def run() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(_worker(host, int(port), share, latencies, statuses) for share in shares))
        return time.perf_counter() - start

    return asyncio.run(run()), latencies, statuses


def cpu_seconds(pid: int) -> float:
    """User and system CPU of *pid* and its children (Linux /proc; 0 elsewhere)."""
    total = 0.0
    try:
        children = open(f"/proc/{pid}/task/{pid}/children").read().split()
        for process in [pid, *map(int, children)]:
            fields = open(f"/proc/{process}/stat").read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0
    return total


def p99(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] if len(latencies) >= 100 else max(latencies)


# -- the two servers ------------------------------------------------------------------


class Target:
    name: str
    url: str

    def prepare(self, calls: int) -> tuple[str, list[str]]:
        """A private zone and *calls* fresh VPCs: (zone id, VPC ids)."""
        raise NotImplementedError


class Serve(Target):
    name = "route53-assoc serve"

    def __init__(self) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        port = self.url.rsplit(":", 1)[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "route53_assoc", "serve", "--port", port, "--clock", "manual", "--max-body", str(1 << 28)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.url, self.process)

    def prepare(self, calls: int) -> tuple[str, list[str]]:
        # The world is built in-process and loaded through the internal endpoint: the
        # zone's VPC limit raised so that every call is a success.
        world = r53.World.empty(quotas=r53.Quotas(vpcs_per_region=10**9))
        world, first = r53.create_vpc(world, owner=ACCOUNT, region=REGION)
        world, created = r53.create_hosted_zone(
            world, caller=ACCOUNT, name="bench.example", caller_reference="bench", vpc_id=first.id, vpc_region=REGION
        )
        world = r53.set_zone_vpc_limit(world, hosted_zone_id=created.zone.id, limit=10**9)
        vpcs = []
        for _ in range(calls):
            world, vpc = r53.create_vpc(world, owner=ACCOUNT, region=REGION)
            vpcs.append(vpc.id)
        request = urllib.request.Request(
            f"{self.url}/_route53_assoc/world", data=snapshot.to_json(world).encode(), method="PUT"
        )
        urllib.request.urlopen(request).read()
        return created.zone.id, vpcs

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


_WAITRESS = """
import sys, waitress
from route53_assoc.server import Server
waitress.serve(Server(clock="manual", max_body=1 << 28), host="127.0.0.1", port=int(sys.argv[1]), threads=4, _quiet=True)
"""


class _AppOn(Serve):
    """serve's application hosted by another server: *script* run with the port as its argument."""

    script: str

    def __init__(self) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.script, self.url.rsplit(":", 1)[1]],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.url, self.process)


class ServeOnWaitress(_AppOn):
    """The same application on waitress (pure Python, 4 threads)."""

    name = "the same app on waitress"
    script = _WAITRESS


class MotoServer(Target):
    name = "moto_server"

    def __init__(self) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        executable = shutil.which("moto_server") or os.path.join(os.path.dirname(sys.executable), "moto_server")
        self.process = subprocess.Popen(
            [executable, "-H", "127.0.0.1", "-p", self.url.rsplit(":", 1)[1]],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.url, self.process)

    def prepare(self, calls: int) -> tuple[str, list[str]]:
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")).read()
        ec2 = client("ec2", self.url)
        first = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        zone = client("route53", self.url).create_hosted_zone(
            Name="bench.example",
            CallerReference="bench",
            VPC={"VPCRegion": REGION, "VPCId": first},
            HostedZoneConfig={"PrivateZone": True},
        )["HostedZone"]["Id"]
        vpcs = [ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"] for _ in range(calls)]
        return zone.split("/")[-1], vpcs

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


#: The floors' constant answer (Python source run in each floor's process).
_ANSWER = r"""
BODY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<AssociateVPCWithHostedZoneResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
        b'<ChangeInfo><Id>/change/C1</Id><Status>INSYNC</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo>'
        b'</AssociateVPCWithHostedZoneResponse>')
"""


_FLOOR = _ANSWER + r"""
import asyncio, sys
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nx-amzn-RequestId: 00000000-0000-4000-8000-000000000000\r\n"
            b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)
async def serve(reader, writer):
    while True:
        length = 0
        while True:
            line = await reader.readline()
            if not line:
                writer.close(); return
            if line == b"\r\n":
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await reader.readexactly(length)
        writer.write(RESPONSE)
async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]))
    await server.serve_forever()
asyncio.run(main())
"""


class Floor(Target):
    """A constant answer from a bare asyncio server: what any server costs at least, client included."""

    name = "floor (constant answer)"

    def __init__(self) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = subprocess.Popen([sys.executable, "-c", _FLOOR, self.url.rsplit(":", 1)[1]])
        wait_until_up(self.url, self.process)

    def prepare(self, calls: int) -> tuple[str, list[str]]:
        return "Z1", [f"vpc-{i:017x}" for i in range(calls)]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


_GRANIAN_FLOOR = _ANSWER + r"""
import sys
from route53_assoc.server import Server, run
HEADERS = [("Content-Type", "text/xml"), ("x-amzn-RequestId", "00000000-0000-4000-8000-000000000000"),
           ("Content-Length", str(len(BODY)))]
class Constant(Server):
    def __call__(self, environ, start_response):
        environ["wsgi.input"].read()
        start_response("200 OK", HEADERS)
        return [BODY]
run(Constant(clock="manual"), port=int(sys.argv[1]))  # serve's own hosting, its settings included
"""


class GranianFloor(Floor):
    """The same constant answer from an application hosted by serve's own :func:`route53_assoc.server.run`
    (granian, serve's settings): what any application on serve's transport costs at least."""

    name = "granian floor (constant)"

    def __init__(self) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = subprocess.Popen([sys.executable, "-c", _GRANIAN_FLOOR, self.url.rsplit(":", 1)[1]])
        wait_until_up(self.url, self.process)


def end_to_end(target: Target, calls: int) -> float:
    zone, vpcs = target.prepare(calls)
    r53c = client("route53", target.url)
    r53c.get_hosted_zone(Id=zone)  # a first call: connection and model loading out of the timing
    start = time.perf_counter()
    for vpc_id in vpcs:
        r53c.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCRegion": REGION, "VPCId": vpc_id})
    return calls / (time.perf_counter() - start)


def interleaved(targets: list[Target], calls: int) -> dict[str, float]:
    """End to end again, one boto3 client per server, the calls taking turns across the servers.

    Each server's figure is 1 / its median call time: a burst of other work on the
    machine slows every server's calls alike and moves a median little.
    """
    runs = []
    for target in targets:
        zone, vpcs = target.prepare(calls)
        r53c = client("route53", target.url)
        r53c.get_hosted_zone(Id=zone)
        runs.append((target.name, r53c, zone, vpcs, []))
    for index in range(calls):
        for _, r53c, zone, vpcs, times in runs:
            start = time.perf_counter()
            r53c.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCRegion": REGION, "VPCId": vpcs[index]})
            times.append(time.perf_counter() - start)
    return {name: 1 / statistics.median(times) for name, _, _, _, times in runs}


def server_side(target: Target, calls: int, concurrency: int) -> tuple[float, float, float]:
    """Calls per second, p99 latency, and the server's CPU seconds per call."""
    zone, vpcs = target.prepare(calls)
    requests = presigned(
        target.url, [{"HostedZoneId": zone, "VPC": {"VPCRegion": REGION, "VPCId": v}} for v in vpcs]
    )
    pid = target.process.pid  # type: ignore[attr-defined]
    before = cpu_seconds(pid)
    seconds, latencies, statuses = load(target.url, requests, concurrency)
    used = cpu_seconds(pid) - before
    bad = [s for s in statuses if s != 200]
    if bad:
        raise RuntimeError(f"{target.name}: {len(bad)} of {len(statuses)} calls failed (statuses {set(bad)})")
    return calls / seconds, p99(latencies), used / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    os.environ.setdefault("AWS_CONFIG_FILE", os.devnull)
    targets: list[Target] = [Serve(), ServeOnWaitress(), Floor(), GranianFloor()]
    try:
        import moto.server

        targets.append(MotoServer())
    except ImportError:
        print("moto_server: not installed (pip install 'moto[server]'); only route53-assoc serve is measured")
    results: dict[str, dict[str, list[float]]] = {
        t.name: {"e2e": [], "turns": [], "rate": [], "p99": [], "cpu": []} for t in targets
    }
    try:
        for _ in range(args.rounds):
            for target in targets:
                results[target.name]["e2e"].append(end_to_end(target, args.calls))
                rate, tail, cpu = server_side(target, args.calls, args.concurrency)
                results[target.name]["rate"].append(rate)
                results[target.name]["p99"].append(tail)
                results[target.name]["cpu"].append(cpu)
            for name, rate in interleaved(targets, args.calls).items():
                results[name]["turns"].append(rate)
    finally:
        for target in targets:
            target.stop()  # type: ignore[attr-defined]
    best: dict[str, Callable[[list[float]], float]] = {"e2e": max, "turns": max, "rate": max, "p99": min, "cpu": min}
    print(f"{args.calls} associate calls per round, best of {args.rounds}; server side at {args.concurrency} clients; "
          "'in turns': end to end with the servers' calls interleaved, 1 / median call time")
    print(f"{'server':<26}{'end to end/s':>14}{'in turns/s':>12}{'server side/s':>15}{'p99 ms':>9}{'server CPU µs/call':>20}")
    figures = {name: {k: best[k](v) for k, v in r.items()} for name, r in results.items()}
    for name, f in figures.items():
        print(f"{name:<26}{f['e2e']:>14.0f}{f['turns']:>12.0f}{f['rate']:>15.0f}{f['p99'] * 1000:>9.1f}{f['cpu'] * 1e6:>20.0f}")
    if "moto_server" in figures:
        ours, moto = figures["route53-assoc serve"], figures["moto_server"]
        rounds = sorted(s / m for s, m in zip(results["route53-assoc serve"]["e2e"], results["moto_server"]["e2e"], strict=True))
        print(f"end to end, serve / moto_server round by round: {', '.join(f'{r:.2f}×' for r in rounds)} "
              f"(median {statistics.median(rounds):.2f}×)")
        print(f"ratio: end to end {ours['e2e'] / moto['e2e']:.1f}× (in turns {ours['turns'] / moto['turns']:.1f}×; goal ≥ 3×), "
              f"server side {ours['rate'] / moto['rate']:.1f}× (goal ≥ 10×); "
              f"server CPU per call {moto['cpu'] / ours['cpu']:.1f}× less than moto_server's")
        them = figures["the same app on waitress"]
        print(f"serve (granian) against the same app on waitress: end to end {ours['e2e'] / them['e2e']:.2f}×, "
              f"server side {ours['rate'] / them['rate']:.1f}×, CPU per call {them['cpu'] / ours['cpu']:.1f}× less")
        floor = figures["floor (constant answer)"]
        print(f"ceiling (floor / moto_server): end to end {floor['e2e'] / moto['e2e']:.1f}×, "
              f"server side {floor['rate'] / moto['rate']:.1f}× — no server can beat its floor; "
              f"serve end to end is {ours['e2e'] / floor['e2e']:.0%} of the floor's rate "
              f"({ours['turns'] / floor['turns']:.0%} in turns)")
        transport = figures["granian floor (constant)"]
        print(f"serve's transport alone (granian floor / moto_server): end to end {transport['e2e'] / moto['e2e']:.1f}× "
              f"(in turns {transport['turns'] / moto['turns']:.1f}×) — what no application hosted as serve is can beat; "
              f"serve end to end is {ours['e2e'] / transport['e2e']:.0%} of it ({ours['turns'] / transport['turns']:.0%} in turns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

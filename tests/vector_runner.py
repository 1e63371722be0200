"""A runner for route53-assoc's test vectors, written from their JSON Schema alone.

It imports nothing from route53_assoc: it reads ``vectors.json``, signs every call
with boto3 against an endpoint URL, and compares the answers with the expectations,
as a simulator author would in their own suite.  ``settings(needs)`` turns a case's
needs into what the endpoint must be reset with; ``reset`` is the endpoint's own way
(here: route53-assoc serve's ``POST /_route53_assoc/reset``).

Usage: ``python tests/vector_runner.py URL vectors.json`` (the endpoint must take a
12-digit access key id as the account, as ``route53-assoc serve`` does).
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

PLACEHOLDER = re.compile(r"\{\{([A-Za-z0-9_.-]+)\}\}")


def fill(value: Any, saved: Mapping[str, str]) -> Any:
    """Replace every {{name}} in every string of *value*."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: saved[m.group(1)], value)
    if isinstance(value, dict):
        return {k: fill(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, saved) for v in value]
    return value


def lookup(body: Any, path: str) -> Any:
    """A dotted path into a response; ``|basename`` keeps the text after the last '/'."""
    path, _, transform = path.partition("|")
    value = body
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return str(value).rpartition("/")[2] if transform == "basename" else value


def settings(needs: list[str]) -> dict[str, Any]:
    """What the endpoint must be reset with for *needs* (accounts and partitions need nothing here)."""
    out: dict[str, Any] = {"processing_seconds": 0, "quotas": {}}
    for need in needs:
        if need.startswith("processing_seconds="):
            out["processing_seconds"] = int(need.partition("=")[2])
        elif need.startswith("quota:"):
            name, _, value = need[len("quota:") :].partition("=")
            out["quotas"][name] = int(value)
        elif not need.startswith(("accounts>=", "partition:")):
            raise ValueError(f"unknown need {need!r}")
    return out


class Runner:
    """Runs cases against *url*; *accounts* maps each role to the account id (and access key) used."""

    def __init__(self, url: str, accounts: Mapping[str, str], reset: Callable[[dict[str, Any]], None]) -> None:
        self.url = url
        self.accounts = dict(accounts)
        self.reset = reset
        self._clients: dict[tuple[str, str, str], Any] = {}

    def client(self, service: str, role: str, region: str) -> Any:
        key = (service, role, region)
        if key not in self._clients:
            self._clients[key] = boto3.session.Session().client(
                service,
                endpoint_url=self.url,
                region_name=region,
                aws_access_key_id=self.accounts[role],
                aws_secret_access_key="secret",
                config=Config(retries={"total_max_attempts": 1}),
            )
        return self._clients[key]

    def call(self, call: Mapping[str, Any], saved: Mapping[str, str]) -> tuple[int, dict[str, Any], str | None, str | None]:
        """(HTTP status, response, error code, error message) for one call."""
        client = self.client(call["service"], call["account"], call["region"])
        method = getattr(client, xform_name(call["operation"]))
        try:
            response = method(**fill(call["params"], saved))
        except ClientError as exc:
            error = exc.response.get("Error", {})
            status = exc.response["ResponseMetadata"]["HTTPStatusCode"]
            return status, exc.response, error.get("Code"), error.get("Message")
        return response["ResponseMetadata"]["HTTPStatusCode"], response, None, None

    def run(self, case: Mapping[str, Any]) -> list[str]:
        """How the endpoint's answers differ from *case*'s expectation (empty: it passes)."""
        self.reset(settings(case["needs"]))
        saved = {f"account.{role}": account for role, account in self.accounts.items()}
        for number, call in enumerate(case["setup"]):
            status, response, code, message = self.call(call, saved)
            if code is not None:
                return [f"setup call {number} ({call['operation']}) failed: {code}: {message}"]
            for name, path in call["save"].items():
                saved[name] = str(lookup(response, path))
        status, response, code, message = self.call(case["request"], saved)
        expect = case["expect"]
        problems = []
        if expect["http_status"] is not None and status != expect["http_status"]:
            problems.append(f"HTTP status {status}, expected {expect['http_status']}")
        if not expect["ok"]:
            if code != expect["code"]:
                problems.append(f"code {code or 'success'}, expected {expect['code']}")
            elif expect["message"] is not None and message != fill(expect["message"], saved):
                problems.append(f"message {message!r}, expected {fill(expect['message'], saved)!r}")
            return problems
        if code is not None:
            return [*problems, f"{code}: {message}, expected success"]
        for path, value in expect["fields"].items():
            try:
                got = lookup(response, path)
            except (KeyError, IndexError, TypeError):
                problems.append(f"{path} absent, expected {fill(value, saved)!r}")
                continue
            if got != fill(value, saved):
                problems.append(f"{path} = {got!r}, expected {fill(value, saved)!r}")
        return problems


def serve_reset(url: str) -> Callable[[dict[str, Any]], None]:
    """route53-assoc serve's way to start again: POST /_route53_assoc/reset."""

    def reset(options: dict[str, Any]) -> None:
        body = json.dumps({"clock": "manual", "propagation_seconds": 0, **options}).encode()
        request = urllib.request.Request(f"{url}/_route53_assoc/reset", data=body, method="POST")
        with urllib.request.urlopen(request) as response:
            response.read()

    return reset


def main(argv: list[str]) -> int:
    url, path = argv
    with open(path, encoding="utf-8") as stream:
        document = json.load(stream)
    runner = Runner(url, document["accounts"], serve_reset(url))
    failed = 0
    for case in document["cases"]:
        problems = runner.run(case)
        if problems:
            failed += 1
            print(f"FAIL {case['id']}: {'; '.join(problems)}")
    print(f"{len(document['cases']) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

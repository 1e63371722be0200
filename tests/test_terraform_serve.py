"""Terraform with the real hashicorp/aws provider against ``route53-assoc serve`` (issue 10).

Two provider aliases (two accounts): an ``aws_vpc`` in each, an ``aws_route53_zone`` with a ``vpc``
block, ``aws_route53_vpc_association_authorization`` and a cross-account
``aws_route53_zone_association`` (``tests/terraform/main.tf``).  The apply succeeds; a plan after it
shows no changes; a second association of the same VPC fails with AWS's ConflictingDomainExists
message; ``terraform destroy`` leaves nothing behind.

Skipped, with the reason, where ``terraform`` or the provider's local plugin folder is absent.

It takes minutes of wall time, most of it waiting: hashicorp/aws v5.100 sleeps before its first
GetChange poll after every change that returns a ChangeInfo (``waitChangeInsync``: a ``Delay`` of
``rand.Int63n(20)+10`` s from Go's global math/rand source, slept whatever the ChangeInfo's status,
in every partition; no provider setting changes it).  Measured in the provider's debug log, with
or without ``GODEBUG=randautoseed=0``: 15.0 s every time, for each of the four changes (zone
created, association created, association deleted, zone deleted): 60 s of the story's wall time.
And every ``terraform`` command starts the provider several times (once for its schema, then once
per alias to validate, to plan and to apply: 21 starts of ~3 s of CPU each).  The binary is used
where it lies (a development override): no ``terraform init``.  So the story runs in the
background: ``conftest.py`` starts it (``python -m tests.test_terraform_serve``) as soon as the
test is collected, the rest of the suite runs meanwhile, and the test itself, run last, waits for
its result.  The "plan after apply shows no changes" is read from the plan of the duplicate apply
(the same refresh and diff of the same resources, one ``terraform`` command fewer): it must plan
exactly the one new association, nothing to change or destroy.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pytest

PLUGINS = Path(os.environ.get("ROUTE53_ASSOC_TF_PLUGINS", "/opt/tf-plugins"))
PROVIDER = PLUGINS / "registry.terraform.io" / "hashicorp" / "aws"
CONFIG = Path(__file__).parent / "terraform" / "main.tf"
ROOT = Path(__file__).parent.parent
#: How long the test waits for the background story (each terraform command has its own 900 s).
PATIENCE = 3600.0

pytestmark = [
    pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not on PATH"),
    pytest.mark.skipif(not PROVIDER.is_dir(), reason=f"no hashicorp/aws provider under {PLUGINS}"),
]


def _binary_dir() -> Path:
    """The folder of the provider's binary (``<version>/<os>_<arch>`` under :data:`PROVIDER`)."""
    (binary,) = PROVIDER.glob("*/*/terraform-provider-aws_*")
    return binary.parent


#: Each terraform command's wall time (s), written to the result file beside the outcome.
TIMINGS: list[tuple[str, float]] = []


def available() -> bool:
    """The test would run (not be skipped) here."""
    return shutil.which("terraform") is not None and PROVIDER.is_dir()


def _terraform(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TF_CLI_CONFIG_FILE": str(workdir / "cli.tfrc"),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        # Go's garbage collector paced 4x less often (for terraform and the provider it starts):
        # each provider start costs about a quarter less CPU (12 s -> 9 s for `terraform validate`
        # here) for ~150 MB more memory; the calls it makes are the same.
        "GOGC": "400",
    }
    started = time.monotonic()
    done = subprocess.run(
        ["terraform", *args, "-input=false", "-no-color"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    TIMINGS.append((" ".join(a for a in args if not a.startswith("-var=endpoint")), round(time.monotonic() - started, 1)))
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def story(tmp_path: Path) -> None:
    """The whole story; raises AssertionError (with terraform's output) where it goes wrong."""
    from .test_server import _world
    from .transports import serve

    workdir = tmp_path / "tf"
    workdir.mkdir()
    shutil.copy(CONFIG, workdir / "main.tf")
    # The provider binary is used where it lies (a development override): no `terraform init`, no
    # copy of it, no lock file to check its 700 MB against before every command.
    (workdir / "cli.tfrc").write_text(
        "provider_installation {\n"
        f'  dev_overrides {{\n    "registry.terraform.io/hashicorp/aws" = "{_binary_dir()}"\n  }}\n'
        '  direct { exclude = ["registry.terraform.io/*/*"] }\n'
        "}\n"
    )
    process, url = serve(tmp_path / "serve.log")
    try:
        endpoint = f"-var=endpoint={url}"
        _terraform(workdir, "apply", "-auto-approve", endpoint)
        world = _world(url)
        (zone,) = world.zones.values()
        assert zone.private and len(zone.associations) == 2
        assert {world.vpcs[v].owner for v in zone.associations} == {"111111111111", "222222222222"}
        assert len(world.authorizations_of(zone.id)) == 1

        again = _terraform(workdir, "apply", "-auto-approve", endpoint, "-var=duplicate=true", check=False)
        assert again.returncode != 0
        output = " ".join((again.stdout + again.stderr).split())
        # A plan after the apply shows no changes: this apply's plan (a full refresh and diff of every
        # resource, as `terraform plan` makes) has exactly one thing to do, the duplicate association.
        assert "# aws_route53_zone_association.again[0] will be created" in output, output
        assert "Plan: 1 to add, 0 to change, 0 to destroy." in output, output
        vpc_b = next(v for v in zone.associations if world.vpcs[v].owner == "222222222222")
        assert (
            f"ConflictingDomainExists: The VPC {vpc_b} in region us-east-1 has already been associated "
            f"with the hosted zone {zone.id} with the same domain name."
        ) in output

        # -refresh=false: the state is what the duplicate apply just refreshed, and nothing has changed
        # since; what destroy must prove is read from the server afterwards.
        _terraform(workdir, "destroy", "-auto-approve", "-refresh=false", endpoint)
        left = _world(url)
        assert not left.zones and not left.vpcs and not left.authorizations and left.check() == []
    finally:
        process.kill()
        process.wait()


def start(result: Path) -> subprocess.Popen[bytes]:
    """Run :func:`story` in a background process that writes its outcome to *result* (JSON)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.test_terraform_serve", str(result)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_terraform_applies_plans_refuses_a_duplicate_and_destroys(terraform_result: Path) -> None:
    deadline = time.monotonic() + PATIENCE
    while not terraform_result.exists():
        assert time.monotonic() < deadline, f"the Terraform story wrote no result in {PATIENCE:.0f} s"
        time.sleep(0.2)
    outcome = json.loads(terraform_result.read_text())
    terraform_result.unlink()
    terraform_result.with_suffix(".started").unlink(missing_ok=True)
    if not outcome["ok"]:
        pytest.fail(f"the Terraform story failed (in the background):\n{outcome['error']}", pytrace=False)


def _main(result: Path) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped (SIGTERM)"))  # finally-blocks run
    try:
        with tempfile.TemporaryDirectory(prefix="route53-assoc-terraform-") as tmp:
            story(Path(tmp))
        outcome: dict[str, object] = {"ok": True}
    except BaseException:
        outcome = {"ok": False, "error": traceback.format_exc()}
    outcome["timings"] = TIMINGS
    partial = result.with_suffix(".partial")
    partial.write_text(json.dumps(outcome))
    partial.replace(result)


if __name__ == "__main__":
    _main(Path(sys.argv[1]))

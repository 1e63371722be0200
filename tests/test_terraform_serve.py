"""Terraform with the real hashicorp/aws provider against ``route53-assoc serve`` (issue 10).

Two provider aliases (two accounts): an ``aws_vpc`` in each, an ``aws_route53_zone`` with a ``vpc``
block, ``aws_route53_vpc_association_authorization`` and a cross-account
``aws_route53_zone_association`` (``tests/terraform/main.tf``).  The apply succeeds; a plan after it
shows no changes; a second association of the same VPC fails with AWS's ConflictingDomainExists
message; ``terraform destroy`` leaves nothing behind.

Skipped, with the reason, where ``terraform`` or the provider's local plugin folder is absent.

It takes minutes of wall time, most of it waiting: hashicorp/aws v5.100 sleeps 15 s before its
first GetChange poll after every change that returns a ChangeInfo (``waitChangeInsync``: its
``Delay`` is slept whatever the ChangeInfo's status, in every partition, and no provider setting
changes it), and every ``terraform`` command starts the provider several times (once for its
schema, then once per alias to validate, to plan and to apply).  So the story runs in the
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
    done = subprocess.run(
        ["terraform", *args, "-input=false", "-no-color"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def story(tmp_path: Path) -> None:
    """The whole story; raises AssertionError (with terraform's output) where it goes wrong."""
    from .test_server import _serve, _world

    workdir = tmp_path / "tf"
    workdir.mkdir()
    shutil.copy(CONFIG, workdir / "main.tf")
    (workdir / "cli.tfrc").write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path = "{PLUGINS}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }}\n'
        '  direct { exclude = ["registry.terraform.io/*/*"] }\n'
        "}\n"
    )
    process, url = _serve(tmp_path / "serve.log")
    try:
        endpoint = f"-var=endpoint={url}"
        _terraform(workdir, "init", "-plugin-dir", str(PLUGINS))
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

        _terraform(workdir, "destroy", "-auto-approve", endpoint)
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
        outcome = {"ok": True}
    except BaseException:
        outcome = {"ok": False, "error": traceback.format_exc()}
    partial = result.with_suffix(".partial")
    partial.write_text(json.dumps(outcome))
    partial.replace(result)


if __name__ == "__main__":
    _main(Path(sys.argv[1]))

"""Terraform with the real hashicorp/aws provider against ``route53-assoc serve`` (issue 10).

Two provider aliases (two accounts): an ``aws_vpc`` in each, an ``aws_route53_zone`` with a ``vpc``
block, ``aws_route53_vpc_association_authorization`` and a cross-account
``aws_route53_zone_association`` (``tests/terraform/main.tf``).  The apply succeeds; a plan after it
shows no changes; a second association of the same VPC fails with AWS's ConflictingDomainExists
message; ``terraform destroy`` leaves nothing behind.

Skipped, with the reason, where ``terraform`` or the provider's local plugin folder is absent.  The
provider waits a random 10–29 s before each GetChange poll, so this test takes minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .test_server import _serve, _world

PLUGINS = Path(os.environ.get("ROUTE53_ASSOC_TF_PLUGINS", "/opt/tf-plugins"))
PROVIDER = PLUGINS / "registry.terraform.io" / "hashicorp" / "aws"
CONFIG = Path(__file__).parent / "terraform" / "main.tf"

pytestmark = [
    pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not on PATH"),
    pytest.mark.skipif(not PROVIDER.is_dir(), reason=f"no hashicorp/aws provider under {PLUGINS}"),
]


def _terraform(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TF_CLI_CONFIG_FILE": str(workdir / "cli.tfrc"),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
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


def test_terraform_applies_plans_refuses_a_duplicate_and_destroys(tmp_path: Path) -> None:
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

        plan = _terraform(workdir, "plan", "-detailed-exitcode", endpoint, check=False)
        assert plan.returncode == 0, plan.stdout + plan.stderr  # 0: no changes

        again = _terraform(workdir, "apply", "-auto-approve", endpoint, "-var=duplicate=true", check=False)
        assert again.returncode != 0
        output = " ".join((again.stdout + again.stderr).split())
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

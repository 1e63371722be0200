"""EC2's operations on the AWS face: parameters in, response bodies out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._ec2 import CreateVpcRequest, DeleteVpcRequest
from ..errors import AccessDenied, InvalidVPCId, InvalidVpcIDNotFound, UnauthorizedOperation

if TYPE_CHECKING:
    from . import Backend, Handler

__all__ = ["HANDLERS"]


def _ec2_vpc_shape(vpc: Any, cidr: str = "10.0.0.0/16") -> dict[str, Any]:
    return {
        "VpcId": vpc.id,
        "OwnerId": vpc.owner,
        "CidrBlock": cidr,
        "State": "available",
        "IsDefault": False,
        "InstanceTenancy": "default",
        "DhcpOptionsId": "dopt-00000000",
        "CidrBlockAssociationSet": [
            {
                "AssociationId": f"vpc-cidr-assoc-{vpc.id[4:]}",
                "CidrBlock": cidr,
                "CidrBlockState": {"State": "associated"},
            }
        ],
    }


def _create_vpc(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    vpc = sb.apply(CreateVpcRequest(owner=account, region=region))
    return 200, {"Vpc": {**_ec2_vpc_shape(vpc, p.get("CidrBlock") or "10.0.0.0/16"), "State": "pending"}}


def _delete_vpc(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    vpc = sb.world.vpcs.get(p["VpcId"])
    if vpc is not None and vpc.region != region:
        raise InvalidVPCId(vpc_id=p["VpcId"])
    sb.apply(DeleteVpcRequest(caller=account, vpc_id=p["VpcId"]))
    return 200, {}


def _describe_vpcs(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The caller's VPCs in the client's region; named ones are looked up directly.

    Without ``VpcIds`` every VPC of the world is scanned: a listing, not a rule.
    """
    world = sb.world

    def visible(vpc: Any) -> bool:
        return vpc is not None and vpc.owner == account and vpc.region == region

    wanted = p.get("VpcIds") or []
    chosen: list[Any]
    if wanted:
        chosen = [world.vpcs.get(vpc_id) for vpc_id in wanted]
        for vpc_id, vpc in zip(wanted, chosen, strict=True):
            if not visible(vpc):
                raise InvalidVPCId(vpc_id=vpc_id)
    else:
        chosen = sorted((v for v in world.vpcs.values() if visible(v)), key=lambda v: v.id)
    return 200, {"Vpcs": [_ec2_vpc_shape(v) for v in chosen]}


def _translated(handler: Handler) -> Handler:
    """*handler*, with the model's Route 53-worded refusals given EC2's code and message."""

    def answer(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        try:
            return handler(sb, account, region, p)
        except InvalidVPCId as exc:
            raise InvalidVpcIDNotFound(vpc_id=exc.vpc_id) from None
        except AccessDenied as exc:
            raise UnauthorizedOperation(exc.message, vpc_id=exc.vpc_id, account=exc.account) from None

    return answer


HANDLERS: Final[dict[str, Handler]] = {
    "CreateVpc": _translated(_create_vpc),
    "DeleteVpc": _translated(_delete_vpc),
    "DescribeVpcs": _translated(_describe_vpcs),
}

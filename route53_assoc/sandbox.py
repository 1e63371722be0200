"""A boto3 sandbox: real boto3 Route 53 and EC2 clients answered by the model.

The clients are real: botocore validates parameters, strips ``/hostedzone/`` and
``/change/`` as usual, and raises its own ``ClientError`` subclasses.  Only the last
step is replaced: a ``before-call`` handler answers from the model instead of
sending an HTTP request.  No botocore internals are patched.

>>> sb = Sandbox()
>>> ec2 = sb.client("ec2", account="111111111111", region_name="us-east-1")
>>> vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
>>> r53 = sb.client("route53", account="111111111111")
>>> zone = r53.create_hosted_zone(Name="corp.example", CallerReference="r1",
...     VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id})["HostedZone"]
>>> zone["Config"]["PrivateZone"], zone["Id"].startswith("/hostedzone/Z")
(True, True)
>>> try:
...     r53.disassociate_vpc_from_hosted_zone(HostedZoneId=zone["Id"],
...         VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id})
... except r53.exceptions.LastVPCAssociation as exc:
...     print(exc.response["Error"]["Code"], exc.response["ResponseMetadata"]["HTTPStatusCode"])
LastVPCAssociation 400
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from typing import Any, Final

import boto3
import botocore.handlers

from . import _registry
from ._associate import AssociateRequest
from ._authorizations import (
    AuthorizationRequest,
    DeleteAuthorizationRequest,
    ListAuthorizationsRequest,
)
from ._ec2 import AddAccountRequest, CreateVpcRequest, DeleteVpcRequest
from ._lifecycle import DeleteHostedZoneRequest, DisassociateRequest
from ._partitions import partition_of
from ._reads import (
    GetChangeRequest,
    GetHostedZoneLimitRequest,
    GetHostedZoneRequest,
    ListHostedZonesByVpcRequest,
)
from ._values import ChangeInfo, HostedZone, normalize_account_id
from ._world import World
from ._zones import CreateHostedZoneRequest
from .errors import InvalidVPCId, Route53Error

__all__ = ["DEFAULT_ACCOUNT", "NotModelled", "Sandbox", "SandboxError"]

#: The account of a client whose access key the sandbox does not know.
DEFAULT_ACCOUNT: Final = "123456789012"
_STASH: Final = "route53_assoc.params"


class SandboxError(Exception):
    """A misuse of the sandbox itself (not an AWS error): the message says what to do."""


class NotModelled(SandboxError):
    """The operation is not one the sandbox answers."""


class _Http:
    """The little of an HTTP response that botocore reads when a handler answers."""

    def __init__(self, status_code: int, request_id: str) -> None:
        self.status_code = status_code
        self.headers = {"x-amzn-requestid": request_id}
        self.content = b""
        self.raw = None


def _vpc_shape(vpc_id: str, region: str) -> dict[str, str]:
    return {"VPCRegion": region, "VPCId": vpc_id}


def _change_shape(info: ChangeInfo) -> dict[str, Any]:
    shape: dict[str, Any] = {"Id": info.id, "Status": info.status.value, "SubmittedAt": info.submitted_at}
    if info.comment is not None:
        shape["Comment"] = info.comment
    return shape


def _zone_shape(zone: HostedZone) -> dict[str, Any]:
    config: dict[str, Any] = {"PrivateZone": zone.private}
    if zone.comment is not None:
        config["Comment"] = zone.comment
    shape: dict[str, Any] = {
        "Id": f"/hostedzone/{zone.id}",
        "Name": zone.name,
        "CallerReference": zone.caller_reference,
        "Config": config,
        "ResourceRecordSetCount": 2,
    }
    if zone.linked_service is not None:
        shape["LinkedService"] = {"ServicePrincipal": zone.linked_service}
    return shape


def _delegation_set(zone: HostedZone) -> dict[str, Any]:
    number = int(zone.id[1:], 36) if zone.id[1:].isalnum() else 0
    return {
        "NameServers": [
            f"ns-{(number + i) % 2048}.awsdns-{(number + i) % 64:02d}.{tld}"
            for i, tld in enumerate(("com", "net", "org", "co.uk"))
        ]
    }


class Sandbox:
    """A small mutable shell around the current immutable world, with boto3 clients.

    ``clock`` is ``"manual"`` (the default: time moves only with :meth:`advance`),
    ``"real"`` (world time follows the wall clock), or a function returning seconds.
    ``access_keys`` maps access key ids to accounts for :meth:`mock`.
    """

    def __init__(
        self,
        *,
        world: World | None = None,
        propagation_seconds: float = 0,
        processing_seconds: float = 0,
        clock: str | Callable[[], float] | None = None,
        access_keys: Mapping[str, str] | None = None,
    ) -> None:
        if world is not None and not isinstance(world, World):
            raise SandboxError(f"world must be a route53_assoc.World, not {type(world).__name__}")
        self._world = (
            world
            if world is not None
            else World.empty(propagation_seconds=propagation_seconds, processing_seconds=processing_seconds)
        )
        if clock is None or clock == "manual":
            self._clock: Callable[[], float] | None = None
        elif clock == "real":
            self._clock = time.monotonic
        elif callable(clock):
            self._clock = clock
        else:
            raise SandboxError(
                f"clock must be 'manual', 'real' or a function returning seconds, not {clock!r}"
            )
        self._clock_start = self._clock() if self._clock else 0.0
        self._world_start = self._world.now
        self._lock = threading.RLock()
        self._requests = itertools.count(1)
        self.access_keys = {
            key: normalize_account_id(account, "access_keys") for key, account in (access_keys or {}).items()
        }

    # -- the world ---------------------------------------------------------------

    @property
    def world(self) -> World:
        """The current world (immutable: keep it to compare later)."""
        with self._lock:
            self._tick()
            return self._world

    def advance(self, *, seconds: float) -> None:
        """Move the manual clock forward."""
        if self._clock is not None:
            raise SandboxError("advance() moves the manual clock; this sandbox follows another clock")
        with self._lock:
            self._world = _registry.apply(
                self._world, _registry.operation("advance").request_type(seconds=seconds)
            )[0]

    def _tick(self) -> None:
        if self._clock is None:
            return
        target = self._world_start + timedelta(seconds=self._clock() - self._clock_start)
        if target > self._world.now:
            self._world = self._world.advanced(target - self._world.now)

    def _apply(self, request: object) -> Any:
        with self._lock:
            self._tick()
            self._world, result = _registry.apply(self._world, request)
            return result

    def _join(self, account: str, region: str) -> str:
        """Make *account* known in *region*'s partition; refuse a second partition."""
        account = normalize_account_id(account, "account")
        region = _home_region(region)
        try:
            partition = partition_of(region)
        except ValueError:
            raise SandboxError(
                f"region_name {region!r} is not a region the model knows; use one of the VPCRegion values"
            ) from None
        with self._lock:
            known = self._world.accounts.get(account)
            if known is not None and known != partition:
                raise SandboxError(
                    f"account {account} belongs to partition {known}; a client in {region} would put it in "
                    f"{partition}, and an account lives in exactly one partition"
                )
            self._world = _registry.apply(
                self._world, AddAccountRequest(account=account, partition=partition)
            )[0]
        return account

    # -- clients -----------------------------------------------------------------

    def client(self, service: str, *, account: str = DEFAULT_ACCOUNT, region_name: str = "us-east-1") -> Any:
        """A real boto3 client for ``route53`` or ``ec2`` whose calls the model answers."""
        if service not in _ANSWERS:
            raise SandboxError(f"the sandbox answers route53 and ec2 clients, not {service!r}")
        account = self._join(account, region_name)
        session = boto3.session.Session(
            aws_access_key_id=f"SANDBOX{account}", aws_secret_access_key="sandbox", region_name=region_name
        )
        client = session.client(service, region_name=region_name)
        self._attach(client.meta.events, service, lambda _signer: account)
        return client

    def _attach(self, events: Any, service: str, caller: Callable[[Any], str]) -> None:
        events.register_last(f"before-parameter-build.{service}", _stash)
        events.register(f"before-call.{service}", self._handler(service, caller))

    def _handler(self, service: str, caller: Callable[[Any], str]) -> Callable[..., Any]:
        def answer(model: Any, context: dict[str, Any], request_signer: Any = None, **_: Any) -> Any:
            params = context.get(_STASH, {})
            region = _home_region(context["client_region"])
            return self._answer(service, model.name, params, caller(request_signer), region)

        return answer

    def _answer(self, service: str, operation: str, params: dict[str, Any], account: str, region: str) -> Any:
        request_id = f"{next(self._requests):08d}-0000-4000-8000-000000000000"
        handler = _ANSWERS[service].get(operation)
        if handler is None:
            modelled = ", ".join(sorted(_ANSWERS[service]))
            raise NotModelled(
                f"route53-assoc's sandbox does not model {service} {operation}; it answers: {modelled}"
            )
        try:
            status, body = handler(self, account, region, params)
        except Route53Error as exc:
            code, message = exc.code, exc.message
            if service == "ec2":
                code, message = _ec2_error(exc)
            return _Http(exc.http_status, request_id), {
                "Error": {"Code": code, "Message": message, "Type": exc.fault},
                "ResponseMetadata": _metadata(exc.http_status, request_id),
            }
        body["ResponseMetadata"] = _metadata(status, request_id)
        return _Http(status, request_id), body

    # -- mock --------------------------------------------------------------------

    @contextlib.contextmanager
    def mock(self) -> Iterator[Sandbox]:
        """Answer every boto3 route53/ec2 client created inside the block.

        The caller's account comes from the client's access key id through
        ``access_keys`` (unknown keys: ``123456789012``).  Clients created before the
        block are not affected; fake credentials are set for the block when none are.
        """
        with _MOCK_LOCK:
            _ACTIVE.append(self)
            _install_builtin_handlers()
        saved_env = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
        if not saved_env["AWS_ACCESS_KEY_ID"]:
            os.environ["AWS_ACCESS_KEY_ID"] = "SANDBOXDEFAULT"
            os.environ["AWS_SECRET_ACCESS_KEY"] = "sandbox"
        saved_session = boto3.DEFAULT_SESSION
        boto3.DEFAULT_SESSION = None
        try:
            yield self
        finally:
            boto3.DEFAULT_SESSION = saved_session
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            with _MOCK_LOCK:
                _ACTIVE.remove(self)

    def _account_of(self, request_signer: Any) -> str:
        key = None
        if request_signer is not None:
            try:
                auth = request_signer.get_auth_instance(
                    request_signer.signing_name, request_signer.region_name, "v4"
                )
                key = auth.credentials.access_key
            except Exception:  # no credentials: the default account
                key = None
        return self.access_keys.get(key or "", DEFAULT_ACCOUNT)


def _home_region(region: str) -> str:
    """A region for botocore's global pseudo-regions (``aws-global``, ``aws-cn-global``, ...)."""
    if region.endswith("-global"):
        from ._partitions import PARTITIONS, regions_of

        partition = region[: -len("-global")]
        if partition in PARTITIONS:
            return regions_of(partition)[0]
    return region


def _metadata(status: int, request_id: str) -> dict[str, Any]:
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": {"x-amzn-requestid": request_id},
        "RetryAttempts": 0,
    }


def _stash(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the parameters as botocore has them after its own fixes (ids stripped)."""
    context[_STASH] = params


_ACTIVE: list[Sandbox] = []
_MOCK_LOCK = threading.Lock()
_INSTALLED: list[bool] = []


def _install_builtin_handlers() -> None:
    """Register, once, the handlers new botocore sessions get, routing to the active sandbox."""
    if _INSTALLED:
        return
    for service in _ANSWERS:
        botocore.handlers.BUILTIN_HANDLERS.append((f"before-parameter-build.{service}", _mock_stash))
        botocore.handlers.BUILTIN_HANDLERS.append((f"before-call.{service}", _mock_answer))
    _INSTALLED.append(True)


def _mock_stash(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    if _ACTIVE:
        _stash(params, context)


def _mock_answer(model: Any, context: dict[str, Any], request_signer: Any = None, **_: Any) -> Any:
    if not _ACTIVE:
        return None
    sandbox = _ACTIVE[-1]
    service = model.service_model.service_name
    account = sandbox._account_of(request_signer)
    region = _home_region(context["client_region"])
    account = sandbox._join(account, region)
    return sandbox._answer(service, model.name, context.get(_STASH, {}), account, region)


# -- Route 53 --------------------------------------------------------------------


def _vpc(params: Mapping[str, Any]) -> tuple[Any, Any]:
    vpc = params.get("VPC") or {}
    return vpc.get("VPCId"), vpc.get("VPCRegion")


def _create_hosted_zone(
    sb: Sandbox, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    config = p.get("HostedZoneConfig") or {}
    created = sb._apply(
        CreateHostedZoneRequest(
            caller=account,
            name=p["Name"],
            caller_reference=p["CallerReference"],
            vpc_id=vpc_id,
            vpc_region=vpc_region,
            comment=config.get("Comment"),
            private_zone=config.get("PrivateZone"),
            delegation_set_id=p.get("DelegationSetId"),
        )
    )
    zone = created.zone
    body: dict[str, Any] = {
        "HostedZone": _zone_shape(zone),
        "ChangeInfo": _change_shape(created.change),
        "Location": f"https://route53.amazonaws.com/2013-04-01/hostedzone/{zone.id}",
    }
    if zone.private:
        body["VPC"] = _vpc_shape(vpc_id, vpc_region)
    else:
        body["DelegationSet"] = _delegation_set(zone)
    return 201, body


def _delete_hosted_zone(
    sb: Sandbox, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    info = sb._apply(DeleteHostedZoneRequest(caller=account, hosted_zone_id=p["Id"]))
    return 200, {"ChangeInfo": _change_shape(info)}


def _get_hosted_zone(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    zone = sb._apply(GetHostedZoneRequest(caller=account, hosted_zone_id=p["Id"]))
    body: dict[str, Any] = {"HostedZone": _zone_shape(zone)}
    if zone.private:
        body["VPCs"] = [_vpc_shape(vpc_id, vpc_region) for vpc_id, vpc_region in zone.vpcs]
    else:
        body["DelegationSet"] = _delegation_set(zone)
    return 200, body


def _associate(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    info = sb._apply(
        AssociateRequest(
            caller=account,
            hosted_zone_id=p["HostedZoneId"],
            vpc_id=vpc_id,
            vpc_region=vpc_region,
            comment=p.get("Comment"),
        )
    )
    return 200, {"ChangeInfo": _change_shape(info)}


def _disassociate(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    info = sb._apply(
        DisassociateRequest(
            caller=account,
            hosted_zone_id=p["HostedZoneId"],
            vpc_id=vpc_id,
            vpc_region=vpc_region,
            comment=p.get("Comment"),
        )
    )
    return 200, {"ChangeInfo": _change_shape(info)}


def _create_authorization(
    sb: Sandbox, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    auth = sb._apply(
        AuthorizationRequest(
            caller=account, hosted_zone_id=p["HostedZoneId"], vpc_id=vpc_id, vpc_region=vpc_region
        )
    )
    return 200, {"HostedZoneId": auth.hosted_zone_id, "VPC": _vpc_shape(auth.vpc_id, auth.vpc_region)}


def _delete_authorization(
    sb: Sandbox, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    sb._apply(
        DeleteAuthorizationRequest(
            caller=account, hosted_zone_id=p["HostedZoneId"], vpc_id=vpc_id, vpc_region=vpc_region
        )
    )
    return 200, {}


def _list_authorizations(
    sb: Sandbox, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    page = sb._apply(
        ListAuthorizationsRequest(
            caller=account,
            hosted_zone_id=p["HostedZoneId"],
            max_results=p.get("MaxResults"),
            next_token=p.get("NextToken"),
        )
    )
    body: dict[str, Any] = {
        "HostedZoneId": page.hosted_zone_id,
        "VPCs": [_vpc_shape(v, r) for v, r in page.vpcs],
    }
    if page.next_token is not None:
        body["NextToken"] = page.next_token
    return 200, body


def _list_by_vpc(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    page = sb._apply(
        ListHostedZonesByVpcRequest(
            caller=account,
            vpc_id=p["VPCId"],
            vpc_region=p["VPCRegion"],
            max_items=p.get("MaxItems"),
            next_token=p.get("NextToken"),
        )
    )
    summaries = []
    for zone in page.zones:
        owner = (
            {"OwningAccount": zone.owning_account}
            if zone.owning_account
            else {"OwningService": zone.owning_service}
        )
        summaries.append({"HostedZoneId": zone.hosted_zone_id, "Name": zone.name, "Owner": owner})
    body: dict[str, Any] = {"HostedZoneSummaries": summaries, "MaxItems": str(page.max_items)}
    if page.next_token is not None:
        body["NextToken"] = page.next_token
    return 200, body


def _get_change(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    info = sb._apply(GetChangeRequest(caller=account, change_id=p["Id"]))
    return 200, {"ChangeInfo": _change_shape(info)}


def _get_limit(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    limit = sb._apply(
        GetHostedZoneLimitRequest(caller=account, hosted_zone_id=p["HostedZoneId"], type=p["Type"])
    )
    return 200, {"Limit": {"Type": limit.type, "Value": limit.value}, "Count": limit.count}


# -- EC2 -----------------------------------------------------------------------------


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


def _create_vpc(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    vpc = sb._apply(CreateVpcRequest(owner=account, region=region))
    return 200, {"Vpc": {**_ec2_vpc_shape(vpc, p.get("CidrBlock") or "10.0.0.0/16"), "State": "pending"}}


def _delete_vpc(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    vpc = sb.world.vpcs.get(p["VpcId"])
    if vpc is not None and vpc.region != region:
        raise InvalidVPCId(vpc_id=p["VpcId"])
    sb._apply(DeleteVpcRequest(caller=account, vpc_id=p["VpcId"]))
    return 200, {}


def _describe_vpcs(sb: Sandbox, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
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


def _ec2_error(exc: Route53Error) -> tuple[str, str]:
    """EC2's own code and message for the model's refusals of EC2 requests."""
    if exc.code == "InvalidVPCId":
        return "InvalidVpcID.NotFound", f"The vpc ID '{exc.vpc_id}' does not exist"
    if exc.code == "AccessDenied":
        return "UnauthorizedOperation", exc.message
    return exc.code, exc.message


Answer = Callable[[Sandbox, str, str, dict[str, Any]], tuple[int, dict[str, Any]]]

_ANSWERS: Final[dict[str, dict[str, Answer]]] = {
    "route53": {
        "CreateHostedZone": _create_hosted_zone,
        "DeleteHostedZone": _delete_hosted_zone,
        "GetHostedZone": _get_hosted_zone,
        "AssociateVPCWithHostedZone": _associate,
        "DisassociateVPCFromHostedZone": _disassociate,
        "CreateVPCAssociationAuthorization": _create_authorization,
        "DeleteVPCAssociationAuthorization": _delete_authorization,
        "ListVPCAssociationAuthorizations": _list_authorizations,
        "ListHostedZonesByVPC": _list_by_vpc,
        "GetChange": _get_change,
        "GetHostedZoneLimit": _get_limit,
    },
    "ec2": {
        "CreateVpc": _create_vpc,
        "DeleteVpc": _delete_vpc,
        "DescribeVpcs": _describe_vpcs,
    },
}

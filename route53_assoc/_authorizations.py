"""VPC association authorizations: create, delete, list (spec §5).

A zone's owner authorizes another account's VPC; that account may then associate
it.  The authorization outlives the association (AWS recommends deleting it
afterwards), and deleting it never removes an association.
"""

from __future__ import annotations

import base64
import binascii

import attrs

from ._common import (
    DOCUMENTED,
    INFERRED,
    Members,
    caller_owns_zone_rule,
    expect,
    id_length_outcomes,
    refuses,
    rule,
    zone_exists_rule,
)
from ._partitions import partition_of
from ._rules import Operation
from ._show import shown
from ._values import (
    Authorization,
    is_well_formed_vpc_id,
    normalize_account_id,
    normalize_hosted_zone_id,
    normalize_region,
    normalize_vpc_id,
    optional_comment,
)
from ._world import World, require_world
from .errors import (
    InvalidInput,
    InvalidPaginationToken,
    InvalidVPCId,
    TooManyVPCAssociationAuthorizations,
    VPCAssociationAuthorizationNotFound,
)

__all__ = [
    "CREATE_AUTHORIZATION",
    "DELETE_AUTHORIZATION",
    "LIST_AUTHORIZATIONS",
    "AuthorizationPage",
    "CreateAuthorizationRequest",
    "DeleteAuthorizationRequest",
    "ListAuthorizationsRequest",
    "create_authorization",
    "delete_authorization",
    "list_authorizations",
]


@attrs.frozen(kw_only=True)
class CreateAuthorizationRequest:
    """A CreateVPCAssociationAuthorization request, by the zone's owner."""

    caller: str
    hosted_zone_id: str
    vpc_id: str
    vpc_region: str


@attrs.frozen(kw_only=True)
class DeleteAuthorizationRequest:
    """A DeleteVPCAssociationAuthorization request, by the zone's owner."""

    caller: str
    hosted_zone_id: str
    vpc_id: str
    vpc_region: str


def _parse_triple(request: CreateAuthorizationRequest | DeleteAuthorizationRequest) -> tuple[str, str, str, str]:
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id))
    vpc_id = m.take(lambda: normalize_vpc_id(request.vpc_id, "VPC.VPCId"))
    region = m.take(lambda: normalize_region(request.vpc_region, "VPC.VPCRegion"))
    m.done()
    return caller, zone_id, vpc_id, region


_INPUT_STATEMENT = (
    "Every member is present and within its constraints: the zone id at most 32 "
    "characters, the VPC id at most 1024, the region a VPCRegion value."
)


@rule("create-authorization.input", _INPUT_STATEMENT, (InvalidInput,), INFERRED, "Spec §2.", *id_length_outcomes())
def _create_input(world: World, request: object) -> CreateAuthorizationRequest:
    caller, zone_id, vpc_id, region = _parse_triple(expect(request, CreateAuthorizationRequest))
    return CreateAuthorizationRequest(caller=caller, hosted_zone_id=zone_id, vpc_id=vpc_id, vpc_region=region)


_create_zone_exists = zone_exists_rule("create-authorization", "Spec §5, message as §3.2 (observed).")

_create_owner = caller_owns_zone_rule(
    "create-authorization",
    "Only the zone's owner may authorize VPCs for it.",
    "authorize VPC associations with",
    "Spec §5: zone owner only (documented); AccessDenied for others (inferred).",
    DOCUMENTED,
)


@rule(
    "create-authorization.vpc-well-formed",
    "The VPC id is 'vpc-' and 8 or 17 lowercase hex digits, and its region lies in the "
    "zone's partition. The zone's owner cannot see other accounts' VPCs, so whether "
    "the VPC exists is not checked.",
    (InvalidVPCId,),
    INFERRED,
    "Spec §5 (inferred).",
)
def _create_vpc_form(world: World, r: CreateAuthorizationRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    if not is_well_formed_vpc_id(r.vpc_id):
        raise InvalidVPCId(hosted_zone_id=zone.id, vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    vpc_partition = partition_of(r.vpc_region)
    if vpc_partition != zone.partition:
        raise InvalidVPCId(
            f"The VPC: {r.vpc_id} in region {r.vpc_region} is in partition "
            f"{vpc_partition}; hosted zone {zone.id} is in partition {zone.partition}, "
            "and an association cannot cross partitions.",
            hosted_zone_id=zone.id,
            vpc_id=r.vpc_id,
            vpc_region=r.vpc_region,
        )
    return f"{r.vpc_id} is well-formed and {r.vpc_region} is in partition {zone.partition}"


@rule(
    "create-authorization.zone-private",
    "Only a private zone can authorize VPCs.",
    (InvalidInput,),
    INFERRED,
    "Spec §5 (inferred).",
)
def _create_private(world: World, r: CreateAuthorizationRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    if not zone.private:
        raise InvalidInput(
            f"Hosted zone {zone.id} is a public zone; only private hosted zones can "
            "authorize VPC associations.",
            hosted_zone_id=zone.id,
            vpc_id=r.vpc_id,
        )
    return f"hosted zone {zone.id} is private"


@rule(
    "create-authorization.quota",
    "The zone has fewer authorizations than its limit (1000), unless this one "
    "exists already: authorizing twice succeeds and records nothing new.",
    (TooManyVPCAssociationAuthorizations,),
    DOCUMENTED,
    "Spec §5: at most 1000 per zone (documented; 100 before 2022); a repeated "
    "authorization succeeds without a duplicate (inferred).",
    refuses(TooManyVPCAssociationAuthorizations, DOCUMENTED, INFERRED, note="the spec gives no message: ours"),
)
def _create_quota(world: World, r: CreateAuthorizationRequest) -> str:
    existing = world.authorizations_of(r.hosted_zone_id)
    if (r.vpc_id, r.vpc_region) in existing:
        return "this VPC is already authorized: nothing new will be recorded"
    limit = world.quotas.authorizations_per_zone
    if len(existing) >= limit:
        raise TooManyVPCAssociationAuthorizations(
            f"Hosted zone {r.hosted_zone_id} already has {len(existing)} VPC association "
            f"authorizations, the most allowed ({limit}).",
            hosted_zone_id=r.hosted_zone_id,
            vpc_id=r.vpc_id,
        )
    return f"the zone has {len(existing)} of at most {limit} authorizations"


def _create_effect(world: World, r: CreateAuthorizationRequest) -> tuple[World, Authorization]:
    auth = Authorization(hosted_zone_id=r.hosted_zone_id, vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    existing = world.authorizations_of(r.hosted_zone_id)
    key = (r.vpc_id, r.vpc_region)
    if key not in existing:
        world = attrs.evolve(
            world, authorizations=world.authorizations.set(r.hosted_zone_id, existing.set(key, auth))
        )
    return world, auth


CREATE_AUTHORIZATION: Operation[CreateAuthorizationRequest, CreateAuthorizationRequest, Authorization] = Operation(
    name="create-authorization",
    aws_name="CreateVPCAssociationAuthorization",
    summary="Authorize another account's VPC to be associated with a private zone.",
    request_type=CreateAuthorizationRequest,
    rules=(
        _create_input,
        _create_zone_exists,
        _create_owner,
        _create_vpc_form,
        _create_private,
        _create_quota,
    ),
    effect=_create_effect,
)


def create_authorization(
    world: World, *, caller: str, hosted_zone_id: str, vpc_id: str, vpc_region: str
) -> tuple[World, Authorization]:
    """CreateVPCAssociationAuthorization, by the zone's owner.

    Returns the new world and the authorization (the zone id bare, as AWS returns it).

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, made = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone_id = made.zone.id
    >>> w, auth = create_authorization(w, caller="111111111111",
    ...     hosted_zone_id="/hostedzone/" + zone_id, vpc_id="vpc-0123abcd", vpc_region="eu-west-1")
    >>> auth.hosted_zone_id == zone_id
    True
    """
    request = CreateAuthorizationRequest(
        caller=caller, hosted_zone_id=hosted_zone_id, vpc_id=vpc_id, vpc_region=vpc_region
    )
    return CREATE_AUTHORIZATION.run(require_world(world), request)


# -- delete ------------------------------------------------------------------


@rule("delete-authorization.input", _INPUT_STATEMENT, (InvalidInput,), INFERRED, "Spec §2.", *id_length_outcomes())
def _delete_input(world: World, request: object) -> DeleteAuthorizationRequest:
    caller, zone_id, vpc_id, region = _parse_triple(expect(request, DeleteAuthorizationRequest))
    return DeleteAuthorizationRequest(caller=caller, hosted_zone_id=zone_id, vpc_id=vpc_id, vpc_region=region)


_delete_zone_exists = zone_exists_rule("delete-authorization", "Spec §5, message as §3.2 (observed).")

_delete_owner = caller_owns_zone_rule(
    "delete-authorization",
    "Only the zone's owner may delete its authorizations.",
    "delete VPC association authorizations of",
    "Spec §5: zone owner only (documented: 'You must use the account that created the "
    "hosted zone'); AccessDenied for others (inferred).",
    DOCUMENTED,
)


@rule(
    "delete-authorization.exists",
    "The authorization exists. Deleting it never removes an association.",
    (VPCAssociationAuthorizationNotFound,),
    DOCUMENTED,
    "Spec §5: 'The VPC that you specified is not authorized to be associated with the "
    "hosted zone.' (model text).",
    refuses(VPCAssociationAuthorizationNotFound, DOCUMENTED, note="the message is the service model's text"),
)
def _delete_exists(world: World, r: DeleteAuthorizationRequest) -> str:
    if (r.vpc_id, r.vpc_region) not in world.authorizations_of(r.hosted_zone_id):
        raise VPCAssociationAuthorizationNotFound(
            hosted_zone_id=r.hosted_zone_id, vpc_id=r.vpc_id, vpc_region=r.vpc_region
        )
    return f"VPC {r.vpc_id} in {r.vpc_region} is authorized"


def _delete_effect(world: World, r: DeleteAuthorizationRequest) -> tuple[World, Authorization]:
    existing = world.authorizations_of(r.hosted_zone_id)
    key = (r.vpc_id, r.vpc_region)
    auth = existing[key]
    remaining = existing.delete(key)
    table = (
        world.authorizations.set(r.hosted_zone_id, remaining)
        if remaining
        else world.authorizations.delete(r.hosted_zone_id)
    )
    return attrs.evolve(world, authorizations=table), auth


DELETE_AUTHORIZATION: Operation[DeleteAuthorizationRequest, DeleteAuthorizationRequest, Authorization] = (
    Operation(
        name="delete-authorization",
        aws_name="DeleteVPCAssociationAuthorization",
        summary="Withdraw an authorization; existing associations stay.",
        request_type=DeleteAuthorizationRequest,
        rules=(_delete_input, _delete_zone_exists, _delete_owner, _delete_exists),
        effect=_delete_effect,
    )
)


def delete_authorization(
    world: World, *, caller: str, hosted_zone_id: str, vpc_id: str, vpc_region: str
) -> tuple[World, Authorization]:
    """DeleteVPCAssociationAuthorization, by the zone's owner."""
    request = DeleteAuthorizationRequest(
        caller=caller, hosted_zone_id=hosted_zone_id, vpc_id=vpc_id, vpc_region=vpc_region
    )
    return DELETE_AUTHORIZATION.run(require_world(world), request)


# -- list --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ListAuthorizationsRequest:
    """A ListVPCAssociationAuthorizations request, by the zone's owner."""

    caller: str
    hosted_zone_id: str
    max_results: int | str | None = None
    next_token: str | None = None


@attrs.frozen(kw_only=True)
class AuthorizationPage:
    """One page of a zone's authorizations, sorted by VPC id then region."""

    hosted_zone_id: str
    vpcs: tuple[tuple[str, str], ...]
    next_token: str | None = None


DEFAULT_MAX_RESULTS = 50


def page_size(value: object, field: str, default: int) -> int:
    """A page size: an int or a decimal string (as boto3 sends it) from 1 up.

    Only ASCII digits count (``"²"`` is a digit to :meth:`str.isdigit`, not to AWS),
    and a number too long to be a page size is refused rather than converted.

    >>> page_size("25", "MaxItems", 100), page_size(None, "MaxItems", 100)
    (25, 100)
    >>> page_size("²", "MaxItems", 100)
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidInput: MaxItems must be a whole number from 1 up, not '²'
    """
    if value is None:
        return default
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= _MAX_PAGE_DIGITS:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_PAGE_SIZE:
        raise InvalidInput(f"{field} must be a whole number from 1 up, not {_shown(value)}")
    return value


def _shown(value: object) -> str:
    """*value* for a message, without calling a caller's ``__repr__`` or printing a huge number."""
    if isinstance(value, str):
        text = str.__str__(value)
        return repr(text if len(text) <= 40 else text[:40] + "…")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if value.bit_length() <= 64 else "a number too large to be a page size"
    return f"a {type(value).__name__}"


#: A page size is a 32-bit number on the wire.
_MAX_PAGE_SIZE = 2**31 - 1
_MAX_PAGE_DIGITS = 10


def encode_token(*parts: str) -> str:
    """An opaque pagination token carrying *parts*."""
    return base64.urlsafe_b64encode("\n".join(parts).encode()).decode().rstrip("=")


def paginate(
    keys: list[tuple[str, str]], scope: str, size: int, token: str | None
) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """One page of sorted *keys* after *token*'s key, and the token for the next page.

    The token names the listing's *scope* (a zone or VPC id) and the page's last key;
    a token the caller's rule has already checked, so it decodes.

    >>> page, token = paginate([("a", "1"), ("b", "2"), ("c", "3")], "Z1", 2, None)
    >>> page, paginate([("a", "1"), ("b", "2"), ("c", "3")], "Z1", 2, token)[0]
    ((('a', '1'), ('b', '2')), (('c', '3'),))
    """
    if token is not None:
        parts = decode_token(token, 3)
        assert parts is not None
        after = (parts[1], parts[2])
        keys = [key for key in keys if key > after]
    page = tuple(keys[:size])
    return page, (encode_token(scope, *page[-1]) if len(keys) > size else None)


def decode_token(token: str, count: int) -> tuple[str, ...] | None:
    """The parts of a token made by :func:`encode_token`, or ``None`` if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    parts = tuple(raw.split("\n"))
    return parts if len(parts) == count else None


@rule(
    "list-authorizations.input",
    "The zone id is at most 32 characters; MaxResults, when given, is a whole number "
    "from 1 up; NextToken, when given, is a string.",
    (InvalidInput,),
    INFERRED,
    "Spec §2 and §5.",
    *id_length_outcomes(),
)
def _list_input(world: World, request: object) -> ListAuthorizationsRequest:
    request = expect(request, ListAuthorizationsRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id))
    size = m.take(lambda: page_size(request.max_results, "MaxResults", DEFAULT_MAX_RESULTS))
    # An empty NextToken is no token AWS handed out: InvalidPaginationToken, not bad input.
    token = m.take(lambda: optional_comment(request.next_token, "NextToken", None))
    m.done()
    return ListAuthorizationsRequest(
        caller=caller, hosted_zone_id=zone_id, max_results=size, next_token=token
    )


_list_zone_exists = zone_exists_rule("list-authorizations", "Spec §5, message as §3.2 (observed).")

_list_owner = caller_owns_zone_rule(
    "list-authorizations",
    "Only the zone's owner may list its authorizations.",
    "list VPC association authorizations of",
    "Spec §5: zone owner only (inferred: the API Reference speaks of the zone owner's "
    "authorizations, not of who may list them); AccessDenied for others (inferred).",
)


@rule(
    "list-authorizations.token-valid",
    "A NextToken is one that a previous page of this zone's listing handed out.",
    (InvalidPaginationToken,),
    DOCUMENTED,
    "Spec §5: a bad token is InvalidPaginationToken (documented error).",
    refuses(InvalidPaginationToken, DOCUMENTED, INFERRED, note="the spec gives no message: ours"),
)
def _list_token(world: World, r: ListAuthorizationsRequest) -> str:
    if r.next_token is None:
        return "no NextToken: the listing starts at the beginning"
    parts = decode_token(r.next_token, 3)
    if parts is None or parts[0] != r.hosted_zone_id:
        raise InvalidPaginationToken(
            f"The pagination token {shown(r.next_token)} is not valid for hosted zone {r.hosted_zone_id}.",
            hosted_zone_id=r.hosted_zone_id,
        )
    return "the NextToken continues this zone's listing"


def _list_effect(world: World, r: ListAuthorizationsRequest) -> tuple[World, AuthorizationPage]:
    assert isinstance(r.max_results, int)
    keys = sorted(world.authorizations_of(r.hosted_zone_id))
    page, token = paginate(keys, r.hosted_zone_id, r.max_results, r.next_token)
    return world, AuthorizationPage(hosted_zone_id=r.hosted_zone_id, vpcs=page, next_token=token)


LIST_AUTHORIZATIONS: Operation[ListAuthorizationsRequest, ListAuthorizationsRequest, AuthorizationPage] = (
    Operation(
        name="list-authorizations",
        aws_name="ListVPCAssociationAuthorizations",
        summary="List a private zone's authorizations, a page at a time.",
        request_type=ListAuthorizationsRequest,
        rules=(_list_input, _list_zone_exists, _list_owner, _list_token),
        effect=_list_effect,
    )
)


def list_authorizations(
    world: World,
    *,
    caller: str,
    hosted_zone_id: str,
    max_results: int | str | None = None,
    next_token: str | None = None,
) -> AuthorizationPage:
    """ListVPCAssociationAuthorizations: one page (50 by default), and a NextToken.

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, made = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone_id = made.zone.id
    >>> list_authorizations(w, caller="111111111111", hosted_zone_id=zone_id).vpcs
    ()
    """
    request = ListAuthorizationsRequest(
        caller=caller, hosted_zone_id=hosted_zone_id, max_results=max_results, next_token=next_token
    )
    return LIST_AUTHORIZATIONS.run(require_world(world), request)[1]

"""EC2 CreateTags / DeleteTags / DescribeTags on VPCs and their default resources (spec §S5.7)."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import immutables

from ._common import DOCUMENTED, INFERRED, OBSERVED, Members, as_members, expect, refuses, rule
from ._ec2 import filters_rule, page_rules
from ._ec2_common import (
    MAX_TAGS,
    Page,
    check_tag_rules,
    dry_run_rule,
    filters_of,
    flag,
    malformed_id,
    match_filters,
    paginate,
    resource_kind,
    strings,
    tag_pairs,
    text_or_none,
    visible_vpc,
    whole_or_none,
)
from ._rules import Operation, Rule
from ._values import normalize_account_id, normalize_region
from ._vpc_resources import _not_found, default_resource
from ._world import World, require_world
from .errors import (
    InvalidGroupNotFound,
    InvalidID,
    InvalidInput,
    InvalidNetworkAclIDNotFound,
    InvalidParameterValue,
    InvalidRouteTableIDNotFound,
    InvalidVpcIDNotFound,
    TagLimitExceeded,
)

__all__ = [
    "CREATE_TAGS",
    "DELETE_TAGS",
    "DESCRIBE_TAGS",
    "CreateTagsRequest",
    "DeleteTagsRequest",
    "DescribeTagsRequest",
    "TagDescription",
    "create_tags",
    "delete_tags",
    "describe_tags",
]

#: At most this many resource ids in one CreateTags / DeleteTags call.
MAX_RESOURCES: Final = 1000
_NOT_FOUND: Final = (InvalidVpcIDNotFound, InvalidRouteTableIDNotFound, InvalidNetworkAclIDNotFound, InvalidGroupNotFound)


def resolve(world: World, caller: str, region: str | None, resource_id: str) -> str:
    """The kind of the caller's resource *resource_id* in *region*, or EC2's error for it."""
    kind = resource_kind(resource_id)
    if kind is None:
        raise malformed_id(resource_id)
    if kind == "vpc":
        if visible_vpc(world, caller, region, resource_id) is None:
            raise InvalidVpcIDNotFound(vpc_id=resource_id)
        return kind
    found = default_resource(world, resource_id)
    if found is None or found.kind != kind or found.vpc.owner != caller or (region and found.vpc.region != region):
        raise _not_found(kind, resource_id)
    return kind


def _resources_input(m: Members, given: Any) -> tuple[str, str | None, tuple[str, ...]]:
    caller = m.take(lambda: normalize_account_id(given.caller, "caller"))
    region = None if given.region is None else m.take(lambda: normalize_region(given.region, "region"))
    resources = m.take(lambda: strings(given.resources, "Resources"))
    return caller, region, resources


def _resources_rule(operation: str) -> Rule:
    @rule(
        f"{operation}.resources",
        "At most 1,000 resource ids, each of a known form (else InvalidID) naming one of the "
        "caller's VPCs or their default resources in the region (else its *.NotFound).",
        (InvalidParameterValue, InvalidID, *_NOT_FOUND),
        DOCUMENTED,
        "Spec ETAG-CREATE (1,000 ids documented; messages inferred).",
        *(refuses(error, DOCUMENTED, INFERRED) for error in (InvalidParameterValue, InvalidID, *_NOT_FOUND)),
    )
    def check(world: World, r: Any) -> str:
        if not r.resources:
            raise InvalidParameterValue("The request must contain at least one resource id")
        if len(r.resources) > MAX_RESOURCES:
            raise InvalidParameterValue(
                f"Too many resource ids: {len(r.resources)}; at most {MAX_RESOURCES} in one request"
            )
        for resource_id in r.resources:
            if resource_kind(resource_id) is None:
                raise malformed_id(resource_id)
        for resource_id in r.resources:
            resolve(world, r.caller, r.region, resource_id)
        return f"{len(r.resources)} resource(s), all the caller's"

    return check


# -- create_tags -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CreateTagsRequest:
    """EC2 CreateTags: add or overwrite *tags* on every resource in *resources*, all or nothing.

    ``tags`` are ``(key, value)`` pairs, a mapping, or botocore's ``[{Key, Value}]``;
    ``region`` ``None`` means each resource's own.
    """

    caller: str
    resources: tuple[str, ...]
    tags: tuple[Any, ...]
    region: str | None = None
    dry_run: bool = False


@rule(
    "create-tags.input",
    "The caller is a 12-digit account id; resources a list of strings; tags (key, value) strings.",
    (InvalidInput,),
    INFERRED,
    "Spec §S5.7.",
)
def _create_input(world: World, request: object) -> CreateTagsRequest:
    given = expect(request, CreateTagsRequest)
    m = Members()
    caller, region, resources = _resources_input(m, given)
    tags = m.take(lambda: tuple((k, v or "") for k, v in tag_pairs(given.tags, "Tags")))
    dry_run = m.take(lambda: flag(given.dry_run, "dry_run"))
    m.done()
    return CreateTagsRequest(caller=caller, resources=resources, tags=tags, region=region, dry_run=dry_run)


@rule(
    "create-tags.tag-rules",
    "Keys are 1-127 characters and do not start with 'aws:'; values are 0-255 characters (ETAG-CREATE).",
    (InvalidParameterValue,),
    DOCUMENTED,
    "Spec ETAG-CREATE (EC2 UG tag restrictions; the reserved-prefix wording inferred).",
    refuses(InvalidParameterValue, DOCUMENTED, INFERRED),
)
def _create_tag_rules(world: World, r: CreateTagsRequest) -> str:
    return check_tag_rules(r.tags)


@rule(
    "create-tags.limit",
    "No resource ends with more than 50 tags; overwriting an existing key does not count (ETAG-CREATE).",
    (TagLimitExceeded,),
    OBSERVED,
    "Spec ETAG-CREATE (50 documented; overwrite rule observed getmoto/moto#8150 against AWS).",
    refuses(TagLimitExceeded, DOCUMENTED, INFERRED, note="ETAG-CREATE: messages inferred"),
)
def _create_limit(world: World, r: CreateTagsRequest) -> str:
    new_keys = {key for key, _ in r.tags}
    for resource_id in r.resources:
        current = world.tags_of(resource_id)
        total = len(current) + sum(1 for key in new_keys if key not in current)
        if total > MAX_TAGS:
            raise TagLimitExceeded()
    return f"every resource keeps at most {MAX_TAGS} tags"


def _create_effect(world: World, r: CreateTagsRequest) -> tuple[World, tuple[str, ...]]:
    for resource_id in r.resources:
        tags = world.tags_of(resource_id)
        for key, value in r.tags:
            tags = tags.set(key, value)
        world = world.with_tags(resource_id, tags)
    return world, r.resources


CREATE_TAGS: Operation[CreateTagsRequest, CreateTagsRequest, tuple[str, ...]] = Operation(
    name="create-tags",
    aws_name="CreateTags (EC2)",
    summary="Add or overwrite tags on VPCs and their default resources, all or nothing.",
    request_type=CreateTagsRequest,
    rules=(
        _create_input,
        _create_tag_rules,
        _resources_rule("create-tags"),
        _create_limit,
        dry_run_rule("create-tags", "CreateTags"),
    ),
    effect=_create_effect,
)


def create_tags(
    world: World, *, caller: str, resources: Sequence[str], tags: Mapping[str, str], region: str | None = None
) -> World:
    """EC2 CreateTags.

    >>> from route53_assoc import create_vpc
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w = create_tags(w, caller="111111111111", resources=[vpc.id], tags={"Name": "main"})
    >>> dict(w.tags_of(vpc.id))
    {'Name': 'main'}
    """
    request = CreateTagsRequest(
        caller=caller, resources=as_members(resources), tags=as_members(tags), region=region
    )
    return CREATE_TAGS.run(require_world(world), request)[0]


# -- delete_tags -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeleteTagsRequest:
    """EC2 DeleteTags: ``tags`` ``None`` deletes every tag; ``(key, None)`` a key whatever its
    value; ``(key, value)`` only if the value matches."""

    caller: str
    resources: tuple[str, ...]
    tags: tuple[Any, ...] | None = None
    region: str | None = None
    dry_run: bool = False


@rule(
    "delete-tags.input",
    "The caller is a 12-digit account id; resources a list of strings; tags (key, value-or-None).",
    (InvalidInput,),
    INFERRED,
    "Spec §S5.7.",
)
def _delete_input(world: World, request: object) -> DeleteTagsRequest:
    given = expect(request, DeleteTagsRequest)
    m = Members()
    caller, region, resources = _resources_input(m, given)
    tags = None if given.tags is None else m.take(lambda: tag_pairs(given.tags, "Tags", values_required=False))
    dry_run = m.take(lambda: flag(given.dry_run, "dry_run"))
    m.done()
    return DeleteTagsRequest(caller=caller, resources=resources, tags=tags, region=region, dry_run=dry_run)


def _delete_effect(world: World, r: DeleteTagsRequest) -> tuple[World, tuple[str, ...]]:
    for resource_id in r.resources:
        tags: immutables.Map[str, str] = world.tags_of(resource_id)
        if r.tags is None:
            tags = immutables.Map()
        else:
            for key, value in r.tags:
                if key in tags and (value is None or tags[key] == value):
                    tags = tags.delete(key)
        world = world.with_tags(resource_id, tags)
    return world, r.resources


@rule(
    "delete-tags.semantics",
    "Tags omitted delete every tag; a Key alone deletes that key whatever its value; Key and "
    "Value delete only on a match (an empty Value matches only an empty value); deleting "
    "absent tags succeeds (ETAG-DELETE).",
    (),
    DOCUMENTED,
    "Spec ETAG-DELETE (model doc).",
)
def _delete_semantics(world: World, r: DeleteTagsRequest) -> str:
    return "all tags" if r.tags is None else f"{len(r.tags)} tag(s) named"


DELETE_TAGS: Operation[DeleteTagsRequest, DeleteTagsRequest, tuple[str, ...]] = Operation(
    name="delete-tags",
    aws_name="DeleteTags (EC2)",
    summary="Delete tags from VPCs and their default resources.",
    request_type=DeleteTagsRequest,
    rules=(_delete_input, _resources_rule("delete-tags"), _delete_semantics, dry_run_rule("delete-tags", "DeleteTags")),
    effect=_delete_effect,
)


def delete_tags(
    world: World,
    *,
    caller: str,
    resources: Sequence[str],
    tags: Sequence[tuple[str, str | None]] | None = None,
    region: str | None = None,
) -> World:
    """EC2 DeleteTags.

    >>> from route53_assoc import create_vpc
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1", tags={"a": "1", "b": "2"})
    >>> w = delete_tags(w, caller="111111111111", resources=[vpc.id], tags=[("a", None), ("b", "3")])
    >>> dict(w.tags_of(vpc.id))
    {'b': '2'}
    """
    request = DeleteTagsRequest(
        caller=caller, resources=as_members(resources), tags=None if tags is None else as_members(tags), region=region
    )
    return DELETE_TAGS.run(require_world(world), request)[0]


# -- describe_tags -----------------------------------------------------------


@attrs.frozen
class TagDescription:
    """One tag as DescribeTags answers it."""

    resource_id: str
    resource_type: str
    key: str
    value: str


@attrs.frozen(kw_only=True)
class DescribeTagsRequest:
    """EC2 DescribeTags over the caller's VPCs of *region* and their default resources."""

    caller: str
    region: str
    filters: tuple[Any, ...] = ()
    max_results: int | None = None
    next_token: str | None = None
    dry_run: bool = False


@rule(
    "describe-tags.input",
    "The caller is a 12-digit account id, the region a VPCRegion value; filters, MaxResults "
    "and NextToken of the right types.",
    (InvalidInput,),
    INFERRED,
    "Spec ETAG-DESCRIBE.",
)
def _describe_input(world: World, request: object) -> DescribeTagsRequest:
    given = expect(request, DescribeTagsRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(given.caller, "caller"))
    region = m.take(lambda: normalize_region(given.region, "region"))
    filters = m.take(lambda: filters_of(given.filters))
    max_results = m.take(lambda: whole_or_none(given.max_results, "MaxResults"))
    token = m.take(lambda: text_or_none(given.next_token, "NextToken"))
    dry_run = m.take(lambda: flag(given.dry_run, "dry_run"))
    m.done()
    return DescribeTagsRequest(
        caller=caller, region=region, filters=filters, max_results=max_results, next_token=token, dry_run=dry_run
    )


_TAG_FILTERS: Final = frozenset({"key", "value", "resource-id", "resource-type"})
_TAG_MAX, _TAG_TOKEN = page_rules("describe-tags", 1000, "tags", "Spec ETAG-DESCRIBE (5-1000 as DV-PAGE).")


def _tag_fact(tag: TagDescription, tags: Mapping[str, str], name: str) -> tuple[str, ...]:
    if name.startswith("tag:"):
        value = tags.get(name[4:])
        return () if value is None else (value,)
    return {
        "key": (tag.key,),
        "value": (tag.value,),
        "resource-id": (tag.resource_id,),
        "resource-type": (tag.resource_type,),
    }.get(name, ())


def _describe_effect(world: World, r: DescribeTagsRequest) -> tuple[World, Page]:
    resources: list[tuple[str, str]] = []
    for vpc_id in world.vpcs_of(r.caller, r.region):
        vpc = world.vpcs[vpc_id]
        resources.append((vpc.id, "vpc"))
        if vpc.defaults is not None:
            d = vpc.defaults
            resources.append((d.route_table_id, "route-table"))
            resources.append((d.network_acl_id, "network-acl"))
            resources.append((d.security_group_id, "security-group"))
    found: list[TagDescription] = []
    for resource_id, kind in resources:
        tags = world.tags_of(resource_id)
        for key, value in tags.items():
            tag = TagDescription(resource_id, kind, key, value)
            if match_filters(r.filters, functools.partial(_tag_fact, tag, tags)):
                found.append(tag)
    page = paginate(found, lambda t: f"{t.resource_id}\x00{t.key}", "tags", r.max_results, r.next_token)
    return world, page


DESCRIBE_TAGS: Operation[DescribeTagsRequest, DescribeTagsRequest, Page] = Operation(
    name="describe-tags",
    aws_name="DescribeTags (EC2)",
    summary="List the tags of the caller's VPCs and default resources of a region, by resource id then key.",
    request_type=DescribeTagsRequest,
    rules=(
        _describe_input,
        _TAG_MAX,
        filters_rule("describe-tags", _TAG_FILTERS, _TAG_FILTERS, "DescribeTags"),
        _TAG_TOKEN,
        dry_run_rule("describe-tags", "DescribeTags"),
    ),
    effect=_describe_effect,
)


def describe_tags(world: World, *, caller: str, region: str, filters: Sequence[Any] = ()) -> Page:
    """EC2 DescribeTags: a :class:`Page` of :class:`TagDescription`.

    >>> from route53_assoc import create_vpc
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1", tags={"Name": "main"})
    >>> [(t.resource_type, t.key, t.value) for t in describe_tags(w, caller="111111111111",
    ...     region="us-east-1", filters=[("key", ("Na*",))]).items]
    [('vpc', 'Name', 'main')]
    """
    request = DescribeTagsRequest(caller=caller, region=region, filters=as_members(filters))
    return DESCRIBE_TAGS.run(require_world(world), request)[1]


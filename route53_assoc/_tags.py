"""Tags on hosted zones: ChangeTagsForResource, ListTagsForResource, ListTagsForResources
(surface.md §S3).

Tags live in the world's ``tags`` table (zone id → ``(key, value)`` pairs, oldest key
first, at most 50) and vanish with the zone.  They never affect the association rules.
Only ``hostedzone`` resources are modelled; health-check tags are refused
(``NotModelled``).  ``ResourceId`` is the bare zone id taken literally: botocore does
not strip ``/hostedzone/`` from it (shape ``TagResourceId``), and neither does AWS.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Final

import attrs

from ._common import (
    DOCUMENTED,
    INFERRED,
    OBSERVED,
    Members,
    caller_owns_zone_rule,
    expect,
    id_length_outcomes,
    in_branch,
    refuses,
    rule,
    visible_zone,
    zone_exists_rule,
    zone_owned_by_caller,
)
from ._rules import Operation, Rule
from ._show import shown
from ._values import normalize_account_id, require_length, require_str, validation_message
from ._world import MAX_TAGS_PER_ZONE, World, require_world
from .errors import AccessDenied, InvalidInput, NoSuchHostedZone, NotModelled

__all__ = [
    "CHANGE_TAGS",
    "LIST_TAGS",
    "LIST_TAGS_MANY",
    "ChangeTagsForResourceRequest",
    "ListTagsForResourcesRequest",
    "ListTagsForResourceRequest",
    "ResourceTagSet",
    "change_tags_for_resource",
    "list_tags_for_resource",
    "list_tags_for_resources",
]

#: The TagResourceType enum, in the service model's order.
RESOURCE_TYPES: Final = ("healthcheck", "hostedzone", "healthchecksource")
HOSTED_ZONE: Final = "hostedzone"
MAX_TAGS_PER_REQUEST: Final = 10
MAX_IDS_PER_REQUEST: Final = 10
MAX_KEY_LENGTH: Final = 128
MAX_VALUE_LENGTH: Final = 256
MAX_RESOURCE_ID_LENGTH: Final = 32

Tags = tuple[tuple[str, str], ...]


def too_many_message(element: str, limit: int) -> str:
    """AWS's schema message for a list element given more than *limit* times (TAG-LIMITS)."""
    return (
        f"Invalid XML ; cvc-complex-type.2.4.f: '{element}' can occur a maximum of '{limit}' times "
        "in the current sequence. This limit was exceeded. No child element is expected at this point."
    )


@attrs.frozen(kw_only=True)
class ResourceTagSet:
    """A resource's tags: ``tags`` as ``(key, value)`` pairs, oldest key first."""

    resource_type: str
    resource_id: str
    tags: Tags = ()


@attrs.frozen(kw_only=True)
class ChangeTagsForResourceRequest:
    """A ChangeTagsForResource request.

    ``add_tags`` is a sequence of ``{"Key": ..., "Value": ...}`` mappings (as boto3
    sends them) or ``(key, value)`` pairs; ``remove_tag_keys`` a sequence of keys.
    """

    caller: str
    resource_type: str
    resource_id: str
    add_tags: Any = None
    remove_tag_keys: Any = None


@attrs.frozen(kw_only=True)
class ListTagsForResourceRequest:
    """A ListTagsForResource request."""

    caller: str
    resource_type: str
    resource_id: str


@attrs.frozen(kw_only=True)
class ListTagsForResourcesRequest:
    """A ListTagsForResources request: up to 10 resource ids of one type."""

    caller: str
    resource_type: str
    resource_ids: Any


@attrs.frozen(kw_only=True)
class _CheckedChange:
    caller: str
    resource_type: str
    hosted_zone_id: str
    add: Tags
    remove: tuple[str, ...]


@attrs.frozen(kw_only=True)
class _CheckedList:
    caller: str
    resource_type: str
    hosted_zone_id: str


@attrs.frozen(kw_only=True)
class _CheckedListMany:
    caller: str
    resource_type: str
    hosted_zone_ids: tuple[str, ...]


def _resource_type(value: object) -> str:
    text = require_str(value, "resourceType")
    if text not in RESOURCE_TYPES:
        raise InvalidInput(
            validation_message(
                "resourceType", text, f"Member must satisfy enum value set: [{', '.join(RESOURCE_TYPES)}]"
            )
        )
    return text


def _resource_id(value: object) -> str:
    """The id as given (no stripping), at most 32 characters (TAG-ID)."""
    return require_length(require_str(value, "resourceId"), "resourceId", MAX_RESOURCE_ID_LENGTH)


def _tag_key(key: object, field: str) -> str:
    return require_length(require_str(key, field), field, MAX_KEY_LENGTH)


def _sequence(value: object, field: str) -> list[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
        raise InvalidInput(f"{field} must be a list, not {type(value).__name__} ({shown(value)})")
    return list(value)


def _tag(m: Members, item: object, index: int) -> tuple[str, str] | None:
    if isinstance(item, Mapping):
        key, value = item.get("Key"), item.get("Value")
    elif isinstance(item, tuple) and len(item) == 2:
        key, value = item
    else:
        m.problem(f"AddTags.{index} must be a tag {{Key, Value}}, not {shown(item)}")
        return None
    field = f"addTags.{index}.member"
    checked_key = m.take(
        lambda: require_length(require_str(key, f"{field}.key"), f"{field}.key", MAX_KEY_LENGTH)
    )
    checked_value: str | None = ""
    if value is not None:
        if not isinstance(value, str):
            m.problem(f"{field}.value must be a string, not {type(value).__name__} ({shown(value)})")
            checked_value = None
        else:
            checked_value = m.take(lambda: require_length(value, f"{field}.value", MAX_VALUE_LENGTH))
    if checked_key is None or checked_value is None:
        return None
    return checked_key, checked_value


def _type_and_id(m: Members, request: ChangeTagsForResourceRequest | ListTagsForResourceRequest) -> tuple[str, str]:
    kind = m.take(lambda: _resource_type(request.resource_type))
    resource_id = m.take(lambda: _resource_id(request.resource_id))
    return kind, resource_id


# -- rules shared by the three operations ------------------------------------------------


def _modelled_type_rule(operation: str) -> Rule:
    @rule(
        f"{operation}.hosted-zone-only",
        "Only hosted-zone tags are modelled; health-check tags (healthcheck, healthchecksource) are refused.",
        (NotModelled,),
        INFERRED,
        "surface.md TAG-TYPES: the enum is documented; refusing the health-check types is the "
        "library's scope decision.",
    )
    def check(world: World, r: Any) -> str:
        if r.resource_type != HOSTED_ZONE:
            raise NotModelled.of(f"tags on health checks (ResourceType {r.resource_type})")
        return "the resource is a hosted zone"

    return check


_ZONE_SOURCE: Final = (
    "surface.md TAG-ID: unknown id ≤ 32 → NoSuchHostedZone 404 'No hosted zone found with ID: {id}' "
    "(codes observed: moto aws-verified test 2025; message form inferred for this operation)."
)
_OWNER_SOURCE: Final = "surface.md TAG-OWNER: only the zone's owner tags or reads tags (inferred)."


# -- ChangeTagsForResource -------------------------------------------------------------------


@rule(
    "change-tags-for-resource.input",
    "ResourceType is in the enum; ResourceId at most 32 characters; AddTags and RemoveTagKeys "
    "1–10 entries each, at least one of them given, no key both added and removed; keys "
    "1–128 characters, values 0–256.",
    (InvalidInput,),
    INFERRED,
    "surface.md TAG-TYPES (enum documented), TAG-ID (length message observed), TAG-CHANGE and "
    "TAG-LIMITS (limits documented; the 10-element 'Invalid XML' message copies the observed "
    "ListTagsForResources form; the other messages inferred).",
    *id_length_outcomes(),
)
def _change_input(world: World, request: object) -> _CheckedChange:
    request = expect(request, ChangeTagsForResourceRequest)
    add_items = _sequence(request.add_tags, "AddTags") if request.add_tags is not None else None
    remove_items = (
        _sequence(request.remove_tag_keys, "RemoveTagKeys") if request.remove_tag_keys is not None else None
    )
    if add_items is not None and len(add_items) > MAX_TAGS_PER_REQUEST:
        raise InvalidInput(too_many_message("Tag", MAX_TAGS_PER_REQUEST))
    if remove_items is not None and len(remove_items) > MAX_TAGS_PER_REQUEST:
        raise InvalidInput(too_many_message("Key", MAX_TAGS_PER_REQUEST))
    m = Members()
    caller = m.take(lambda: _caller(request.caller))
    kind, resource_id = _type_and_id(m, request)
    added: dict[str, str] = {}
    for field, items in (("addTags", add_items), ("removeTagKeys", remove_items)):
        if items is not None and not items:
            m.problem(
                f"Value '[]' at '{field}' failed to satisfy constraint: Member must have length greater than or equal to 1"
            )
    for index, item in enumerate(add_items or (), start=1):
        tag = _tag(m, item, index)
        if tag is not None:
            added[tag[0]] = tag[1]
    removed: list[str] = []
    for index, key in enumerate(remove_items or (), start=1):
        field = f"removeTagKeys.{index}.member"
        checked = m.take(functools.partial(_tag_key, key, field))
        if checked is not None and checked not in removed:
            removed.append(checked)
    m.done()
    if add_items is None and remove_items is None:
        raise InvalidInput("Invalid request: give AddTags, RemoveTagKeys, or both.")
    both = [key for key in removed if key in added]
    if both:
        raise InvalidInput(f"Invalid request: the tag key {both[0]} is both added and removed.")
    return _CheckedChange(
        caller=caller,
        resource_type=kind,
        hosted_zone_id=resource_id,
        add=tuple(added.items()),
        remove=tuple(removed),
    )


def _caller(value: object) -> str:
    return normalize_account_id(value, "caller")


def _changed(tags: Tags, r: _CheckedChange) -> Tags:
    """*tags* after the change: removals, then additions (an existing key keeps its place)."""
    kept = {key: value for key, value in tags if key not in r.remove}
    for key, value in r.add:
        kept[key] = value
    return tuple(kept.items())


@rule(
    "change-tags-for-resource.limit",
    "A zone has at most 50 tags once the change is made.",
    (InvalidInput,),
    DOCUMENTED,
    "surface.md TAG-LIMITS: 50 tags a resource (documented AWS-wide tagging quota); the code "
    "and message 'The number of tags for resource {id} would exceed the limit of 50.' are inferred.",
    refuses(InvalidInput, INFERRED),
)
def _change_limit(world: World, r: _CheckedChange) -> str:
    count = len(_changed(world.zone_tags_of(r.hosted_zone_id), r))
    if count > MAX_TAGS_PER_ZONE:
        raise InvalidInput(
            f"The number of tags for resource {r.hosted_zone_id} would exceed the limit of {MAX_TAGS_PER_ZONE}."
        )
    return f"the zone would have {count} of at most {MAX_TAGS_PER_ZONE} tags"


def _change_effect(world: World, r: _CheckedChange) -> tuple[World, ResourceTagSet]:
    tags = _changed(world.zone_tags_of(r.hosted_zone_id), r)
    if tags:
        table = world.zone_tags.set(r.hosted_zone_id, tags)
    elif r.hosted_zone_id in world.zone_tags:
        table = world.zone_tags.delete(r.hosted_zone_id)
    else:
        table = world.zone_tags
    new_world = attrs.evolve(world, zone_tags=table)
    return new_world, ResourceTagSet(resource_type=HOSTED_ZONE, resource_id=r.hosted_zone_id, tags=tags)


CHANGE_TAGS: Operation[ChangeTagsForResourceRequest, _CheckedChange, ResourceTagSet] = Operation(
    name="change-tags-for-resource",
    aws_name="ChangeTagsForResource",
    summary="Add, replace or remove a hosted zone's tags, at once (owner only).",
    request_type=ChangeTagsForResourceRequest,
    rules=(
        _change_input,
        _modelled_type_rule("change-tags-for-resource"),
        zone_exists_rule("change-tags-for-resource", _ZONE_SOURCE, OBSERVED, INFERRED),
        caller_owns_zone_rule("change-tags-for-resource", "Only the zone's owner may tag it.", "tag", _OWNER_SOURCE),
        _change_limit,
        rule(
            "change-tags-for-resource.apply",
            "Adding an existing key replaces its value; removing an absent key is no error; the "
            "tags change at once, with no change record.",
            (),
            INFERRED,
            "surface.md TAG-CHANGE (edit semantics documented; absent keys and immediacy inferred).",
        )(lambda world, r: f"{len(r.add)} tags added or replaced, {len(r.remove)} keys removed"),
    ),
    effect=_change_effect,
)


def change_tags_for_resource(
    world: World,
    *,
    caller: str,
    resource_id: str,
    resource_type: str = HOSTED_ZONE,
    add_tags: Any = None,
    remove_tag_keys: Any = None,
) -> World:
    """ChangeTagsForResource: the world with the zone's tags changed.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w, made = create_hosted_zone(World.empty(), caller="111111111111", name="a.example",
    ...                              caller_reference="r")
    >>> w = change_tags_for_resource(w, caller="111111111111", resource_id=made.zone.id,
    ...                              add_tags=[{"Key": "team", "Value": "dns"}, ("env", "prod")])
    >>> list_tags_for_resource(w, caller="111111111111", resource_id=made.zone.id).tags
    (('team', 'dns'), ('env', 'prod'))
    """
    request = ChangeTagsForResourceRequest(
        caller=caller,
        resource_type=resource_type,
        resource_id=resource_id,
        add_tags=add_tags,
        remove_tag_keys=remove_tag_keys,
    )
    return CHANGE_TAGS.run(require_world(world), request)[0]


# -- ListTagsForResource ---------------------------------------------------------------------


@rule(
    "list-tags-for-resource.input",
    "ResourceType is in the enum; ResourceId at most 32 characters.",
    (InvalidInput,),
    OBSERVED,
    "surface.md TAG-TYPES (enum documented, message inferred) and TAG-ID (length message observed).",
    *id_length_outcomes(),
)
def _list_input(world: World, request: object) -> _CheckedList:
    request = expect(request, ListTagsForResourceRequest)
    m = Members()
    caller = m.take(lambda: _caller(request.caller))
    kind, resource_id = _type_and_id(m, request)
    m.done()
    return _CheckedList(caller=caller, resource_type=kind, hosted_zone_id=resource_id)


LIST_TAGS: Operation[ListTagsForResourceRequest, _CheckedList, ResourceTagSet] = Operation(
    name="list-tags-for-resource",
    aws_name="ListTagsForResource",
    summary="A hosted zone's tags, oldest key first (owner only).",
    request_type=ListTagsForResourceRequest,
    rules=(
        _list_input,
        _modelled_type_rule("list-tags-for-resource"),
        zone_exists_rule("list-tags-for-resource", _ZONE_SOURCE, OBSERVED, INFERRED),
        caller_owns_zone_rule(
            "list-tags-for-resource", "Only the zone's owner may read its tags.", "list the tags of", _OWNER_SOURCE
        ),
        rule(
            "list-tags-for-resource.list",
            "The answer is the ResourceTagSet: type hostedzone, the bare id, the tags in the order "
            "their keys were first added ([] for none).",
            (),
            OBSERVED,
            "surface.md TAG-LIST (shape observed: moto aws-verified test; empty form and order inferred).",
        )(lambda world, r: f"{len(world.zone_tags_of(r.hosted_zone_id))} tags"),
    ),
    effect=lambda world, r: (
        world,
        ResourceTagSet(
            resource_type=HOSTED_ZONE, resource_id=r.hosted_zone_id, tags=world.zone_tags_of(r.hosted_zone_id)
        ),
    ),
)


def list_tags_for_resource(
    world: World, *, caller: str, resource_id: str, resource_type: str = HOSTED_ZONE
) -> ResourceTagSet:
    """ListTagsForResource: the zone's tags.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w, made = create_hosted_zone(World.empty(), caller="111111111111", name="a.example",
    ...                              caller_reference="r")
    >>> list_tags_for_resource(w, caller="111111111111", resource_id=made.zone.id).tags
    ()
    """
    request = ListTagsForResourceRequest(caller=caller, resource_type=resource_type, resource_id=resource_id)
    return LIST_TAGS.run(require_world(world), request)[1]


# -- ListTagsForResources --------------------------------------------------------------------


_TOO_MANY: Final = "too-many-ids"


@rule(
    "list-tags-for-resources.input",
    "ResourceType is in the enum; ResourceIds holds 1–10 ids of at most 32 characters.",
    (InvalidInput,),
    OBSERVED,
    "surface.md TAG-LIST-MANY: more than 10 ids → the 'Invalid XML' message (observed: "
    "cloud-custodian#2356, 2018); TAG-ID for each id's length (observed).",
    *id_length_outcomes(),
    refuses(InvalidInput, OBSERVED, branch=_TOO_MANY, note="more than 10 ids: the 'Invalid XML' message"),
)
def _many_input(world: World, request: object) -> _CheckedListMany:
    request = expect(request, ListTagsForResourcesRequest)
    ids = _sequence(request.resource_ids, "ResourceIds")
    if len(ids) > MAX_IDS_PER_REQUEST:
        raise in_branch(InvalidInput(too_many_message("ResourceId", MAX_IDS_PER_REQUEST)), _TOO_MANY)
    m = Members()
    caller = m.take(lambda: _caller(request.caller))
    kind = m.take(lambda: _resource_type(request.resource_type))
    if not ids:
        m.problem(
            "Value '[]' at 'resourceIds' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
    checked = [m.take(functools.partial(_resource_id, item)) for item in ids]
    m.done()
    return _CheckedListMany(caller=caller, resource_type=kind, hosted_zone_ids=tuple(checked))


@rule(
    "list-tags-for-resources.zones-exist",
    "Every id names a hosted zone in the caller's partition; the first unknown one, in request "
    "order, is refused.",
    (NoSuchHostedZone,),
    INFERRED,
    "surface.md TAG-LIST-MANY: any unknown id → NoSuchHostedZone for that id (inferred).",
)
def _many_exist(world: World, r: _CheckedListMany) -> str:
    for zone_id in r.hosted_zone_ids:
        visible_zone(world, r.caller, zone_id)
    return f"all {len(r.hosted_zone_ids)} zones exist"


@rule(
    "list-tags-for-resources.caller-owns-zones",
    "The caller owns every zone named.",
    (AccessDenied,),
    INFERRED,
    _OWNER_SOURCE,
)
def _many_owned(world: World, r: _CheckedListMany) -> str:
    for zone_id in r.hosted_zone_ids:
        zone_owned_by_caller(world, r.caller, zone_id, "list the tags of")
    return f"account {r.caller} owns every zone named"


LIST_TAGS_MANY: Operation[ListTagsForResourcesRequest, _CheckedListMany, tuple[ResourceTagSet, ...]] = (
    Operation(
        name="list-tags-for-resources",
        aws_name="ListTagsForResources",
        summary="The tags of up to 10 hosted zones, in request order (owner only).",
        request_type=ListTagsForResourcesRequest,
        rules=(
            _many_input,
            _modelled_type_rule("list-tags-for-resources"),
            _many_exist,
            _many_owned,
            rule(
                "list-tags-for-resources.list",
                "One ResourceTagSet per id, in request order.",
                (),
                INFERRED,
                "surface.md TAG-LIST-MANY (order inferred).",
            )(lambda world, r: f"{len(r.hosted_zone_ids)} tag sets"),
        ),
        effect=lambda world, r: (
            world,
            tuple(
                ResourceTagSet(resource_type=HOSTED_ZONE, resource_id=zone_id, tags=world.zone_tags_of(zone_id))
                for zone_id in r.hosted_zone_ids
            ),
        ),
    )
)


def list_tags_for_resources(
    world: World, *, caller: str, resource_ids: Any, resource_type: str = HOSTED_ZONE
) -> tuple[ResourceTagSet, ...]:
    """ListTagsForResources: each zone's tags, in the order the ids were given.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w, made = create_hosted_zone(World.empty(), caller="111111111111", name="a.example",
    ...                              caller_reference="r")
    >>> [s.resource_id == made.zone.id for s in list_tags_for_resources(
    ...     w, caller="111111111111", resource_ids=[made.zone.id])]
    [True]
    """
    request = ListTagsForResourcesRequest(
        caller=caller, resource_type=resource_type, resource_ids=resource_ids
    )
    return LIST_TAGS_MANY.run(require_world(world), request)[1]

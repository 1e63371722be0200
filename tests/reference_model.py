"""A deliberately simple, independent reference model of the association rules.

Plain dicts and sets, mutated in place, written straight from the spec
(/work/shared/spec/rules.md for the association rules, surface.md for the zone
surface) without importing anything from route53_assoc.  Each method returns
``("ok", payload)`` or ``("error", code, message)`` and changes the model only on
"ok".  ``message`` is what the spec says about the text:

- a ``str``: the spec's exact words (documented, observed or "model text");
- a :class:`Mentions`: the spec fixes no words ("inferred": "a clear message that names
  the objects involved"), so the message must name those objects (or hold the
  observed substring);
- ``None``: the spec says nothing the model can check.

The HTTP status of every error comes from :data:`STATUS` (spec tables; "codes without
a modelled status → 400", surface.md §S8.2).  Ids of new things are supplied by the
caller (taken from the library's answer), since ids are an implementation detail;
so are pagination tokens, which the spec calls opaque: the model says what each page
holds and whether another follows.
"""

from __future__ import annotations

from typing import Any, ClassVar

# rules.md §1: the eight partitions and the 46 regions of the VPCRegion enum, in the spec's order.
PARTITIONS: dict[str, tuple[str, ...]] = {
    "aws": (
        "af-south-1",
        "ap-east-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ca-central-1",
        "ca-west-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
    ),
    "aws-cn": ("cn-north-1", "cn-northwest-1"),
    "aws-us-gov": ("us-gov-east-1", "us-gov-west-1"),
    "aws-iso": ("us-iso-east-1", "us-iso-west-1"),
    "aws-iso-b": ("us-isob-east-1", "us-isob-west-1"),
    "aws-iso-e": ("eu-isoe-west-1",),
    "aws-iso-f": ("us-isof-east-1", "us-isof-south-1"),
    "aws-eusc": ("eusc-de-east-1",),
}
PARTITION_OF = {region: partition for partition, regions in PARTITIONS.items() for region in regions}

# HTTP statuses (rules.md §3–§6; surface.md §S8.2: "codes without a modelled status → 400";
# §S8.3 for EC2: 400 unless stated).
STATUS = {
    "NoSuchHostedZone": 404,
    "NotAuthorizedException": 401,
    "AccessDenied": 403,
    "VPCAssociationNotFound": 404,
    "VPCAssociationAuthorizationNotFound": 404,
    "HostedZoneAlreadyExists": 409,
    "NoSuchChange": 404,
}


def status_of(code: str) -> int:
    return STATUS.get(code, 400)


# The spec's words (rules.md; placeholders filled by the methods below).
NO_ZONE = "No hosted zone found with ID: {zone}"  # §3.2, observed
PUBLIC_ZONE = "Attempting to associate public zone: {zone} with vpc: {vpc}"  # §3.3, observed
VPC_INVALID = "The VPC ID is invalid."  # §3.4, observed
VPC_NOT_AUTHORIZED = (  # §3.4 / §3.6 / §6, observed (weak)
    "The VPC: {vpc} in region {region} that you provided is not authorized to make the association."
)
NOT_AUTHORIZED = (
    "Associating the specified VPC with the specified hosted zone has not been authorized."  # §3.6
)
ZONE_OWNER_NOT_AUTHORIZED = "The VPC: {vpc} has not authorized to associate with your hosted zone."  # §3.6
CONFLICTING = (  # §3.7, observed 2025: names the zone that already has the name on the VPC
    "The VPC {vpc} in region {region} has already been associated with the hosted zone {zone} "
    "with the same domain name."
)
LIMITS = "Limits Exceeded: Cannot associate more VPCs to hosted zone."  # §3.8, observed
PRIOR = "The request was rejected because Route 53 was still processing a prior request."  # §3.9
NOT_ASSOCIATED = "The specified VPC and hosted zone are not currently associated."  # §4
LAST_VPC = (  # §4, model text
    "The VPC that you're trying to disassociate from the private hosted zone is the last VPC that is "
    "associated with the hosted zone. Amazon Route 53 doesn't support disassociating the last VPC from "
    "a hosted zone."
)
AUTH_NOT_FOUND = "The VPC that you specified is not authorized to be associated with the hosted zone."  # §5
ALREADY_CREATED = "A hosted zone has already been created with the specified caller reference."  # §6
TOO_MANY_ZONES = "Limits Exceeded: MAX_HOSTED_ZONES_BY_OWNER - Cannot create more hosted zones."  # §6
NO_CHANGE = "Could not find resource with ID: {change}"  # §6, observed
NOT_OWNED = "is not owned by you"  # §6, observed substring

Outcome = tuple[Any, ...]


class Mentions:
    """An inferred message: whatever its words, it names these objects (or holds these substrings)."""

    def __init__(self, *parts: str) -> None:
        self.parts = parts

    def matches(self, message: str) -> bool:
        return bool(message) and all(part in message for part in self.parts)

    def __repr__(self) -> str:
        return f"Mentions{self.parts!r}"


def fail(code: str, message: str | Mentions | None = None) -> Outcome:
    """An error, with what the spec says about its message."""
    return ("error", code, message)


def err(code: str) -> Outcome:
    """An error whose message the model does not check (EC2 and zone rules outside this brief)."""
    return ("error", code, None)


def well_formed_vpc_id(vpc_id: str) -> bool:
    """rules.md §1: ``vpc-`` and 8 or 17 lowercase hex digits."""
    digits = vpc_id[4:]
    return (
        vpc_id.startswith("vpc-") and len(digits) in (8, 17) and all(c in "0123456789abcdef" for c in digits)
    )


def pages(items: list[Any], size: int) -> list[list[Any]]:
    """A listing cut into pages of *size*; an empty listing is one empty page."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


class Model:
    def __init__(
        self,
        *,
        accounts: dict[str, str],
        propagation: float,
        processing: float,
        vpcs_per_zone: int = 300,
        auths_per_zone: int = 1000,
        zones_per_account: int = 500,
        vpcs_per_region: int = 5,
    ) -> None:
        self.accounts = dict(accounts)  # account → partition
        self.vpcs: dict[str, dict[str, Any]] = {}  # VPC id → {"region", "owner", ...}
        self.deleted: set[str] = set()
        # zone id → {"name", "ref", "owner", "service", "linked", "partition", "private",
        #            "vpcs": {VPC id: region}, "limit", "last"}
        self.zones: dict[str, dict[str, Any]] = {}
        self.auths: dict[str, set[tuple[str, str]]] = {}  # zone id → {(VPC id, region)}
        self.refs: set[tuple[str, str]] = set()  # (account, caller reference), used forever
        self.changes: dict[str, dict[str, Any]] = {}
        self.now = 0.0
        self.propagation = propagation
        self.processing = processing
        self.vpcs_per_zone = vpcs_per_zone
        self.auths_per_zone = auths_per_zone
        self.zones_per_account = zones_per_account
        self.vpcs_per_region = vpcs_per_region
        # surface.md §S1–§S3: record sets, name servers of public zones, tags, comments.
        self.records: dict[str, dict[tuple[str, str], tuple[int, tuple[str, ...]]]] = {}
        self.name_servers: dict[str, tuple[str, ...]] = {}
        self.tags: dict[str, dict[str, str]] = {}
        self.comments: dict[str, str] = {}
        self.rrsets_per_zone = 10000

    # -- helpers
    def partition(self, account: str) -> str:
        return self.accounts.get(account, "aws")

    def zone_for(self, caller: str, zone_id: str) -> dict[str, Any] | None:
        """§3.2: the zone, if it exists in the caller's partition (others are invisible)."""
        zone = self.zones.get(zone_id)
        if zone is None or zone["partition"] != self.partition(caller):
            return None
        return zone

    def own_zone(self, caller: str, zone_id: str) -> dict[str, Any] | Outcome:
        """NoSuchHostedZone, then AccessDenied for anyone but the owner (§5, §6: inferred)."""
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return fail("NoSuchHostedZone", NO_ZONE.format(zone=zone_id))
        if zone["owner"] != caller:
            return fail("AccessDenied", Mentions(zone_id))
        return zone

    def busy(self, zone: dict[str, Any]) -> bool:
        return zone["last"] is not None and self.processing > 0 and self.now < zone["last"] + self.processing

    def record(self, zone_id: str, change_id: str) -> None:
        zone = self.zones[zone_id]
        owner = zone["owner"] if zone["owner"] is not None else zone["service"]
        self.changes[change_id] = {"zone": zone_id, "owner": owner, "at": self.now}
        zone["last"] = self.now

    def names_on(self, vpc_id: str) -> dict[str, str]:
        """Zone name → zone id, for the zones associated with *vpc_id*."""
        return {z["name"]: zid for zid, z in self.zones.items() if vpc_id in z["vpcs"]}

    # -- EC2
    def create_vpc(self, owner: str, region: str, new_id: str) -> Outcome:
        if self.accounts.get(owner, PARTITION_OF[region]) != PARTITION_OF[region]:
            return err("InvalidInput")
        # EC2's quota: at most vpcs_per_region VPCs per account per region (surface.md CV-QUOTA).
        mine_here = [v for v in self.vpcs.values() if v["owner"] == owner and v["region"] == region]
        if len(mine_here) >= self.vpcs_per_region:
            return err("VpcLimitExceeded")
        self.accounts[owner] = PARTITION_OF[region]
        self.vpcs[new_id] = {"region": region, "owner": owner}
        return ("ok", new_id)

    # surface.md §S5.5 and CV-DEFAULTS: a VPC's DNS attributes.
    ATTRIBUTES: ClassVar = ("enableDnsSupport", "enableDnsHostnames", "enableNetworkAddressUsageMetrics")
    DEFAULT_ATTRIBUTES: ClassVar = {
        "enableDnsSupport": True,
        "enableDnsHostnames": False,
        "enableNetworkAddressUsageMetrics": False,
    }

    def visible_vpc(self, caller: str, vpc_id: str) -> dict[str, Any] | None:
        vpc = self.vpcs.get(vpc_id)
        return vpc if vpc is not None and vpc["owner"] == caller else None

    def describe_vpc_attribute(self, caller: str, vpc_id: str, attribute: str) -> Outcome:
        if attribute not in self.ATTRIBUTES:  # VA-DESCRIBE
            return fail(
                "InvalidParameterValue",
                f"Value ({attribute}) for parameter attribute is invalid. Unknown attribute.",
            )
        vpc = self.visible_vpc(caller, vpc_id)
        if vpc is None:  # DV-IDS-NOTFOUND
            return fail("InvalidVpcID.NotFound", f"The vpc ID '{vpc_id}' does not exist")
        return ("ok", vpc.setdefault("attributes", dict(self.DEFAULT_ATTRIBUTES))[attribute])

    def modify_vpc_attribute(self, caller: str, vpc_id: str, attribute: str, value: bool) -> Outcome:
        vpc = self.visible_vpc(caller, vpc_id)
        if vpc is None:
            return fail("InvalidVpcID.NotFound", f"The vpc ID '{vpc_id}' does not exist")
        attributes = vpc.setdefault("attributes", dict(self.DEFAULT_ATTRIBUTES))
        if attribute == "enableDnsHostnames" and value and not attributes["enableDnsSupport"]:
            # VA-HOSTNAMES-NEED-SUPPORT; turning support off under hostnames is allowed.
            return fail(
                "InvalidParameterValue",
                f"Cannot enable DNS hostnames for VPC {vpc_id} because DNS support is disabled.",
            )
        attributes[attribute] = value  # VA-IDEMPOTENT: the same value succeeds too
        return ("ok", None)

    def delete_vpc(self, caller: str, vpc_id: str) -> Outcome:
        # EC2's own errors (surface.md DLV-ERRORS, VPC-REGION): another account's VPC is not found.
        vpc = self.vpcs.get(vpc_id)
        if vpc is None or vpc["owner"] != caller:
            return err("InvalidVpcID.NotFound")
        del self.vpcs[vpc_id]
        self.deleted.add(vpc_id)
        return ("ok", vpc_id)

    # -- zones (rules.md §6)
    def create_zone(
        self,
        caller: str,
        name: str,
        ref: str,
        vpc_id: str | None,
        region: str | None,
        new_id: str,
        change_id: str,
    ) -> Outcome:
        name = name.lower().rstrip(".") + "."
        if vpc_id is None and name.count(".") < 2:
            return fail("InvalidDomainName")
        if (caller, ref) in self.refs:
            return fail("HostedZoneAlreadyExists", ALREADY_CREATED)
        if vpc_id is not None:
            assert region is not None
            vpc = self.vpcs.get(vpc_id)
            if vpc is None:
                return fail("InvalidVPCId", VPC_INVALID)
            if vpc["region"] != region or vpc["owner"] != caller:
                return fail("InvalidVPCId", VPC_NOT_AUTHORIZED.format(vpc=vpc_id, region=region))
            if name in self.names_on(vpc_id):
                other = self.names_on(vpc_id)[name]
                return fail(
                    "ConflictingDomainExists", CONFLICTING.format(vpc=vpc_id, region=region, zone=other)
                )
        if sum(1 for z in self.zones.values() if z["owner"] == caller) >= self.zones_per_account:
            return fail("TooManyHostedZones", TOO_MANY_ZONES)
        partition = PARTITION_OF[region] if region else self.partition(caller)
        self.accounts.setdefault(caller, partition)
        self.refs.add((caller, ref))
        self.zones[new_id] = {
            "name": name,
            "ref": ref,
            "owner": caller,
            "service": None,
            "linked": None,
            "partition": partition,
            "private": vpc_id is not None,
            "vpcs": {vpc_id: region} if vpc_id else {},
            "limit": None,
            "last": None,
        }
        self.record(new_id, change_id)
        return ("ok", new_id)

    def create_service_zone(self, service: str, name: str, vpc_id: str, region: str, new_id: str) -> Outcome:
        name = name.lower().rstrip(".") + "."
        vpc = self.vpcs.get(vpc_id)
        if vpc is None or vpc["region"] != region:
            return err("InvalidVPCId")
        if name in self.names_on(vpc_id):
            return err("ConflictingDomainExists")
        self.zones[new_id] = {
            "name": name,
            "ref": None,
            "owner": None,
            "service": service,
            "linked": None,
            "partition": PARTITION_OF[region],
            "private": True,
            "vpcs": {vpc_id: region},
            "limit": None,
            "last": None,
        }
        return ("ok", new_id)

    def delete_zone(self, caller: str, zone_id: str, change_id: str) -> Outcome:
        zone = self.own_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        if zone["linked"] is not None:
            return fail("AccessDenied")
        if len(self.zone_records(zone_id)) > 2:  # DHZ-NOT-EMPTY: the apex SOA and NS never go
            return fail("HostedZoneNotEmpty", NOT_EMPTY)
        if self.busy(zone):
            return fail("PriorRequestNotComplete", PRIOR)
        self.record(zone_id, change_id)
        del self.zones[zone_id]
        self.auths.pop(zone_id, None)  # §6: its associations and authorizations go with it
        self.forget_surface(zone_id)
        return ("ok", None)

    # -- associations (rules.md §3, §4)
    def associate(self, caller: str, zone_id: str, vpc_id: str, region: str, change_id: str) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:  # 2
            return fail("NoSuchHostedZone", NO_ZONE.format(zone=zone_id))
        if not zone["private"]:  # 3
            return fail("PublicZoneVPCAssociation", PUBLIC_ZONE.format(zone=zone_id, vpc=vpc_id))
        vpc = self.vpcs.get(vpc_id)
        if vpc is None:  # 4: no VPC has that id (a deleted one included)
            return fail("InvalidVPCId", VPC_INVALID)
        if vpc["region"] != region:  # 4: it exists, but not in the stated region
            return fail("InvalidVPCId", VPC_NOT_AUTHORIZED.format(vpc=vpc_id, region=region))
        if PARTITION_OF[region] != zone["partition"]:  # 5: inferred code and message
            return fail("InvalidVPCId", Mentions(vpc_id, region))
        if zone["service"] is not None:  # 6, service-owned zones (inferred)
            return fail("AccessDenied", Mentions(zone_id))
        owns_vpc, owns_zone = vpc["owner"] == caller, zone["owner"] == caller
        if owns_vpc and not owns_zone and (vpc_id, region) not in self.auths.get(zone_id, set()):
            return fail("NotAuthorizedException", NOT_AUTHORIZED)  # 6: the pair (id, region) authorized
        if owns_zone and not owns_vpc:  # 6: even with an authorization
            return fail("NotAuthorizedException", ZONE_OWNER_NOT_AUTHORIZED.format(vpc=vpc_id))
        if not owns_zone and not owns_vpc:  # 6: owns neither
            return fail("InvalidVPCId", VPC_NOT_AUTHORIZED.format(vpc=vpc_id, region=region))
        same_name = self.names_on(vpc_id).get(zone["name"])
        if same_name is not None:  # 7: this zone included: not idempotent
            return fail(
                "ConflictingDomainExists", CONFLICTING.format(vpc=vpc_id, region=region, zone=same_name)
            )
        limit = zone["limit"] if zone["limit"] is not None else self.vpcs_per_zone
        if len(zone["vpcs"]) >= limit:  # 8
            return fail("LimitsExceeded", LIMITS)
        if self.busy(zone):  # 9
            return fail("PriorRequestNotComplete", PRIOR)
        zone["vpcs"][vpc_id] = region  # 10; the authorization stays (§1: it persists)
        self.record(zone_id, change_id)
        return ("ok", None)

    def disassociate(
        self, caller: str, zone_id: str, vpc_id: str, region: str | None, change_id: str
    ) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return fail("NoSuchHostedZone", NO_ZONE.format(zone=zone_id))
        vpc = self.vpcs.get(vpc_id)  # a deleted VPC is no one's: only the zone's owner remains
        if zone["owner"] != caller and (vpc is None or vpc["owner"] != caller):
            return fail("InvalidVPCId", Mentions(vpc_id))  # inferred
        if zone["service"] is not None:
            return fail("AccessDenied", Mentions(zone_id))  # inferred code
        if vpc_id not in zone["vpcs"] or (region is not None and zone["vpcs"][vpc_id] != region):
            return fail("VPCAssociationNotFound", NOT_ASSOCIATED)  # VPCId and, when given, VPCRegion
        if len(zone["vpcs"]) == 1:
            return fail("LastVPCAssociation", LAST_VPC)
        del zone["vpcs"][vpc_id]
        self.record(zone_id, change_id)
        return ("ok", None)

    # -- authorizations (rules.md §5)
    def create_auth(self, caller: str, zone_id: str, vpc_id: str, region: str) -> Outcome:
        zone = self.own_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        if not well_formed_vpc_id(vpc_id):  # inferred; §3.4's words for an id no VPC has
            return fail("InvalidVPCId", VPC_INVALID)
        if PARTITION_OF[region] != zone["partition"]:
            return fail("InvalidVPCId", Mentions(vpc_id, region))
        if not zone["private"]:
            return fail("InvalidInput", Mentions(zone_id))
        auths = self.auths.setdefault(zone_id, set())
        if (vpc_id, region) not in auths and len(auths) >= self.auths_per_zone:
            if not auths:
                del self.auths[zone_id]
            return fail("TooManyVPCAssociationAuthorizations", Mentions(zone_id))
        auths.add((vpc_id, region))  # already authorized: succeed without a duplicate
        return ("ok", (zone_id, vpc_id, region))

    def delete_auth(self, caller: str, zone_id: str, vpc_id: str, region: str) -> Outcome:
        zone = self.own_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        auths = self.auths.get(zone_id, set())
        if (vpc_id, region) not in auths:
            return fail("VPCAssociationAuthorizationNotFound", AUTH_NOT_FOUND)
        auths.discard((vpc_id, region))  # never removes an association
        if not auths:
            del self.auths[zone_id]
        return ("ok", (zone_id, vpc_id, region))

    def authorizations(self, zone_id: str) -> list[tuple[str, str]]:
        """The zone's authorizations in listing order: VPC id, then region (inferred order)."""
        return sorted(self.auths.get(zone_id, set()))

    def list_auths(self, caller: str, zone_id: str, max_results: int | None, page: int | None) -> Outcome:
        """One ListVPCAssociationAuthorizations page: (items, another page follows).

        *page* is the page's number (0 = no NextToken, k = the token the k-th page handed
        out); ``None`` stands for a token no page of this zone handed out.
        """
        zone = self.own_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        if page is None:  # §5: documented code; the words are ours to choose (inferred)
            return fail("InvalidPaginationToken", Mentions(zone_id))
        cut = pages(self.authorizations(zone_id), max_results or 50)  # MaxResults default 50
        return ("ok", (tuple(cut[page]), page + 1 < len(cut)))

    # -- reads (rules.md §6)
    def get_zone(self, caller: str, zone_id: str) -> Outcome:
        """GetHostedZone: (id, name, private, caller reference, comment, VPCs sorted)."""
        zone = self.own_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        return ("ok", (*self.entry(zone_id), tuple(sorted(zone["vpcs"].items()))))

    def zones_of_vpc(self, vpc_id: str) -> list[tuple[str, str, str | None, str | None]]:
        """Every zone associated with the VPC, whatever its owner, in name order (names are
        unique per VPC, §3.7; the order itself is inferred): (id, name, account, service)."""
        found = [
            (z["name"], zid, z["owner"], z["service"]) for zid, z in self.zones.items() if vpc_id in z["vpcs"]
        ]
        return [(zid, name, owner, service) for name, zid, owner, service in sorted(found)]

    def list_by_vpc(
        self, caller: str, vpc_id: str, region: str, max_items: int | None = None, page: int | None = 0
    ) -> Outcome:
        """One ListHostedZonesByVPC page: (zones, MaxItems, another page follows)."""
        vpc = self.vpcs.get(vpc_id)
        if vpc is None or vpc["region"] != region or vpc["owner"] != caller:
            return fail("AccessDenied", Mentions(NOT_OWNED))
        if page is None:  # a documented error of the operation; the words are inferred
            return fail("InvalidPaginationToken", Mentions(vpc_id))
        size = max_items or 100  # MaxItems default 100 (observed)
        cut = pages(self.zones_of_vpc(vpc_id), size)
        return ("ok", (tuple(cut[page]), size, page + 1 < len(cut)))

    def get_limit(self, caller: str, zone_id: str) -> Outcome:
        zone = self.own_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        if not zone["private"]:
            return fail("HostedZoneNotPrivate", Mentions(zone_id))
        limit = zone["limit"] if zone["limit"] is not None else self.vpcs_per_zone
        return ("ok", (limit, len(zone["vpcs"])))

    def get_change(self, caller: str, change_id: str) -> Outcome:
        change = self.changes.get(change_id)
        if change is None:
            return fail("NoSuchChange", NO_CHANGE.format(change=change_id))
        if change["owner"] != caller:
            return fail("AccessDenied", Mentions(change_id))
        return ("ok", "INSYNC" if self.now >= change["at"] + self.propagation else "PENDING")

    # -- invariants (what the spec says must hold of any world the rules can reach)
    def problems(self) -> list[str]:
        """Every way the model's state breaks a rule of the spec; ``[]`` for a sound state."""
        found: list[str] = []
        for account, partition in self.accounts.items():
            if partition not in PARTITIONS:  # §1: one of the eight
                found.append(f"account {account} is in {partition!r}, no partition")
        for vpc_id, vpc in self.vpcs.items():
            if not well_formed_vpc_id(vpc_id):  # §1
                found.append(f"VPC id {vpc_id!r} is not vpc- and 8 or 17 hex digits")
            if PARTITION_OF.get(vpc["region"]) != self.partition(vpc["owner"]):  # §1
                found.append(f"VPC {vpc_id} in {vpc['region']} is outside its owner's partition")
            if vpc_id in self.deleted:  # §1: VPC ids are unique
                found.append(f"VPC {vpc_id} is both live and deleted")
        names: dict[tuple[str, str], str] = {}
        refs: set[tuple[str, str]] = set()
        owned: dict[str, int] = {}
        for zone_id, zone in self.zones.items():
            body = zone_id[1:]
            if not (
                zone_id.startswith("Z") and len(zone_id) <= 32 and body.isalnum() and body == body.upper()
            ):
                found.append(f"zone id {zone_id!r} is not Z and upper-case alphanumerics, at most 32")
            if not zone["name"].endswith(".") or zone["name"] != zone["name"].lower():  # §6
                found.append(f"zone {zone_id} name {zone['name']!r} is not stored lower-case with its dot")
            if (zone["owner"] is None) == (zone["service"] is None):  # §1: an account or a service
                found.append(f"zone {zone_id} has not exactly one owner")
            if zone["owner"] is not None:
                if zone["partition"] != self.partition(zone["owner"]):  # §1
                    found.append(f"zone {zone_id} is in {zone['partition']}, its owner is not")
                owned[zone["owner"]] = owned.get(zone["owner"], 0) + 1
                if (zone["owner"], zone["ref"]) in refs:  # §6: caller references unique per account
                    found.append(f"caller reference {zone['ref']!r} of {zone['owner']} used twice")
                refs.add((zone["owner"], zone["ref"]))
            if zone["private"] and not zone["vpcs"]:  # §3.3, §8: never zero associations
                found.append(f"private zone {zone_id} has no VPC")
            if not zone["private"] and zone["vpcs"]:  # §1: associations of private zones only
                found.append(f"public zone {zone_id} has VPCs")
            limit = zone["limit"] if zone["limit"] is not None else self.vpcs_per_zone
            if len(zone["vpcs"]) > limit:  # §3.8
                found.append(f"zone {zone_id} has {len(zone['vpcs'])} VPCs, its limit is {limit}")
            for vpc_id, region in zone["vpcs"].items():
                if PARTITION_OF.get(region) != zone["partition"]:  # §3.5
                    found.append(f"zone {zone_id} has VPC {vpc_id} in {region}, another partition")
                vpc = self.vpcs.get(vpc_id)
                if vpc is not None and vpc["region"] != region:  # §3.4: the VPC's own region
                    found.append(
                        f"zone {zone_id} has VPC {vpc_id} in {region}; the VPC is in {vpc['region']}"
                    )
                if vpc is None and vpc_id not in self.deleted:  # §1, §8: a VPC that existed
                    found.append(f"zone {zone_id} has VPC {vpc_id}, which never existed")
                other = names.setdefault((vpc_id, zone["name"]), zone_id)
                if other != zone_id:  # §3.7
                    found.append(f"VPC {vpc_id} has two zones named {zone['name']}: {other}, {zone_id}")
        for account, count in owned.items():
            if count > self.zones_per_account:  # §6
                found.append(f"account {account} owns {count} zones, the quota is {self.zones_per_account}")
        for zone_id, auths in self.auths.items():
            zone = self.zones.get(zone_id)
            if zone is None:  # §6: a deleted zone's authorizations go with it
                found.append(f"authorizations for zone {zone_id}, which does not exist")
                continue
            if auths and (not zone["private"] or zone["owner"] is None):  # §5
                found.append(f"zone {zone_id} is public or a service's, yet has authorizations")
            if len(auths) > self.auths_per_zone:  # §5
                found.append(
                    f"zone {zone_id} has {len(auths)} authorizations, the quota is {self.auths_per_zone}"
                )
            for vpc_id, region in auths:
                if not well_formed_vpc_id(vpc_id) or PARTITION_OF.get(region) != zone["partition"]:  # §5
                    found.append(f"zone {zone_id} authorizes {vpc_id} in {region}, which §5 refuses")
        return found

    def advance(self, seconds: float) -> Outcome:
        self.now += seconds
        return ("ok", None)

    # -- record sets (surface.md §S2) ------------------------------------------------
    def zone_records(self, zone_id: str) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
        """The zone's record sets, (stored name, type) → (TTL, values); the defaults first time."""
        sets = self.records.get(zone_id)
        if sets is None:
            zone = self.zones[zone_id]
            apex = zone["name"]
            ns = PRIVATE_NS if zone["private"] else self.name_servers[zone_id]
            sets = self.records[zone_id] = {
                (apex, "NS"): (172800, ns),  # REC-DEFAULT-PRIVATE-NS / REC-DEFAULT-PUBLIC
                (apex, "SOA"): (900, (ns[0] + SOA_TAIL,)),  # REC-DEFAULT-PRIVATE-SOA / -PUBLIC
            }
        return sets

    def forget_surface(self, zone_id: str) -> None:
        """Records, tags and comment vanish with the zone (TAG-OWNER, §S2.6)."""
        self.records.pop(zone_id, None)
        self.name_servers.pop(zone_id, None)
        self.tags.pop(zone_id, None)
        self.comments.pop(zone_id, None)

    def owned_zone(self, caller: str, zone_id: str) -> dict[str, Any] | Outcome:
        """The zone if *caller* owns it, else the NoSuchHostedZone / AccessDenied outcome."""
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return fail("NoSuchHostedZone", f"No hosted zone found with ID: {zone_id}")
        if zone["owner"] != caller:
            return fail("AccessDenied")
        return zone

    def change_records(
        self, caller: str, zone_id: str, changes: list[dict[str, Any]], change_id: str
    ) -> Outcome:
        """ChangeResourceRecordSets: check order of §S2.4, per-change rules, atomic apply."""
        shapeless = [c for c in changes if c["ttl"] is None or c["values"] is None]
        if shapeless:  # CRRS-SHAPE (two such changes: the message is not fixed by the spec)
            c = shapeless[0]
            return fail(
                "InvalidInput",
                "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], "
                "or TrafficPolicyInstanceId], but found none in Change with "
                f"[Action={c['action']}, Name={c['name']}, Type={c['type']}, SetIdentifier=null]"
                if len(shapeless) == 1
                else None,
            )
        zone = self.owned_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        if zone["linked"] is not None:
            return fail("AccessDenied")
        if self.busy(zone):
            return fail("PriorRequestNotComplete", PRIOR)
        apex: str = zone["name"]
        work = dict(self.zone_records(zone_id))
        messages: list[str] = []
        exact = True  # False once the spec leaves the message (not the outcome) open
        failed_names: set[str] = set()
        actions_seen: dict[tuple[str, str], set[str]] = {}
        for c in changes:
            name, kind, action = normalise(c["name"]), c["type"], c["action"]
            key = (name, kind)
            values: tuple[str, ...] = tuple(c["values"])
            groups: list[list[str]] = []
            in_zone = name == apex or name.endswith("." + apex)
            if not in_zone:  # REC-IN-ZONE: apex, placement and state mean nothing outside the zone
                groups.append([f"RRSet with DNS name {name} is not permitted in zone {apex}"])
            place = placement(name, kind, apex, zone["private"]) if in_zone else []
            if place:
                groups.append(place)
            bad = [m for m in (value_problem(kind, v) for v in values) if m is not None]
            if kind == "CNAME" and len(values) > 1:  # REC-CNAME-ONE
                bad.append(f"RRSet of type CNAME with DNS name {name} has more than one value")
            if bad:
                groups.append(bad)
                if kind == "CNAME" and len(values) > 1 and len(bad) > 1:
                    exact = False  # bad values and too many values: which the spec does not say
                if any(m == "" for m in bad):
                    exact = False
            twice = action in actions_seen.setdefault(key, set())
            actions_seen[key].add(action)
            if twice:  # CRRS-SAME-SET-TWICE: it takes the place of the state checks
                groups.append(
                    [
                        f"The request contains an invalid set of changes for a resource record set '{kind} {name}'"
                    ]
                )
            elif in_zone and (not place or action == "DELETE"):
                # A misplaced CREATE/UPSERT fails for its place (the observed CNAME-at-apex case,
                # where the apex SOA and NS would also conflict); for a DELETE the spec is open.
                state = state_problems(action, name, kind, c["ttl"], values, apex, work)
                if state:
                    groups.append(state)
            if not groups:
                if name in failed_names:
                    exact = False  # whether a failed change reached the working copy is open
                if action == "DELETE":
                    del work[key]
                else:
                    work[key] = (c["ttl"], values)
                continue
            # A change failing for two unrelated reasons: the spec gives no order between them.
            if len(groups) > 1 or (groups[0] is not bad and len(groups[0]) > 1):
                exact = False
            if name in failed_names:
                # Whether a failed change reached the working copy is open, and with it whether a
                # second CREATE/DELETE/UPSERT of the set is "absorbed" (CRRS-SAME-SET-TWICE).
                exact = False
            failed_names.add(name)
            messages.extend(groups[0])
        if messages:
            if len(work) > self.rrsets_per_zone:
                exact = False  # per-change failures and the quota together: open
            return fail("InvalidChangeBatch", "[" + ", ".join(messages) + "]" if exact else None)
        if len(work) > self.rrsets_per_zone:  # REC-QUOTA, on the batch's result (inferred)
            return fail(
                "InvalidChangeBatch",
                f"[The number of resource record sets in the hosted zone {apex} would exceed the limit of "
                f"{self.rrsets_per_zone}.]",
            )
        self.records[zone_id] = work
        self.record(zone_id, change_id)
        return ("ok", None)

    def list_records(
        self, caller: str, zone_id: str, name: str | None, kind: str | None, max_items: Any
    ) -> Outcome:
        """One ListResourceRecordSets page: (sets, is_truncated, max_items, next name, next type)."""
        if kind is not None and name is None:
            return fail("InvalidInput", "")  # LRRS-TYPE-ALONE: an empty message
        size = page_size(max_items, 300)
        if isinstance(size, tuple):
            return size
        zone = self.owned_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        ordered = sorted(
            self.zone_records(zone_id).items(), key=lambda kv: (reversed_key(kv[0][0]), kv[0][1])
        )
        start = 0
        if name is not None:
            wanted = (reversed_key(normalise(name)), kind or "")
            while (
                start < len(ordered) and (reversed_key(ordered[start][0][0]), ordered[start][0][1]) < wanted
            ):
                start += 1
        page = ordered[start : start + size]
        rest = ordered[start + size :]
        sets = tuple((n, t, ttl, vals) for (n, t), (ttl, vals) in page)
        nxt = rest[0][0] if rest else (None, None)
        return ("ok", (sets, bool(rest), echo(max_items, 300), nxt[0], nxt[1]))

    def record_limit(self, caller: str, zone_id: str) -> Outcome:
        """GetHostedZoneLimit MAX_RRSETS_BY_ZONE: (limit, count) (REC-QUOTA)."""
        zone = self.owned_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        return ("ok", (self.rrsets_per_zone, len(self.zone_records(zone_id))))

    # -- zone listings and metadata (surface.md §S1, §S4) ------------------------------
    def entry(self, zone_id: str) -> tuple[str, str, bool, str, str | None]:
        zone = self.zones[zone_id]
        return (zone_id, zone["name"], zone["private"], zone["ref"], self.comments.get(zone_id))

    def owned(self, caller: str) -> list[str]:
        """The caller's zones in creation order (LIST-OWNED, LIST-NOT-FOREIGN, LHZ-ORDER)."""
        return [zid for zid, z in self.zones.items() if z["owner"] == caller]

    def list_zones(
        self, caller: str, marker: str | None, max_items: Any, zone_type: str | None, delegation: str | None
    ) -> Outcome:
        """One ListHostedZones page: (entries, max_items, is_truncated, marker, next_marker)."""
        size = page_size(max_items, 100)
        if isinstance(size, tuple):
            return size
        if zone_type is not None and zone_type != "PrivateHostedZone":
            return fail(
                "InvalidInput",
                f"1 validation error detected: Value '{zone_type}' at 'hostedZoneType' failed to satisfy "
                "constraint: Member must satisfy enum value set: [PrivateHostedZone]",
            )
        if delegation is not None:  # LHZ-DELEGATION → DS-UNKNOWN
            return fail("NoSuchDelegationSet", f"No delegation set found with ID: {delegation}")
        ids = [z for z in self.owned(caller) if zone_type is None or self.zones[z]["private"]]
        start = 0
        if marker is not None:
            if marker not in ids:
                return fail("InvalidInput", f"Invalid marker: {marker}")
            start = ids.index(marker)
        page, rest = ids[start : start + size], ids[start + size :]
        entries = tuple(self.entry(z) for z in page)
        return ("ok", (entries, echo(max_items, 100), bool(rest), marker, rest[0] if rest else None))

    def list_zones_by_name(
        self, caller: str, dns_name: str | None, zone_id: str | None, max_items: Any
    ) -> Outcome:
        """One ListHostedZonesByName page:
        (entries, max_items, is_truncated, dns_name, zone_id, next name, next id)."""
        if zone_id is not None and dns_name is None:
            return fail("InvalidInput", "The parameter hostedzoneid can only be used together with dnsname.")
        if dns_name is not None and not valid_domain(dns_name):
            return fail("InvalidDomainName", dns_name)  # LHZBN-BADNAME: the name as sent
        size = page_size(max_items, 100)
        if isinstance(size, tuple):
            return size
        ordered = sorted(self.owned(caller), key=lambda z: (reversed_key(self.zones[z]["name"]), z))
        start = 0
        if dns_name is not None:
            wanted = (reversed_key(normalise(dns_name)), zone_id or "")
            while (
                start < len(ordered)
                and (reversed_key(self.zones[ordered[start]]["name"]), ordered[start]) < wanted
            ):
                start += 1
        page, rest = ordered[start : start + size], ordered[start + size :]
        entries = tuple(self.entry(z) for z in page)
        nxt = (self.zones[rest[0]]["name"], rest[0]) if rest else (None, None)
        return ("ok", (entries, echo(max_items, 100), bool(rest), dns_name, zone_id, nxt[0], nxt[1]))

    def zone_count(self, caller: str) -> Outcome:
        return ("ok", len(self.owned(caller)))  # COUNT

    def update_comment(self, caller: str, zone_id: str, comment: str | None) -> Outcome:
        """UpdateHostedZoneComment (UHZC-SET, UHZC-CHECKS); no change record."""
        if comment is not None and len(comment) > 256:
            return fail(
                "InvalidInput",
                f"1 validation error detected: Value '{comment}' at 'comment' failed to satisfy constraint: "
                "Member must have length less than or equal to 256",
            )
        zone = self.owned_zone(caller, zone_id)
        if isinstance(zone, tuple):
            return zone
        if self.busy(zone):
            return fail("PriorRequestNotComplete", PRIOR)
        if comment is None:
            self.comments.pop(zone_id, None)
        else:
            self.comments[zone_id] = comment
        return ("ok", self.entry(zone_id))

    def get_dnssec(self, caller: str, zone_id: str) -> Outcome:
        """GetDNSSEC: NOT_SIGNING for a public zone; InvalidArgument for a private one."""
        zone = self.owned_zone(caller, zone_id)  # owner only: inferred, as GetHostedZone
        if isinstance(zone, tuple):
            return zone
        if zone["private"]:
            return fail("InvalidArgument", "Operation is unsupported for private hosted zones.")
        return ("ok", ("NOT_SIGNING", ()))

    # -- tags (surface.md §S3) -------------------------------------------------------
    def tag_zone(self, caller: str, resource_id: str) -> dict[str, Any] | Outcome:
        if len(resource_id) > 32:  # TAG-ID
            return fail(
                "InvalidInput",
                f"1 validation error detected: Value '{resource_id}' at 'resourceId' failed to satisfy "
                "constraint: Member must have length less than or equal to 32",
            )
        return self.owned_zone(caller, resource_id)

    def change_tags(
        self,
        caller: str,
        resource_id: str,
        add: list[tuple[str, str]] | None,
        remove: list[str] | None,
    ) -> Outcome:
        """ChangeTagsForResource: TAG-ID, TAG-CHANGE, TAG-LIMITS, TAG-OWNER."""
        if add is not None and len(add) > 10:
            return fail("InvalidInput", too_many("Tag"))
        if remove is not None and len(remove) > 10:
            return fail("InvalidInput", too_many("Key"))
        if add is None and remove is None:
            return fail("InvalidInput")
        if add is not None and remove is not None and {k for k, _ in add} & set(remove):
            return fail("InvalidInput")
        zone = self.tag_zone(caller, resource_id)
        if isinstance(zone, tuple):
            return zone
        tags = dict(self.tags.get(resource_id, {}))
        for key in remove or []:
            tags.pop(key, None)
        for key, value in add or []:
            tags[key] = value  # a known key keeps its place, a new one goes last
        if len(tags) > 50:
            return fail(
                "InvalidInput", f"The number of tags for resource {resource_id} would exceed the limit of 50."
            )
        self.tags[resource_id] = tags
        return ("ok", None)

    def list_tags(self, caller: str, resource_id: str) -> Outcome:
        zone = self.tag_zone(caller, resource_id)
        if isinstance(zone, tuple):
            return zone
        return ("ok", ("hostedzone", resource_id, tuple(self.tags.get(resource_id, {}).items())))

    def list_tags_many(self, caller: str, resource_ids: list[str]) -> Outcome:
        if len(resource_ids) > 10:
            return fail("InvalidInput", too_many("ResourceId"))
        if not resource_ids:
            return fail("InvalidInput")
        for resource_id in resource_ids:  # "any unknown id → NoSuchHostedZone", before ownership
            if len(resource_id) <= 32 and self.zone_for(caller, resource_id) is None:
                return fail("NoSuchHostedZone", f"No hosted zone found with ID: {resource_id}")
        found = []
        for resource_id in resource_ids:  # then the first bad id, in request order (inferred)
            one = self.list_tags(caller, resource_id)
            if one[0] != "ok":
                return one
            found.append(one[1])
        return ("ok", tuple(found))


# -- surface.md helpers (module level, used by the methods above) ---------------------

PRIVATE_NS = (
    "ns-1536.awsdns-00.co.uk.",
    "ns-0.awsdns-00.com.",
    "ns-1024.awsdns-00.org.",
    "ns-512.awsdns-00.net.",
)
SOA_TAIL = " awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"
NOT_EMPTY = "The specified hosted zone contains non-required resource record sets and so cannot be deleted."


def too_many(element: str) -> str:
    return (
        f"Invalid XML ; cvc-complex-type.2.4.f: '{element}' can occur a maximum of '10' times in the current "
        "sequence. This limit was exceeded. No child element is expected at this point."
    )


def normalise(name: str) -> str:
    """A DNS name as stored (REC-KEY): lower case, trailing dot, other characters as \\ooo."""
    name = name.lower()
    if name.endswith("."):
        name = name[:-1]
    kept = "abcdefghijklmnopqrstuvwxyz0123456789-_."
    out, i = [], 0
    while i < len(name):
        if name[i] == "\\" and name[i + 1 : i + 4].isdigit() and len(name[i + 1 : i + 4]) == 3:
            out.append(name[i : i + 4])  # already an escape (a name the library gave back)
            i += 4
            continue
        out.append(name[i] if name[i] in kept else f"\\{ord(name[i]):03o}")
        i += 1
    return "".join(out) + "."


def reversed_key(stored: str) -> str:
    """LHZBN-ORDER: labels in reverse order, joined by dots, with a trailing dot."""
    return ".".join(reversed(stored[:-1].split("."))) + "."


def valid_domain(name: str) -> bool:
    body = name[:-1] if name.endswith(".") else name
    labels = body.split(".")
    return bool(body) and all(0 < len(label) <= 63 for label in labels) and len(body) <= 254


def page_size(max_items: Any, cap: int) -> int | Outcome:
    """LHZ-PAGE / LHZ-MAXITEMS-BAD / LRRS-PAGE: the page size, capped."""
    if max_items is None:
        return cap
    text = str(max_items)
    if not text.isdigit() or int(text) < 1:
        return fail(
            "InvalidInput",
            f"1 validation error detected: Value '{text}' at 'maxItems' failed to satisfy constraint: "
            "Member must be a positive integer",
        )
    return min(int(text), cap)


def echo(max_items: Any, default: int) -> str:
    return str(default) if max_items is None else str(max_items)


def placement(name: str, kind: str, apex: str, private: bool) -> list[str]:
    """Type-and-place rules of one change inside the zone (REC-CNAME-APEX, REC-APEX-SOA, ...)."""
    found = []
    if kind == "CNAME" and name == apex:
        found.append(f"RRSet of type CNAME with DNS name {apex} is not permitted at apex in zone {apex}")
    if kind == "SOA" and name != apex:
        found.append(
            f"RRSet of type SOA with DNS name {name} is not permitted because it is not at the apex of zone {apex}"
        )
    if kind == "NS" and name.startswith("\\052."):
        found.append(
            f"RRSet of type NS with DNS name {name} is not permitted because wildcard names cannot have NS records"
        )
    if kind == "NS" and private and name != apex:
        found.append(f"RRSet of type NS with DNS name {name} is not permitted in private zone {apex}")
    return found


def state_problems(
    action: str, name: str, kind: str, ttl: int, values: tuple[str, ...], apex: str, work: dict[Any, Any]
) -> list[str]:
    """The rules that read the working copy of the zone (REC-CREATE-EXISTS ... REC-APEX-NS)."""
    where = f"[name='{name}', type='{kind}']"
    if action == "DELETE":
        if (name, kind) not in work:
            return [f"Tried to delete resource record set {where} but it was not found"]
        found = []
        stored_ttl, stored = work[(name, kind)]
        if stored_ttl != ttl or set(stored) != set(values):
            found.append(
                f"Tried to delete resource record set {where} but the values provided do not match the current values"
            )
        if name == apex and kind == "SOA":
            found.append("A HostedZone must contain exactly one SOA record.")
        if name == apex and kind == "NS":
            found.append("A HostedZone must contain at least one NS record for the zone itself.")
        return found
    if action == "CREATE" and (name, kind) in work:
        return [f"Tried to create resource record set {where} but it already exists"]
    others = [t for (n, t) in work if n == name and t != "CNAME"]
    if kind == "CNAME" and others:
        return [
            f"RRSet of type CNAME with DNS name {name} is not permitted as it conflicts with other records "
            f"with the same DNS name in zone {apex}"
        ]
    if kind != "CNAME" and (name, "CNAME") in work:
        return [
            f"RRSet of type {kind} with DNS name {name} is not permitted because a conflicting RRSet of type "
            f"CNAME with the same DNS name already exists in zone {apex}"
        ]
    return []


def value_problem(kind: str, value: str) -> str | None:
    """The message for one bad value (the value table of §S2.4), for the values the test draws.

    ``""`` for a value that is bad in a way whose message the spec does not fix.
    """

    def fatal(code: str, description: str) -> str:
        return f"Invalid Resource Record: 'FATAL problem: {code} ({description}) encountered with '{value}''"

    if kind == "A":
        if " " in value or "," in value:
            return fatal("ARRDATANotSingleField", "Value contains spaces")
        parts = value.split(".")
        if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts):
            return fatal("ARRDATAIllegalIPv4Address", "Value is not a valid IPv4 address")
        return None
    if kind == "TXT":  # one or more "…" strings separated by spaces; \" inside a string
        i, strings = 0, 0
        while i < len(value):
            if value[i] == " ":
                i += 1
                continue
            if value[i] != '"':
                return fatal("InvalidCharacterString", "Value should be enclosed in quotation marks")
            i += 1
            while i < len(value) and value[i] != '"':
                i += 2 if value[i] == "\\" else 1
            if i >= len(value):
                return ""  # an unterminated string: not a case the spec gives a message for
            i += 1
            strings += 1
        return None if strings else ""
    if kind in ("CNAME", "NS"):
        body = value[:-1] if value.endswith(".") else value
        if any(label == "" for label in body.split(".")):
            return fatal("DomainLabelEmpty", "Domain label is empty")
        return None
    if kind == "MX":
        fields = value.split(" ")
        ok = len(fields) == 2 and fields[0].isdigit() and int(fields[0]) <= 65535
        return None if ok else ""
    if kind == "SOA":
        return None if len(value.split(" ")) == 7 else ""
    return ""

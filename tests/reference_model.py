"""A deliberately simple, independent reference model of the association rules.

Plain dicts and sets, mutated in place, written straight from the spec
(../shared/spec/rules.md) without importing anything from route53_assoc.  Each
method returns ("ok", payload) or ("error", code) and changes the model only on
"ok".  Ids of new things are supplied by the caller (taken from the library's
answer), since ids are an implementation detail.
"""

from __future__ import annotations

from typing import Any, ClassVar

PARTITION_OF = {
    "us-east-1": "aws",
    "eu-west-1": "aws",
    "us-west-2": "aws",
    "cn-north-1": "aws-cn",
    "cn-northwest-1": "aws-cn",
}

Outcome = tuple[str, Any]


def err(code: str) -> Outcome:
    return ("error", code)


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
        self.accounts = dict(accounts)
        self.vpcs: dict[str, dict[str, str]] = {}
        self.deleted: set[str] = set()
        self.zones: dict[str, dict[str, Any]] = {}
        self.auths: dict[str, set[tuple[str, str]]] = {}
        self.refs: set[tuple[str, str]] = set()
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
        zone = self.zones.get(zone_id)
        if zone is None or zone["partition"] != self.partition(caller):
            return None
        return zone

    def busy(self, zone: dict[str, Any]) -> bool:
        return zone["last"] is not None and self.processing > 0 and self.now < zone["last"] + self.processing

    def record(self, zone_id: str, change_id: str) -> None:
        zone = self.zones[zone_id]
        owner = zone["owner"] if zone["owner"] is not None else zone["service"]
        self.changes[change_id] = {"zone": zone_id, "owner": owner, "at": self.now}
        zone["last"] = self.now

    def names_on(self, vpc_id: str) -> dict[str, str]:
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

    # -- zones
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
            return err("InvalidDomainName")
        if (caller, ref) in self.refs:
            return err("HostedZoneAlreadyExists")
        if vpc_id is not None:
            vpc = self.vpcs.get(vpc_id)
            if vpc is None or vpc["region"] != region or vpc["owner"] != caller:
                return err("InvalidVPCId")
            if name in self.names_on(vpc_id):
                return err("ConflictingDomainExists")
        if sum(1 for z in self.zones.values() if z["owner"] == caller) >= self.zones_per_account:
            return err("TooManyHostedZones")
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
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return err("NoSuchHostedZone")
        if zone["owner"] != caller:
            return err("AccessDenied")
        if zone["linked"] is not None:
            return err("AccessDenied")
        if len(self.zone_records(zone_id)) > 2:  # DHZ-NOT-EMPTY: the apex SOA and NS never go
            return fail("HostedZoneNotEmpty", NOT_EMPTY)
        if self.busy(zone):
            return err("PriorRequestNotComplete")
        self.record(zone_id, change_id)
        del self.zones[zone_id]
        self.auths.pop(zone_id, None)
        self.forget_surface(zone_id)
        return ("ok", None)

    # -- associations
    def associate(self, caller: str, zone_id: str, vpc_id: str, region: str, change_id: str) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return err("NoSuchHostedZone")
        if not zone["private"]:
            return err("PublicZoneVPCAssociation")
        vpc = self.vpcs.get(vpc_id)
        if vpc is None or vpc["region"] != region:
            return err("InvalidVPCId")
        if PARTITION_OF[region] != zone["partition"]:
            return err("InvalidVPCId")
        if zone["service"] is not None:
            return err("AccessDenied")
        owns_vpc, owns_zone = vpc["owner"] == caller, zone["owner"] == caller
        if owns_vpc and not owns_zone and (vpc_id, region) not in self.auths.get(zone_id, set()):
            return err("NotAuthorizedException")
        if owns_zone and not owns_vpc:
            return err("NotAuthorizedException")
        if not owns_zone and not owns_vpc:
            return err("InvalidVPCId")
        if zone["name"] in self.names_on(vpc_id):
            return err("ConflictingDomainExists")
        limit = zone["limit"] if zone["limit"] is not None else self.vpcs_per_zone
        if len(zone["vpcs"]) >= limit:
            return err("LimitsExceeded")
        if self.busy(zone):
            return err("PriorRequestNotComplete")
        zone["vpcs"][vpc_id] = region
        self.record(zone_id, change_id)
        return ("ok", None)

    def disassociate(
        self, caller: str, zone_id: str, vpc_id: str, region: str | None, change_id: str
    ) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return err("NoSuchHostedZone")
        vpc = self.vpcs.get(vpc_id)
        if zone["owner"] != caller and (vpc is None or vpc["owner"] != caller):
            return err("InvalidVPCId")
        if zone["service"] is not None:
            return err("AccessDenied")
        if vpc_id not in zone["vpcs"] or (region is not None and zone["vpcs"][vpc_id] != region):
            return err("VPCAssociationNotFound")
        if len(zone["vpcs"]) == 1:
            return err("LastVPCAssociation")
        del zone["vpcs"][vpc_id]
        self.record(zone_id, change_id)
        return ("ok", None)

    # -- authorizations
    def create_auth(self, caller: str, zone_id: str, vpc_id: str, region: str) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return err("NoSuchHostedZone")
        if zone["owner"] != caller:
            return err("AccessDenied")
        hexpart = vpc_id[4:]
        if not (
            vpc_id.startswith("vpc-")
            and len(hexpart) in (8, 17)
            and all(c in "0123456789abcdef" for c in hexpart)
        ):
            return err("InvalidVPCId")
        if PARTITION_OF[region] != zone["partition"]:
            return err("InvalidVPCId")
        if not zone["private"]:
            return err("InvalidInput")
        auths = self.auths.setdefault(zone_id, set())
        if (vpc_id, region) not in auths and len(auths) >= self.auths_per_zone:
            if not auths:
                del self.auths[zone_id]
            return err("TooManyVPCAssociationAuthorizations")
        auths.add((vpc_id, region))
        return ("ok", None)

    def delete_auth(self, caller: str, zone_id: str, vpc_id: str, region: str) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return err("NoSuchHostedZone")
        if zone["owner"] != caller:
            return err("AccessDenied")
        auths = self.auths.get(zone_id, set())
        if (vpc_id, region) not in auths:
            return err("VPCAssociationAuthorizationNotFound")
        auths.discard((vpc_id, region))
        if not auths:
            del self.auths[zone_id]
        return ("ok", None)

    def list_auths(self, caller: str, zone_id: str) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return err("NoSuchHostedZone")
        if zone["owner"] != caller:
            return err("AccessDenied")
        return ("ok", sorted(self.auths.get(zone_id, set())))

    # -- reads
    def get_zone(self, caller: str, zone_id: str) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return err("NoSuchHostedZone")
        if zone["owner"] != caller:
            return err("AccessDenied")
        return ("ok", sorted(zone["vpcs"].items()))

    def list_by_vpc(self, caller: str, vpc_id: str, region: str) -> Outcome:
        vpc = self.vpcs.get(vpc_id)
        if vpc is None or vpc["region"] != region or vpc["owner"] != caller:
            return err("AccessDenied")
        found = []
        for zid, z in self.zones.items():
            if vpc_id in z["vpcs"]:
                found.append((zid, z["name"], z["owner"], z["service"]))
        return ("ok", sorted(found))

    def get_limit(self, caller: str, zone_id: str) -> Outcome:
        zone = self.zone_for(caller, zone_id)
        if zone is None:
            return err("NoSuchHostedZone")
        if zone["owner"] != caller:
            return err("AccessDenied")
        if not zone["private"]:
            return err("HostedZoneNotPrivate")
        limit = zone["limit"] if zone["limit"] is not None else self.vpcs_per_zone
        return ("ok", (limit, len(zone["vpcs"])))

    def get_change(self, caller: str, change_id: str) -> Outcome:
        change = self.changes.get(change_id)
        if change is None:
            return err("NoSuchChange")
        if change["owner"] != caller:
            return err("AccessDenied")
        return ("ok", "INSYNC" if self.now >= change["at"] + self.propagation else "PENDING")

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
PRIOR = "The request was rejected because Route 53 was still processing a prior request."
NOT_EMPTY = "The specified hosted zone contains non-required resource record sets and so cannot be deleted."


def fail(code: str, message: str | None = None) -> Outcome:
    """An error with the spec's exact message; ``None`` where the spec fixes no text."""
    return ("error", code, message)  # type: ignore[return-value]


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

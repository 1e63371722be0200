"""A deliberately simple, independent reference model of the association rules.

Plain dicts and sets, mutated in place, written straight from the spec
(../shared/spec/rules.md) without importing anything from route53_assoc.  Each
method returns ("ok", payload) or ("error", code) and changes the model only on
"ok".  Ids of new things are supplied by the caller (taken from the library's
answer), since ids are an implementation detail.
"""

from __future__ import annotations

from typing import Any

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
        if self.busy(zone):
            return err("PriorRequestNotComplete")
        self.record(zone_id, change_id)
        del self.zones[zone_id]
        self.auths.pop(zone_id, None)
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

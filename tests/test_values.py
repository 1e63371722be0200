"""Value objects normalise on construction, so == is domain equality (spec §1, §2, §6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

import route53_assoc as r53
from route53_assoc._changes import ChangeLog
from route53_assoc._values import format_timestamp, normalize_hosted_zone_id, normalize_name, parse_timestamp
from route53_assoc.errors import InvalidDomainName, InvalidInput


class TestPartitions:
    """Spec §1: 8 partitions own the 46 regions of the VPCRegion enum."""

    def test_counts(self) -> None:
        assert len(r53.PARTITIONS) == 8
        assert len(r53.REGIONS) == 46
        assert sum(len(p.regions) for p in r53.Partition.all()) == 46

    @pytest.mark.parametrize(
        ("region", "partition"),
        [
            ("us-east-1", "aws"),
            ("cn-northwest-1", "aws-cn"),
            ("us-gov-east-1", "aws-us-gov"),
            ("us-iso-west-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
        ],
    )
    def test_partition_of(self, region: str, partition: str) -> None:
        assert r53.partition_of(region) == partition
        assert r53.Partition.of(region) == r53.Partition(partition)

    def test_unknown(self) -> None:
        with pytest.raises(ValueError, match="mars-1"):
            r53.partition_of("mars-1")
        with pytest.raises(ValueError, match="aws-mars"):
            r53.Partition("aws-mars")


class TestIdentifiers:
    def test_zone_id_prefix_is_stripped(self) -> None:
        assert normalize_hosted_zone_id("/hostedzone/ZABC") == "ZABC"
        assert r53.Authorization(
            hosted_zone_id="/hostedzone/ZABC", vpc_id="vpc-0123abcd", vpc_region="us-east-1"
        ) == (r53.Authorization(hosted_zone_id="ZABC", vpc_id="vpc-0123abcd", vpc_region="us-east-1"))

    def test_zone_id_length(self) -> None:
        with pytest.raises(InvalidInput) as info:
            normalize_hosted_zone_id("Z" * 33)
        assert str(info.value) == (
            f"1 validation error detected: Value '{'Z' * 33}' at 'resourceId' failed to satisfy "
            "constraint: Member must have length less than or equal to 32"
        )

    @pytest.mark.parametrize("bad", ["vpc-1", "vpc-0123ABCD", "vpc-0123456789abcdef", "0123abcd"])
    def test_vpc_id_form(self, bad: str) -> None:
        with pytest.raises(InvalidInput):
            r53.VPC(id=bad, region="us-east-1", owner="111111111111")

    def test_vpc_region_must_be_enum(self) -> None:
        with pytest.raises(InvalidInput, match="enum value set"):
            r53.VPC(id="vpc-0123abcd", region="mars-1", owner="111111111111")

    def test_change_info_id_is_prefixed(self) -> None:
        when = datetime(2020, 1, 1, tzinfo=UTC)
        info = r53.ChangeInfo("/change/C1", "PENDING", when)
        assert info == r53.ChangeInfo("C1", "PENDING", when)
        assert info.id == "/change/C1" and info.bare_id == "C1"

    def test_change_info_time_is_aware_utc(self) -> None:
        with pytest.raises(InvalidInput):
            r53.ChangeInfo("C1", "PENDING", datetime(2020, 1, 1))
        local = datetime(2020, 1, 1, 2, tzinfo=timezone(timedelta(hours=2)))
        assert r53.ChangeInfo("C1", "INSYNC", local).submitted_at == datetime(2020, 1, 1, tzinfo=UTC)


class TestNames:
    """Spec §6: trailing dot optional, lower-case, \\ooo escapes, label and length limits."""

    @pytest.mark.parametrize(
        ("given", "stored"),
        [
            ("example.com", "example.com."),
            ("EXAMPLE.com.", "example.com."),
            ("a_b-c.example.com", "a_b-c.example.com."),
            ("a*b.example.com", "a\\052b.example.com."),
            ("a\\052b.example.com", "a\\052b.example.com."),
            ("sub.*.example.com", "sub.\\052.example.com."),
            ("corp", "corp."),
        ],
    )
    def test_normalised(self, given: str, stored: str) -> None:
        assert normalize_name(given) == stored

    @pytest.mark.parametrize(
        "bad", ["", ".", "a..b", "*.example.com", "x" * 64 + ".com", ".".join(["abcdefg"] * 40), "ünï.com"]
    )
    def test_invalid(self, bad: str) -> None:
        with pytest.raises((InvalidDomainName, InvalidInput)):
            normalize_name(bad)

    def test_invalid_domain_name_message_is_the_name(self) -> None:
        with pytest.raises(InvalidDomainName) as info:
            normalize_name("a..b")
        assert info.value.message == "a..b"


class TestTimestamps:
    """Spec §7: ISO 8601 UTC, as 2017-03-27T17:48:16.751Z."""

    def test_round_trip(self) -> None:
        text = "2017-03-27T17:48:16.751Z"
        assert format_timestamp(parse_timestamp(text)) == text

    def test_naive_refused(self) -> None:
        with pytest.raises(InvalidInput, match="offset"):
            parse_timestamp("2017-03-27T17:48:16")


class TestQuotasAndTiming:
    def test_defaults(self) -> None:
        quotas = r53.Quotas()
        assert (quotas.vpcs_per_zone, quotas.authorizations_per_zone, quotas.zones_per_account) == (
            300,
            1000,
            500,
        )
        timing = r53.Timing()
        assert timing.propagation == timing.processing == timedelta(0)

    def test_negative_refused(self) -> None:
        with pytest.raises(InvalidInput):
            r53.Quotas(vpcs_per_zone=-1)
        with pytest.raises(InvalidInput):
            r53.Timing(processing=-5)


def test_every_error_has_code_and_status() -> None:
    from route53_assoc import errors

    classes = [getattr(errors, name) for name in errors.__all__ if isinstance(getattr(errors, name), type)]
    for cls in classes:
        assert isinstance(cls.code, str) and cls.code
        assert cls.http_status in (400, 401, 403, 404, 409, 412, 501)
        assert getattr(r53, cls.__name__) is cls
    assert len({cls.code for cls in classes}) == len(classes)
    assert set(errors.ERRORS.values()) == set(classes) - {errors.Route53Error, errors.Ec2Error, errors.SnapshotError}


class TestOctalEscapes:
    """Spec §6: characters outside a–z 0–9 - _ are kept as \\ooo escapes; Route 53 takes the
    octets 128–255 written as \\200–\\377, while raw non-ASCII text must be Punycode."""

    @pytest.mark.parametrize(
        ("given", "stored"),
        [
            ("a\\200b.example", "a\\200b.example."),
            ("\\377.example", "\\377.example."),
            ("A\\300.Example", "a\\300.example."),  # escaped octets are never case-folded
            ("a\\052b.example", "a\\052b.example."),
        ],
    )
    def test_escapes_up_to_377_are_kept(self, given: str, stored: str) -> None:
        assert normalize_name(given) == stored

    @pytest.mark.parametrize("given", ["\\400.example", "\\777.example", "é.example"])
    def test_beyond_an_octet_or_raw_non_ascii_is_refused(self, given: str) -> None:
        with pytest.raises(InvalidDomainName):
            normalize_name(given)


def test_quotas_and_zone_limits_are_bounded() -> None:
    """Quotas are whole numbers from 0 to MAX_QUOTA: a huge one is refused, not printed into a message later."""
    import route53_assoc as r53_
    from route53_assoc._values import MAX_QUOTA

    assert r53_.Quotas(vpcs_per_zone=MAX_QUOTA).vpcs_per_zone == MAX_QUOTA
    for bad in (MAX_QUOTA + 1, 10**5000, -1):
        with pytest.raises(r53_.errors.InvalidInput, match=f"vpcs_per_zone must be from 0 to {MAX_QUOTA}"):
            r53_.Quotas(vpcs_per_zone=bad)
    world, vpc = r53_.create_vpc(r53_.World.empty(), owner="111111111111", region="us-east-1")
    world, created = r53_.create_hosted_zone(
        world, caller="111111111111", name="q.example", caller_reference="q", vpc_id=vpc.id, vpc_region="us-east-1"
    )
    with pytest.raises(r53_.errors.InvalidInput, match="limit must be a whole number from 0 to"):
        r53_.set_zone_vpc_limit(world, hosted_zone_id=created.zone.id, limit=10**5000)


class TestChangeLog:
    """The world's change log (``_changes.ChangeLog``): a persistent map of change id → Change."""

    AT = datetime(2026, 1, 1, tzinfo=UTC)

    @staticmethod
    def _change(number: int, comment: str | None = None) -> r53.Change:
        from route53_assoc._ids import change_id

        return r53.Change(
            id=change_id(number),
            hosted_zone_id="Z1",
            owner="111111111111",
            submitted_at=TestChangeLog.AT,
            comment=comment,
        )

    def _log(self, numbers: list[int]) -> tuple[ChangeLog, dict[str, r53.Change]]:
        log = ChangeLog.empty()
        expected = {}
        for number in numbers:
            change = self._change(number, comment=f"n{number}")
            log = log.appended(
                (number, change.id, change.hosted_zone_id, change.owner, change.submitted_at, change.comment)
            )
            expected[change.id] = change
        return log, expected

    def test_reads_back_every_change_across_blocks(self) -> None:
        from route53_assoc._changes import BLOCK
        from route53_assoc._ids import change_id

        numbers = [3 * n + 1 for n in range(5 * BLOCK + 7)]  # sparse, as the world's sequence is
        log, expected = self._log(numbers)
        assert len(log) == len(expected)
        assert list(log) == list(expected)  # in sequence order
        assert dict(log.items()) == expected
        for key, change in expected.items():
            assert log[key] == change and key in log and log.get(key) == change
        for number in (0, 2, 3, numbers[-1] + 1, numbers[-1] + 3, 10**9):
            assert change_id(number) not in log
            assert log.get(change_id(number)) is None
        for other in ("C1", "", "c" + change_id(4)[1:], change_id(4).lower(), 4, None):
            assert other not in log
        with pytest.raises(KeyError):
            log[change_id(2)]
        assert log.check() == []

    def test_an_append_leaves_the_old_log_as_it_was(self) -> None:
        log, expected = self._log(list(range(1, 40)))
        change = self._change(50)
        longer = log.appended((50, change.id, "Z1", "111111111111", self.AT, None))
        assert change.id in longer and change.id not in log
        assert len(longer) == len(log) + 1 == 40
        assert dict(log.items()) == expected

    def test_built_from_a_mapping_with_foreign_and_unordered_ids(self) -> None:
        from route53_assoc._changes import as_change_log

        _, expected = self._log([9, 2, 40, 7])
        foreign = r53.Change(id="C1", hosted_zone_id="Z1", owner="111111111111", submitted_at=self.AT)
        given = {**expected, "C1": foreign}
        log = ChangeLog.of(given)
        assert dict(log.items()) == given and len(log) == 5
        assert log == given and log == as_change_log(dict(reversed(given.items())))
        assert log.check() == []
        # A change that does not come after the last is kept aside, and still found.
        record = (1, self._change(1).id, "Z1", "111111111111", self.AT, "late")
        appended = log.appended(record)
        assert appended[self._change(1).id].comment == "late" and len(appended) == 6
        assert appended.check() == []
        # An id already in the log is replaced, as a map would.
        again = appended.appended((9, self._change(9).id, "Z2", "111111111111", self.AT, None))
        assert again[self._change(9).id].hosted_zone_id == "Z2" and len(again) == 6
        with pytest.raises(InvalidInput):
            as_change_log([1, 2])

    def test_a_world_built_with_a_map_of_changes_converts_it(self) -> None:
        import pickle

        import immutables

        _, expected = self._log([1, 2, 3])
        world = r53.World(sequence=3, changes=immutables.Map(expected))
        assert dict(world.changes.items()) == expected
        copy = pickle.loads(pickle.dumps(world))
        assert copy == world and hash(copy) == hash(world)

    def test_check_names_a_broken_log(self) -> None:
        log, _ = self._log([5, 6])
        broken = ChangeLog(log._blocks, tuple(reversed(log._tail)), log._last, 3, log._foreign)
        problems = broken.check()
        assert "change log records are not in increasing sequence order" in problems
        assert "change log size differs from its records" in problems
        key = self._change(5).id
        twice = ChangeLog(log._blocks, log._tail, log._last, 3, log._foreign.set(key, self._change(5)))
        assert twice.check() == [f"change {key} is recorded twice"]


def test_change_sequence_reads_only_the_canonical_form() -> None:
    from route53_assoc._ids import change_id, change_sequence

    for number in (0, 1, 42, 2**40, 16**19 - 0x44):
        assert change_sequence(change_id(number)) == number
    body = change_id(42)[1:]
    for other in ("C1", "X" + body, "C" + body.lower(), "C+" + body[1:], "C-" + body[1:], "C_" + body[1:],
                  "C " + body[1:], "C0x" + body[2:], "C" + "٣" * 19, change_id(42) + "0"):
        assert change_sequence(other) is None, other

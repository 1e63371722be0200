"""Route 53's record-set operations on the AWS face (spec §S2): ListResourceRecordSets, ChangeResourceRecordSets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._records import ChangeResourceRecordSetsRequest, ListResourceRecordSetsRequest, RecordSet
from .._values import ChangeInfo

if TYPE_CHECKING:
    from . import Backend, Handler

__all__ = ["HANDLERS"]


def _change_info(info: ChangeInfo) -> dict[str, Any]:
    shape: dict[str, Any] = {"Id": info.id, "Status": info.status.value, "SubmittedAt": info.submitted_at}
    if info.comment is not None:
        shape["Comment"] = info.comment
    return shape


def record_set_shape(record: RecordSet) -> dict[str, Any]:
    """One ``ResourceRecordSet`` as botocore parses it (LRRS-ENTRY)."""
    return {
        "Name": record.name,
        "Type": record.type,
        "TTL": record.ttl,
        "ResourceRecords": [{"Value": value} for value in record.values],
    }


def _list(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    page = sb.apply(
        ListResourceRecordSetsRequest(
            caller=account,
            hosted_zone_id=p["HostedZoneId"],
            start_record_name=p.get("StartRecordName"),
            start_record_type=p.get("StartRecordType"),
            start_record_identifier=p.get("StartRecordIdentifier"),
            max_items=p.get("MaxItems"),
        )
    )
    body: dict[str, Any] = {
        "ResourceRecordSets": [record_set_shape(r) for r in page.record_sets],
        "IsTruncated": page.is_truncated,
        "MaxItems": page.max_items,
    }
    if page.is_truncated:
        body["NextRecordName"] = page.next_record_name
        body["NextRecordType"] = page.next_record_type
    return 200, body


def _change(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    batch = p.get("ChangeBatch") or {}
    info = sb.apply(
        ChangeResourceRecordSetsRequest(
            caller=account,
            hosted_zone_id=p["HostedZoneId"],
            changes=batch.get("Changes") or [],
            comment=batch.get("Comment"),
        )
    )
    return 200, {"ChangeInfo": _change_info(info)}


HANDLERS: Final[dict[str, Handler]] = {
    "ListResourceRecordSets": _list,
    "ChangeResourceRecordSets": _change,
}

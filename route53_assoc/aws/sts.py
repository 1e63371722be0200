"""STS on the AWS face: GetCallerIdentity (spec §S6).

The caller is the account the transport resolved; the library gives every account
root credentials (STS-ROOT), in the account's partition (STS-PARTITION).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._partitions import partition_of
from ..errors import InvalidClientTokenId

if TYPE_CHECKING:
    from . import Backend, Handler

__all__ = ["HANDLERS", "caller_identity"]


def caller_identity(account: str, partition: str) -> dict[str, str]:
    """STS-ROOT: the identity of *account*'s root user in *partition*.

    >>> caller_identity("111111111111", "aws-cn")["Arn"]
    'arn:aws-cn:iam::111111111111:root'
    """
    return {"UserId": account, "Account": account, "Arn": f"arn:{partition}:iam::{account}:root"}


def _get_caller_identity(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    partition = sb.world.partition_of_account(account)
    try:
        signed_for = partition_of(region)
    except ValueError:
        signed_for = partition
    if signed_for != partition:
        # STS-PARTITION: keys are partition-scoped; a call signed for another partition fails.
        raise InvalidClientTokenId(account=account)
    return 200, caller_identity(account, partition)


HANDLERS: Final[dict[str, Handler]] = {"GetCallerIdentity": _get_caller_identity}

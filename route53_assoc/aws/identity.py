"""Who is calling: the SigV4 ``Authorization`` header read, and with known secrets, verified.

The caller's account comes from the access key id: a 12-digit key *is* the account,
other keys are mapped by the server's ``--account KEY=ACCOUNT`` table, and the rest
get a default account.  The region, and so the partition, comes from the
credential scope (spec §S8.4 EP-PARTITION-FROM-SCOPE).  With a credentials table
(access key → secret and account) every signature is recomputed by SigV4's own
recipe, so one account cannot act as another.

Errors follow spec §S8.5's table, each in the service's own words (Route 53 and STS
say ``InvalidClientTokenId`` where EC2 says ``AuthFailure``).

>>> identity = Identity()
>>> header = ("AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/route53/aws4_request, "
...           "SignedHeaders=host;x-amz-date, Signature=00")
>>> request = HttpRequest("GET", "/2013-04-01/hostedzonecount", "", {"authorization": header}, b"")
>>> identity.caller(request, "route53")
Caller(access_key='111111111111', account='111111111111', region='us-east-1', service='route53')
>>> identity.caller(HttpRequest("POST", "/", "", {}, b""), "sts")
Traceback (most recent call last):
...
route53_assoc.aws.protocols.WireError: Request is missing Authentication Token
"""

from __future__ import annotations

import configparser
import functools
import hashlib
import hmac
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final, NamedTuple
from urllib.parse import parse_qsl, quote

import attrs

from .._partitions import partition_of
from .protocols import HttpRequest, WireError

__all__ = ["DEFAULT_ACCOUNT", "Caller", "Credential", "Identity", "IdentityError", "load_credentials"]

#: The account of an access key that is neither 12 digits nor mapped.
DEFAULT_ACCOUNT: Final = "123456789012"
_ALGORITHM: Final = "AWS4-HMAC-SHA256"
_ACCOUNT_KEY: Final = re.compile(r"\d{12}")


class IdentityError(ValueError):
    """A credentials file or account mapping that cannot be used: the message says why."""


@attrs.frozen
class Credential:
    """An access key the server knows: its secret and its account."""

    access_key: str
    secret: str
    account: str


@attrs.frozen
class Caller:
    """Who signed a request, for which region and service."""

    access_key: str
    account: str
    region: str
    service: str


class _Authorization(NamedTuple):
    access_key: str
    date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str


def _incomplete(message: str) -> WireError:
    return WireError("IncompleteSignature", message, 400)


def _missing_token(service: str) -> WireError:
    if service == "ec2":
        return WireError("MissingParameter", "The request must contain the parameter AWSAccessKeyId", 400)
    if service == "sts":
        return WireError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
    return WireError("MissingAuthenticationToken", "Missing Authentication Token", 403)


def unknown_key(service: str) -> WireError:
    """The service's refusal of an access key it does not know (or of another partition)."""
    if service == "ec2":
        return WireError("AuthFailure", "AWS was not able to validate the provided access credentials", 401)
    return WireError("InvalidClientTokenId", "The security token included in the request is invalid.", 403)


_MISMATCH: Final = (
    "The request signature we calculated does not match the signature you provided. Check your AWS "
    "Secret Access Key and signing method. Consult the service documentation for details."
)


#: The header as every SDK writes it; anything else goes through :func:`_parse`'s checks (same result).
_HEADER: Final = re.compile(
    r"AWS4-HMAC-SHA256 Credential=([^/,\s=]+)/([^/,\s=]+)/([^/,\s=]+)/([^/,\s=]+)/aws4_request,"
    r" ?SignedHeaders=([^,\s=]+), ?Signature=([^,\s=]+)"
)
#: :data:`_HEADER` for ASCII text, where ``\s`` is these characters: an explicit set is matched
#: from a table, ``\s`` by a test per character (the header is read on every request).
_ASCII_SPACE: Final = r"\t\n\x0b\x0c\r\x1c-\x20"
_ASCII_HEADER: Final = re.compile(_HEADER.pattern.replace(r"\s", _ASCII_SPACE))


def usual_authorization(header: str) -> _Authorization | None:
    """*header*'s parts when it is written as every SDK writes it (else ``None``: :func:`_parse` decides)."""
    usual = (_ASCII_HEADER if header.isascii() else _HEADER).fullmatch(header)
    if usual is None:
        return None
    access_key, date, region, scope_service, signed_headers, signature = usual.groups()
    return _Authorization(access_key, date, region, scope_service, tuple(signed_headers.split(";")), signature)


def _parse(header: str, service: str) -> _Authorization:
    usual = usual_authorization(header)
    if usual is not None:
        return usual
    algorithm, _, rest = header.strip().partition(" ")
    if algorithm != _ALGORITHM:
        raise _incomplete(f"Unsupported Authorization algorithm '{algorithm}'; expected {_ALGORITHM}")
    fields: dict[str, str] = {}
    for part in (p.strip() for p in rest.split(",")):
        if not part:
            continue
        if "=" not in part:
            raise _incomplete(
                f"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'."
            )
        key, _, value = part.partition("=")
        fields[key.strip()] = value.strip()
    absent = [name for name in ("Credential", "Signature", "SignedHeaders") if not fields.get(name)]
    if absent:
        said = " ".join(f"Authorization header requires '{name}' parameter." for name in absent)
        raise _incomplete(f"{said} Authorization={header}")
    return _authorization(fields["Credential"], fields["SignedHeaders"], fields["Signature"])


def _authorization(credential: str, signed_headers: str, signature: str) -> _Authorization:
    """The parts of a signature, its credential scope checked (header and query forms alike)."""
    scope = credential.split("/")
    if len(scope) != 5 or scope[4] != "aws4_request" or not all(scope):
        raise _incomplete(
            f"Credential '{credential}' is not of the form ACCESS_KEY/yyyymmdd/region/service/aws4_request"
        )
    access_key, date, region, scope_service, _ = scope
    return _Authorization(access_key, date, region, scope_service, tuple(signed_headers.split(";")), signature)


_QUERY_AUTH: Final = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders")


def _parse_query(query: str) -> tuple[_Authorization, str] | None:
    """A pre-signed request's authorization from its query string (SigV4 query auth), with its date.

    ``None`` when the query carries no ``X-Amz-Algorithm``.  The message of an
    incomplete set is AWS's wording for query-string signatures (inferred: no
    Route 53 or EC2 response quoting it was found; STS and API Gateway say so).
    """
    if "X-Amz-Algorithm=" not in query:
        return None
    values = dict(parse_qsl(query, keep_blank_values=True))
    if "X-Amz-Algorithm" not in values:
        return None
    absent = [name for name in _QUERY_AUTH if not values.get(name)]
    if absent:
        names = ", ".join(f"'{name}'" for name in absent)
        raise _incomplete(f"AWS query-string parameters must include {names}. Re-examine the query-string parameters.")
    if values["X-Amz-Algorithm"] != _ALGORITHM:
        raise _incomplete(f"Unsupported AWS 'algorithm': '{values['X-Amz-Algorithm']}'")
    auth = _authorization(values["X-Amz-Credential"], values["X-Amz-SignedHeaders"], values["X-Amz-Signature"])
    return auth, values["X-Amz-Date"]


def _check_region(auth: _Authorization, service: str) -> None:
    """The scope's region must be one of a partition's (EP-PARTITION-FROM-SCOPE).

    Inferred leniency: any region of a partition is accepted for Route 53 too, not
    only the partition's signing region, because SDKs pointed at a custom endpoint
    sign with the client's own region.
    """
    try:
        partition_of(auth.region)
    except ValueError:
        if auth.region.endswith("-global"):
            return
        if service == "route53":
            raise WireError(
                "SignatureDoesNotMatch", f"Credential should be scoped to a valid region, not '{auth.region}'. ", 403
            ) from None
        raise WireError("SignatureDoesNotMatch", "Credential should be scoped to a valid region. ", 403) from None
    if auth.service != service:
        raise WireError(
            "SignatureDoesNotMatch", f"Credential should be scoped to correct service: '{service}'. ", 403
        )


def _sign(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _canonical_query(query: str) -> str:
    pairs = sorted(
        (quote(k, safe="-_.~"), quote(v, safe="-_.~"))
        for k, v in parse_qsl(query, keep_blank_values=True)
        if k != "X-Amz-Signature"  # a pre-signed request's own signature is not signed
    )
    return "&".join(f"{k}={v}" for k, v in pairs)


def signature(request: HttpRequest, auth_date: str, scope: str, signed_headers: tuple[str, ...], secret: str) -> str:
    """SigV4's signature of *request*, computed as the service does (AWS's recipe, by hand)."""
    headers = request.headers
    canonical_headers = "".join(
        f"{name}:{' '.join(headers.get(name, '').split())}\n" for name in signed_headers
    )
    payload_hash = headers.get("x-amz-content-sha256") or hashlib.sha256(request.body).hexdigest()
    canonical_path = quote(quote(request.path, safe="/~"), safe="/~")
    canonical = "\n".join(
        [
            request.method,
            canonical_path,
            _canonical_query(request.query),
            canonical_headers,
            ";".join(signed_headers),
            payload_hash,
        ]
    )
    to_sign = "\n".join([_ALGORITHM, auth_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    return hmac.new(_signing_key(secret, scope), to_sign.encode(), hashlib.sha256).hexdigest()


@functools.lru_cache(maxsize=256)
def _signing_key(secret: str, scope: str) -> bytes:
    """SigV4's derived key for a secret and a scope (date/region/service/aws4_request): four HMACs, kept."""
    date, region, service, _ = scope.split("/")
    return _sign(_sign(_sign(_sign(f"AWS4{secret}".encode(), date), region), service), "aws4_request")


class Identity:
    """Reads, and when it knows the secret verifies, the caller of each request.

    ``accounts`` maps access keys to accounts (``--account KEY=ACCOUNT``);
    ``credentials``, when given, is the whole set of keys the server accepts, and
    every request's signature is verified against its key's secret.
    """

    def __init__(
        self,
        *,
        accounts: Mapping[str, str] | None = None,
        credentials: Mapping[str, Credential] | None = None,
        default_account: str = DEFAULT_ACCOUNT,
    ) -> None:
        self.accounts = dict(accounts or {})
        self.credentials = None if credentials is None else dict(credentials)
        self.default_account = default_account

    def account_of(self, access_key: str) -> str:
        """The account of *access_key* (without a credentials table)."""
        if access_key in self.accounts:
            return self.accounts[access_key]
        if _ACCOUNT_KEY.fullmatch(access_key):
            return access_key
        return self.default_account

    def caller(self, request: HttpRequest, service: str) -> Caller:
        """The caller of *request* to *service*, or the service's authentication error.

        The signature comes from the ``Authorization`` header, or, for a pre-signed
        request, from the query string (``X-Amz-Credential``, ``X-Amz-Signature``, ...).
        A pre-signed request's ``X-Amz-Expires`` is not enforced (inferred leniency, as
        the header form's clock skew is not: the model's clock may be manual).
        """
        return Caller(*self.who(request, service), service)

    def who(self, request: HttpRequest, service: str, usual: _Authorization | None = None) -> tuple[str, str, str]:
        """:meth:`caller`'s access key, account and region; *usual* is the ``Authorization``
        header as :func:`usual_authorization` read it, when the caller already did."""
        if usual is not None:  # read from this request's header, which is therefore there
            auth, amz_date, shown_as = usual, None, None
        else:
            header = request.headers.get("authorization")
            presigned = None if header else _parse_query(request.query)
            if presigned is not None:
                auth, amz_date = presigned
                shown_as = f"X-Amz-Credential={auth.access_key}/..."
            elif not header:
                raise _missing_token(service)
            else:
                auth, amz_date, shown_as = _parse(header, service), None, header
        _check_region(auth, service)
        if self.credentials is None:
            return auth.access_key, self.account_of(auth.access_key), auth.region
        credential = self.credentials.get(auth.access_key)
        if credential is None:
            raise unknown_key(service)
        if amz_date is None:
            amz_date = request.headers.get("x-amz-date", "")
        if not amz_date:
            raise _incomplete(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                f"Authorization={request.headers.get('authorization') if shown_as is None else shown_as}"
            )
        scope = f"{auth.date}/{auth.region}/{auth.service}/aws4_request"
        expected = signature(request, amz_date, scope, auth.signed_headers, credential.secret)
        if not hmac.compare_digest(expected, auth.signature):
            raise WireError("SignatureDoesNotMatch", _MISMATCH, 403)
        return auth.access_key, credential.account, auth.region


def scope_service(header: str | None, query: str = "") -> str | None:
    """The service named in the credential scope, if any: the ``Authorization`` header's,
    else a pre-signed request's ``X-Amz-Credential``.

    >>> scope_service(None, "Action=DescribeVpcs&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fec2%2Faws4_request")
    'ec2'
    """
    if header:
        match = re.search(r"Credential=[^/,\s]*/[^/,\s]*/[^/,\s]*/([^/,\s]*)/", header)
        return match.group(1) if match else None
    if "X-Amz-Credential=" in query:
        scope = dict(parse_qsl(query, keep_blank_values=True)).get("X-Amz-Credential", "").split("/")
        return scope[3] if len(scope) == 5 else None
    return None


def load_credentials(path: str | Path) -> dict[str, Credential]:
    """The keys in an AWS-style credentials file: one section per key.

    Each section holds ``aws_access_key_id``, ``aws_secret_access_key`` and
    ``aws_account_id`` (12 digits)::

        [alice]
        aws_access_key_id = AKIAALICE
        aws_secret_access_key = alice-secret
        aws_account_id = 111111111111
    """
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, configparser.Error, UnicodeDecodeError) as exc:
        raise IdentityError(f"cannot read credentials file {path}: {exc}") from None
    found: dict[str, Credential] = {}
    for name in parser.sections():
        section = parser[name]
        missing = [
            k for k in ("aws_access_key_id", "aws_secret_access_key", "aws_account_id") if not section.get(k)
        ]
        if missing:
            raise IdentityError(f"credentials file {path}, section [{name}]: missing {', '.join(missing)}")
        account = section["aws_account_id"].strip()
        if not _ACCOUNT_KEY.fullmatch(account):
            raise IdentityError(
                f"credentials file {path}, section [{name}]: aws_account_id must be 12 digits, not {account!r}"
            )
        key = section["aws_access_key_id"].strip()
        found[key] = Credential(key, section["aws_secret_access_key"].strip(), account)
    if not found:
        raise IdentityError(f"credentials file {path} holds no keys (one [section] per access key)")
    return found

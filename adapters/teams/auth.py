"""Checks the Bot Framework token on every incoming request, before its body is read.

PyJWT verifies the token (RS256 signature, issuer, audience, expiry); this module only fetches the
signing keys the way the Bot Connector publishes them (an OpenID metadata document naming a JWKS)
with aiohttp, so the event loop never blocks, each fetch has a timeout and the keys are cached.
The SDK's own validator is not used: its key URLs are fixed in code (no test could serve keys of its
own) and it validates the issuer only on request. Imports: aiohttp, jwt (PyJWT), stdlib.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt

log = logging.getLogger(__name__)

_ALGORITHMS = ["RS256"]
# Bot Framework tokens may be checked with up to five minutes of clock skew.
_LEEWAY_SECONDS = 300.0
# Keys are fetched again after a day, or sooner (at most this often) when a token names a key
# we do not know: the Bot Connector rolls its keys and publishes the new ones first.
_KEYS_MAX_AGE_SECONDS = 24 * 3600.0
_UNKNOWN_KEY_REFRESH_SECONDS = 300.0
# After a failed fetch, requests are answered from what we have (or 503) for this long before
# the next try, so a hung key server does not hold up every request by the fetch timeout.
_RETRY_FETCH_SECONDS = 5.0


class TokenRefused(Exception):
    """The request carries no token, or one that does not prove it comes from the Bot Connector."""


class KeysUnavailable(Exception):
    """The signing keys could not be fetched; the request may succeed when Teams retries it."""


@dataclass(frozen=True)
class SigningKey:
    key: jwt.PyJWK
    issuer: str
    # The channels (e.g. "msteams") this key may sign for; empty when the key set does not say.
    endorsements: frozenset[str]


@dataclass(frozen=True)
class VerifiedToken:
    claims: dict[str, Any]
    endorsements: frozenset[str]

    def check_activity(self, channel_id: str, service_url: str) -> None:
        """The token must be endorsed for the activity's channel and name its serviceUrl."""
        if self.endorsements and channel_id not in self.endorsements:
            raise TokenRefused("the signing key is not endorsed for this channel")
        claimed = self.claims.get("serviceurl")
        if claimed is not None and claimed != service_url:
            raise TokenRefused("the token was issued for another serviceUrl")


class SigningKeys:
    """The key set behind one OpenID metadata document, fetched when needed and cached."""

    def __init__(self, metadata_url: str, timeout_seconds: float) -> None:
        self._metadata_url = metadata_url
        self._timeout_seconds = timeout_seconds
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at = -float("inf")
        self._failed_at = -float("inf")
        self._lock = asyncio.Lock()
        self._session: aiohttp.ClientSession | None = None

    async def get(self, key_id: str) -> SigningKey:
        if self._stale(key_id):
            async with self._lock:  # one fetch at a time; waiters reuse its result
                if self._stale(key_id):
                    await self._refresh()
        found = self._keys.get(key_id)
        if found is None:
            if not self._keys:
                raise KeysUnavailable("no signing keys yet: the last fetch failed")
            raise TokenRefused("the token names an unknown signing key")
        return found

    def _stale(self, key_id: str) -> bool:
        now = time.monotonic()
        if now - self._failed_at < _RETRY_FETCH_SECONDS:
            return False
        age = now - self._fetched_at
        if age > _KEYS_MAX_AGE_SECONDS:
            return True
        return key_id not in self._keys and age > _UNKNOWN_KEY_REFRESH_SECONDS

    async def _refresh(self) -> None:
        try:
            async with asyncio.timeout(self._timeout_seconds):
                metadata = await self._get_json(self._metadata_url)
                issuer, jwks_uri = metadata.get("issuer"), metadata.get("jwks_uri")
                if not isinstance(issuer, str) or not isinstance(jwks_uri, str):
                    raise ValueError("the OpenID metadata lacks issuer or jwks_uri")
                keys = _read_key_set(await self._get_json(jwks_uri), issuer)
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            self._failed_at = time.monotonic()
            if self._keys:
                # Keep validating with the keys we had: Microsoft rolls keys slowly.
                log.warning("could not refresh the token signing keys: %s", _reason(exc))
                return
            raise KeysUnavailable(_reason(exc)) from exc
        self._keys, self._fetched_at = keys, time.monotonic()

    async def _get_json(self, url: str) -> dict[str, Any]:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout_seconds)
            )
        async with self._session.get(url) as response:
            response.raise_for_status()
            document = await response.json(content_type=None)
        if not isinstance(document, dict):
            raise ValueError(f"{url} did not answer with a JSON object")
        return document

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _read_key_set(document: dict[str, Any], issuer: str) -> dict[str, SigningKey]:
    keys: dict[str, SigningKey] = {}
    for entry in document.get("keys") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
            continue
        try:
            key = jwt.PyJWK(entry)
        except jwt.PyJWTError:
            continue  # a key type this bot does not use
        endorsed = entry.get("endorsements")
        listed = endorsed if isinstance(endorsed, list) else []
        endorsements = frozenset(e for e in listed if isinstance(e, str))
        keys[entry["kid"]] = SigningKey(key, issuer, endorsements)
    if not keys:
        raise ValueError("the key set holds no usable RSA signing key")
    return keys


class TokenValidator:
    """Validates `Authorization: Bearer <JWT>` for one bot (the token's audience is its app id)."""

    def __init__(self, app_id: str, keys: SigningKeys) -> None:
        self._app_id = app_id
        self._keys = keys

    async def verify(self, authorization: str | None) -> VerifiedToken:
        token = _bearer(authorization)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise TokenRefused("not a JWT") from exc
        if header.get("alg") not in _ALGORITHMS:
            raise TokenRefused("the token is not signed with RS256")
        key_id = header.get("kid")
        if not isinstance(key_id, str) or not key_id:
            raise TokenRefused("the token names no signing key")
        signing = await self._keys.get(key_id)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=signing.key,
                algorithms=_ALGORITHMS,
                audience=self._app_id,
                issuer=signing.issuer,
                leeway=_LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise TokenRefused(type(exc).__name__) from exc
        return VerifiedToken(claims, signing.endorsements)

    async def close(self) -> None:
        await self._keys.close()


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or any(c.isspace() for c in token):
        raise TokenRefused("no bearer token")
    return token

"""A small local stand-in for the Bot Connector's token issuer: its OpenID metadata and key set.

Serves GET /.well-known/openidconfiguration and GET /keys on 127.0.0.1 as
login.botframework.com does, signs tokens with an RSA key of its own (as the Bot Connector signs
the tokens it sends bots), and counts key fetches. It can answer slowly, to test the bot's timeout.
Imports: aiohttp, cryptography, jwt (PyJWT), stdlib.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import time
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://api.botframework.com"
KEY_ID = "test-key-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeBotIdentity:
    def __init__(self, endorsements: tuple[str, ...] = ("msteams",)) -> None:
        self.key = new_key()
        self.endorsements = list(endorsements)
        self.delay = 0.0  # seconds to wait before answering (a hung key server)
        self._stopping = asyncio.Event()
        self.key_fetches = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openidconfiguration"

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/keys", self._keys)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self.url

    async def _hang(self) -> None:
        """Waits `delay` seconds, or until stop(), so a hung server never holds up a test."""
        if self.delay > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.delay)

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _metadata(self, request: web.Request) -> web.Response:
        await self._hang()
        return web.json_response(
            {
                "issuer": ISSUER,
                "authorization_endpoint": "https://invalid.example/",
                "jwks_uri": f"{self.url}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        await self._hang()
        self.key_fetches += 1
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update(kid=KEY_ID, use="sig", endorsements=self.endorsements)
        return web.json_response({"keys": [public]})

    def token(
        self,
        audience: str,
        service_url: str,
        *,
        key: rsa.RSAPrivateKey | None = None,
        key_id: str = KEY_ID,
        lifetime: float = 3600.0,
        **claims: Any,
    ) -> str:
        """A token as the Bot Connector sends it (signed by this issuer unless `key` is given)."""
        now = time.time()
        payload = {
            "iss": ISSUER,
            "aud": audience,
            "serviceurl": service_url,
            "nbf": int(now) - 10,
            "exp": int(now + lifetime),
            **claims,
        }
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": key_id})

    def unsigned_token(self, audience: str, service_url: str) -> str:
        """Well-formed, claims all right, but `alg: none` and no signature."""

        def part(data: dict[str, Any]) -> str:
            raw = json.dumps(data, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        now = int(time.time())
        header = {"alg": "none", "typ": "JWT", "kid": KEY_ID}
        payload = {"iss": ISSUER, "aud": audience, "serviceurl": service_url, "exp": now + 3600}
        return f"{part(header)}.{part(payload)}."

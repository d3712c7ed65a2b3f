"""A fake of the social identity providers, on 127.0.0.1, for the local runtime and the tests: the product
verifies its tokens exactly as it verifies the real providers' (JWKS, debug_token, token introspection),
only the URLs and client ids differ. Nothing in the product knows it exists.

  GET  /google/jwks, /apple/jwks        the signing keys (RS256 and ES256), as Google and Apple publish them
  POST /google/id_token, /apple/id_token {"sub", "email", "given_name", "family_name", "alg"} -> {"id_token"}
  POST /facebook/tokens                  {"user_id"} -> {"access_token"}
  GET  /facebook/debug_token             Facebook's token inspection (needs our app token)
  POST /mw4/tokens                       {"sub", "email", ...} -> {"access_token"}
  POST /mw4/introspect                   RFC 7662 introspection (needs our MW4 API key)
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Mapping
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

GOOGLE_ISSUER = "https://accounts.google.com"
APPLE_ISSUER = "https://appleid.apple.com"
GOOGLE_CLIENT_ID = "local-client.apps.googleusercontent.com"
APPLE_CLIENT_ID = "com.example.crm.local"
FACEBOOK_APP_ID = "100000000000001"
MW4_CLIENT_ID = "crm-local"
SECRET_LOGICAL_ID = "SocialProvidersSecret"
TOKEN_SECONDS = 3600


def _public_jwk(key: Any, kid: str, algorithm: str) -> dict[str, Any]:
    jwk = json.loads(jwt.algorithms.get_default_algorithms()[algorithm].to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "alg": algorithm, "use": "sig"}


class FakeIdentityProvider:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec_key = ec.generate_private_key(ec.SECP256R1())
        self.kids = {"RS256": f"rsa-{uuid.uuid4().hex[:8]}", "ES256": f"ec-{uuid.uuid4().hex[:8]}"}
        self.facebook_app_secret = secrets.token_urlsafe(24)
        self.mw4_api_key = secrets.token_urlsafe(24)
        self.facebook_tokens: dict[str, dict[str, Any]] = {}
        self.mw4_tokens: dict[str, dict[str, Any]] = {}
        self.jwks_requests = 0
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ---------------------------------------------------------------- life cycle

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeIdentityProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def environment(self) -> dict[str, str]:
        """The functions' environment variables that point the product at this fake."""
        return {
            "GOOGLE_CLIENT_IDS": GOOGLE_CLIENT_ID,
            "GOOGLE_JWKS_URL": f"{self.url}/google/jwks",
            "GOOGLE_ISSUERS": GOOGLE_ISSUER,
            "APPLE_CLIENT_IDS": APPLE_CLIENT_ID,
            "APPLE_JWKS_URL": f"{self.url}/apple/jwks",
            "APPLE_ISSUER": APPLE_ISSUER,
            "FACEBOOK_APP_ID": FACEBOOK_APP_ID,
            "FACEBOOK_GRAPH_URL": f"{self.url}/facebook",
            "MW4_INTROSPECTION_URL": f"{self.url}/mw4/introspect",
            "MW4_CLIENT_ID": MW4_CLIENT_ID,
        }

    def template_parameters(self) -> dict[str, str]:
        """The same, as template.yaml parameter values."""
        env = self.environment()
        return {
            "GoogleClientIds": env["GOOGLE_CLIENT_IDS"],
            "GoogleJwksUrl": env["GOOGLE_JWKS_URL"],
            "AppleClientIds": env["APPLE_CLIENT_IDS"],
            "AppleJwksUrl": env["APPLE_JWKS_URL"],
            "FacebookAppId": env["FACEBOOK_APP_ID"],
            "FacebookGraphUrl": env["FACEBOOK_GRAPH_URL"],
            "Mw4IntrospectionUrl": env["MW4_INTROSPECTION_URL"],
            "Mw4ClientId": env["MW4_CLIENT_ID"],
        }

    def secret_string(self) -> str:
        """Our credentials with the fake, as the SocialProvidersSecret holds them."""
        return json.dumps({"facebook_app_secret": self.facebook_app_secret, "mw4_api_key": self.mw4_api_key})

    def store_credentials(self, physical: Mapping[str, Any], region: str) -> None:
        """What an operator does after deploying: put the provider credentials into the stack's secret."""
        import boto3

        if SECRET_LOGICAL_ID in physical:
            boto3.client("secretsmanager", region_name=region).put_secret_value(
                SecretId=physical[SECRET_LOGICAL_ID].ref, SecretString=self.secret_string()
            )

    # ---------------------------------------------------------------- tokens

    def rotate_keys(self) -> None:
        """New signing keys under new kids, as providers rotate theirs; the old ones are no longer published."""
        self.rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec_key = ec.generate_private_key(ec.SECP256R1())
        self.kids = {"RS256": f"rsa-{uuid.uuid4().hex[:8]}", "ES256": f"ec-{uuid.uuid4().hex[:8]}"}

    def jwks(self) -> dict[str, Any]:
        return {
            "keys": [
                _public_jwk(self.rsa_key, self.kids["RS256"], "RS256"),
                _public_jwk(self.ec_key, self.kids["ES256"], "ES256"),
            ]
        }

    def id_token(self, provider: str, sub: str, /, *, algorithm: str = "RS256", **claims: Any) -> str:
        """An ID token as Google or Apple would sign it for our client; `claims` adds or overrides any claim."""
        now = int(time.time())
        issuer, audience = (
            (GOOGLE_ISSUER, GOOGLE_CLIENT_ID) if provider == "google" else (APPLE_ISSUER, APPLE_CLIENT_ID)
        )
        payload = {"iss": issuer, "aud": audience, "sub": sub, "iat": now, "exp": now + TOKEN_SECONDS, **claims}
        key = self.rsa_key if algorithm == "RS256" else self.ec_key
        return jwt.encode(
            {k: v for k, v in payload.items() if v is not None},
            key,
            algorithm=algorithm,
            headers={"kid": self.kids[algorithm]},
        )

    def facebook_token(self, user_id: str, *, app_id: str = FACEBOOK_APP_ID, expires_in: int = TOKEN_SECONDS) -> str:
        token = "EAA" + secrets.token_urlsafe(32)
        self.facebook_tokens[token] = {
            "user_id": user_id,
            "app_id": app_id,
            "expires_at": int(time.time()) + expires_in,
        }
        return token

    def mw4_token(
        self, sub: str, *, client_id: str = MW4_CLIENT_ID, expires_in: int = TOKEN_SECONDS, **claims: Any
    ) -> str:
        token = "mw4_" + secrets.token_urlsafe(32)
        self.mw4_tokens[token] = {"sub": sub, "client_id": client_id, "exp": int(time.time()) + expires_in, **claims}
        return token

    # ---------------------------------------------------------------- the providers' own answers

    def debug_token(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if query.get("access_token") != f"{FACEBOOK_APP_ID}|{self.facebook_app_secret}":
            return 400, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}
        token = self.facebook_tokens.get(query.get("input_token", ""))
        if token is None:
            return 200, {"data": {"is_valid": False, "error": {"code": 190, "message": "Invalid OAuth access token."}}}
        valid = token["expires_at"] > time.time()
        return 200, {
            "data": {
                "app_id": token["app_id"],
                "type": "USER",
                "application": "CRM local",
                "expires_at": token["expires_at"],
                "is_valid": valid,
                "scopes": ["public_profile"],
                "user_id": token["user_id"],
            }
        }

    def introspect(self, authorization: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if authorization != f"Bearer {self.mw4_api_key}":
            return 401, {"error": "invalid_client"}
        token = self.mw4_tokens.get(form.get("token", ""))
        if token is None or token["exp"] <= time.time():
            return 200, {"active": False}
        return 200, {"active": True, "token_type": "access_token", **token}


def _handler(idp: FakeIdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "public, max-age=3600")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_GET(self) -> None:  # noqa: N802 - the base class's name
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path in ("/google/jwks", "/apple/jwks"):
                idp.jwks_requests += 1
                self._answer(200, idp.jwks())
            elif parts.path == "/facebook/debug_token":
                self._answer(*idp.debug_token(query))
            else:
                self._answer(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            if path == "/mw4/introspect":
                form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
                self._answer(*idp.introspect(self.headers.get("Authorization", ""), form))
                return
            try:
                request = json.loads(self._body() or b"{}")
            except ValueError:
                self._answer(400, {"error": "send JSON"})
                return
            subject = str(request.pop("sub", None) or request.pop("user_id", None) or uuid.uuid4().hex)
            if path in ("/google/id_token", "/apple/id_token"):
                algorithm = request.pop("alg", "RS256")
                if algorithm not in ("RS256", "ES256"):
                    self._answer(400, {"error": "alg is RS256 or ES256"})
                    return
                allowed = {
                    k: v
                    for k, v in request.items()
                    if k in ("email", "email_verified", "given_name", "family_name", "name")
                }
                if "email" in allowed:
                    allowed.setdefault("email_verified", True)
                token = idp.id_token(path.split("/")[1], subject, algorithm=algorithm, **allowed)
                self._answer(200, {"id_token": token, "sub": subject})
            elif path == "/facebook/tokens":
                self._answer(200, {"access_token": idp.facebook_token(subject), "user_id": subject})
            elif path == "/mw4/tokens":
                allowed = {
                    k: v for k, v in request.items() if k in ("email", "email_verified", "given_name", "family_name")
                }
                self._answer(200, {"access_token": idp.mw4_token(subject, **allowed), "sub": subject})
            else:
                self._answer(404, {"error": "not found"})

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: the runtime logs the API's requests."""

    return Handler

"""A mock AWS account with Bedrock AgentCore memories, for running Prowler against without touching AWS.

Needs ``moto[server]`` (and boto3) in the running interpreter. moto keeps its state in this process, so the
seeding below can also change what the AWS API cannot, e.g. make a key AWS managed.

Interface::

    from mock_account import MockAccount, seed_demo_account

    with MockAccount() as account:                    # moto's ThreadedMotoServer on 127.0.0.1, a free port
        account.seed_memory("orders", "us-east-1", key="cmk", tags={"team": "a"})
        seed_demo_account(account)                    # the demo's memories (see DEMO_MEMORIES)
        subprocess.run(["prowler", "aws", ...], env=account.env(region="us-east-1"))

- ``MockAccount(endpoint_url=None)``: without an endpoint it starts a server on an empty account (moto's
  state is per process, so this resets it) and stops it on exit (or ``stop()``); with one it only seeds that
  running server. ``account.endpoint_url``, ``account.account_id``.
- ``account.seed_memory(name, region, key="cmk", tags=None) -> Seeded``: a memory whose key is one of
  ``KEY_KINDS``: ``cmk`` (an enabled customer-managed key), ``none`` (no encryptionKeyArn), ``aws-managed``
  (KeyManager AWS), ``disabled``, ``pending-deletion`` (customer-managed keys in that state) or
  ``other-account`` (a key of ``OTHER_ACCOUNT_ID``, which the scanned account cannot describe).
  ``ADVERSARIAL_KEY_KINDS`` are accepted too: ``hmac`` and ``sign-verify`` (keys that cannot encrypt),
  ``pending-import``, ``unavailable``, ``pending-replica-deletion``, ``creating`` (customer keys in states the
  service cannot use them in), ``other-partition`` and ``bad-region`` (ARNs of no usable key).
- ``account.seed_gateway(name, region, key="cmk", tags=None) -> Seeded``: a gateway, with a key of
  the same kinds (moto 5.2.5 serves gateways; it has no token vault or credential providers).
- ``account.make_key(name, region, kind, resource="memory") -> Optional[str]``: just the key, of a kind above
  (None for ``none``), e.g. for a token vault answered outside moto.
- ``account.in_account(account_id) -> MockAccount``: the same server, seeded as another account (moto serves
  an assumed role's calls as the role's account); ``ROLE_NAME`` is the role assumed for it.
- ``MockIdentity(oauth2=None, api_keys=None, vaults=None, errors=None, payments=None)``: AgentCore Identity,
  which moto lacks (OAuth2, API-key and payment credential providers and each region's token vault), answered in-process (register ``handlers()`` on a
  botocore session's events) or, for a CLI, by ``aws_proxy.AwsProxy(..., answer=identity.answer)``.
- ``demo_identity(account) -> MockIdentity``: the demo's token vaults: a customer-managed key in the region
  with OAuth2 credential providers, the service's own key in the region with API-key providers.
- ``seed_demo_account(account) -> list``: memories and gateways in two regions, with and without a CMK, one
  memory with an AWS managed key.
- ``account.env(region="us-east-1") -> dict``: ``os.environ`` without any AWS credentials, profile or endpoint
  settings, plus fake credentials and ``AWS_ENDPOINT_URL`` pointing at the server: the environment for
  running the ``prowler`` CLI (or any AWS SDK) against the mock account.
- ``account.client(service, region)``: a boto3 client for the mock account.

``seed_memory`` also works inside moto's in-process ``mock_aws()``: ``MockAccount(endpoint_url="")`` sends the
seeding calls to whatever intercepts boto3 in this process instead of a server.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

import boto3
from botocore.awsrequest import AWSResponse
from botocore.parsers import create_parser
from moto.core import DEFAULT_ACCOUNT_ID
from moto.kms.models import kms_backends
from moto.server import ThreadedMotoServer

OTHER_ACCOUNT_ID = "111122223333"
KEY_KINDS = ("cmk", "none", "aws-managed", "disabled", "pending-deletion", "other-account")
#: Adversarial keys, for the tests: keys that cannot encrypt (``hmac``: HMAC_256, ``sign-verify``: RSA_2048 for
#: SIGN_VERIFY), customer keys in the states in which AgentCore cannot use them, and ARNs that name no usable key
#: (``other-partition``: an aws-us-gov key ARN; ``bad-region``: the region "-", which the memory API accepts).
ADVERSARIAL_KEY_KINDS = ("hmac", "sign-verify", "pending-import", "unavailable", "pending-replica-deletion",
                         "creating", "other-partition", "bad-region")
ALL_KEY_KINDS = KEY_KINDS + ADVERSARIAL_KEY_KINDS
_KEY_STATES = {"pending-import": "PendingImport", "unavailable": "Unavailable",
               "pending-replica-deletion": "PendingReplicaDeletion", "creating": "Creating"}
_UNUSED_KEY_ID = "0f0e0d0c-0b0a-4908-8706-050403020100"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# Variables that would send the CLI to a real account or another endpoint.
_AWS_SETTINGS = (
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_REGION",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)

ROLE_NAME = "ProwlerScan"

DEMO_MEMORIES = (
    ("support_chat", "us-east-1", "cmk"),
    ("sales_assistant", "us-east-1", "none"),
    ("hr_helpdesk", "eu-west-1", "aws-managed"),
    ("travel_planner", "eu-west-1", "cmk"),
    ("legacy_bot", "eu-west-1", "none"),
)

DEMO_GATEWAYS = (
    ("tools-gateway", "us-east-1", "cmk"),
    ("partner-gateway", "eu-west-1", "none"),
)


@dataclass(frozen=True)
class Seeded:
    """A memory or gateway seeded into the mock account."""

    name: str
    region: str
    key: str
    id: str
    arn: str
    key_arn: Optional[str]
    tags: dict = field(default_factory=dict)


class MockAccount:
    def __init__(self, endpoint_url: Optional[str] = None):
        self.account_id = DEFAULT_ACCOUNT_ID
        self._credentials = dict(FAKE_CREDENTIALS)
        self._server = None
        if endpoint_url is None:
            logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
            self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            self._server.start()
            host, port = self._server.get_host_and_port()
            endpoint_url = f"http://{host}:{port}"
            # moto keeps its state per process, not per server: start from an empty account.
            urllib.request.urlopen(urllib.request.Request(f"{endpoint_url}/moto-api/reset", method="POST"),
                                   timeout=30).close()
        self.endpoint_url = endpoint_url or None

    def __enter__(self) -> "MockAccount":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def env(self, region: str = "us-east-1") -> dict:
        if not self.endpoint_url:
            raise RuntimeError("the mock account has no server to point a CLI at")
        env = {name: value for name, value in os.environ.items()
               if name not in _AWS_SETTINGS and not name.startswith("AWS_ENDPOINT_URL")}
        env.update(FAKE_CREDENTIALS, AWS_DEFAULT_REGION=region, AWS_ENDPOINT_URL=self.endpoint_url)
        return env

    def client(self, service: str, region: str):
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self._credentials["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self._credentials["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=self._credentials.get("AWS_SESSION_TOKEN"),
        )

    def in_account(self, account_id: str) -> "MockAccount":
        """This server, seen as ``account_id``: calls go with the credentials of ``ROLE_NAME`` there."""
        other = MockAccount(endpoint_url=self.endpoint_url if self.endpoint_url else "")
        assumed = self.client("sts", "us-east-1").assume_role(
            RoleArn=f"arn:aws:iam::{account_id}:role/{ROLE_NAME}", RoleSessionName="seed")["Credentials"]
        other.account_id = account_id
        other._credentials = {"AWS_ACCESS_KEY_ID": assumed["AccessKeyId"],
                              "AWS_SECRET_ACCESS_KEY": assumed["SecretAccessKey"],
                              "AWS_SESSION_TOKEN": assumed["SessionToken"]}
        return other

    def seed_memory(self, name: str, region: str, key: str = "cmk", tags: Optional[dict] = None) -> Seeded:
        if key not in ALL_KEY_KINDS:
            raise ValueError(f"key must be one of {ALL_KEY_KINDS}, not {key!r}")
        key_arn = self.make_key(name, region, key)
        request = {"name": name, "eventExpiryDuration": 30}
        if key_arn:
            request["encryptionKeyArn"] = key_arn
        if tags:
            request["tags"] = dict(tags)
        memory = self.client("bedrock-agentcore-control", region).create_memory(**request)["memory"]
        return Seeded(name, region, key, memory["id"], memory["arn"], key_arn, dict(tags or {}))

    def seed_gateway(self, name: str, region: str, key: str = "cmk", tags: Optional[dict] = None) -> Seeded:
        if key not in ALL_KEY_KINDS:
            raise ValueError(f"key must be one of {ALL_KEY_KINDS}, not {key!r}")
        key_arn = self.make_key(name, region, key, resource="gateway")
        request = {"name": name, "roleArn": f"arn:aws:iam::{self.account_id}:role/agentcore-gateway",
                   "protocolType": "MCP", "authorizerType": "AWS_IAM"}
        if key_arn:
            request["kmsKeyArn"] = key_arn
        if tags:
            request["tags"] = dict(tags)
        gateway = self.client("bedrock-agentcore-control", region).create_gateway(**request)
        return Seeded(name, region, key, gateway["gatewayId"], gateway["gatewayArn"], key_arn,
                             dict(tags or {}))

    def make_key(self, name: str, region: str, kind: str, resource: str = "memory") -> Optional[str]:
        if kind == "none":
            return None
        description = f"AgentCore {resource} {name}"
        if kind == "other-account":
            key = kms_backends[OTHER_ACCOUNT_ID][region].create_key(
                None, "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", description, None
            )
            return key.arn
        if kind == "other-partition":
            return f"arn:aws-us-gov:kms:us-gov-west-1:{self.account_id}:key/{_UNUSED_KEY_ID}"
        if kind == "bad-region":
            return f"arn:aws:kms:-:{self.account_id}:key/{_UNUSED_KEY_ID}"
        kms = self.client("kms", region)
        if kind == "sign-verify":
            return kms.create_key(Description=description, KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")[
                "KeyMetadata"]["Arn"]
        key = kms.create_key(Description=description)["KeyMetadata"]
        stored = kms_backends[self.account_id][region].keys[key["KeyId"]]
        if kind == "hmac":  # moto cannot make one through the API: what DescribeKey returns for one
            stored.key_spec, stored.key_usage = "HMAC_256", "GENERATE_VERIFY_MAC"
        elif kind in _KEY_STATES:  # states no API call can put a key in (EXTERNAL origin, custom key store, ...)
            stored.key_state = _KEY_STATES[kind]
        if kind == "aws-managed":
            # AWS creates these itself; no API call can make one.
            kms_backends[self.account_id][region].keys[key["KeyId"]].key_manager = "AWS"
        elif kind == "disabled":
            kms.disable_key(KeyId=key["KeyId"])
        elif kind == "pending-deletion":
            kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
        return key["Arn"]


def _region_of(url: str) -> str:
    """The region of a request to a regional endpoint (https://service.region.amazonaws.com/...)."""
    return urlsplit(url).hostname.split(".")[1]


class MockIdentity:
    """AgentCore Identity as moto lacks it: credential providers and the token vault of each region.

    ``oauth2`` and ``api_keys`` map a region to its providers' names; ``vaults`` a region to GetTokenVault's
    kmsConfiguration (a region without one answers ServiceManagedKey, AWS's default). Answered before the
    request is sent, as botocore's Stubber answers, but through botocore's own parser of the JSON an AWS
    endpoint returns. ``calls`` records (operation, region).
    """

    OPERATIONS = ("ListOauth2CredentialProviders", "ListApiKeyCredentialProviders", "ListPaymentCredentialProviders",
                  "GetTokenVault")
    #: Each listing's provider ARN type under token-vault/default/.
    PROVIDER_TYPES = {"ListOauth2CredentialProviders": "oauth2credentialprovider",
                      "ListApiKeyCredentialProviders": "apikeycredentialprovider",
                      "ListPaymentCredentialProviders": "paymentcredentialprovider"}

    def __init__(self, oauth2=None, api_keys=None, vaults=None, errors=None, payments=None):
        self.oauth2, self.api_keys, self.vaults = oauth2 or {}, api_keys or {}, vaults or {}
        self.payments = payments or {}
        #: (operation, region) -> the AWS error code to answer with
        self.errors = errors or {}
        self.calls = []

    def handlers(self) -> list:
        """(event, handler) pairs to register on a botocore session's events, ahead of moto."""
        return [(f"before-call.bedrock-agentcore-control.{operation}", self._answer) for operation in self.OPERATIONS]

    def answer(self, operation: str, region: str, *_request):
        """The JSON document AWS would send for an AgentCore Identity call, None for any other call: the
        ``answer`` of ``aws_proxy.AwsProxy``, for a CLI run against the server."""
        if operation not in self.OPERATIONS:
            return None
        self.calls.append((operation, region))
        return self._document(operation, region)

    def _answer(self, model, params, **_):
        region = _region_of(params["url"])
        self.calls.append((model.name, region))
        error = self.errors.get((model.name, region))
        if error:
            status, headers = 403, {"x-amzn-errortype": error, "content-type": "application/json"}
            body = json.dumps({"message": f"injected {error}"}).encode()
        else:
            status, headers = 200, {"content-type": "application/json"}
            body = json.dumps(self._document(model.name, region)).encode()
        parsed = create_parser(model.metadata["protocol"]).parse(
            {"status_code": status, "headers": headers, "body": body}, model.output_shape)
        return AWSResponse(params["url"], status, headers, StreamingBody(body)), parsed

    def _document(self, operation: str, region: str) -> dict:
        if operation == "GetTokenVault":
            return {"tokenVaultId": "default", "lastModifiedDate": 1767225600,
                    "kmsConfiguration": self.vaults.get(region, {"keyType": "ServiceManagedKey"})}
        names = {"ListOauth2CredentialProviders": self.oauth2, "ListApiKeyCredentialProviders": self.api_keys,
                 "ListPaymentCredentialProviders": self.payments}[operation].get(region, [])
        return {"credentialProviders": [{
            "name": name, "credentialProviderVendor": "CustomOauth2",
            "credentialProviderArn": f"arn:aws:bedrock-agentcore:{region}:123456789012:token-vault/default/"
                                     f"{self.PROVIDER_TYPES[operation]}/{name}",
            "createdTime": 1767225600, "lastUpdatedTime": 1767225600} for name in names]}


class StreamingBody:
    """A response body as botocore's parsers read it from an HTTP response."""

    def __init__(self, content: bytes):
        self._content = content

    def stream(self, **_):
        yield self._content


DEMO_VAULT_REGION, DEMO_SERVICE_KEY_VAULT_REGION = "us-east-1", "eu-west-1"


def demo_identity(account: MockAccount) -> MockIdentity:
    key = account.make_key("token-vault", DEMO_VAULT_REGION, "cmk", resource="token vault")
    return MockIdentity(oauth2={DEMO_VAULT_REGION: ["github"]}, api_keys={DEMO_SERVICE_KEY_VAULT_REGION: ["search"]},
                        vaults={DEMO_VAULT_REGION: {"keyType": "CustomerManagedKey", "kmsKeyArn": key}})


def seed_demo_account(account: MockAccount) -> list:
    return ([account.seed_memory(name, region, key) for name, region, key in DEMO_MEMORIES]
            + [account.seed_gateway(name, region, key) for name, region, key in DEMO_GATEWAYS])

"""A forwarding proxy between an AWS client and moto server that answers chosen calls itself.

Loopback only, bounded (request bodies up to 1 MiB, 30 s socket timeouts, daemon threads), for the demo and the
tests. moto cannot fail AgentCore calls (its IAM enforcement does not cover the control plane) and has no
AgentCore Identity, so the proxy does both:

- each ``Fault`` matches requests by operation, region and a text in the path or body, and answers the first
  ``times`` of them (every one when None) with the error as AWS sends it;
- ``answer(operation, region, path, body)``, when given, returns the JSON document AWS would send for a call
  moto lacks, an error (an object with ``code``, ``status`` and optionally ``message``), a ready answer (an
  object with ``payload`` bytes and ``content_type``, e.g. EC2's XML), or None to forward the call
  (``mock_account.MockIdentity.answer`` answers AgentCore Identity, ``mock_control_plane.MockControlPlane.answer``
  the kinds moto lacks; ``first_answer`` combines several).

``requests`` records every request: (operation, region, path and query, answered error or None).
"""

from __future__ import annotations

import http.client
import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional
from urllib.parse import urlsplit

MAX_BODY = 1 << 20
TIMEOUT = 30
_QUERY_ACTION = re.compile(r"(?:^|&)Action=([A-Za-z0-9]+)(?:&|$)")
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/(?P<region>[a-z0-9-]+)/")
# The AgentCore control plane's REST routes, longest first (botocore's model, bedrock-agentcore-control).
_ROUTES = (
    ("GET", re.compile(r"^/memories/[^/]+/details$"), "GetMemory"),
    ("POST", re.compile(r"^/memories/?$"), "ListMemories"),
    ("GET", re.compile(r"^/gateways/?$"), "ListGateways"),
    ("GET", re.compile(r"^/gateways/[^/]+/?$"), "GetGateway"),
    ("GET", re.compile(r"^/tags/"), "ListTagsForResource"),
    ("POST", re.compile(r"^/identities/get-token-vault$"), "GetTokenVault"),
    ("POST", re.compile(r"^/identities/ListOauth2CredentialProviders$"), "ListOauth2CredentialProviders"),
    ("POST", re.compile(r"^/identities/ListApiKeyCredentialProviders$"), "ListApiKeyCredentialProviders"),
    ("POST", re.compile(r"^/identities/ListPaymentCredentialProviders$"), "ListPaymentCredentialProviders"),
    ("GET", re.compile(r"^/policy-engine-summaries/?$"), "ListPolicyEngineSummaries"),
    ("GET", re.compile(r"^/policy-engine-summaries/[^/]+/?$"), "GetPolicyEngineSummary"),
    ("GET", re.compile(r"^/policy-engines/?$"), "ListPolicyEngines"),
    ("GET", re.compile(r"^/policy-engines/[^/]+/?$"), "GetPolicyEngine"),
    ("POST", re.compile(r"^/evaluators/?$"), "ListEvaluators"),
    ("GET", re.compile(r"^/evaluators/[^/]+/?$"), "GetEvaluator"),
    ("POST", re.compile(r"^/datasets/list$"), "ListDatasets"),
    ("GET", re.compile(r"^/datasets/[^/]+/?$"), "GetDataset"),
    ("POST", re.compile(r"^/configuration-bundles/?$"), "ListConfigurationBundles"),
    ("GET", re.compile(r"^/configuration-bundles/[^/]+/?$"), "GetConfigurationBundle"),
    ("POST", re.compile(r"^/payments/managers-list$"), "ListPaymentManagers"),
    ("GET", re.compile(r"^/payments/managers/[^/]+/?$"), "GetPaymentManager"),
    ("POST", re.compile(r"^/agent-insight-stores/?$"), "ListAgentInsightStores"),
    ("GET", re.compile(r"^/agent-insight-stores/[^/]+/?$"), "GetAgentInsightStore"),
    ("POST", re.compile(r"^/capacity-providers/?$"), "ListCapacityProviders"),
    ("GET", re.compile(r"^/capacity-providers/[^/]+/?$"), "GetCapacityProvider"),
    ("GET", re.compile(r"^/harnesses/?$"), "ListHarnesses"),
    ("GET", re.compile(r"^/harnesses/[^/]+/?$"), "GetHarness"),
)


def first_answer(*answers: Callable) -> Callable:
    """An ``answer`` that asks each of ``answers`` in turn and returns the first that is not None."""
    def answer(operation: str, region: str, path: str = "", body: str = ""):
        for each in answers:
            document = each(operation, region, path, body)
            if document is not None:
                return document
        return None
    return answer


@dataclass
class Fault:
    operation: str
    code: str
    region: Optional[str] = None
    contains: str = ""
    times: Optional[int] = None
    status: int = 400
    answered: int = 0
    #: The error's message; "injected <code>" when empty.
    message: str = ""

    def matches(self, operation: str, region: str, target: str) -> bool:
        if operation != self.operation or (self.region and region != self.region) or self.contains not in target:
            return False
        return self.times is None or self.answered < self.times


@dataclass(frozen=True)
class Seen:
    operation: str
    region: str
    path: str
    error: Optional[str]


class AwsProxy:
    def __init__(self, upstream: str, faults: list[Fault], answer: Optional[Callable[..., object]] = None):
        self.faults = faults
        self.answer = answer
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        upstream_url = urlsplit(upstream)
        self._upstream = (upstream_url.hostname, upstream_url.port)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "AwsProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def reset(self):
        """Forget what was seen and answered, as for a new run."""
        with self._lock:
            self.requests.clear()
            for fault in self.faults:
                fault.answered = 0

    def seen(self, operation: str) -> list[Seen]:
        return [request for request in self.requests if request.operation == operation]

    def _fault_for(self, operation: str, region: str, target: str) -> Optional[Fault]:
        with self._lock:
            for fault in self.faults:
                if fault.matches(operation, region, target):
                    fault.answered += 1
                    return fault
        return None

    def _record(self, seen: Seen):
        with self._lock:
            self.requests.append(seen)


def _operation(method: str, path: str, headers, body: bytes = b"") -> str:
    target = headers.get("X-Amz-Target")
    if target:  # the JSON protocol (KMS, STS is query): TrentService.DescribeKey
        return target.rsplit(".", 1)[-1]
    action = _QUERY_ACTION.search(body.decode("utf-8", "replace")) if body else None
    if action:  # the query protocols (EC2, STS): Action=GetEbsDefaultKmsKeyId&Version=...
        return action.group(1)
    route = path.split("?", 1)[0]
    for route_method, pattern, operation in _ROUTES:
        if method == route_method and pattern.match(route):
            return operation
    return f"{method} {route}"


def _handler_for(proxy: AwsProxy):
    class Handler(BaseHTTPRequestHandler):
        timeout = TIMEOUT

        def log_message(self, *args):  # quiet
            pass

        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.send_error(413)
                return
            body = self.rfile.read(length) if length else b""
            scope = _SCOPE.search(self.headers.get("Authorization", ""))
            region = scope.group("region") if scope else ""
            operation = _operation(self.command, self.path, self.headers, body)
            fault = proxy._fault_for(operation, region, self.path + body.decode("utf-8", "replace"))
            proxy._record(Seen(operation, region, self.path, fault.code if fault else None))
            text = body.decode("utf-8", "replace")
            document = proxy.answer(operation, region, self.path, text) if proxy.answer and not fault else None
            if fault:
                self._answer_error(fault)
            elif hasattr(document, "code"):
                self._answer_error(document)
            elif hasattr(document, "payload"):
                self._send(200, {"Content-Type": document.content_type}, document.payload)
            elif document is not None:
                self._send(200, {"Content-Type": "application/json"}, json.dumps(document).encode())
            else:
                self._forward(body)

        def _answer_error(self, fault: Fault):
            message = getattr(fault, "message", None) or f"injected {fault.code}"
            payload = json.dumps({"__type": fault.code, "message": message}).encode()
            self._send(fault.status, {"x-amzn-ErrorType": fault.code, "Content-Type": "application/x-amz-json-1.1"},
                       payload)

        def _send(self, status: int, headers: dict, payload: bytes):
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _forward(self, body: bytes):
            connection = http.client.HTTPConnection(*proxy._upstream, timeout=TIMEOUT)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
            finally:
                connection.close()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

    return Handler

"""The AgentCore control-plane kinds moto lacks (policy engines, evaluators, datasets, configuration bundles,
payment managers, agent insight stores, capacity providers and harnesses), answered as the API would.

Seeded like memories and gateways, with keys from the mock account's KMS (``MockAccount.make_key``)::

    plane = MockControlPlane(account)
    plane.seed("policy engine", "guardrails", "us-east-1", key="cmk")      # or evaluator, dataset, ...
    plane.seed_insight_store("us-east-1", key="none")                       # AWS_OWNED_KMS_KEY
    plane.seed_capacity_provider("fleet", "us-east-1", root="cmk", volumes={"data": "default"})
    plane.seed_harness("assistant", "us-east-1", memory="managed", key="cmk", listed=True)

- ``seed(kind, name, region, key="cmk", tags=None) -> Seeded``: a resource named by its key ARN (``KEY_KINDS``).
- ``seed_insight_store(region, key="cmk", enabled=True)``: the region's store; ``key="none"`` is the mode
  AWS_OWNED_KMS_KEY, any other kind CUSTOMER_MANAGED_KMS with that key.
- ``seed_capacity_provider(name, region, root="cmk", volumes=None, ephemeral=None, instance_store=())``: EBS
  volumes by name (or device name) -> ``KEY_KINDS``, or ``default`` (encrypted, no kmsKeyId), ``none``
  (encrypted false, no key); ``instance_store`` device names take no key.
- ``seed_harness(name, region, memory="managed", key="cmk", listed=True)``: with managed memory, ``listed``
  also creates the memory in moto (ListMemories lists it); ``memory`` may be ``existing`` or ``disabled``.

- ``seed_builtin_evaluator(region, name="Builtin.Correctness")``: one of the service's own evaluators, as
  ListEvaluators lists them (``evaluatorType`` Builtin, an ARN without an account).
- ``ebs_default_keys``: region -> the account's default EBS KmsKeyId, answered to EC2's GetEbsDefaultKmsKeyId
  (``alias/aws/ebs`` where unset). ``caller_may_decrypt`` (False): GetConfigurationBundle of a bundle under a KMS
  key is refused with an AccessDeniedException that names the key, as without kms:Decrypt.

``answer(operation, region, path, body)`` is an ``aws_proxy.AwsProxy`` answer (for a CLI);
``handlers()`` answers in-process like ``MockIdentity``. Both honour maxResults/nextToken. ``errors`` maps
(operation, region) to an error code (``not_offered`` codes answer 404). ``calls`` records (operation, region).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional
from urllib.parse import parse_qsl, unquote, urlsplit

from botocore.awsrequest import AWSResponse
from botocore.parsers import create_parser

from mock_account import ALL_KEY_KINDS, KEY_KINDS, MockAccount, Seeded, StreamingBody

CREATED = 1767225600
NOT_OFFERED = {"UnknownOperationException"}


@dataclass(frozen=True)
class _Api:
    list: str
    get: str
    items: str
    id: str
    arn: str
    name: str
    field: str
    arn_type: str
    #: Whether the List summary carries the encryption field (botocore 1.44.8's summary shapes).
    in_summary: bool
    status: str = "ACTIVE"
    wrap: str = ""


APIS = {
    # the summary operations: the key without decrypting customer content (the ones the plug-in calls)
    "policy engine": _Api("ListPolicyEngineSummaries", "GetPolicyEngineSummary", "policyEngines", "policyEngineId",
                          "policyEngineArn", "name", "encryptionKeyArn", "policy-engine", True),
    "evaluator": _Api("ListEvaluators", "GetEvaluator", "evaluators", "evaluatorId", "evaluatorArn",
                      "evaluatorName", "kmsKeyArn", "evaluator", True),
    "dataset": _Api("ListDatasets", "GetDataset", "datasets", "datasetId", "datasetArn", "datasetName",
                    "kmsKeyArn", "dataset", False),
    "configuration bundle": _Api("ListConfigurationBundles", "GetConfigurationBundle", "bundles", "bundleId",
                                 "bundleArn", "bundleName", "kmsKeyArn", "configuration-bundle", False),
    "payment manager": _Api("ListPaymentManagers", "GetPaymentManager", "paymentManagers", "paymentManagerId",
                            "paymentManagerArn", "name", "kmsKeyArn", "payment-manager", True, "READY"),
    "agent insight store": _Api("ListAgentInsightStores", "GetAgentInsightStore", "agentInsightStores",
                                "agentInsightStoreId", "agentInsightStoreArn", "agentInsightStoreId",
                                "encryptionConfiguration", "agent-insight-store", True),
    "capacity provider": _Api("ListCapacityProviders", "GetCapacityProvider", "capacityProviders",
                              "capacityProviderId", "capacityProviderArn", "name", "computeConfiguration",
                              "capacity-provider", False, "READY"),
    "harness": _Api("ListHarnesses", "GetHarness", "harnesses", "harnessId", "arn", "harnessName", "memory",
                    "harness", False, "READY", wrap="harness"),
}
KEY_ARN_KINDS = ("policy engine", "evaluator", "dataset", "configuration bundle", "payment manager")
OPERATIONS = {operation: kind for kind, api in APIS.items() for operation in (api.list, api.get)}
VOLUME_KEY_KINDS = ALL_KEY_KINDS + ("default",)
#: EC2's answer to GetEbsDefaultKmsKeyId in a region whose default EBS key was never changed.
AWS_MANAGED_EBS_KEY = "alias/aws/ebs"
EBS_DEFAULT_KEY = "GetEbsDefaultKmsKeyId"


class MockControlPlane:
    def __init__(self, account: MockAccount):
        self.account = account
        #: kind -> region -> the resources' Get documents, in creation order
        self.resources: dict[str, dict[str, list[dict]]] = {kind: {} for kind in APIS}
        self.errors: dict = {}
        self.calls: list = []
        #: region -> the account's default EBS KmsKeyId there (alias/aws/ebs where not set)
        self.ebs_default_keys: dict = {}
        #: Whether the caller may use the bundles' keys: GetConfigurationBundle decrypts with the caller's
        #: kms:Decrypt, so without it a bundle under a KMS key is refused, and the refusal names the key.
        self.caller_may_decrypt = False

    # --- seeding ---------------------------------------------------------------------------------------

    def seed(self, kind: str, name: str, region: str, key: str = "cmk", tags: Optional[dict] = None,
             key_arn: Optional[str] = None) -> Seeded:
        """``key_arn``, when given, is used as it is instead of a new key of the kind ``key``."""
        if kind not in KEY_ARN_KINDS:
            raise ValueError(f"kind must be one of {KEY_ARN_KINDS}, not {kind!r}")
        key_arn = key_arn or self._key(name, region, key, kind)
        document = self._new(kind, name, region, {APIS[kind].field: key_arn} if key_arn else {})
        if tags and kind in ("dataset", "payment manager"):  # the two Get responses that carry tags
            document["tags"] = dict(tags)
        return self._seeded(kind, document, key, key_arn, tags)

    def seed_insight_store(self, region: str, key: str = "cmk", enabled: bool = True,
                           key_arn: Optional[str] = None) -> Seeded:
        key_arn = key_arn or self._key("insights", region, key, "agent insight store")
        encryption = ({"mode": "CUSTOMER_MANAGED_KMS", "kmsKeyArn": key_arn} if key_arn
                      else {"mode": "AWS_OWNED_KMS_KEY"})
        document = self._new("agent insight store", "default", region, {"encryptionConfiguration": encryption},
                             enablementStatus="ENABLED" if enabled else "DISABLED")
        return self._seeded("agent insight store", document, key, key_arn)

    def seed_capacity_provider(self, name: str, region: str, root: Optional[str] = "cmk",
                               volumes: Optional[dict] = None, ephemeral: Optional[dict] = None,
                               instance_store=(), key_arn: Optional[str] = None) -> Seeded:
        """``key_arn``, when given, is the key of every volume of the kind ``cmk``."""
        ec2 = {"vpcConfiguration": {"subnets": ["subnet-1"], "securityGroups": ["sg-1"]},
               "launchTemplateSource": {"launchParameters": {
                   "operatingSystem": "LINUX_X86_64", "instanceRequirements": {"allowedInstanceTypes": ["m7i.large"]},
                   "ephemeralVolumes": [
                       *({"deviceName": device, "ebs": self._ebs(name, region, kind, key_arn)}
                         for device, kind in (ephemeral or {}).items()),
                       *({"deviceName": device, "virtualName": f"ephemeral{index}"}
                         for index, device in enumerate(instance_store))]}}}
        if root is not None:
            ec2["rootVolume"] = self._ebs(name, region, root, key_arn)
        ec2["volumes"] = [{"ebsConfiguration": {"name": volume, "sizeGiB": 20, **self._ebs(name, region, kind, key_arn)}}
                          for volume, kind in (volumes or {}).items()]
        document = self._new("capacity provider", name, region, {"computeConfiguration": {"ec2Configuration": ec2}})
        return self._seeded("capacity provider", document, root or "none", None)

    def seed_harness(self, name: str, region: str, memory: str = "managed", key: str = "cmk",
                     listed: bool = True, key_arn: Optional[str] = None) -> Seeded:
        """A harness; returns the harness, whose ``key_arn`` is its managed memory's key and whose tags hold the
        memory's ARN under ``memory``. ``key_arn`` is an unlisted managed memory's key as given."""
        memory_arn = None
        if memory == "managed":
            if listed:
                created = self.account.seed_memory(f"{name}_memory", region, key)
                memory_arn, key_arn = created.arn, created.key_arn
            else:
                key_arn = key_arn or self._key(f"{name}_memory", region, key, "memory")
                memory_arn = f"arn:aws:bedrock-agentcore:{region}:{self.account.account_id}:memory/{name}_memory-unlisted"
            configuration = {"managedMemoryConfiguration": {"arn": memory_arn, "eventExpiryDuration": 30,
                                                            **({"encryptionKeyArn": key_arn} if key_arn else {})}}
        elif memory == "existing":
            configuration = {"agentCoreMemoryConfiguration": {"arn": self.account.seed_memory(
                f"{name}_existing", region, key).arn}}
        else:
            configuration = {"disabled": {}}
        document = self._new("harness", name, region, {"memory": configuration})
        return self._seeded("harness", document, key, key_arn, {"memory": memory_arn} if memory_arn else None)

    def seed_builtin_evaluator(self, region: str, name: str = "Builtin.Correctness") -> dict:
        """One of the service's own evaluators, which ListEvaluators lists in every region: no account in its ARN."""
        document = {"evaluatorId": name, "evaluatorName": name, "evaluatorType": "Builtin", "level": "TRACE",
                    "evaluatorArn": f"arn:aws:bedrock-agentcore:::evaluator/{name}", "status": "ACTIVE",
                    "createdAt": CREATED, "updatedAt": CREATED}
        self.resources["evaluator"].setdefault(region, []).append(document)
        return document

    def _key(self, name: str, region: str, kind: str, resource: str) -> Optional[str]:
        if kind not in ALL_KEY_KINDS:
            raise ValueError(f"key must be one of {ALL_KEY_KINDS}, not {kind!r}")
        return self.account.make_key(name, region, kind, resource=resource)

    def _ebs(self, name: str, region: str, kind: str, key_arn: Optional[str] = None) -> dict:
        if kind not in VOLUME_KEY_KINDS:
            raise ValueError(f"a volume's key must be one of {VOLUME_KEY_KINDS}, not {kind!r}")
        if kind == "default":
            return {"volumeType": "gp3", "encrypted": True}
        if not (key_arn and kind == "cmk"):
            key_arn = self.account.make_key(name, region, kind, resource="capacity provider")
        return {"volumeType": "gp3", "encrypted": bool(key_arn), **({"kmsKeyId": key_arn} if key_arn else {})}

    def _new(self, kind: str, name: str, region: str, fields: dict, **extra) -> dict:
        api = APIS[kind]
        found = self.resources[kind].setdefault(region, [])
        resource_id = f"{name}-{len(found):010d}" if kind != "agent insight store" else name
        document = {api.id: resource_id, api.name: name if api.name != api.id else resource_id,
                    api.arn: f"arn:aws:bedrock-agentcore:{region}:{self.account.account_id}:{api.arn_type}/{resource_id}",
                    "status": api.status, "createdAt": CREATED, "updatedAt": CREATED, "lastUpdatedAt": CREATED,
                    **extra, **fields}
        found.append(document)
        return document

    def _seeded(self, kind: str, document: dict, key: str, key_arn: Optional[str], tags=None) -> Seeded:
        api = APIS[kind]
        return Seeded(document[api.name], document[api.arn].split(":")[3], key, document[api.id],
                      document[api.arn], key_arn, dict(tags or {}))

    # --- answering -------------------------------------------------------------------------------------

    def answer(self, operation: str, region: str, path: str = "", body: str = ""):
        """The JSON document AWS would send for a call about these kinds, None for any other call."""
        if operation == EBS_DEFAULT_KEY:
            self.calls.append((operation, region))
            if (operation, region) in self.errors:
                return _Error(self.errors[(operation, region)])
            return _Xml(f'<GetEbsDefaultKmsKeyIdResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
                        f'<requestId>{region}</requestId><kmsKeyId>{self.ebs_default_key(region)}</kmsKeyId>'
                        '</GetEbsDefaultKmsKeyIdResponse>')
        if operation not in OPERATIONS:
            return None
        self.calls.append((operation, region))
        error = self.errors.get((operation, region))
        if error:
            return _Error(error)
        return self._document(operation, region, path, body)

    def ebs_default_key(self, region: str) -> str:
        return self.ebs_default_keys.get(region) or AWS_MANAGED_EBS_KEY

    def _document(self, operation: str, region: str, path: str, body: str):
        kind = OPERATIONS[operation]
        api = APIS[kind]
        found = self.resources[kind].get(region, [])
        url = urlsplit(path)
        if operation == api.get:
            wanted = unquote(url.path.rstrip("/").rsplit("/", 1)[-1])
            for document in found:
                if document[api.id] == wanted:
                    if kind == "configuration bundle" and document.get("kmsKeyArn") and not self.caller_may_decrypt:
                        return _Error("AccessDeniedException", _refusal(self.account.account_id, document["kmsKeyArn"]))
                    return {api.wrap: document} if api.wrap else document
            return _Error("ResourceNotFoundException")
        request = {**dict(parse_qsl(url.query)), **(json.loads(body) if body.strip() else {})}
        start, size = int(request.get("nextToken") or 0), int(request.get("maxResults") or 10)
        page = [self._summary(api, document) for document in found[start:start + size]]
        following = start + size
        return {api.items: page, **({"nextToken": str(following)} if following < len(found) else {})}

    @staticmethod
    def _summary(api: _Api, document: dict) -> dict:
        left_out = set() if api.in_summary else {api.field, "tags"}
        return {name: value for name, value in document.items() if name not in left_out}

    def handlers(self) -> list:
        """(event, handler) pairs to register on a botocore session's events, ahead of moto."""
        return ([(f"before-call.bedrock-agentcore-control.{operation}", self._answer) for operation in OPERATIONS]
                + [(f"before-call.ec2.{EBS_DEFAULT_KEY}", self._answer_ebs_default_key)])

    def _answer_ebs_default_key(self, model, params, **_):
        region = urlsplit(params["url"]).hostname.split(".")[1]
        answer = self.answer(model.name, region)
        if isinstance(answer, _Error):
            status, payload = answer.status, (f"<Response><Errors><Error><Code>{answer.code}</Code><Message>"
                                              f"{answer.message}</Message></Error></Errors></Response>").encode()
        else:
            status, payload = 200, answer.payload
        parsed = create_parser(model.metadata["protocol"]).parse(
            {"status_code": status, "headers": {}, "body": payload}, model.output_shape)
        return AWSResponse(params["url"], status, {}, StreamingBody(payload)), parsed

    def _answer(self, model, params, **_):
        url = params["url"]
        region = urlsplit(url).hostname.split(".")[1]
        body = params.get("body") or b""
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        document = self.answer(model.name, region, path, body.decode() if isinstance(body, bytes) else str(body))
        status, headers = 200, {"content-type": "application/json"}
        if isinstance(document, _Error):
            status = document.status
            headers = {"x-amzn-errortype": document.code, "content-type": "application/json"}
            document = {"message": document.message}
        payload = json.dumps(document).encode()
        parsed = create_parser(model.metadata["protocol"]).parse(
            {"status_code": status, "headers": headers, "body": payload}, model.output_shape)
        return AWSResponse(url, status, headers, StreamingBody(payload)), parsed


class _Error:
    """An error answer: ``aws_proxy`` sends it with its status and x-amzn-ErrorType."""

    STATUSES = {"ResourceNotFoundException": 404, "AccessDeniedException": 403, "ThrottlingException": 429}

    def __init__(self, code: str, message: str = ""):
        self.code = code
        self.message = message or f"injected {code}"
        self.status = 404 if code in NOT_OFFERED else self.STATUSES.get(code, 400)


class _Xml:
    """A ready answer in EC2's XML: ``aws_proxy`` sends it as it is."""

    content_type = "text/xml;charset=UTF-8"

    def __init__(self, text: str):
        self.payload = text.encode()


def _refusal(account_id: str, key_arn: str) -> str:
    """How KMS words a refused kms:Decrypt, as a service passes it on to its caller."""
    return (f"User: arn:aws:sts::{account_id}:assumed-role/ProwlerScan/scan is not authorized to perform: "
            f"kms:Decrypt on resource: {key_arn} because no identity-based policy allows the kms:Decrypt action")


def seed_demo_control_plane(plane: MockControlPlane, regions=("us-east-1", "eu-west-1")) -> list:
    """The demo's kinds moto lacks: each passes in the first region and fails in the second; a harness's managed
    memory under an AWS owned key (a memory finding) in the first."""
    passing, failing = regions
    seeded = []
    for kind in KEY_ARN_KINDS:
        slug = kind.replace(" ", "_")
        seeded += [plane.seed(kind, f"{slug}_with_cmk", passing, "cmk"),
                   plane.seed(kind, f"{slug}_aws_managed", failing, "aws-managed")]
    seeded += [plane.seed_insight_store(passing, "cmk"), plane.seed_insight_store(failing, "none"),
               plane.seed_capacity_provider("runtime_fleet", passing, volumes={"workspace": "cmk"},
                                            instance_store=("/dev/sdc",)),
               plane.seed_capacity_provider("default_ebs_fleet", failing, root="default"),
               plane.seed_harness("support_harness", passing, memory="managed", key="none")]
    return seeded

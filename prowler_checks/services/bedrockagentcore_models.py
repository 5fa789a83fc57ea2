"""What the AgentCore service reads: one model per resource, and the gaps where it could not read."""

from __future__ import annotations

from typing import Optional

from pydantic.v1 import BaseModel

#: The kinds of resource a gap can be about; ANY is a failure before any resource kind was reached.
MEMORY, GATEWAY, TOKEN_VAULT, ANY = "memory", "gateway", "token vault", "any"
POLICY_ENGINE, EVALUATOR, DATASET = "policy engine", "evaluator", "dataset"
CONFIGURATION_BUNDLE, PAYMENT_MANAGER = "configuration bundle", "payment manager"
AGENT_INSIGHT_STORE, CAPACITY_PROVIDER = "agent insight store", "capacity provider"
PLURAL = {MEMORY: "memories", GATEWAY: "gateways", TOKEN_VAULT: "token vaults", POLICY_ENGINE: "policy engines",
          EVALUATOR: "evaluators", DATASET: "datasets", CONFIGURATION_BUNDLE: "configuration bundles",
          PAYMENT_MANAGER: "payment managers", AGENT_INSIGHT_STORE: "agent insight stores",
          CAPACITY_PROVIDER: "capacity providers", "harness": "harnesses"}


class AgentCoreResource(BaseModel):
    """What every resource shares: identity, status, tags, and what could not be read of them."""

    id: str
    arn: str
    region: str
    name: Optional[str] = None
    status: Optional[str] = None
    tags: list = []
    # What went wrong, in words, when the resource's Get call failed: it exists, its key is unknown.
    read_error: Optional[str] = None
    # What went wrong, in words, when ListTagsForResource failed: a mutelist entry by tag cannot apply.
    tags_error: Optional[str] = None


class KindResource(AgentCoreResource):
    """A resource of one of the kinds in ``bedrockagentcore_kinds.KINDS``; ``encryption`` is the value of the
    kind's encryption field as the API returned it (a key ARN, an encryptionConfiguration or a
    computeConfiguration), None when the resource has none."""

    kind: str
    encryption: Optional[object] = None
    #: How the key was learnt when the Get was refused for it: the refusal named the key.
    key_note: Optional[str] = None


class Memory(KindResource):
    kind: str = MEMORY
    encryption_key_arn: Optional[str] = None
    #: The harness that manages the memory, when it is a harness's managed memory.
    harness: Optional[str] = None


class Gateway(KindResource):
    kind: str = GATEWAY
    kms_key_arn: Optional[str] = None


class TokenVault(BaseModel):
    id: str
    arn: str
    region: str
    kms_configuration: Optional[dict] = None
    read_error: Optional[str] = None
    #: True when OAuth2, API-key or payment credential providers exist in the region, None when that could not be
    #: told.
    holds_credentials: Optional[bool] = None


class KeyDescription(BaseModel):
    arn: str
    metadata: Optional[dict] = None
    # What went wrong, in words, when DescribeKey failed or could not be sent.
    error: Optional[str] = None


class Gap(BaseModel):
    """Something the scan could not read, reported as a MANUAL finding so that it is never silently missing."""

    kind: str
    id: str
    arn: str
    region: str
    reason: str
    tags: list = []

"""The Prowler compliance framework ``agentcore_data_protection_aws``, generated from the findings.

One requirement per finding: each names the finding's check and the controls of frameworks auditors know that
a PASS evidences, with the reason each control applies. The committed framework file in the Prowler plug-in
must equal ``render()``; ``python -m agentcore_cmk.compliance`` prints it.

The framework uses Prowler's generic attribute model (Section, SubSection, SubGroup, Service, Type, Comment):
it is the one Prowler's generic compliance CSV and Prowler App's generic view render for a framework they have
no dedicated code for. A requirement has exactly one attribute, so the CSV has one row per finding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .finding import (
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, FINDINGS, GATEWAY, MEMORY,
    PAYMENT_MANAGER, POLICY_ENGINE, TOKEN_VAULT, Finding,
)
from .prowler_metadata import SERVICE

#: The name ``prowler aws --compliance`` takes and the framework file's name without ``.json``.
FRAMEWORK_NAME = "agentcore_data_protection_aws"
FRAMEWORK = "AgentCore-Data-Protection"
VERSION = "1.0"
TITLE = "Amazon Bedrock AgentCore Data Protection with customer-managed KMS keys"
DESCRIPTION = (
    "Amazon Bedrock AgentCore data at rest (memories, gateways, the AgentCore Identity token vault, policy "
    "engines, evaluators, datasets, configuration bundles, payment managers, the agent insight store and "
    "capacity providers' EBS volumes) is "
    "encrypted with customer-managed AWS KMS keys, not AWS owned or AWS managed keys, as checked live by the "
    "agentcore-cmk-checks Prowler plug-in. Each requirement names the controls of NIST SP 800-53 Rev. 5, "
    "ISO/IEC 27001:2022, SOC 2, GDPR and the AWS AI Security Framework that it provides evidence for; it is "
    "evidence toward those controls, not a full assessment of any of them."
)
SECTION = "Encryption at rest with customer-managed keys"


@dataclass(frozen=True)
class Control:
    """Controls of one framework that a requirement evidences, and why they apply."""

    framework: str
    ids: tuple[str, ...]
    reason: str

    def label(self) -> str:
        return f"{self.framework}: {', '.join(self.ids)}"


@dataclass(frozen=True)
class Requirement:
    id: str
    finding: Finding
    sub_section: str
    description: str
    controls: tuple[Control, ...]


# The controls every requirement evidences: each finding asks the same question of a different resource.
NIST_800_53 = Control(
    "NIST SP 800-53 Rev. 5", ("SC-12", "SC-28"),
    "SC-12 asks the organization to manage its cryptographic keys under its own requirements for their "
    "generation, distribution, storage, access and destruction: a customer-managed key's policy, rotation and "
    "deletion are the customer's. SC-28 asks for the confidentiality of information at rest: access to the "
    "data at rest follows a key the customer can revoke.",
)
ISO_27001 = Control(
    "ISO/IEC 27001:2022", ("A.8.24",),
    "A.8.24 Use of cryptography asks for rules on the effective use of cryptography, including key "
    "management, to be defined and implemented: this verifies that rule for the resource.",
)
SOC_2 = Control(
    "SOC 2 (AICPA TSC 2017)", ("CC6.1",),
    "CC6.1 asks for logical access security over protected information assets; its points of focus include "
    "using encryption to protect data and protecting encryption keys, which a key the customer controls shows.",
)
AWS_AI_SECURITY = Control(
    "AWS AI Security Framework", ("AISF-INFRA-05",),
    "AISF-INFRA-05 Encryption at Rest for AI Data (Prowler's aws_ai_security_framework_aws 1.0) asks for AI "
    "workload data at rest to be encrypted using customer-managed KMS keys where possible.",
)
_COMMON = (NIST_800_53, ISO_27001, SOC_2, AWS_AI_SECURITY)
GDPR_ARTICLE = ("Art. 32(1)(a)",)

REQUIREMENTS = {
    MEMORY.id: Requirement(
        id="AGENTCORE-DP-01",
        finding=MEMORY,
        sub_section="AgentCore Memory",
        description=(
            "Every Amazon Bedrock AgentCore memory is encrypted at rest with a customer-managed AWS KMS key "
            "(encryptionKeyArn), not an AWS owned or AWS managed key, so that the organization decides who "
            "may decrypt agents' conversation history, extracted facts and user preferences, sees each use "
            "of the key in CloudTrail and can revoke access by disabling the key."
        ),
        controls=_COMMON + (Control(
            "GDPR", GDPR_ARTICLE,
            "Memories hold conversation history and user preferences, which are personal data; Art. 32(1)(a) "
            "names encryption of personal data as a security measure appropriate to the risk.",
        ),),
    ),
    GATEWAY.id: Requirement(
        id="AGENTCORE-DP-02",
        finding=GATEWAY,
        sub_section="AgentCore Gateway",
        description=(
            "Every Amazon Bedrock AgentCore gateway is encrypted at rest with a customer-managed AWS KMS key "
            "(kmsKeyArn), not an AWS owned or AWS managed key, so that the organization decides who may "
            "decrypt the configuration, target definitions and authorizer settings that define which tools "
            "agents can reach."
        ),
        # No GDPR control: a gateway holds configuration, not personal data.
        controls=_COMMON,
    ),
    TOKEN_VAULT.id: Requirement(
        id="AGENTCORE-DP-03",
        finding=TOKEN_VAULT,
        sub_section="AgentCore Identity token vault",
        description=(
            "The Amazon Bedrock AgentCore Identity token vault of every region in use is encrypted with a "
            "customer-managed AWS KMS key (kmsConfiguration keyType CustomerManagedKey), not a service-managed "
            "key, so that the organization decides who may decrypt the OAuth2 tokens, client secrets and API "
            "keys agents use to call other services."
        ),
        controls=_COMMON + (Control(
            "GDPR", GDPR_ARTICLE,
            "The vault holds OAuth2 tokens obtained on behalf of end users and stored against their user IDs, "
            "which are personal data and open access to more of it; Art. 32(1)(a) names encryption of "
            "personal data as a security measure appropriate to the risk.",
        ),),
    ),
    POLICY_ENGINE.id: Requirement(
        id="AGENTCORE-DP-04",
        finding=POLICY_ENGINE,
        sub_section="AgentCore Policy",
        description=(
            "Every Amazon Bedrock AgentCore policy engine is encrypted at rest with a customer-managed AWS KMS "
            "key (encryptionKeyArn), not an AWS owned or AWS managed key, so that the organization decides who "
            "may decrypt the Cedar policies that decide which tool calls agents may make."
        ),
        # No GDPR control: a policy engine holds authorization policies, not personal data.
        controls=_COMMON,
    ),
    EVALUATOR.id: Requirement(
        id="AGENTCORE-DP-05",
        finding=EVALUATOR,
        sub_section="AgentCore Evaluations: evaluators",
        description=(
            "Every custom Amazon Bedrock AgentCore evaluator is encrypted at rest with a customer-managed AWS "
            "KMS key (kmsKeyArn), not an AWS owned or AWS managed key, so that the organization decides who may "
            "decrypt the judging instructions, rating scales and model settings that score its agents."
        ),
        # No GDPR control: an evaluator holds judging instructions, not personal data.
        controls=_COMMON,
    ),
    DATASET.id: Requirement(
        id="AGENTCORE-DP-06",
        finding=DATASET,
        sub_section="AgentCore Evaluations: datasets",
        description=(
            "Every Amazon Bedrock AgentCore dataset is encrypted at rest with a customer-managed AWS KMS key "
            "(kmsKeyArn), not an AWS owned or AWS managed key, so that the organization decides who may decrypt "
            "the evaluation examples, often real conversations, that evaluations run agents against."
        ),
        controls=_COMMON + (Control(
            "GDPR", GDPR_ARTICLE,
            "Datasets hold evaluation examples that are often real conversations with end users, which are "
            "personal data; Art. 32(1)(a) names encryption of personal data as a security measure appropriate "
            "to the risk.",
        ),),
    ),
    CONFIGURATION_BUNDLE.id: Requirement(
        id="AGENTCORE-DP-07",
        finding=CONFIGURATION_BUNDLE,
        sub_section="AgentCore Evaluations: configuration bundles",
        description=(
            "Every Amazon Bedrock AgentCore configuration bundle is encrypted at rest with a customer-managed "
            "AWS KMS key (kmsKeyArn), not an AWS owned or AWS managed key, so that the organization decides who "
            "may decrypt the versioned component configurations of its evaluation workflows."
        ),
        # No GDPR control: a configuration bundle holds configuration, not personal data.
        controls=_COMMON,
    ),
    PAYMENT_MANAGER.id: Requirement(
        id="AGENTCORE-DP-08",
        finding=PAYMENT_MANAGER,
        sub_section="AgentCore Payments",
        description=(
            "Every Amazon Bedrock AgentCore payment manager is encrypted at rest with a customer-managed AWS KMS "
            "key (kmsKeyArn), not an AWS owned or AWS managed key, so that the organization decides who may "
            "decrypt the payment data and provider settings through which its agents move money."
        ),
        controls=_COMMON + (Control(
            "GDPR", GDPR_ARTICLE,
            "A payment manager keeps payment data of the people agents pay for or charge, which is personal "
            "data; Art. 32(1)(a) names encryption of personal data as a security measure appropriate to the "
            "risk.",
        ),),
    ),
    AGENT_INSIGHT_STORE.id: Requirement(
        id="AGENTCORE-DP-09",
        finding=AGENT_INSIGHT_STORE,
        sub_section="AgentCore agent insights",
        description=(
            "The Amazon Bedrock AgentCore agent insight store of every region is encrypted with a "
            "customer-managed AWS KMS key (encryptionConfiguration mode CUSTOMER_MANAGED_KMS), not an AWS owned "
            "key, so that the organization decides who may decrypt the insights derived from every agent's "
            "sessions and traces."
        ),
        controls=_COMMON + (Control(
            "GDPR", GDPR_ARTICLE,
            "Insights are derived from agents' sessions and traces with end users, which carry personal data; "
            "Art. 32(1)(a) names encryption of personal data as a security measure appropriate to the risk.",
        ),),
    ),
    CAPACITY_PROVIDER.id: Requirement(
        id="AGENTCORE-DP-10",
        finding=CAPACITY_PROVIDER,
        sub_section="AgentCore Runtime capacity providers",
        description=(
            "Every EBS volume (root, persistent and ephemeral) of every Amazon Bedrock AgentCore capacity "
            "provider is encrypted with a customer-managed AWS KMS key (kmsKeyId), not the AWS managed EBS key "
            "or none, so that the organization decides who may decrypt the agents' code, session files and "
            "persistent storage on the instances that run its AgentCore Runtime sessions."
        ),
        controls=_COMMON + (Control(
            "GDPR", GDPR_ARTICLE,
            "The volumes hold the session files and persistent storage of the agents that run on them, which "
            "include end users' personal data; Art. 32(1)(a) names encryption of personal data as a security "
            "measure appropriate to the risk.",
        ),),
    ),
}


def requirement_for(finding: Finding) -> Requirement:
    return REQUIREMENTS[finding.id]


def _requirement(requirement: Requirement) -> dict[str, Any]:
    return {
        "Id": requirement.id,
        "Name": requirement.finding.title,
        "Description": requirement.description,
        "Attributes": [{
            "ItemId": requirement.id,
            "Section": SECTION,
            "SubSection": requirement.sub_section,
            "SubGroup": " | ".join(control.label() for control in requirement.controls),
            "Service": SERVICE,
            "Type": "Automated",
            "Comment": " ".join(f"{control.framework}: {control.reason}" for control in requirement.controls),
        }],
        "Checks": [requirement.finding.id],
    }


def framework() -> dict[str, Any]:
    return {
        "Framework": FRAMEWORK,
        "Name": TITLE,
        "Version": VERSION,
        "Provider": "AWS",
        "Description": DESCRIPTION,
        "Requirements": [_requirement(requirement_for(finding)) for finding in FINDINGS],
    }


def render() -> str:
    return json.dumps(framework(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")

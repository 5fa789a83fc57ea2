"""Prowler's metadata JSON for the finding, generated from ``FINDING``.

The committed ``<check>.metadata.json`` must equal ``render()``; ``python -m agentcore_cmk.prowler_metadata``
prints it.
"""

from __future__ import annotations

import json
from typing import Any

from .finding import FINDING, Finding

SERVICE = FINDING.id.split("_")[0]


def metadata(finding: Finding = FINDING) -> dict[str, Any]:
    return {
        "Provider": "aws",
        "CheckID": finding.id,
        "CheckTitle": finding.title,
        "CheckType": [
            "Software and Configuration Checks/AWS Security Best Practices",
            "Effects/Data Exposure",
            "Sensitive Data Identifications/PII",
        ],
        "ServiceName": SERVICE,
        "SubServiceName": "memory",
        "ResourceIdTemplate": "arn:partition:bedrock-agentcore:region:account-id:memory/memory-id",
        "Severity": finding.severity,
        "ResourceType": "Other",
        "ResourceGroup": "ai_ml",
        "Description": finding.description,
        "Risk": finding.risk,
        "RelatedUrl": "",
        "AdditionalURLs": list(finding.references),
        "Remediation": {
            "Code": {
                "CLI": finding.remediation_cli,
                "NativeIaC": finding.remediation_cloudformation,
                "Other": finding.remediation_console,
                "Terraform": finding.remediation_terraform,
            },
            "Recommendation": {"Text": finding.remediation, "Url": ""},
        },
        "Categories": ["encryption", "gen-ai"],
        "DependsOn": [],
        "RelatedTo": [],
        "Notes": "The key of an existing memory cannot be changed: the memory must be re-created.",
    }


def render(finding: Finding = FINDING) -> str:
    return json.dumps(metadata(finding), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")

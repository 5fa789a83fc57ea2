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
        "SubServiceName": finding.sub_service,
        "ResourceIdTemplate": finding.resource_id_template,
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
        "Notes": finding.notes,
    }


def render(finding: Finding = FINDING) -> str:
    return json.dumps(metadata(finding), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    from .finding import finding_by_id

    print(render(finding_by_id(sys.argv[1]) if len(sys.argv) > 1 else FINDING), end="")

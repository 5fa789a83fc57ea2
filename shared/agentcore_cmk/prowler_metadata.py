"""Prowler's metadata JSON for each finding, generated from ``finding.py``.

Each committed ``<check>.metadata.json`` must equal ``render(finding)``;
``python -m agentcore_cmk.prowler_metadata <check id>`` prints it.
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
        "CheckType": check_types(finding),
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


#: What each resource holds, as an AWS Security Finding Format type beyond the two every finding has.
_DATA_TYPES = {
    "memory": "Sensitive Data Identifications/PII",  # conversations, extracted facts, user preferences
    "token vault": "Sensitive Data Identifications/Passwords",  # OAuth2 tokens, client secrets, API keys
    "dataset": "Sensitive Data Identifications/PII",  # evaluation examples, often real conversations
    "agent insight store": "Sensitive Data Identifications/PII",  # insights derived from sessions and traces
    "payment manager": "Sensitive Data Identifications/Financial",  # payment data and provider settings
}


def check_types(finding: Finding) -> list[str]:
    types = ["Software and Configuration Checks/AWS Security Best Practices", "Effects/Data Exposure"]
    return types + ([_DATA_TYPES[finding.resource]] if finding.resource in _DATA_TYPES else [])


def render(finding: Finding = FINDING) -> str:
    return json.dumps(metadata(finding), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    from .finding import finding_by_id

    print(render(finding_by_id(sys.argv[1]) if len(sys.argv) > 1 else FINDING), end="")

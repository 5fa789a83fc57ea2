"""Regenerate the package's own read-only model of bedrock-agentcore-control from a named botocore release.

    python prowler_checks/services/bedrockagentcore_api/regenerate.py 1.44.8

Prowler pins a botocore that lacks most of the read operations the plug-in calls (policy engines, evaluators,
datasets, ...). This downloads the named botocore wheel from the package index (``pip download``), keeps only
the operations below and the shapes they reach, without documentation, and writes the service and paginator
models next to this file, where ``bedrockagentcore_sdk`` finds them. Plain standard library: run it with any
Python that has pip.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SERVICE = "bedrock-agentcore-control"
HERE = Path(__file__).resolve().parent

#: Every call the plug-in makes to the control plane, those the pinned botocore already has included, so that
#: one model serves the plug-in's client.
OPERATIONS = (
    "ListMemories", "GetMemory", "ListGateways", "GetGateway", "ListTagsForResource",
    "ListOauth2CredentialProviders", "ListApiKeyCredentialProviders", "ListPaymentCredentialProviders",
    "GetTokenVault",
    # The summary operations, not ListPolicyEngines/GetPolicyEngine: those decrypt with the caller's kms:Decrypt.
    "ListPolicyEngineSummaries", "GetPolicyEngineSummary", "ListEvaluators", "GetEvaluator", "ListDatasets", "GetDataset",
    "ListConfigurationBundles", "GetConfigurationBundle", "ListPaymentManagers", "GetPaymentManager",
    "ListAgentInsightStores", "GetAgentInsightStore", "ListCapacityProviders", "GetCapacityProvider",
    "ListHarnesses", "GetHarness",
)


def trim(service: dict, paginators: dict, operations=OPERATIONS) -> tuple[dict, dict]:
    """The service model with only ``operations`` and the shapes they reach, and their paginators."""
    missing = [name for name in operations if name not in service["operations"]]
    if missing:
        raise SystemExit(f"this botocore release lacks {', '.join(missing)}: pick a newer one")
    kept_operations = {name: _undocumented(service["operations"][name]) for name in operations}
    shapes: dict = {}
    pending = [ref["shape"] for operation in kept_operations.values()
               for ref in [operation.get("input"), operation.get("output"), *operation.get("errors", [])] if ref]
    while pending:
        name = pending.pop()
        if name in shapes:
            continue
        shape = _undocumented(service["shapes"][name])
        shapes[name] = shape
        pending += _referenced(shape)
    trimmed = {
        "version": service.get("version", "2.0"),
        "metadata": service["metadata"],
        "operations": kept_operations,
        "shapes": dict(sorted(shapes.items())),
    }
    pages = {name: value for name, value in paginators["pagination"].items() if name in kept_operations}
    return trimmed, {"pagination": pages}


def _referenced(shape: dict) -> list[str]:
    refs = list(shape.get("members", {}).values())
    refs += [shape[key] for key in ("member", "key", "value") if key in shape]
    return [ref["shape"] for ref in refs]


def _undocumented(node):
    if isinstance(node, dict):
        return {key: _undocumented(value) for key, value in node.items() if key not in ("documentation", "examples")}
    if isinstance(node, list):
        return [_undocumented(value) for value in node]
    return node


def _read_release(version: str) -> tuple[dict, dict, str]:
    """(service model, paginators, API version) of bedrock-agentcore-control in botocore ``version``."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", f"botocore=={version}",
                        "-d", folder], check=True)
        wheel = next(Path(folder).glob("botocore-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            prefix = f"botocore/data/{SERVICE}/"
            names = [name for name in archive.namelist() if name.startswith(prefix)]
            api_version = max(name[len(prefix):].split("/")[0] for name in names)
            base = f"{prefix}{api_version}/"

            def load(name: str) -> dict:
                for candidate in (base + name, base + name + ".gz"):
                    if candidate in names:
                        data = archive.read(candidate)
                        return json.loads(gzip.decompress(data) if candidate.endswith(".gz") else data)
                raise SystemExit(f"{wheel.name} has no {base}{name}")

            return load("service-2.json"), load("paginators-1.json"), api_version


def write(folder: Path, version: str, service: dict, paginators: dict, api_version: str) -> Path:
    target = folder / SERVICE / api_version
    target.mkdir(parents=True, exist_ok=True)
    for stale in (folder / SERVICE).glob("*/*.json"):
        stale.unlink()
    service = dict(service, metadata=dict(service["metadata"], **{"x-agentcore-cmk-source": f"botocore {version}"}))
    for name, document in (("service-2.json", service), ("paginators-1.json", paginators)):
        (target / name).write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("botocore_version", help="the botocore release to take the model from, e.g. 1.44.8")
    parser.add_argument("--out", type=Path, default=HERE, help="the folder to write into (default: next to this file)")
    args = parser.parse_args(argv)
    service, paginators, api_version = _read_release(args.botocore_version)
    trimmed, pages = trim(service, paginators)
    target = write(args.out, args.botocore_version, trimmed, pages, api_version)
    print(f"{target}: {len(trimmed['operations'])} operations, {len(trimmed['shapes'])} shapes "
          f"from botocore {args.botocore_version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

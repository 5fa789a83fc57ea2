"""Each committed metadata JSON is render()'s output for its finding, and Prowler's own models accept it."""

import importlib.util
from pathlib import Path

import pytest

from agentcore_cmk import FINDINGS, prowler_metadata
from prowler_helpers import REPO

SERVICE_FOLDER = REPO / "prowler_checks/services/bedrockagentcore"
ALL = pytest.mark.parametrize("finding", FINDINGS, ids=lambda finding: finding.resource)


def _committed(finding) -> Path:
    return SERVICE_FOLDER / finding.id / f"{finding.id}.metadata.json"


def _installed_check_folder(finding) -> Path:
    spec = importlib.util.find_spec(f"agentcore_cmk_prowler.services.bedrockagentcore.{finding.id}")
    return Path(list(spec.submodule_search_locations)[0])


@ALL
def test_the_committed_metadata_is_generated_from_shared(finding):
    assert _committed(finding).read_text(encoding="utf-8") == prowler_metadata.render(finding), (
        f"regenerate it: python -m agentcore_cmk.prowler_metadata {finding.id} > "
        f"{_committed(finding).relative_to(REPO)}"
    )


@ALL
def test_the_installed_metadata_is_the_committed_one(finding):
    installed = _installed_check_folder(finding) / _committed(finding).name
    assert installed.read_text(encoding="utf-8") == _committed(finding).read_text(encoding="utf-8")


@ALL
def test_prowlers_check_metadata_model_accepts_it(finding):
    from prowler.lib.check.models import CheckMetadata, load_check_metadata

    metadata = load_check_metadata(str(_installed_check_folder(finding) / _committed(finding).name))
    assert isinstance(metadata, CheckMetadata)
    assert metadata.CheckID == finding.id
    assert metadata.ServiceName == "bedrockagentcore"
    assert metadata.SubServiceName == finding.sub_service
    assert metadata.Severity.value == finding.severity
    assert metadata.CheckTitle == finding.title
    assert metadata.Description == finding.description
    assert metadata.Risk == finding.risk
    assert metadata.Remediation.Recommendation.Text == finding.remediation
    assert metadata.Remediation.Code.CLI == finding.remediation_cli
    assert metadata.AdditionalURLs == list(finding.references)


def test_only_the_memory_is_typed_as_personal_data_and_the_vault_as_credentials():
    types = {finding.resource: prowler_metadata.metadata(finding)["CheckType"] for finding in FINDINGS}
    assert "Sensitive Data Identifications/PII" in types["memory"]
    assert not any("Sensitive Data" in t for t in types["gateway"])
    assert "Sensitive Data Identifications/Passwords" in types["token vault"]


@ALL
def test_prowler_finds_the_check_through_its_entry_point(finding):
    from prowler.lib.check.checks_loader import load_checks_to_execute
    from prowler.lib.check.models import CheckMetadata
    from prowler.lib.check.utils import recover_checks_from_provider

    assert (finding.id, str(_installed_check_folder(finding))) in recover_checks_from_provider("aws")
    bulk = CheckMetadata.get_bulk("aws")
    assert bulk[finding.id].ServiceName == "bedrockagentcore"
    # What --service and --severity select from (the CLI runs cover them end to end too).
    assert load_checks_to_execute(bulk_checks_metadata=bulk, service_list=["bedrockagentcore"],
                                  provider="aws") == {f.id for f in FINDINGS}
    assert finding.id in load_checks_to_execute(bulk_checks_metadata=bulk, severities=[finding.severity],
                                                provider="aws")
    assert finding.id in load_checks_to_execute(bulk_checks_metadata=bulk, provider="aws")  # a plain `prowler aws`


@ALL
def test_the_check_folder_holds_only_the_check(finding):
    # Prowler's --checks-folder copies every entry of the service folder into its own tree.
    folder = _installed_check_folder(finding)
    names = {p.name for p in folder.iterdir() if p.name != "__pycache__"}
    assert names == {"__init__.py", f"{finding.id}.py", f"{finding.id}.metadata.json"}
    assert not (folder.parent / "__init__.py").exists()

"""The committed metadata JSON is render()'s output, and Prowler's own models accept it."""

import importlib.util
from pathlib import Path

from agentcore_cmk import FINDING, prowler_metadata
from prowler_helpers import REPO

COMMITTED = REPO / "prowler_checks/services/bedrockagentcore" / FINDING.id / f"{FINDING.id}.metadata.json"


def _installed_check_folder() -> Path:
    spec = importlib.util.find_spec(f"agentcore_cmk_prowler.services.bedrockagentcore.{FINDING.id}")
    return Path(list(spec.submodule_search_locations)[0])


def test_the_committed_metadata_is_generated_from_shared():
    assert COMMITTED.read_text(encoding="utf-8") == prowler_metadata.render(), (
        f"regenerate it: python -m agentcore_cmk.prowler_metadata > {COMMITTED.relative_to(REPO)}"
    )


def test_the_installed_metadata_is_the_committed_one():
    installed = _installed_check_folder() / COMMITTED.name
    assert installed.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_prowlers_check_metadata_model_accepts_it():
    from prowler.lib.check.models import CheckMetadata, load_check_metadata

    metadata = load_check_metadata(str(_installed_check_folder() / COMMITTED.name))
    assert isinstance(metadata, CheckMetadata)
    assert metadata.CheckID == FINDING.id
    assert metadata.ServiceName == "bedrockagentcore"
    assert metadata.Severity.value == FINDING.severity
    assert metadata.CheckTitle == FINDING.title
    assert metadata.Description == FINDING.description
    assert metadata.Risk == FINDING.risk
    assert metadata.Remediation.Recommendation.Text == FINDING.remediation
    assert metadata.Remediation.Code.CLI == FINDING.remediation_cli
    assert metadata.AdditionalURLs == list(FINDING.references)


def test_prowler_finds_the_check_through_its_entry_point():
    from prowler.lib.check.checks_loader import load_checks_to_execute
    from prowler.lib.check.models import CheckMetadata
    from prowler.lib.check.utils import recover_checks_from_provider

    assert (FINDING.id, str(_installed_check_folder())) in recover_checks_from_provider("aws")
    bulk = CheckMetadata.get_bulk("aws")
    assert bulk[FINDING.id].ServiceName == "bedrockagentcore"
    # What --service and --severity select from (the CLI runs of test_cli.py cover them end to end too).
    assert load_checks_to_execute(bulk_checks_metadata=bulk, service_list=["bedrockagentcore"],
                                  provider="aws") == {FINDING.id}
    assert FINDING.id in load_checks_to_execute(bulk_checks_metadata=bulk, severities=["high"], provider="aws")
    assert FINDING.id in load_checks_to_execute(bulk_checks_metadata=bulk, provider="aws")  # a plain `prowler aws`


def test_the_check_folder_holds_only_the_check():
    # Prowler's --checks-folder copies every entry of the service folder into its own tree.
    names = {p.name for p in _installed_check_folder().iterdir() if p.name != "__pycache__"}
    assert names == {"__init__.py", f"{FINDING.id}.py", f"{FINDING.id}.metadata.json"}
    assert not (_installed_check_folder().parent / "__init__.py").exists()

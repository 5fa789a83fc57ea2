"""Issue 15.10: the Prowler output formats and Security Hub permissions the docs give are the ones Prowler takes."""

import re
from pathlib import Path

import pytest

from prowler_helpers import REPO

SECURITY_HUB_MODULE = "prowler/providers/aws/lib/security_hub/security_hub.py"
DOCUMENTS = (REPO / "docs/prowler.md", REPO / "README.md")


def _prowler_accepts(*arguments) -> bool:
    from prowler.lib.cli.parser import ProwlerArgumentParser

    try:
        ProwlerArgumentParser().parse(["prowler", "aws", *arguments])
    except SystemExit:
        return False
    return True


def _documented_formats() -> set:
    docs = (REPO / "docs/prowler.md").read_text()
    readme = (REPO / "README.md").read_text()
    (in_docs,) = re.findall(r"`--output-formats ([a-z -]+)`", docs)
    (in_readme,) = re.findall(r"^Prowler: (.*?); in OCSF", readme, re.M | re.S)
    return set(in_docs.split()) | set(re.findall(r"`([a-z-]+)`", in_readme))


def test_every_documented_output_format_is_accepted_for_aws():
    formats = _documented_formats()
    assert {"csv", "json-ocsf", "html", "json-asff"} <= formats
    assert _prowler_accepts("--output-formats", *sorted(formats))
    assert not _prowler_accepts("--output-formats", "sarif")  # what the docs listed before
    assert "sarif" not in formats


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_the_security_hub_permissions_cover_every_call_prowler_makes(document):
    import prowler

    source = (Path(prowler.__file__).parent.parent / SECURITY_HUB_MODULE).read_text()
    calls = set(re.findall(r"\.(describe_hub|list_enabled_products_for_import|batch_import_findings|get_findings)\(",
                           source))
    assert {"describe_hub", "list_enabled_products_for_import", "batch_import_findings"} <= calls
    text = document.read_text()
    for call in calls:
        action = "securityhub:" + "".join(part.capitalize() for part in call.split("_"))
        assert action in text, f"{document.name} does not list {action}"

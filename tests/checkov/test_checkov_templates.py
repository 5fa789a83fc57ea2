"""One real Checkov run over tests/checkov/fixtures: every memory's result and the reason it gives."""

import pytest

from agentcore_cmk import checkov_output, finding_by_id
from checkov_expected import CFN, EXPECTED, TF, cfn, framework, tf


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=lambda key: f"{key[0]}:{key[1]}")
def test_each_memory_gets_its_verdict_and_reason(fixtures_run, key):
    result = fixtures_run.by_resource().get(key)
    assert result is not None, f"no result for {key}"
    expected_result, expected_details = EXPECTED[key]
    assert result["check_result"]["result"] == expected_result, result["details"]
    if expected_details is None:
        return
    assert result["details"][1:] == _remediation(result), result["details"]
    assert expected_details in result["details"][0]


def test_exactly_one_result_per_memory_and_no_other(fixtures_run):
    assert set(fixtures_run.by_resource()) == set(EXPECTED)  # by_resource also fails on a duplicate


def test_results_come_from_the_runner_of_their_file(fixtures_run):
    for result in fixtures_run.results():
        assert result["check_type"] == framework(result["file_path"]), result["file_path"]


def test_every_result_carries_the_shared_finding(fixtures_run):
    results = fixtures_run.results()
    assert results
    for result in results:
        finding = finding_by_id(result["check_id"])
        assert result["check_name"] == finding.title
        assert result["guideline"] == finding.guideline_url  # a link Checkov renders as one; Prowler lists it too
        assert result["severity"] == finding.severity.upper()
        if result["check_result"]["result"] != "SKIPPED":
            assert result["details"][0].strip() and result["details"][1:] == _remediation(result)


def _remediation(result) -> list:
    """What follows the reason in a result's details: the remediation, byte-identical to Prowler's, when it failed."""
    if result["check_result"]["result"] != "FAILED":
        return []
    return [checkov_output.REMEDIATION_PREFIX + finding_by_id(result["check_id"]).remediation]


def test_suppressions_keep_their_comment(fixtures_run):
    by_resource = fixtures_run.by_resource()
    for key in ((CFN, cfn("Suppressed")), (TF, tf("suppressed"))):
        assert by_resource[key]["check_result"]["suppress_comment"] == "scratch memory holding no personal data"

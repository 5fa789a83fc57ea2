"""The real Checkov runs the tests share: each folder is scanned once per session, with the options its tests need."""

import pytest

from agentcore_cmk.finding import FINDINGS
from checkov_runs import EXAMPLES, FIXTURES, HERE, MALFORMED, CheckovRun, run_checkov

TERRAFORM_CASES = FIXTURES / "issue18"


@pytest.fixture(scope="session")
def fixtures_run() -> CheckovRun:
    """Every fixture, with all of Checkov's frameworks enabled (its default); issue18/ has its own runs and options."""
    return run_checkov(FIXTURES)


@pytest.fixture(scope="session")
def terraform_run() -> CheckovRun:
    """The Terraform cases (HCL and .tf.json). Checkov scans .tf.json files with its CDK for Terraform runner, which
    names them resource.<name>."""
    return run_checkov(TERRAFORM_CASES / "terraform", "--framework", "terraform", "terraform_json")


@pytest.fixture(scope="session")
def var_file_run() -> CheckovRun:
    return run_checkov(TERRAFORM_CASES / "var_file", "--framework", "terraform", "--var-file", "prod.tfvars",
                       "--var-file", "later.tfvars")


@pytest.fixture(scope="session")
def var_file_config_run() -> CheckovRun:
    """The var file named in .checkov.yaml."""
    return run_checkov(TERRAFORM_CASES / "var_file_config", "--framework", "terraform")


@pytest.fixture(scope="session")
def plan_run() -> CheckovRun:
    return run_checkov(TERRAFORM_CASES / "plan", "--framework", "terraform_plan")


@pytest.fixture(scope="session")
def kinds_run() -> CheckovRun:
    return run_checkov(HERE / "kinds")


@pytest.fixture(scope="session")
def malformed_run() -> CheckovRun:
    return run_checkov(MALFORMED)


@pytest.fixture(scope="session")
def examples_run() -> CheckovRun:
    """examples/checkov, with the plug-in's checks only (as its README shows them)."""
    return run_checkov(EXAMPLES, "--check", ",".join(finding.id for finding in FINDINGS))


@pytest.fixture(scope="session")
def configuration_model_run() -> CheckovRun:
    return run_checkov(TERRAFORM_CASES / "configuration_model", "--framework", "terraform", "--var-file", "prod.tfvars")

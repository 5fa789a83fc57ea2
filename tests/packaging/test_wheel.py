"""Real packaging: build the wheel from the repository, install it into a clean environment, run the command."""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from agentcore_cmk import FINDING, FINDINGS, compliance

REPO = Path(__file__).resolve().parents[2]


def _run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "build", "--wheel", "--outdir", out, REPO)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = out.glob("agentcore_cmk_checks-*.whl")
    return wheel


@pytest.fixture(scope="module")
def bare_env(tmp_path_factory, wheel) -> Path:
    env = tmp_path_factory.mktemp("bare") / "env"
    venv.create(env, with_pip=True)
    installed = _run(env / "bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel)
    assert installed.returncode == 0, installed.stderr
    return env


def test_wheel_holds_three_uniquely_named_packages_and_the_entry_point(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    roots = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert roots == {"agentcore_cmk", "agentcore_cmk_checkov", "agentcore_cmk_prowler"}
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)
    check_dir = f"agentcore_cmk_prowler/services/bedrockagentcore/{FINDING.id}/"
    assert f"{check_dir}{FINDING.id}.metadata.json" in names
    assert f"{check_dir}{FINDING.id}.py" in names
    assert "[prowler.checks.aws]" in entry_points
    assert f"{FINDING.id} = agentcore_cmk_prowler.services.bedrockagentcore.{FINDING.id}.{FINDING.id}" in entry_points
    assert "agentcore-cmk-checks = agentcore_cmk.cli:main" in entry_points
    # every check's entry point, and the control-plane model the plug-in's clients load
    for finding in FINDINGS:
        assert f"{finding.id} = agentcore_cmk_prowler.services.bedrockagentcore.{finding.id}.{finding.id}" in entry_points
    model = "agentcore_cmk_prowler/services/bedrockagentcore_api/bedrock-agentcore-control/"
    assert {name.rsplit("/", 1)[-1] for name in names if name.startswith(model)} == {
        "service-2.json", "paginators-1.json"}


def test_wheel_holds_the_compliance_framework_and_its_entry_point(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
        framework = archive.read(f"agentcore_cmk_prowler/compliance/aws/{compliance.FRAMEWORK_NAME}.json")
    assert framework.decode() == compliance.render()
    assert "agentcore_cmk_prowler/compliance/aws/__init__.py" in names  # the package the entry point loads
    assert "[prowler.compliance]\naws = agentcore_cmk_prowler.compliance.aws\n" in entry_points


def test_bare_install_pulls_in_no_third_party_package(bare_env):
    listed = _run(bare_env / "bin/python", "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check")
    packages = {line.split("==")[0].lower() for line in listed.stdout.split()}
    assert packages - {"pip", "setuptools"} == {"agentcore-cmk-checks"}


def test_framework_loaded_says_prowler_is_missing_in_a_bare_install(bare_env):
    printed = _run(bare_env / "bin/python", "-c",
                   "from agentcore_cmk_prowler.compliance import framework_loaded; print(framework_loaded())")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("(False, ") and "Prowler cannot be imported here" in printed.stdout


def test_path_checkov_prints_the_checks_folder(bare_env):
    printed = _run(bare_env / "bin/agentcore-cmk-checks", "path", "checkov")
    assert printed.returncode == 0, printed.stderr
    folder = Path(printed.stdout.strip())
    assert folder.is_dir()
    assert (folder / "__init__.py").is_file()  # Checkov skips a folder without one
    assert len(list(folder.glob("*.py"))) >= 3


def test_path_prowler_prints_a_folder_of_check_folders_only(bare_env):
    # pip compiled every module at install time, and importing the plug-in writes caches too.
    imported = _run(bare_env / "bin/python", "-c", "import agentcore_cmk_prowler.services")
    assert imported.returncode == 0, imported.stderr
    printed = _run(bare_env / "bin/agentcore-cmk-checks", "path", "prowler")
    assert printed.returncode == 0, printed.stderr
    folder = Path(printed.stdout.strip())
    assert folder.name == "bedrockagentcore"
    assert sorted(entry.name for entry in folder.iterdir()) == sorted(finding.id for finding in FINDINGS)
    assert (folder / FINDING.id / f"{FINDING.id}.metadata.json").is_file()


def test_path_explains_a_missing_folder(bare_env, tmp_path):
    site = Path(_run(bare_env / "bin/python", "-c", "import agentcore_cmk, os; print(os.path.dirname(agentcore_cmk.__path__[0]))").stdout.strip())
    moved = tmp_path / "moved"
    (site / "agentcore_cmk_checkov").rename(moved)
    try:
        printed = _run(bare_env / "bin/agentcore-cmk-checks", "path", "checkov")
    finally:
        moved.rename(site / "agentcore_cmk_checkov")
    assert printed.returncode != 0
    assert "checkov plug-in" in printed.stderr and "not installed" in printed.stderr
    assert printed.stdout == ""


def test_unknown_scanner_is_a_usage_error(bare_env):
    printed = _run(bare_env / "bin/agentcore-cmk-checks", "path", "trivy")
    assert printed.returncode == 2
    assert "invalid choice" in printed.stderr


def test_path_warns_when_the_scanner_is_not_in_this_environment(bare_env):
    printed = _run(bare_env / "bin/agentcore-cmk-checks", "path", "checkov")
    assert printed.returncode == 0 and Path(printed.stdout.strip()).is_dir()
    assert "checkov is not installed in this environment" in printed.stderr
    assert "install agentcore-cmk-checks[checkov] where checkov runs" in printed.stderr


def test_doctor_skips_scanners_that_are_not_installed(bare_env):
    printed = _run(bare_env / "bin/agentcore-cmk-checks", "doctor")
    assert printed.returncode == 0, printed.stdout
    assert "checkov: not installed in this environment (skipped)" in printed.stdout
    assert "prowler: not installed in this environment (skipped)" in printed.stdout


def test_doctor_fails_for_a_named_scanner_that_is_not_installed(bare_env):
    for arguments in (["doctor", "checkov"], ["doctor", "prowler", "--quiet"]):
        printed = _run(bare_env / "bin/agentcore-cmk-checks", *arguments)
        assert printed.returncode == 1, printed.stdout
        assert f"{arguments[1]}: FAIL, not installed in this environment" in printed.stdout


def test_doctor_usage_error(bare_env):
    printed = _run(bare_env / "bin/agentcore-cmk-checks", "doctor", "trivy")
    assert printed.returncode == 2
    assert "invalid choice" in printed.stderr


def test_iam_policy_ships_in_the_wheel_and_prints(bare_env):
    printed = _run(bare_env / "bin/agentcore-cmk-checks", "iam-policy")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == (REPO / "docs" / "iam-policy.json").read_text()


def test_wheel_declares_its_license(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
        (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert "Apache License" in archive.read(license_file).decode()
    assert "License-Expression: Apache-2.0" in metadata
    assert "License-File: LICENSE" in metadata


def test_readme_has_no_relative_links():
    """Issue 15.12: the README is the package index page, where a link into the repository breaks."""
    import re

    readme = (REPO / "README.md").read_text()
    relative = [link for link in re.findall(r"\]\(([^)]+)\)", readme) if not link.startswith(("https://", "#"))]
    assert relative == []


def test_tests_collect_from_the_source_distribution(tmp_path):
    """Issue 15.11: the sdist holds every file the tests read (docs, hook definition, examples, IAM policy)."""
    import tarfile

    built = _run(sys.executable, "-m", "build", "--sdist", "--outdir", tmp_path, REPO)
    assert built.returncode == 0, built.stdout + built.stderr
    (sdist,) = tmp_path.glob("agentcore_cmk_checks-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (root,) = [path for path in tmp_path.iterdir() if path.is_dir()]
    for needed in ("docs/iam-policy.json", "docs/checkov.md", "docs/prowler.md", ".pre-commit-hooks.yaml", "LICENSE",
                   "CHANGELOG.md", "examples/demo.py"):
        assert (root / needed).is_file(), needed
    collected = _run(sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests",
                     cwd=root)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    assert " tests collected" in collected.stdout or "tests collected" in collected.stdout


def test_wheel_ships_the_engine_without_an_init_file_so_checkov_does_not_execute_it(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "agentcore_cmk_checkov/engine/terraform_check.py" in names
    assert "agentcore_cmk_checkov/engine/terraform/evaluator.py" in names
    for module in ("cloudformation_check", "cloudformation/evaluator", "cloudformation/template", "cloudformation/terms"):
        assert f"agentcore_cmk_checkov/engine/{module}.py" in names
    assert not [name for name in names if name.startswith("agentcore_cmk_checkov/cloudformation_")]
    assert "agentcore_cmk_checkov/diagnostics/checkov_registries.py" in names
    assert not [name for name in names if name.startswith(("agentcore_cmk_checkov/engine", "agentcore_cmk_checkov/diagnostics"))
                and name.endswith("__init__.py")]

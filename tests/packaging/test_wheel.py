"""Real packaging: build the wheel from the repository, install it into a clean environment, run the command."""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from agentcore_cmk import FINDING, FINDINGS

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


def test_bare_install_pulls_in_no_third_party_package(bare_env):
    listed = _run(bare_env / "bin/python", "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check")
    packages = {line.split("==")[0].lower() for line in listed.stdout.split()}
    assert packages - {"pip", "setuptools"} == {"agentcore-cmk-checks"}


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

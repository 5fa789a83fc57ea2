"""Checkov's signed external checks (``--external-checks-public-key``) with the folder ``agentcore-cmk-checks
signed-folder`` writes, signed with a key made here: real Checkov runs over real templates.

Unsigned, Checkov refuses the folder; signed, it gives exactly the results of the installed folder without the
flag, with every module of the plug-in loaded from bytes Checkov verified; one changed byte in an engine module, a
shared module or a check stops the run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from agentcore_cmk import signed_checks
from agentcore_cmk.cli import plugin_folder
from checkov_runs import CHECKOV, IAC_CHECK_IDS, OUTCOMES, PLUGIN_CHECK_IDS, _json_documents

HERE = Path(__file__).parent
SCANNED = [HERE / "kinds", HERE / "fixtures" / "cloudformation", HERE / "fixtures" / "terraform"]
DOCS = (HERE.parents[1] / "docs" / "checkov.md").read_text(encoding="utf-8")
COMMAND = Path(sys.executable).with_name("agentcore-cmk-checks")
REFUSED = "External checks signature verification failed; refusing to run the scan"
# What Checkov's run reports of each result; everything a user reads.
FIELDS = ("check_id", "check_name", "file_path", "resource", "file_line_range", "severity", "guideline", "details")

# Records, in the child process that runs the checks, where each of the plug-in's modules was loaded from.
DRIVER = """
import atexit, json, sys
record = sys.argv[1]
def dump():
    modules = {name: [type(module.__spec__.loader).__name__, hasattr(module, "__path__")]
               for name, module in list(sys.modules.items()) if name.startswith("agentcore")}
    with open(record, "w") as handle:
        json.dump(modules, handle)
atexit.register(dump)
sys.argv = ["checkov", *sys.argv[2:]]
from checkov.main import Checkov
sys.exit(Checkov().run())
"""


def _key_pair(folder: Path) -> tuple[Path, Path]:
    from ecdsa import NIST256p, SigningKey  # Checkov's own dependency for the verification

    private = SigningKey.generate(curve=NIST256p)
    (folder / "org-key.pem").write_bytes(private.to_pem())
    (folder / "org-key.pub.pem").write_bytes(private.get_verifying_key().to_pem())
    return folder / "org-key.pem", folder / "org-key.pub.pem"


def _checkov(checks_dir: Path, *extra: str, driver: Path | None = None, env: dict | None = None):
    command = [str(CHECKOV)] if driver is None else [sys.executable, "-c", DRIVER, str(driver)]
    for folder in SCANNED:
        command += ["--directory", str(folder)]
    command += ["--skip-download", "--output", "json", "--check", ",".join(sorted(PLUGIN_CHECK_IDS)),
                "--external-checks-dir", str(checks_dir), *extra]
    environment = {k: v for k, v in os.environ.items() if k != "CKV_EXTERNAL_CHECKS_PUBLIC_KEY"}
    return subprocess.run(command, capture_output=True, text=True, timeout=600, env={**environment, **(env or {})})


def _results(process) -> list[tuple]:
    assert process.returncode in (0, 1), process.stderr[-3000:]
    results = []
    for report in _json_documents(process.stdout):
        for outcome, status in OUTCOMES.items():
            for result in report.get("results", {}).get(outcome, []):
                assert result["check_id"] in PLUGIN_CHECK_IDS
                results.append((report["check_type"], status, *(json.dumps(result.get(f)) for f in FIELDS)))
    return sorted(results)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return _key_pair(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def signed_folder(tmp_path_factory, keys):
    out = tmp_path_factory.mktemp("signed") / "agentcore-checks"
    process = subprocess.run([str(COMMAND), "signed-folder", str(out), "--key", str(keys[0])],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    return out


def _copy(folder: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(folder, to)
    return to


def _change_one_byte(path: Path) -> None:
    body = path.read_bytes()
    position = body.index(b"e", len(body) // 3)  # inside the signed body, before the trailer
    path.write_bytes(body[:position] + b"E" + body[position + 1:])


def test_checkov_has_signed_external_checks():
    import checkov.common.external_checks.verification  # noqa: F401 (3.3.30 has --external-checks-public-key)


def test_the_installed_folder_and_an_unsigned_written_folder_are_refused(tmp_path, keys):
    refused = _checkov(plugin_folder("checkov"), "--external-checks-public-key", str(keys[1]))
    assert refused.returncode == 2 and REFUSED in refused.stderr
    assert "missing signature: agentcore_memory_cmk_terraform.py" in refused.stderr
    assert refused.stdout.strip() == ""

    unsigned = tmp_path / "unsigned"
    subprocess.run([str(COMMAND), "signed-folder", str(unsigned)], check=True, capture_output=True)
    # The environment variable is the flag too.
    refused = _checkov(unsigned, env={"CKV_EXTERNAL_CHECKS_PUBLIC_KEY": str(keys[1])})
    assert refused.returncode == 2 and REFUSED in refused.stderr
    assert "missing signature: __init__.py" in refused.stderr


def test_signed_the_results_are_those_of_the_installed_folder_without_the_flag(signed_folder, keys):
    unsigned = _results(_checkov(plugin_folder("checkov")))
    signed = _results(_checkov(signed_folder, "--external-checks-public-key", str(keys[1])))
    # Every finding infrastructure code can declare, passing and failing.
    assert {json.loads(r[2]) for r in unsigned} == IAC_CHECK_IDS
    assert {r[1] for r in unsigned} >= {"PASSED", "FAILED"}
    assert signed == unsigned


def _modules_run(checks_dir: Path, record: Path, *extra: str) -> dict:
    # One process (no fork), so that the record sees the modules the checks ran with.
    assert _results(_checkov(checks_dir, *extra, driver=record, env={"CHECKOV_PARALLELIZATION_TYPE": "none"}))
    return json.loads(record.read_text())


def test_signed_every_module_the_plugin_runs_is_loaded_from_verified_bytes(signed_folder, keys, tmp_path):
    loaded = _modules_run(signed_folder, tmp_path / "signed.json", "--external-checks-public-key", str(keys[1]))
    written = {path.stem for path in signed_checks.python_files(signed_folder)} - {"__init__"}
    assert set(loaded) == written
    assert {loader for loader, _ in loaded.values()} == {"_VerifiedSourceLoader"}, loaded
    # Nothing of the installed packages ran: only their rewritten, signed copies.
    assert not {name for name in loaded if name.split(".")[0] in signed_checks.PACKAGES}

    # Every module the installed folder runs (checks, engine, agentcore_cmk) has its signed copy among them.
    installed = _modules_run(plugin_folder("checkov"), tmp_path / "installed.json")
    ran = {name if name.split(".")[0] not in signed_checks.PACKAGES else signed_checks.flat_name(name)
           for name, (_, package) in installed.items() if not package}
    assert len(ran) > 30 and ran <= set(loaded), ran - set(loaded)


@pytest.mark.parametrize("which", ["engine", "shared", "check"])
def test_one_changed_byte_in_any_module_stops_the_run(signed_folder, keys, tmp_path, which):
    folder = _copy(signed_folder, tmp_path / "tampered")
    modules = sorted((folder / signed_checks.MODULES_FOLDER).glob("*.py"))
    chosen = {
        "engine": [p for p in modules if p.stem.startswith(signed_checks.flat_name("agentcore_cmk_checkov."))],
        "shared": [p for p in modules if p.stem.startswith(signed_checks.flat_name("agentcore_cmk."))],
        "check": sorted(p for p in folder.glob("*_terraform.py")),
    }[which]
    target = chosen[0]
    _change_one_byte(target)
    process = _checkov(folder, "--external-checks-public-key", str(keys[1]))
    assert process.returncode == 2 and REFUSED in process.stderr
    assert f"signature verification failed: {target.relative_to(folder)}" in process.stderr
    assert process.stdout.strip() == ""


def test_another_organisations_key_is_refused(signed_folder, tmp_path):
    _, other_public = _key_pair(tmp_path)
    process = _checkov(signed_folder, "--external-checks-public-key", str(other_public))
    assert process.returncode == 2 and REFUSED in process.stderr


def test_the_documented_openssl_recipe_signs_a_folder_checkov_verifies(tmp_path, keys):
    from checkov.common.external_checks.verification import load_public_keys, verify_external_checks_dirs

    (recipe,) = re.findall(r"```sh\n# Sign every \.py file.*?\n(.*?)```", DOCS, re.S)
    out = tmp_path / "agentcore-checks"
    subprocess.run([str(COMMAND), "signed-folder", str(out)], check=True, capture_output=True)
    subprocess.run(["bash", "-euo", "pipefail", "-c", recipe], check=True, cwd=tmp_path,
                   env={**os.environ, "FOLDER": str(out), "KEY": str(keys[0])})
    verified = verify_external_checks_dirs([str(out)], load_public_keys([str(keys[1])]))
    assert set(verified) == {str(p) for p in signed_checks.python_files(out)}


def test_the_folder_is_written_from_the_modules_that_are_there(tmp_path):
    written = signed_checks.write_folder(tmp_path / "out")
    installed = plugin_folder("checkov")
    # Every check Checkov executes from the installed folder, under the same name.
    assert set(written.checks) == {p.stem for p in signed_checks.checks_executed(installed)}
    # The engine and agentcore_cmk, as the checks import them (walked from the installed folders, not listed).
    assert {name.split(".")[0] for name in written.modules} == set(signed_checks.PACKAGES)
    assert any(".engine." in name for name in written.modules)
    for path in written.files():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+agentcore_cmk(_checkov)?\b", text, re.M), path
    # Same line numbers as the installed files, so tracebacks point at the same lines.
    for dotted in written.modules:
        original = signed_checks._Modules().file(dotted)
        copy = tmp_path / "out" / signed_checks.MODULES_FOLDER / f"{signed_checks.flat_name(dotted)}.py"
        assert len(original.read_text().splitlines()) == len(copy.read_text().splitlines()), dotted
    with pytest.raises(signed_checks.SignedFolderError, match="not an empty folder"):
        signed_checks.write_folder(tmp_path / "out")

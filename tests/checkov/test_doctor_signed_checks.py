"""``agentcore-cmk-checks doctor checkov`` says when Checkov's external-checks signature verification is on (its
environment variable, or a .checkov.yaml) and which files Checkov would then refuse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from agentcore_cmk import signed_checks
from agentcore_cmk.cli import plugin_folder

COMMAND = Path(sys.executable).with_name("agentcore-cmk-checks")
VARIABLE = "CKV_EXTERNAL_CHECKS_PUBLIC_KEY"


def _keys(folder: Path) -> tuple[Path, Path]:
    from ecdsa import NIST256p, SigningKey

    private = SigningKey.generate(curve=NIST256p)
    (folder / "key.pem").write_bytes(private.to_pem())
    (folder / "key.pub.pem").write_bytes(private.get_verifying_key().to_pem())
    return folder / "key.pem", folder / "key.pub.pem"


def _doctor(cwd: Path, home: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess:
    import os

    environment = {k: v for k, v in os.environ.items() if k != VARIABLE}
    return subprocess.run([str(COMMAND), "doctor", "checkov", *arguments], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**environment, "HOME": str(home), **env})


def test_doctor_says_verification_is_off_without_a_key(tmp_path):
    printed = _doctor(tmp_path, tmp_path)
    assert printed.returncode == 0, printed.stdout
    assert "ok   external-checks signature verification is off (no --external-checks-public-key, " \
           "CKV_EXTERNAL_CHECKS_PUBLIC_KEY or external-checks-public-key in a .checkov.yaml here)" in printed.stdout


def test_doctor_fails_naming_the_unsigned_files_when_the_variable_turns_verification_on(tmp_path):
    _, public = _keys(tmp_path)
    printed = _doctor(tmp_path, tmp_path, **{VARIABLE: str(public)})
    assert printed.returncode == 1
    assert (f"ok   external-checks signature verification is on ({VARIABLE}={public}): Checkov runs only .py "
            f"files signed by {public} and refuses the run otherwise") in printed.stdout
    unsigned = len(signed_checks.python_files(plugin_folder("checkov")))
    assert f"FAIL the installed folder {plugin_folder('checkov')} would be refused ({unsigned} files: missing " \
           "signature: " in printed.stdout
    assert "agentcore-cmk-checks signed-folder OUT --key <private key>" in printed.stdout


def test_doctor_checks_the_folders_a_checkov_yaml_names_with_its_key(tmp_path):
    private, public = _keys(tmp_path)
    folder = tmp_path / "agentcore-checks"
    subprocess.run([str(COMMAND), "signed-folder", str(folder), "--key", str(private)], check=True,
                   capture_output=True)
    (tmp_path / ".checkov.yaml").write_text(
        f"external-checks-dir:\n  - {folder}\nexternal-checks-public-key:\n  - {public}\n", encoding="utf-8")
    printed = _doctor(tmp_path, tmp_path)
    assert printed.returncode == 0, printed.stdout
    count = len(signed_checks.python_files(folder))
    assert "external-checks signature verification is on (external-checks-public-key in a .checkov.yaml)" \
        in printed.stdout
    assert f"ok   external-checks-dir {folder}: every .py file ({count}) is signed by one of the keys" in printed.stdout

    engine_module = sorted((folder / signed_checks.MODULES_FOLDER).glob("*engine*.py"))[0]
    body = engine_module.read_bytes()
    engine_module.write_bytes(body.replace(b"import", b"Import", 1))
    printed = _doctor(tmp_path, tmp_path)
    assert printed.returncode == 1
    assert (f"FAIL external-checks-dir {folder} would be refused (1 file: signature verification failed: "
            f"{engine_module.relative_to(folder)})") in printed.stdout


def test_doctor_checks_the_folder_it_is_told_checkov_is_pointed_at(tmp_path):
    private, public = _keys(tmp_path)
    folder = tmp_path / "agentcore-checks"
    subprocess.run([str(COMMAND), "signed-folder", str(folder), "--key", str(private)], check=True,
                   capture_output=True)
    printed = _doctor(tmp_path, tmp_path, "--external-checks-dir", str(folder), **{VARIABLE: str(public)})
    assert printed.returncode == 0, printed.stdout
    count = len(signed_checks.python_files(folder))
    assert f"ok   external-checks-dir {folder}: every .py file ({count}) is signed by one of the keys" in printed.stdout
    assert "the installed folder" not in printed.stdout

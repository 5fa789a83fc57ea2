"""The ``agentcore-cmk-checks`` console command."""

from __future__ import annotations

import argparse
import importlib.resources
import importlib.util
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import doctor

# The folder each scanner is pointed at, as (installed package, sub-folder).
PLUGIN_FOLDERS = {
    "checkov": ("agentcore_cmk_checkov", ""),
    "prowler": ("agentcore_cmk_prowler", "services/bedrockagentcore"),
}


def plugin_folder(scanner: str) -> Path:
    """The installed folder for ``scanner``; raises LookupError when it is not installed."""
    package, sub_folder = PLUGIN_FOLDERS[scanner]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"the {scanner} plug-in package '{package}' is not installed")
    folder = Path(list(spec.submodule_search_locations)[0]) / sub_folder
    if not folder.is_dir():
        raise LookupError(f"the {scanner} plug-in folder {folder} does not exist; reinstall agentcore-cmk-checks")
    return folder


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="agentcore-cmk-checks",
        description="Checkov and Prowler checks: is Bedrock AgentCore data encrypted with a customer-managed KMS key?",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    path = commands.add_parser("path", help="print the installed folder to point a scanner at")
    path.add_argument("scanner", choices=sorted(PLUGIN_FOLDERS))
    doctor_command = commands.add_parser(
        "doctor", help="say whether the plug-in is active in each scanner installed in this environment"
    )
    doctor_command.add_argument(
        "scanner", nargs="?", choices=sorted(PLUGIN_FOLDERS),
        help="only this scanner, which must then be installed here (default: every scanner found here)",
    )
    doctor_command.add_argument("--quiet", action="store_true", help="print nothing when everything is healthy")
    doctor_command.add_argument(
        "--external-checks-dir", action="append", metavar="DIR",
        help="checkov: the folder Checkov is pointed at, e.g. a signed folder, to check against "
             "--external-checks-public-key (default: .checkov.yaml's, else the installed folder)",
    )
    commands.add_parser("iam-policy", help="print the read-only IAM policy a Prowler scan with these checks needs")
    signed = commands.add_parser(
        "signed-folder",
        help="write the Checkov checks folder for --external-checks-public-key: every module it runs a top-level "
             "module of the folder, to sign with the organisation's key",
    )
    signed.add_argument("out", type=Path, help="the folder to write (absent or empty)")
    signed.add_argument("--key", type=Path, metavar="PRIVATE_KEY_PEM",
                        help="also sign every .py file with this ECDSA P-256 private key (PEM), with openssl")
    args = parser.parse_args(argv)

    if args.command == "iam-policy":
        print(importlib.resources.files("agentcore_cmk").joinpath("iam-policy.json").read_text(), end="")
        return 0
    if args.command == "signed-folder":
        return _signed_folder(args.out, args.key)
    if args.command == "doctor":
        scanners = [args.scanner] if args.scanner else sorted(PLUGIN_FOLDERS)
        options = {"checkov": {"external_checks_dirs": args.external_checks_dir}} if args.external_checks_dir else {}
        return doctor.run(scanners, required=args.scanner is not None, out=sys.stdout, quiet=args.quiet,
                          options=options)
    if importlib.util.find_spec(args.scanner) is None:
        print(f"agentcore-cmk-checks: warning: {args.scanner} is not installed in this environment "
              f"({sys.executable}); a {args.scanner} from another environment cannot import this plug-in: "
              f"install agentcore-cmk-checks[{args.scanner}] where {args.scanner} runs", file=sys.stderr)
    try:
        print(plugin_folder(args.scanner))
    except LookupError as error:
        print(f"agentcore-cmk-checks: {error}", file=sys.stderr)
        return 1
    return 0


def _signed_folder(out: Path, key: Optional[Path]) -> int:
    from . import signed_checks

    try:
        written = signed_checks.write_folder(out)
        signed = signed_checks.sign_folder(out, key) if key else []
    except (signed_checks.SignedFolderError, OSError) as error:
        print(f"agentcore-cmk-checks: {error}", file=sys.stderr)
        return 1
    print(f"wrote {out}: {len(written.checks)} checks, {len(written.modules)} modules of the engine and agentcore_cmk "
          f"({len(written.files())} .py files)")
    if signed:
        print(f"signed {len(signed)} files with {key}; run Checkov with --external-checks-dir {out} "
              f"--external-checks-public-key <the matching public key>")
    else:
        print(f"not signed yet: sign every .py file under {out} with the organisation's key (--key, or the recipe "
              "in docs/checkov.md, 'Signed external checks')")
    return 0


if __name__ == "__main__":
    sys.exit(main())

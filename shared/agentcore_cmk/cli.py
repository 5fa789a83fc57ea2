"""The ``agentcore-cmk-checks`` console command."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Optional, Sequence

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
        description="Checkov and Prowler checks: is every Bedrock AgentCore memory encrypted with a CMK?",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    path = commands.add_parser("path", help="print the installed folder to point a scanner at")
    path.add_argument("scanner", choices=sorted(PLUGIN_FOLDERS))
    args = parser.parse_args(argv)

    try:
        print(plugin_folder(args.scanner))
    except LookupError as error:
        print(f"agentcore-cmk-checks: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

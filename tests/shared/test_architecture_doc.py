"""docs/architecture.md tells the next engineer where things go: every file it names exists."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs/architecture.md"
#: Where a bare or partial path the page names may live.
ROOTS = ("", "shared/agentcore_cmk", "checkov_checks", "checkov_checks/engine/terraform",
         "checkov_checks/engine/cloudformation", "prowler_checks/services", "tests/checkov", "tests/shared")


def _named_files() -> set:
    named = set(re.findall(r"`([^`\s]+\.(?:py|json))`", DOC.read_text(encoding="utf-8")))
    # Templates (<kind>, <id>, a glob) and file endings are not files.
    return {path for path in named if not re.search(r"[<*]", path) and not path.startswith(".")}


def test_every_file_the_architecture_page_names_exists():
    named = _named_files()
    assert len(named) > 30  # the page names the engine's modules, not a handful
    missing = sorted(path for path in named if not any((REPO / root / path).exists() for root in ROOTS))
    assert missing == [], f"docs/architecture.md names files that are not there: {missing}"

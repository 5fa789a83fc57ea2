"""shared/ is plain Python: nothing but the standard library and itself."""

import ast
import sys
from pathlib import Path

import agentcore_cmk

PACKAGE_DIR = Path(agentcore_cmk.__file__).parent


def _imported_roots(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_only_standard_library_imports():
    modules = sorted(PACKAGE_DIR.glob("*.py"))
    assert modules, PACKAGE_DIR
    foreign = {
        (path.name, root)
        for path in modules
        for root in _imported_roots(path)
        if root not in sys.stdlib_module_names and root != "agentcore_cmk"
    }
    assert not foreign

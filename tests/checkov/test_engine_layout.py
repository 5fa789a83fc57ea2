"""Checkov's loader executes every module of the checks folder as a top-level module named after its file: only the
check files may be there; the engine is loaded once, as ``agentcore_cmk_checkov.engine...``."""

import subprocess
import sys
from pathlib import Path

from agentcore_cmk.cli import plugin_folder

PROBE = r"""
import json, sys
from pathlib import Path
from checkov.terraform.checks.resource.registry import resource_registry
from checkov.cloudformation.checks.resource.registry import cfn_registry
folder = Path(sys.argv[1]).resolve()
resource_registry.load_external_checks(str(folder))
cfn_registry.load_external_checks(str(folder))
loaded = {}
for name, module in list(sys.modules.items()):
    path = getattr(module, "__file__", None)
    if path and folder in Path(path).resolve().parents:
        loaded.setdefault(str(Path(path).resolve().relative_to(folder)), []).append(name)
print(json.dumps(loaded))
"""


def test_only_check_files_take_a_top_level_name_and_no_module_is_loaded_twice():
    import json

    folder = Path(plugin_folder("checkov"))
    probe = subprocess.run([sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, timeout=300)
    assert probe.returncode == 0, probe.stderr
    loaded = json.loads(probe.stdout)
    twice = {path: names for path, names in loaded.items() if len(names) > 1}
    assert not twice, f"modules loaded under two names: {twice}"
    top_level = {path for path, (name,) in loaded.items() if "." not in name and name != "agentcore_cmk_checkov"}
    check_files = {path.name for path in folder.glob("agentcore_*_cmk_*.py")}
    assert top_level == check_files
    assert any(path.startswith("engine/terraform/") for path in loaded)
    assert {"engine/cloudformation_check.py", "engine/cloudformation/evaluator.py"} <= set(loaded)
    assert all(names[0].startswith("agentcore_cmk_checkov.engine.") for path, names in loaded.items()
               if path.startswith("engine/"))

"""What ``agentcore-cmk-checks doctor`` asks Prowler: is each of our checks the one Prowler runs?

Each probe returns ``(ok, text)`` lines. Nothing here builds a service: that needs an AWS session.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import sys
import types
from pathlib import Path

from agentcore_cmk import FINDINGS, prowler_metadata
from agentcore_cmk.finding import Finding

from agentcore_cmk_prowler.compliance import framework_in_app_overview, framework_loaded

PROVIDER = "aws"
ENTRY_POINT_GROUP = f"prowler.checks.{PROVIDER}"
PLUGIN_ROOT = Path(__file__).resolve().parent
CLIENTS_PACKAGE = "agentcore_cmk_prowler.services"


def probe() -> list[tuple[bool, str]]:
    from prowler.lib.check import utils

    entry_points = {ep.name: ep for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
    discovered = utils.recover_checks_from_provider(PROVIDER)
    lines = []
    for finding in FINDINGS:
        lines += _probe_check(finding, entry_points, discovered)
    lines.append(framework_loaded())
    lines.append(framework_in_app_overview())
    return lines


def _probe_check(finding: Finding, entry_points: dict, discovered: list) -> list[tuple[bool, str]]:
    check_id = finding.id
    entry_point = entry_points.get(check_id)
    if entry_point is None:
        return [(False, f"{check_id}: no entry point in {ENTRY_POINT_GROUP}; reinstall agentcore-cmk-checks[prowler]")]
    builtin = [path for name, path in discovered if name == check_id and not _is_ours(path)]
    if builtin:
        return [(False, f"{check_id}: a built-in Prowler check has the same ID ({builtin[0]}); Prowler runs the "
                        "built-in instead of this plug-in's check")]
    if not any(name == check_id and _is_ours(path) for name, path in discovered):
        return [(False, f"{check_id}: Prowler does not discover the entry point {entry_point.value}")]
    problem = _import_problem(entry_point.value, check_id) or _metadata_problem(finding, entry_point.value)
    if problem:
        return [(False, f"{check_id}: {problem}")]
    return [(True, f"{check_id}: active ({finding.severity}), module {entry_point.value}")]


def _is_ours(path: str) -> bool:
    return Path(path).resolve().is_relative_to(PLUGIN_ROOT)


def _import_problem(module_name: str, check_id: str) -> str:
    """Import the check module afresh with its service clients stubbed (a client builds a service on import)."""
    from prowler.lib.check.models import Check

    def ours(name: str) -> bool:
        return name.startswith(CLIENTS_PACKAGE)

    saved = {name: module for name, module in sys.modules.items() if ours(name)}
    for name in saved:
        del sys.modules[name]
    try:
        for client in _client_modules():
            sys.modules[client] = _StubClientModule(client)
        module = importlib.import_module(module_name)
        check_class = getattr(module, check_id, None)
        if not (isinstance(check_class, type) and issubclass(check_class, Check)):
            return f"{module_name} defines no Prowler check class {check_id}"
        return ""
    except Exception as error:
        return f"{module_name} does not import: {error.__class__.__name__}: {error}"
    finally:
        for name in [name for name in sys.modules if ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)


def _client_modules() -> list[str]:
    services = PLUGIN_ROOT / "services"
    return [f"{CLIENTS_PACKAGE}.{path.stem}" for path in services.glob("*_client.py")]


class _StubClientModule(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return None


def _metadata_problem(finding: Finding, module_name: str) -> str:
    from prowler.lib.check.models import load_check_metadata

    spec = importlib.util.find_spec(module_name)
    path = Path(spec.origin).with_name(f"{finding.id}.metadata.json")
    try:
        metadata = load_check_metadata(str(path))
    except Exception as error:
        return f"its metadata {path} does not validate against Prowler's model: {error}"
    if metadata.CheckID != finding.id:
        return f"its metadata names CheckID {metadata.CheckID}"
    if path.read_text() != prowler_metadata.render(finding):
        return f"its metadata {path} differs from the finding defined in agentcore_cmk"
    return ""

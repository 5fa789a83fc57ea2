"""Compliance frameworks for Prowler, one sub-package per provider (entry-point group ``prowler.compliance``).

Nothing here imports Prowler at module level: Prowler loads these entry points while its own configuration
module is still being imported.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from agentcore_cmk.compliance import FRAMEWORK, FRAMEWORK_NAME

FRAMEWORK_FILE = Path(__file__).parent / "aws" / f"{FRAMEWORK_NAME}.json"


def framework_loaded() -> tuple[bool, str]:
    """Whether Prowler loads this package's framework the way ``prowler aws --list-compliance`` does, and runs
    every check it names: ``(ok, message)``."""
    try:
        from prowler.lib.check.compliance_models import Compliance
    except ImportError as error:
        return False, f"Prowler cannot be imported here ({error}): install agentcore-cmk-checks[prowler]"
    loaded = Compliance.get_bulk("aws").get(FRAMEWORK_NAME)
    if loaded is None:
        return False, (
            f"Prowler does not load {FRAMEWORK_NAME}: either the 'prowler.compliance' entry point 'aws' of "
            f"agentcore-cmk-checks is not installed in Prowler's environment, or {FRAMEWORK_FILE} does not "
            "validate against Prowler's compliance model (Prowler then logs a warning and skips it)"
        )
    if loaded.Framework != FRAMEWORK:
        return False, f"Prowler loads a different {FRAMEWORK_NAME} ({loaded.Framework}): a built-in of that name wins"
    shipped = {entry.name for entry in importlib.metadata.entry_points(group="prowler.checks.aws")}
    missing = sorted({check for requirement in loaded.Requirements for check in requirement.Checks} - shipped)
    if missing:
        return False, f"{FRAMEWORK_NAME} names checks no installed plug-in registers: {', '.join(missing)}"
    return True, f"{FRAMEWORK_NAME} loaded: {len(loaded.Requirements)} requirements, from {FRAMEWORK_FILE}"


UNIVERSAL_GROUP = "prowler.compliance.universal"


def framework_in_app_overview() -> tuple[bool, str]:
    """Whether Prowler App would show the framework in its compliance overview: the App lists, for each provider,
    what ``get_bulk_compliance_frameworks_universal`` returns (built-ins plus the ``prowler.compliance.universal``
    entry points, Prowler 5.46), and maps a check to a framework through each requirement's ``checks[provider]``."""
    try:
        from prowler.lib.check import compliance_models
    except ImportError as error:
        return False, f"Prowler cannot be imported here ({error}): install agentcore-cmk-checks[prowler]"
    universal = getattr(compliance_models, "get_bulk_compliance_frameworks_universal", None)
    if universal is None or not hasattr(compliance_models, "get_universal_compliance_entry_point_dirs"):
        return True, (f"this Prowler has no '{UNIVERSAL_GROUP}' entry points: a Prowler App of this version does "
                      f"not list plug-in frameworks in its overview (the CLI's --compliance is unaffected)")
    loaded = universal("aws").get(FRAMEWORK_NAME)
    if loaded is None:
        return False, (f"Prowler App would not list {FRAMEWORK_NAME} in its compliance overview: the "
                       f"'{UNIVERSAL_GROUP}' entry point of agentcore-cmk-checks is not installed here")
    if loaded.framework != FRAMEWORK:
        return False, f"Prowler App lists a different {FRAMEWORK_NAME} ({loaded.framework}): a built-in of that name wins"
    unmapped = [requirement.id for requirement in loaded.requirements if not requirement.checks.get("aws")]
    if unmapped:
        return False, f"Prowler App would map no check to {', '.join(unmapped)} of {FRAMEWORK_NAME}"
    return True, (f"{FRAMEWORK_NAME} in Prowler App's compliance overview ('{UNIVERSAL_GROUP}'): "
                  f"{len(loaded.requirements)} requirements")

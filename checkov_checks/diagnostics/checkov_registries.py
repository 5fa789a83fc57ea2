"""What ``agentcore-cmk-checks doctor`` asks Checkov: does the checks folder load, and is each of our IDs
registered for each of its resource types exactly once?

This folder has no ``__init__.py`` so that Checkov, which executes every module of a package it is pointed at,
leaves it out.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

from agentcore_cmk.finding import FINDINGS
from agentcore_cmk.resources import CLOUDFORMATION, IAC_RESOURCES, TERRAFORM

from agentcore_cmk_checkov.diagnostics import signature_verification

CHECKS_FOLDER = Path(__file__).resolve().parents[1]


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = f": {record.exc_info[1]!r}" if record.exc_info else ""
        self.messages.append(record.getMessage() + error)


def probe(external_checks_dirs: Optional[list[str]] = None) -> list[tuple[bool, str]]:
    from checkov.cloudformation.checks.resource.registry import cfn_registry
    from checkov.terraform.checks.resource.registry import resource_registry

    registries = {CLOUDFORMATION: cfn_registry, TERRAFORM: resource_registry}
    errors = _Errors()
    # One load executes every module of the folder; each check registers itself in its framework's registry.
    resource_registry.logger.addHandler(errors)
    try:
        resource_registry.load_external_checks(str(CHECKS_FOLDER))
    finally:
        resource_registry.logger.removeHandler(errors)
    lines = [(False, f"loading {CHECKS_FOLDER}: {message}") for message in dict.fromkeys(errors.messages)]
    for row in IAC_RESOURCES:
        checks = [check for check in registries[row.framework].checks.get(row.resource_type, [])
                  if check.id == row.finding.id]
        text = f"{row.finding.id}: {row.framework} {row.resource_type} ({row.field})"
        if len(checks) != 1:
            lines.append((False, f"{text}: registered {len(checks)} times, not once"))
        elif not _is_ours(checks[0]):
            lines.append((False, f"{text}: the registered check comes from {_source(checks[0])}, not from this "
                                 "plug-in; Checkov keeps the first check of an ID"))
        else:
            lines.append((True, f"{text}: registered"))
    for finding in FINDINGS:
        if not any(row.finding == finding for row in IAC_RESOURCES):
            lines.append((True, f"{finding.id}: no CloudFormation or Terraform resource sets its key; only the "
                                "Prowler check sees it"))
    return lines + signature_verification.probe(CHECKS_FOLDER, external_checks_dirs)


def _source(check) -> str:
    module = sys.modules.get(type(check).__module__)
    return getattr(module, "__file__", None) or type(check).__module__


def _is_ours(check) -> bool:
    """A check class defined in the checks folder or in its engine (the Checkov adapters live there)."""
    return CHECKS_FOLDER in Path(_source(check)).resolve().parents

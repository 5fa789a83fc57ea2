"""The shared Terraform check: one instance per (finding, Terraform) pair, its resources read from
``agentcore_cmk.resources``. It judges nothing itself: the locator (``terraform.resource.locate``) turns what Checkov
hands it into the resource's instances, each with one reader of its settings, and ``agentcore_cmk.iac`` judges them
against the resource-table row (``judge_instances``).

Both HCL (and ``.tf.json``) and plan JSON reach the same check: Checkov runs Terraform resource checks for plans too.
Each check queries the configuration model of the graph it is given (``terraform.configuration.configuration_of``,
built once per graph, with the run's var files read from the graph).
"""

from __future__ import annotations

import functools
import logging
import os

from checkov.common.bridgecrew.severities import Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from checkov.terraform.checks.resource.registry import resource_registry
from checkov.terraform.parser_functions import handle_dynamic_values

from agentcore_cmk import checkov_output, iac
from agentcore_cmk.finding import Finding
from agentcore_cmk.resources import TERRAFORM, IacResource, iac_resources

from agentcore_cmk_checkov.engine.terraform import files
from agentcore_cmk_checkov.engine.terraform.configuration import Configuration, configuration_of
from agentcore_cmk_checkov.engine.terraform.resource import locate

LOGGER = logging.getLogger(__name__)


class TerraformCmkCheck(BaseResourceCheck):
    def __init__(self, finding: Finding, supported_resources: tuple = ()) -> None:
        self.finding = finding
        self.rows = {row.resource_type: row for row in iac_resources(finding, TERRAFORM)}
        super().__init__(
            name=finding.title,
            id=finding.id,
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=supported_resources or tuple(self.rows),
            guideline=checkov_output.guideline(finding),
        )
        self.severity = Severities[finding.severity.upper()]
        note_the_var_files_of_each_scan(resource_registry)

    def scan_entity_conf(self, conf, entity_type):
        """Checkov's own, except that its rendering of ``dynamic`` blocks may fail: the plug-in reads the files."""
        self.entity_type = entity_type
        if conf.get("count") == [0]:
            return CheckResult.UNKNOWN
        try:
            handle_dynamic_values(conf)
        except Exception:  # a .tf.json dynamic block: Checkov meets its line markers as blocks (TypeError)
            LOGGER.debug("agentcore-cmk: Checkov could not render the dynamic blocks of %s", conf.get("__address__"),
                         exc_info=True)
        return self.scan_resource_conf(conf)

    def scan_resource_conf(self, conf):
        row = self.rows[self.entity_type]
        try:
            located = locate(row, conf, self.configuration(), self.entity_path)
            if located.none_because:  # inside a module call that deploys nothing: no verdict claims it exists
                LOGGER.debug("agentcore-cmk: %s is not judged: %s", conf.get("__address__"), located.none_because)
                return CheckResult.UNKNOWN
            verdict = iac.judge_instances(located.readers(), row)
        except Exception as error:  # the evaluation stopped: a FAIL that says why, never a lost result
            verdict = iac.judge_values([self.stopped(row, conf, error)], row.field)
        if verdict is None:  # the resource keeps no data of this finding: no result of its own
            return CheckResult.UNKNOWN
        self.evaluated_keys = ["/".join(row.path)]
        self.details.extend(checkov_output.details(self.finding, verdict))
        return CheckResult.PASSED if verdict.passed else CheckResult.FAILED

    def stopped(self, row: IacResource, conf: dict, error: Exception) -> iac.Value:
        """The one value of a resource whose evaluation stopped: a limit, Python's recursion limit, a file that
        could not be read again, or a shape nobody foresaw."""
        where = self.scanned_file().lstrip("/")
        if isinstance(error, iac.LimitReached):
            return iac.not_evaluated(error.why, where)
        if isinstance(error, RecursionError):
            return iac.not_evaluated("its references nest deeper than Python follows", where)
        if isinstance(error, files.ReadProblem):
            return iac.unknown(f"{row.field} ({error})", where)
        LOGGER.warning("agentcore-cmk: could not evaluate %s of %s", row.field, conf.get("__address__"), exc_info=True)
        return iac.unknown(f"{row.field} (the plug-in could not evaluate it: {type(error).__name__}: {error})", where)

    def configuration(self) -> Configuration:
        """The configuration model of the graph Checkov is scanning (built once per graph)."""
        configuration = configuration_of(self.graph)
        if not configuration.requested_var_files:
            configuration.requested_var_files = _requested_var_files
        return configuration

    def scanned_file(self) -> str:
        """The file Checkov is scanning, relative to its root ("/stack/main.tf"), from ``entity_path``."""
        return self.entity_path.split(":", 1)[0]


#: The var files the current scan asked for (``--var-file``, ``var-file`` in ``.checkov.yaml``), absolute.
_requested_var_files: tuple[str, ...] = ()


def note_the_var_files_of_each_scan(registry) -> None:
    """Checkov hands a run's var files to its graph builder and to the registry's ``scan``, never to a check, and
    its graph holds only the files that loaded: a mistyped ``--var-file`` would vanish without a word. The
    registry's ``scan`` is wrapped once to note what the run asked for."""
    scan = registry.scan
    if getattr(scan, "notes_var_files", False):
        return

    @functools.wraps(scan)
    def noting_scan(scanned_file, entity, skipped_checks, runner_filter, *args, **kwargs):
        global _requested_var_files
        var_files = getattr(runner_filter, "var_files", None) or ()
        _requested_var_files = tuple(os.path.abspath(path) for path in var_files if isinstance(path, str))
        return scan(scanned_file, entity, skipped_checks, runner_filter, *args, **kwargs)

    noting_scan.notes_var_files = True
    registry.scan = noting_scan

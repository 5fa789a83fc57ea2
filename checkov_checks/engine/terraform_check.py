"""The shared Terraform check: one instance per (finding, Terraform) pair, its resources read from
``agentcore_cmk.resources``; the verdict and its reason come from ``agentcore_cmk.iac.judge_values``.

Both HCL (and ``.tf.json``) and plan JSON reach the same check: Checkov runs Terraform resource checks for plans too.
Each check queries the configuration model of the graph it is given (``terraform.configuration.configuration_of``,
built once per graph), into which the first check of a run puts the run's var files.
"""

from __future__ import annotations

import logging
import os
import sys

from checkov.common.bridgecrew.severities import Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from checkov.terraform.parser_functions import handle_dynamic_values

from agentcore_cmk import checkov_output, iac
from agentcore_cmk.finding import Finding
from agentcore_cmk.resources import TERRAFORM, iac_resources

from agentcore_cmk_checkov.engine.terraform.configuration import Configuration, configuration_of
from agentcore_cmk_checkov.engine.terraform.parts import reader_for
from agentcore_cmk_checkov.engine.terraform.plan import is_plan, plan_values
from agentcore_cmk_checkov.engine.terraform.resource import NoInstance, resource_values

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
        configuration = self.configuration()
        if row.judged_by_parts:
            return self._scan_parts(row, conf, configuration)
        try:
            values = plan_values(row, conf) if is_plan(conf) else resource_values(row, conf, configuration, self.entity_path)
        except iac.LimitReached as limit:
            values = [iac.not_evaluated(limit.why, self.scanned_file().lstrip("/"))]
        except RecursionError:
            values = [iac.not_evaluated("its references nest deeper than Python follows", self.scanned_file().lstrip("/"))]
        except Exception as error:  # a shape nobody foresaw: a FAIL that says so, never a lost result
            LOGGER.warning("agentcore-cmk: could not evaluate %s of %s", row.field, conf.get("__address__"), exc_info=True)
            values = [iac.unknown(f"{row.field} (the plug-in could not evaluate it: {type(error).__name__})")]
        if isinstance(values, NoInstance):  # inside a module call that deploys nothing: no verdict claims it exists
            LOGGER.debug("agentcore-cmk: %s is not judged: %s", conf.get("__address__"), values)
            return CheckResult.UNKNOWN
        verdict = judge_instances(values, row.field) if isinstance(values, dict) else iac.judge_values(values, row.field)
        self.evaluated_keys = ["/".join(row.path)]
        self.details.extend(checkov_output.details(self.finding, verdict))
        return CheckResult.PASSED if verdict.passed else CheckResult.FAILED

    def _scan_parts(self, row, conf, configuration):
        """A row judged on more than one key (a harness's memory, a capacity provider's volumes)."""
        try:
            reader = reader_for(row, conf, configuration, self.entity_path)
            if isinstance(reader, NoInstance):  # inside a module call that deploys nothing: no verdict claims it exists
                return CheckResult.UNKNOWN
            if isinstance(reader, dict):  # the instances of a module call Checkov did not expand
                verdicts = {key: iac.judge_parts(instance, row) for key, instance in reader.items()}
                verdicts = {key: verdict for key, verdict in verdicts.items() if verdict is not None}
                verdict = combine_verdicts(verdicts, row.field, bool(row.volumes)) if verdicts else None
            else:
                verdict = iac.judge_parts(reader, row)
        except Exception as error:  # a shape nobody foresaw: a FAIL that says so, never a lost result
            LOGGER.warning("agentcore-cmk: could not evaluate %s of %s", row.field, conf.get("__address__"), exc_info=True)
            verdict = iac.judge_values([iac.unknown(f"{row.field} (the plug-in could not evaluate it: "
                                                    f"{type(error).__name__}: {error})")], row.field)
        if verdict is None:  # the resource keeps no data of this finding: no result of its own
            return CheckResult.UNKNOWN
        self.evaluated_keys = ["/".join(row.path)]
        self.details.extend(checkov_output.details(self.finding, verdict))
        return CheckResult.PASSED if verdict.passed else CheckResult.FAILED

    def configuration(self) -> Configuration:
        """The configuration model of the graph Checkov is scanning, with the run's var files (set once per graph)."""
        configuration = configuration_of(self.graph)
        if configuration.indexed and configuration.var_files is None:
            configuration.var_files = checkov_var_files()
        return configuration

    def scanned_file(self) -> str:
        """The file Checkov is scanning, relative to its root ("/stack/main.tf"), from ``entity_path``."""
        return self.entity_path.split(":", 1)[0]


def judge_instances(instances: dict, field: str) -> iac.Verdict:
    """One record for every instance of a for_each or count Checkov did not expand: PASS only when each passes."""
    return combine_verdicts({key: iac.judge_values(values, field) for key, values in instances.items()}, field)


def combine_verdicts(verdicts: dict, field: str, volumes: bool = False) -> iac.Verdict:
    """instance key -> verdict, as the one record Checkov reports: PASS only when each instance passes.

    ``volumes``: the verdicts judge a capacity provider's EBS volumes, not the one key ``field``.
    """
    subject = "its EBS volumes" if volumes else field
    if not verdicts:
        return iac.Verdict(iac.Status.FAIL, f"{subject}: the resource has no instance whose key could be judged")
    failed = [key for key, verdict in verdicts.items() if not verdict.passed]
    if failed:
        first = verdicts[failed[0]]
        shown = ", ".join(map(str, failed[:10])) + (f" and {len(failed) - 10} more" if len(failed) > 10 else "")
        fails = "are not all encrypted with a customer-managed key" if volumes else "fails"
        return iac.Verdict(iac.Status.FAIL, f"{subject} {fails} in {len(failed)} of the {len(verdicts)} instances "
                                            f"({shown}); the instance {failed[0]}: {first.reason}")
    key, verdict = next(iter(verdicts.items()))
    if len(verdicts) == 1:
        return verdict
    passes = "are encrypted with a customer-managed key" if volumes else "is a customer-managed key"
    return iac.Verdict(iac.Status.PASS, f"{subject} {passes} in each of the {len(verdicts)} instances; "
                                        f"the instance {key}: {verdict.reason}")


def checkov_var_files() -> tuple[str, ...]:
    """The var files of this Checkov run (``--var-file``, ``var-file`` in ``.checkov.yaml``), absolute, in order.

    Checkov gives them to its own graph only; the run's ``RunnerFilter`` holds them, and a check is called from the
    registry's ``scan(..., runner_filter, ...)``, so the filter is found among the callers' arguments.
    """
    frame = sys._getframe(1)
    while frame is not None:
        runner_filter = frame.f_locals.get("runner_filter")
        var_files = getattr(runner_filter, "var_files", None)
        if isinstance(var_files, (list, tuple)):
            return tuple(os.path.abspath(path) for path in var_files if isinstance(path, str))
        frame = frame.f_back
    return ()

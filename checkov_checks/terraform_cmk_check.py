"""The shared Terraform check: one instance per (finding, Terraform) pair, its resources read from
``agentcore_cmk.resources``; the verdict and its reason come from ``agentcore_cmk.iac.judge_values``.

Both HCL (and ``.tf.json``) and plan JSON reach the same check: Checkov runs Terraform resource checks for plans too.
"""

from __future__ import annotations

import logging

from checkov.common.bridgecrew.severities import Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from agentcore_cmk import checkov_output, iac
from agentcore_cmk.finding import Finding
from agentcore_cmk.resources import TERRAFORM, iac_resources

from agentcore_cmk_checkov.terraform_parts import reader_for
from agentcore_cmk_checkov.terraform_plan import is_plan, plan_values
from agentcore_cmk_checkov.terraform_resource import resource_values

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

    def scan_resource_conf(self, conf):
        row = self.rows[self.entity_type]
        if row.judged_by_parts:
            return self._scan_parts(row, conf)
        try:
            values = plan_values(row, conf) if is_plan(conf) else resource_values(row, conf, self.graph, self.entity_path)
        except Exception as error:  # a shape nobody foresaw: a FAIL that says so, never a lost result
            LOGGER.warning("agentcore-cmk: could not evaluate %s of %s", row.field, conf.get("__address__"), exc_info=True)
            values = [iac.unknown(f"{row.field} (the plug-in could not evaluate it: {type(error).__name__})")]
        verdict = iac.judge_values(values, row.field)
        self.evaluated_keys = ["/".join(row.path)]
        self.details.extend(checkov_output.details(self.finding, verdict))
        return CheckResult.PASSED if verdict.passed else CheckResult.FAILED

    def _scan_parts(self, row, conf):
        """A row judged on more than one key (a harness's memory, a capacity provider's volumes)."""
        try:
            verdict = iac.judge_parts(reader_for(row, conf, self.graph, self.entity_path), row)
        except Exception as error:  # a shape nobody foresaw: a FAIL that says so, never a lost result
            LOGGER.warning("agentcore-cmk: could not evaluate %s of %s", row.field, conf.get("__address__"), exc_info=True)
            verdict = iac.judge_values([iac.unknown(f"{row.field} (the plug-in could not evaluate it: "
                                                    f"{type(error).__name__}: {error})")], row.field)
        if verdict is None:  # the resource keeps no data of this finding: no result of its own
            return CheckResult.UNKNOWN
        self.evaluated_keys = ["/".join(row.path)]
        self.details.extend(checkov_output.details(self.finding, verdict))
        return CheckResult.PASSED if verdict.passed else CheckResult.FAILED

    def scanned_file(self) -> str:
        """The file Checkov is scanning, relative to its root ("/stack/main.tf"), from ``entity_path``."""
        return self.entity_path.split(":", 1)[0]

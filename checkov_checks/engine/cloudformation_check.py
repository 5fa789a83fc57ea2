"""The base of the CloudFormation checks: one finding's resource type and key property, judged from the template.

A check names its finding; its row in ``agentcore_cmk.resources`` gives the resource type and the property path.
Every row is read through one reader, ``engine.cloudformation.parts.CloudFormationReader``, over the template file
as written (``engine.cloudformation.model``); its leaves are evaluated by ``engine.cloudformation.evaluator``, and
``agentcore_cmk.iac`` judges the reader against the row: the verdict and the reason, which the result carries in
its ``details``.
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.common.output.record import Record

from agentcore_cmk import checkov_output
from agentcore_cmk.finding import Finding
from agentcore_cmk.iac import judge
from agentcore_cmk.resources import CLOUDFORMATION, IacResource, iac_resources
from agentcore_cmk.verdicts import Status, Verdict

from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator
from agentcore_cmk_checkov.engine.cloudformation.model import capture_checkov_templates, template_model
from agentcore_cmk_checkov.engine.cloudformation.parts import CloudFormationReader
from agentcore_cmk_checkov.engine.cloudformation.template import resource

LOGGER = logging.getLogger(__name__)


class CloudFormationKeyCheck(BaseResourceCheck):
    """Subclasses set ``FINDING``; everything else comes from the finding and its CloudFormation rows."""

    FINDING: Finding

    def __init__(self) -> None:
        self.rows = {row.resource_type: row for row in iac_resources(self.FINDING, CLOUDFORMATION)}
        super().__init__(
            name=self.FINDING.title,
            id=self.FINDING.id,
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=tuple(self.rows),
            guideline=checkov_output.guideline(self.FINDING),
        )
        self.severity = Severities[getattr(BcSeverities, self.FINDING.severity.upper())]
        carry_details_into_cloudformation_records(self.id)
        capture_checkov_templates()

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        logical_id = self.entity_path.rsplit(":", 1)[-1]  # "<file>:<type>:<logical id>", set by BaseCheck.run
        row = self.rows[self.entity_type]
        verdict = judge_resource(conf, logical_id, row)
        if verdict is None:  # no data of this finding (a harness without managed memory), or its Condition is false
            return CheckResult.UNKNOWN
        self.evaluated_keys = ["/".join(("Properties",) + row.path)]
        self.details.extend(checkov_output.details(self.FINDING, verdict))
        return CheckResult.PASSED if verdict.passed else CheckResult.FAILED


def judge_resource(conf: Any, logical_id: str, row: IacResource) -> Optional[Verdict]:
    """The verdict on one resource, from its template file; from Checkov's rendering when the file is unreadable.
    None when the resource gets no result of its own: the row says so (a harness without managed memory), or its
    own ``Condition`` is false with what the files give (the resource is not created, like ``count = 0``)."""
    try:
        rendered = conf.get("Properties") if isinstance(conf, dict) else None
        path = rendered.get("__file__") if isinstance(rendered, dict) else None
        path = path or (conf.get("__file__") if isinstance(conf, dict) else None)
        template, evaluator, why_not = template_model(path)
        declared = resource(template, logical_id)
        if declared is None:
            if template is not None:
                why_not = f"{logical_id} is not among the Resources of {path}"
            LOGGER.info("judging %s from Checkov's rendered template: %s", logical_id, why_not)
            verdict = judge(CloudFormationReader(CloudFormationEvaluator({}), rendered), row)
            if verdict is None:
                return None
            return Verdict(verdict.status, f"{verdict.reason} (judged from Checkov's rendered template: {why_not})")
        if "Condition" in declared and evaluator.condition(declared["Condition"]) is False:
            return None
        return judge(CloudFormationReader(evaluator, declared.get("Properties", {})), row)
    except Exception as error:  # a shape nobody foresaw still gets a verdict, and it is never a PASS
        LOGGER.warning("could not evaluate %s of %s", row.field, logical_id, exc_info=True)
        return Verdict(Status.FAIL, f"{row.field} of {logical_id} could not be evaluated ({type(error).__name__}: "
                                    f"{error}); a key nobody could verify is not reported as customer-managed")




class CloudFormationRecordWithDetails(Record):
    """Checkov's CloudFormation runner (3.3.x) builds its records without the check's ``details``: add them.

    The runner creates each record right after the registry ran the checks on that resource, so the
    registered check still holds the details of the resource the record is for. Defined at module level
    because Checkov pickles records across its worker processes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.details or self.check_id not in _CHECKS_WITH_DETAILS:
            return
        from checkov.cloudformation.checks.resource.registry import cfn_registry

        check = cfn_registry.get_check_by_id(self.check_id)
        self.details = list(check.details) if check is not None else []


_CHECKS_WITH_DETAILS: set[str] = set()


def carry_details_into_cloudformation_records(check_id: str) -> None:
    from checkov.cloudformation import runner

    _CHECKS_WITH_DETAILS.add(check_id)
    if not issubclass(runner.Record, CloudFormationRecordWithDetails):
        runner.Record = CloudFormationRecordWithDetails

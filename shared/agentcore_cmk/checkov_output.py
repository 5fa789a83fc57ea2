"""What a Checkov result shows besides its status: the guideline, a link, and the details, text.

Checkov renders a check's ``guideline`` as a link (``[Link](...)`` in ``github_failed_only``, SARIF's
``helpUri``), so it gets the finding's documentation URL; the remediation, prose, goes into the details of a
failed result, which the ``cli`` output, SARIF (attachments) and JSON show as text.
"""

from __future__ import annotations

from .finding import Finding
from .verdicts import Verdict

REMEDIATION_PREFIX = "Remediation: "


def guideline(finding: Finding) -> str:
    return finding.guideline_url


def details(finding: Finding, verdict: Verdict) -> list[str]:
    """The reason, and for a failed result the remediation after it."""
    return [verdict.reason] if verdict.passed else [verdict.reason, REMEDIATION_PREFIX + finding.remediation]

"""`make demo`: every finding, each raised by Checkov on code (where infrastructure code can declare the resource)
and by Prowler on a running (mock) AWS account, each at least once passing and once failing in each tool.

Run with the Prowler environment's Python (it serves the mock account in-process with moto); Checkov runs
from its own environment, since the two scanners cannot share one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from agentcore_cmk import FINDINGS, compliance, finding_by_id
from agentcore_cmk.checkov_output import REMEDIATION_PREFIX
from agentcore_cmk.resources import IAC_RESOURCES

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import mock_account  # noqa: E402  (lives beside this file)
import mock_control_plane  # noqa: E402
from aws_proxy import AwsProxy, first_answer  # noqa: E402

CHECKOV_EXAMPLES = HERE / "checkov"
REGIONS = sorted({region for _, region, _ in mock_account.DEMO_MEMORIES})
COMPARED_FIELDS = ("title", "severity", "remediation", "docs")
CHECK_IDS = tuple(finding.id for finding in FINDINGS)
#: What infrastructure code can declare (payment managers and the insight store are live only).
CHECKOV_IDS = tuple(finding.id for finding in FINDINGS if any(row.finding == finding for row in IAC_RESOURCES))
COMPLIANCE_CSV = f"compliance/prowler_{compliance.FRAMEWORK_NAME}.csv"


class StepFailed(Exception):
    pass


@contextmanager
def step(number: int, total: int, title: str):
    print(f"[{number}/{total}] {title} ...", flush=True)
    started = time.monotonic()
    try:
        yield
    except StepFailed as error:
        print(f"[{number}/{total}] FAILED: {title}\n{error}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None
    print(f"[{number}/{total}] done in {time.monotonic() - started:.1f}s", flush=True)


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    except OSError as error:
        raise StepFailed(f"could not start {command[0]}: {error}") from error


def _tail(process: subprocess.CompletedProcess, lines: int = 25) -> str:
    text = (process.stdout + process.stderr).strip().splitlines()
    return "\n".join(text[-lines:])


def run_checkov(checkov_env: Path, out_dir: Path) -> list[dict]:
    """Checkov with the plug-in over examples/checkov; returns this package's results (JSON and SARIF kept)."""
    folder = _run([checkov_env / "bin/agentcore-cmk-checks", "path", "checkov"])
    if folder.returncode != 0:
        raise StepFailed(f"the plug-in is not installed in {checkov_env}:\n{_tail(folder)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    process = _run([
        checkov_env / "bin/checkov", "--directory", CHECKOV_EXAMPLES, "--skip-download",
        "--external-checks-dir", folder.stdout.strip(), "--check", ",".join(CHECK_IDS),
        "--output", "json", "--output", "sarif", "--output-file-path", out_dir,
    ])
    if process.returncode not in (0, 1):  # 1 = some check failed, as expected here
        raise StepFailed(f"checkov exited with {process.returncode}:\n{_tail(process)}")
    report_file = out_dir / "results_json.json"
    if not report_file.is_file():
        raise StepFailed(f"checkov wrote no {report_file}:\n{_tail(process)}")
    reports = json.loads(report_file.read_text())
    results = []
    for report in reports if isinstance(reports, list) else [reports]:
        for outcome in ("passed_checks", "failed_checks"):
            results += [r for r in report.get("results", {}).get(outcome, []) if r["check_id"] in CHECK_IDS]
    outcomes = {(r["check_id"], "PASS" if r["check_result"]["result"] == "PASSED" else "FAIL") for r in results}
    _require_pass_and_fail(outcomes, CHECKOV_IDS, f"checkov over {CHECKOV_EXAMPLES}", process)
    return results


def run_prowler(prowler_env: Path, out_dir: Path) -> list[dict]:
    """Prowler with the plug-in over a seeded mock account, selecting the checks by the package's compliance
    framework; returns the OCSF findings (CSV, HTML and the compliance CSV kept)."""
    shutil.rmtree(out_dir, ignore_errors=True)  # Prowler appends to an existing report: start from none
    with mock_account.MockAccount() as account:
        mock_account.seed_demo_account(account)
        identity = mock_account.demo_identity(account)
        plane = mock_control_plane.MockControlPlane(account)
        mock_control_plane.seed_demo_control_plane(plane)
        # AgentCore Identity and the kinds moto lacks, answered by the proxy
        with AwsProxy(account.endpoint_url, [], answer=first_answer(identity.answer, plane.answer)) as proxy:
            process = _run(
                [
                    prowler_env / "bin/prowler", "aws", "--compliance", compliance.FRAMEWORK_NAME, "--region", *REGIONS,
                    "--output-formats", "json-ocsf", "csv", "html", "--output-directory", out_dir,
                    "--output-filename", "prowler", "--no-banner", "--ignore-exit-code-3",
                ],
                env={**account.env(region=REGIONS[0]), "AWS_ENDPOINT_URL": proxy.url},
                timeout=600,
            )
    if process.returncode != 0:
        raise StepFailed(f"prowler exited with {process.returncode}:\n{_tail(process)}")
    report_file = out_dir / "prowler.ocsf.json"
    if not report_file.is_file():
        raise StepFailed(f"prowler wrote no {report_file}:\n{_tail(process)}")
    findings = [f for f in json.loads(report_file.read_text()) if f["metadata"]["event_code"] in CHECK_IDS]
    outcomes = {(f["metadata"]["event_code"], f["status_code"]) for f in findings}
    _require_pass_and_fail(outcomes, CHECK_IDS, "prowler over the mock account", process)
    if not (out_dir / COMPLIANCE_CSV).is_file():
        raise StepFailed(f"prowler wrote no {out_dir / COMPLIANCE_CSV}:\n{_tail(process)}")
    return findings


def _require_pass_and_fail(outcomes: set, check_ids, where: str, process: subprocess.CompletedProcess) -> None:
    """Each finding at least once passing and once failing."""
    missing = [f"{check_id} {status}" for check_id in check_ids for status in ("PASS", "FAIL")
               if (check_id, status) not in outcomes]
    if missing:
        raise StepFailed(f"{where} reported no {', '.join(missing)}:\n{_tail(process)}")


def checkov_fields(result: dict) -> dict:
    """A failed result carries the remediation in its details, after the reason; every result links the docs."""
    fields = {"finding ID": result["check_id"], "title": result["check_name"],
              "severity": str(result["severity"]).lower(), "docs": result["guideline"]}
    remediation = [d[len(REMEDIATION_PREFIX):] for d in result.get("details") or [] if d.startswith(REMEDIATION_PREFIX)]
    if result["check_result"]["result"] == "FAILED" or remediation:
        fields["remediation"] = remediation[0] if len(remediation) == 1 else repr(remediation)
    return fields


def prowler_fields(finding: dict) -> dict:
    """Prowler lists the docs page among the finding's additional URLs."""
    check_id = finding["metadata"]["event_code"]
    urls = (finding.get("unmapped") or {}).get("additional_urls") or []
    docs = finding_by_id(check_id).guideline_url if check_id in CHECK_IDS else None
    return {"finding ID": check_id, "title": finding["finding_info"]["title"],
            "severity": finding["severity"].lower(), "remediation": finding["remediation"]["desc"],
            "docs": docs if docs in urls else repr(urls)}


def differences(checkov_results: list[dict], prowler_findings: list[dict]) -> list[str]:
    """Each (finding, field) on which the outputs disagree, among themselves or with the finding's definition;
    empty when every result of a finding says the same as its definition."""
    seen = [checkov_fields(r) for r in checkov_results] + [prowler_fields(f) for f in prowler_findings]
    mismatches = []
    for check_id in CHECK_IDS:
        finding = finding_by_id(check_id)
        defined = {"title": finding.title, "severity": finding.severity, "remediation": finding.remediation,
                   "docs": finding.guideline_url}
        for name in COMPARED_FIELDS:
            values = {fields[name] for fields in seen if fields["finding ID"] == check_id and name in fields}
            values |= {defined[name]}
            if len(values) != 1:
                mismatches.append(f"{check_id} {name}: {sorted(values)!r}")
    return mismatches


def _counts(statuses: list[str]) -> str:
    return ", ".join(f"{statuses.count(status)} {status}" for status in sorted(set(statuses)))


def summarize(checkov_results: list[dict], prowler_findings: list[dict], reports: Path) -> int:
    print("\n== Summary")
    for finding in FINDINGS:
        code = [r for r in checkov_results if r["check_id"] == finding.id]
        live = [f for f in prowler_findings if f["metadata"]["event_code"] == finding.id]
        plural = finding.resource[:-1] + "ies" if finding.resource.endswith("y") else f"{finding.resource}s"
        print(f"{finding.id}")
        print(f"  Checkov (code)   : {len(code)} {plural}, "
              + _counts(["PASS" if r["check_result"]["result"] == "PASSED" else "FAIL" for r in code]))
        print(f"  Prowler (account): {len(live)} {plural}, " + _counts([f["status_code"] for f in live]))
        for result in code:
            print(f"    checkov {result['check_result']['result']:6} {result['resource']} ({result['file_path']}): "
                  f"{result.get('details') and result['details'][0]}")
        for found in live:
            print(f"    prowler {found['status_code']:6} {found['resources'][0]['uid']}: {found['status_detail']}")

    mismatches = differences(checkov_results, prowler_findings)
    if mismatches:
        print("\n!!! THE TWO TOOLS DISAGREE ON THE FINDINGS' STRINGS !!!", file=sys.stderr)
        for line in mismatches:
            print(f"!!! {line}", file=sys.stderr)
        return 1
    print(f"\nBoth tools emitted the same {len(FINDINGS)} findings, each shown once:")
    for finding in FINDINGS:
        print(f"  ID         : {finding.id}\n  Title      : {finding.title}\n  Severity   : {finding.severity}")
        print(f"  Remediation: {finding.remediation}\n")
    print(f"Full reports in {reports}: checkov/results_json.json, checkov/results_sarif.sarif, "
          f"prowler/prowler.ocsf.json, prowler/prowler.csv, prowler/prowler.html, prowler/{COMPLIANCE_CSV} "
          f"(one row per finding under its requirement of {compliance.FRAMEWORK_NAME})")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkov-env", type=Path, required=True, help="virtual environment with [checkov]")
    parser.add_argument("--prowler-env", type=Path, required=True, help="virtual environment with [prowler]")
    parser.add_argument("--reports", type=Path, default=Path("reports"), help="where the full reports go")
    args = parser.parse_args(argv)
    reports = args.reports.resolve()

    with step(1, 3, f"Checkov with the plug-in over {CHECKOV_EXAMPLES.relative_to(HERE.parent)}/"):
        checkov_results = run_checkov(args.checkov_env, reports / "checkov")
    with step(2, 3, f"Prowler with the plug-in over a mock account (moto) in {', '.join(REGIONS)}"):
        prowler_findings = run_prowler(args.prowler_env, reports / "prowler")
    with step(3, 3, "Comparing what both tools reported"):
        status = summarize(checkov_results, prowler_findings, reports)
    return status


if __name__ == "__main__":
    sys.exit(main())

"""What docs/prowler.md and examples/Dockerfile promise, checked against the real files and Prowler."""

import json
import re
import subprocess
import sys

from agentcore_cmk import FINDINGS
from prowler_helpers import REPO

DOCS = (REPO / "docs/prowler.md").read_text(encoding="utf-8")
POLICY = json.loads((REPO / "docs/iam-policy.json").read_text(encoding="utf-8"))


def test_the_documented_policy_is_the_policy_file_and_it_only_reads():
    (shown,) = re.findall(r"```json\n(.*?)```", DOCS, re.S)
    assert json.loads(shown) == POLICY
    actions = [a for s in POLICY["Statement"] for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])]
    assert not [a for a in actions if "Decrypt" in a or not a.split(":")[1].startswith(("List", "Get", "Describe"))]
    assert {s["Effect"] for s in POLICY["Statement"]} == {"Allow"}


def test_the_docs_name_every_check_and_how_the_model_is_regenerated():
    for finding in FINDINGS:
        assert f"`{finding.id}` | {finding.severity}" in DOCS
    assert f"{ {10: 'Ten'}[len(FINDINGS)]} checks of the service" in DOCS
    script = "prowler_checks/services/bedrockagentcore_api/regenerate.py"
    assert f"python {script} 1.44.8" in DOCS and (REPO / script).is_file()


def test_the_dockerfile_extends_prowlers_image_with_the_prowler_extra_and_its_build_check_sees_the_checks():
    dockerfile = (REPO / "examples/Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM prowlercloud/prowler:\$\{PROWLER_VERSION\}$", dockerfile, re.M)
    assert 'pip install --no-cache-dir "agentcore-cmk-checks[prowler]==${AGENTCORE_CMK_CHECKS_VERSION}"' in dockerfile
    version = re.search(r'^version = "(.*)"$', (REPO / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)
    assert f"ARG AGENTCORE_CMK_CHECKS_VERSION={version}\n" in dockerfile
    (check,) = re.findall(r'^RUN poetry run python -c "(.*)"$', dockerfile, re.M)
    # The build-time check, run here against the installed package: it passes, and it fails without a check.
    assert subprocess.run([sys.executable, "-c", check], capture_output=True).returncode == 0
    broken = check.replace(FINDINGS[1].id, FINDINGS[1].id + "_missing")
    assert subprocess.run([sys.executable, "-c", broken], capture_output=True).returncode != 0


def test_the_dockerfile_build_check_names_every_check():
    dockerfile = (REPO / "examples/Dockerfile").read_text(encoding="utf-8")
    (check,) = re.findall(r'^RUN poetry run python -c "(.*)"$', dockerfile, re.M)
    assert set(re.findall(r"'(bedrockagentcore_\w+)'", check)) == {finding.id for finding in FINDINGS}


APP = REPO / "examples/prowler-app"


def test_the_prowler_app_image_extends_the_api_image_without_touching_its_prowler_and_its_build_check_works():
    dockerfile = (APP / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM prowlercloud/prowler-api:\$\{PROWLER_API_VERSION\}$", dockerfile, re.M)
    # The bare package (no [prowler] extra, no dependencies): the App's pinned Prowler and botocore stay.
    assert ('RUN uv pip install --python /home/prowler/.venv/bin/python --no-cache '
            '"agentcore-cmk-checks==${AGENTCORE_CMK_CHECKS_VERSION}"\n') in dockerfile
    version = re.search(r'^version = "(.*)"$', (REPO / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)
    assert f"ARG AGENTCORE_CMK_CHECKS_VERSION={version}\n" in dockerfile
    (check,) = re.findall(r'^RUN /home/prowler/.venv/bin/python -c "(.*)"$', dockerfile, re.M)
    # The build-time check, run here against the installed package and Prowler: it passes, and it fails when the
    # overview would not list the framework or a check it names is not installed.
    run = [sys.executable, "-c"]
    assert subprocess.run(run + [check], capture_output=True).returncode == 0
    for broken in (check.replace("'agentcore_data_protection_aws'", "'agentcore_data_protection_aws_missing'"),
                   check.replace("set(CheckMetadata.get_bulk('aws'))", "(set(CheckMetadata.get_bulk('aws')) - {"
                                 f"'{FINDINGS[3].id}'}})")):
        assert broken != check
        failed = subprocess.run(run + [broken], capture_output=True, text=True)
        assert failed.returncode != 0 and "AssertionError" in failed.stderr


def test_the_prowler_app_compose_file_runs_the_derived_image_for_the_api_and_every_worker():
    import yaml

    compose = yaml.safe_load((APP / "docker-compose.agentcore.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    # The services of Prowler App's docker-compose.yml that run prowlercloud/prowler-api.
    assert set(services) == {"api", "worker", "worker-beat"}
    for service in services.values():
        assert service["image"] == "prowler-api-agentcore:${PROWLER_API_VERSION:-5.46.0}"
        assert service["build"]["context"] == "agentcore" and service["build"]["dockerfile"] == "Dockerfile"
    assert "docker compose -f docker-compose.yml -f agentcore/docker-compose.agentcore.yml up -d --build" in DOCS
    assert "examples/prowler-app/Dockerfile" in DOCS

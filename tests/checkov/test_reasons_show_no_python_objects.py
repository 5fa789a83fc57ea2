"""No reason the plug-in gives shows a Python object: every result of every fixture under tests/ and examples/
(CloudFormation and Terraform: HCL, .tf.json, plans), through the real Checkov runs the suite makes."""

import re

import pytest

#: ``<module.Class object at 0x...>``, ``<class '...'>``, ``<function ...>``, ``<bound method ...>`` and the like.
PYTHON_OBJECT = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>|<(?:class|function|bound method|built-in function|"
                           r"built-in method|module|generator|lambda)\b[^>]*>|\bat 0x[0-9a-fA-F]{6,}")

RUNS = ("fixtures_run", "terraform_run", "var_file_run", "var_file_config_run", "plan_run", "configuration_model_run",
        "kinds_run", "malformed_run", "examples_run")


def test_the_pattern_finds_what_python_shows():
    class Resources:
        pass

    assert PYTHON_OBJECT.search(f"for_each is {Resources()}")
    assert PYTHON_OBJECT.search(f"a {type(1)}") and PYTHON_OBJECT.search(f"{len}")
    assert not PYTHON_OBJECT.search('for_each is aws_kms_key.single (main.tf:3, as var.keys["a"] <= 2 is false)')


@pytest.mark.parametrize("run", RUNS)
def test_no_reason_shows_a_python_object(request, run):
    results = request.getfixturevalue(run).results()
    assert results, f"{run} reported nothing"
    shown = [(result["file_path"], result["resource"], detail) for result in results
             for detail in result.get("details") or () if PYTHON_OBJECT.search(detail)]
    assert shown == [], shown

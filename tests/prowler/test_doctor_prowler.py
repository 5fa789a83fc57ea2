"""Issue 9: no Prowler built-in shadows our checks, and doctor says so loudly when one does."""

import io

from agentcore_cmk import FINDINGS
from agentcore_cmk import doctor
from agentcore_cmk_prowler import doctor as prowler_doctor


def test_no_builtin_prowler_check_carries_one_of_our_ids():
    from prowler.lib.check.utils import recover_checks_from_provider

    builtin = {name for name, path in recover_checks_from_provider("aws") if not prowler_doctor._is_ours(path)}
    assert builtin, "Prowler's built-in AWS checks were not discovered"
    assert builtin.isdisjoint(finding.id for finding in FINDINGS)


def test_doctor_fails_naming_the_cause_when_a_builtin_takes_our_id(monkeypatch):
    from prowler.lib.check import utils

    shadowed = FINDINGS[0].id
    real = utils.recover_checks_from_provider
    builtin_path = f"/site-packages/prowler/providers/aws/services/bedrockagentcore/{shadowed}"
    # What Prowler would discover if a release shipped a built-in check under our ID.
    monkeypatch.setattr(utils, "recover_checks_from_provider",
                        lambda provider, *args, **kwargs: [(shadowed, builtin_path), *real(provider, *args, **kwargs)])
    out = io.StringIO()
    assert doctor.run(["prowler"], required=True, out=out) == 1
    report = out.getvalue()
    assert "prowler " in report and "FAIL, plug-in not fully active" in report
    assert (f"FAIL {shadowed}: a built-in Prowler check has the same ID ({builtin_path}); "
            "Prowler runs the built-in instead of this plug-in's check") in report
    for other in FINDINGS[1:]:
        assert f"ok   {other.id}: active" in report


def test_doctor_fails_when_a_check_module_does_not_import(monkeypatch):
    import sys

    # What every check imports (through the plug-in's report helpers) cannot be imported.
    monkeypatch.setitem(sys.modules, "agentcore_cmk.verdicts", None)
    check_lines = [line for line in prowler_doctor.probe() if line[1].startswith(tuple(f.id for f in FINDINGS))]
    assert len(check_lines) == len(FINDINGS)
    for ok, text in check_lines:
        assert not ok and "does not import: ModuleNotFoundError: import of agentcore_cmk.verdicts halted" in text, text

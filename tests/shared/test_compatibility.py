"""The tested scanner ranges: the version parser, and that pyproject.toml's extras and docs/compatibility.md (the
last ``make compat`` run) declare exactly the ranges in ``TESTED``."""

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from packaging.requirements import Requirement
from packaging.version import Version

from agentcore_cmk.compatibility import TESTED, in_tested_range, parse_version

REPO = Path(__file__).resolve().parents[2]
releases = st.lists(st.integers(min_value=0, max_value=600), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts)))


@given(releases, releases)
def test_parse_version_orders_releases_as_packaging_does(a, b):
    assert (parse_version(a) < parse_version(b)) == (Version(a) < Version(b))
    assert (parse_version(a) == parse_version(b)) == (Version(a) == Version(b))


@pytest.mark.parametrize("text", ["3.3.0rc1", "3.3.0.dev2", "3.3.0+local", "v3.3.0", "", "3..3", "unknown"])
def test_anything_but_a_plain_release_is_refused_and_outside_the_range(text):
    with pytest.raises(ValueError, match="plain release"):
        parse_version(text)
    assert not in_tested_range("checkov", text)


@pytest.mark.parametrize("scanner", sorted(TESTED))
def test_the_ends_are_inside_and_their_neighbours_outside(scanner):
    oldest, newest = TESTED[scanner]
    below = list(parse_version(oldest))
    below[-1] -= 1
    above = parse_version(newest)[:-1] + (parse_version(newest)[-1] + 1,)
    assert in_tested_range(scanner, oldest) and in_tested_range(scanner, f" {newest}\n")
    assert not in_tested_range(scanner, ".".join(map(str, below)))
    assert not in_tested_range(scanner, ".".join(map(str, above)))
    assert not in_tested_range(scanner, f"{parse_version(newest)[0] + 1}.0.0")


def test_an_unknown_scanner_is_an_error_not_a_verdict():
    with pytest.raises(ValueError, match="unknown scanner 'trivy'"):
        in_tested_range("trivy", "1.0.0")


def _extras() -> dict:
    with open(REPO / "pyproject.toml", "rb") as file:
        extras = tomllib.load(file)["project"]["optional-dependencies"]
    return {scanner: Requirement(extras[scanner][0]) for scanner in TESTED}


@pytest.mark.parametrize("scanner", sorted(TESTED))
def test_each_extra_starts_at_the_oldest_tested_version_and_admits_the_newest(scanner):
    requirement = _extras()[scanner]
    oldest, newest = TESTED[scanner]
    assert requirement.name == scanner
    floors = [spec.version for spec in requirement.specifier if spec.operator == ">="]
    assert floors == [oldest], f"{requirement} should start at {oldest}, the oldest version make compat passed"
    assert requirement.specifier.contains(newest)


def _page_rows() -> list:
    text = (REPO / "docs/compatibility.md").read_text(encoding="utf-8")
    return re.findall(r"^\| (\w+) \| ([\d.]+) \| (\w+) \| (PASS|FAIL) \|", text, re.M)


def test_the_compatibility_page_records_a_passing_run_over_exactly_the_tested_ranges():
    rows = _page_rows()
    assert {scanner for scanner, *_ in rows} == set(TESTED)
    assert [row for row in rows if row[3] != "PASS"] == []
    for scanner, (oldest, newest) in TESTED.items():
        versions = {row[1]: row[2] for row in rows if row[0] == scanner}
        assert versions.get(oldest) == "oldest" and versions.get(newest) == "newest", (scanner, versions)
        assert all(in_tested_range(scanner, version) for version in versions)

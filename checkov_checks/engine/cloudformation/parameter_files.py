"""Parameter files: the values a team deploys its CloudFormation stacks with, named for the scan.

CloudFormation has no ``--var-file``; teams deploy with parameter files. A scan names them in the environment
variable ``AGENTCORE_CFN_PARAMETER_FILES`` (any CI can set one), separated by commas or the path separator; each
applies to every template of the scan, later files over earlier ones, as Terraform var files do. Formats:

* ``aws cloudformation deploy|create-stack --parameter-overrides|--parameters file://prod.json``: a JSON list of
  ``{"ParameterKey": ..., "ParameterValue": ...}`` (``file://`` is optional);
* a CodePipeline template configuration: ``{"Parameters": {"Key": "Value", ...}}``;
* SAM's ``samconfig.toml``: ``parameter_overrides`` of ``[default.deploy.parameters]`` (then ``[default.global
  .parameters]``); ``samconfig.toml#prod`` reads the ``prod`` environment instead of ``default``.

A value a file gives decides (``parameters.py``), and its reason names the file. A file that cannot be read is said
once on the log, and every parameter the files do not give is then not evaluated, naming the file: the scan was
asked to judge with values it could not see.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shlex
from dataclasses import dataclass
from typing import Any, Optional

LOGGER = logging.getLogger(__name__)

ENVIRONMENT_VARIABLE = "AGENTCORE_CFN_PARAMETER_FILES"
_SHORTHAND = re.compile(r"^ParameterKey=(?P<key>[^,]*),ParameterValue=(?P<value>.*)$")


@dataclass(frozen=True)
class ParameterFiles:
    #: parameter name -> (its value, the file that gives it, as the scan named it)
    given: dict
    #: (file, why) for each named file that could not be read
    unreadable: tuple[tuple[str, str], ...] = ()


_loaded: dict[tuple, ParameterFiles] = {}
_said: set[tuple[str, str]] = set()


def parameter_files() -> ParameterFiles:
    """The parameter files the scan names, read once per scan (again when a file changes)."""
    named = [part.strip() for part in re.split(f"[,{re.escape(os.pathsep)}]", os.environ.get(ENVIRONMENT_VARIABLE, ""))
             if part.strip()]
    key = tuple((name, _modified(name)) for name in named)
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = _read_all(named)
    return _loaded[key]


def _modified(name: str) -> Optional[float]:
    try:
        return os.path.getmtime(_path(name)[0])
    except OSError:
        return None


def _path(name: str) -> tuple[str, str]:
    """(the file's path, the samconfig environment) of a name as the scan gives it."""
    path = name[len("file://"):] if name.startswith("file://") else name
    environment = "default"
    if "#" in path:
        path, environment = path.rsplit("#", 1)
    return path, environment or "default"


def _read_all(named: list[str]) -> ParameterFiles:
    given: dict[str, tuple[str, str]] = {}
    unreadable = []
    for name in named:
        path, environment = _path(name)
        shown = os.path.basename(path) if os.path.isabs(path) else path
        try:
            values = _read(path, environment)
        except (OSError, ValueError) as error:
            why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            unreadable.append((shown, why))
            if (name, why) not in _said:
                _said.add((name, why))
                LOGGER.warning("the CloudFormation parameter file %s named in %s could not be read (%s); parameters "
                               "it could give are not evaluated", name, ENVIRONMENT_VARIABLE, why)
            continue
        for key, value in values.items():
            given[key] = (value, shown)
    return ParameterFiles(given, tuple(unreadable))


def _read(path: str, environment: str) -> dict[str, str]:
    if path.endswith(".toml"):
        return _samconfig(path, environment)
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    if isinstance(document, list):
        values = {}
        for entry in document:
            if not (isinstance(entry, dict) and isinstance(entry.get("ParameterKey"), str)):
                raise ValueError("a list entry is not {\"ParameterKey\": ..., \"ParameterValue\": ...}")
            if "ParameterValue" in entry:  # UsePreviousValue keeps what the stack has: not given here
                values[entry["ParameterKey"]] = _text(entry["ParameterValue"])
        return values
    if isinstance(document, dict) and isinstance(document.get("Parameters"), dict):
        return {str(key): _text(value) for key, value in document["Parameters"].items()}
    raise ValueError("neither a list of ParameterKey/ParameterValue nor a template configuration with Parameters")


def _samconfig(path: str, environment: str) -> dict[str, str]:
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise ValueError("reading samconfig.toml needs Python 3.11 or the tomli package") from None
    with open(path, "rb") as handle:
        try:
            document = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"not TOML: {error}") from None
    settings = document.get(environment)
    if not isinstance(settings, dict):
        raise ValueError(f"no environment {environment!r} in it")
    for command in ("deploy", "global"):
        overrides = (settings.get(command) or {}).get("parameters", {}).get("parameter_overrides")
        if overrides is not None:
            return _overrides(overrides)
    return {}


def _overrides(overrides: Any) -> dict[str, str]:
    """``Key=Value Other="a b"`` (a string or a list of them), or the ``ParameterKey=K,ParameterValue=V`` form."""
    words = []
    for item in overrides if isinstance(overrides, list) else [overrides]:
        words += shlex.split(str(item))
    values = {}
    for word in words:
        shorthand = _SHORTHAND.match(word)
        if shorthand:
            values[shorthand["key"]] = shorthand["value"]
        elif "=" in word:
            key, value = word.split("=", 1)
            values[key] = value
        else:
            raise ValueError(f"parameter_overrides entry {word!r} is not Key=Value")
    return values


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    return "" if value is None else str(value)

"""A CloudFormation template as Checkov's own parser reads it: sections, intrinsic functions, line numbers.

Checkov hands a check the rendered resource, with parameter defaults substituted (also into ``Fn::If`` branches
the condition never takes), so the checks judge the template as written: Checkov's own parse when the model
(``model.py``) kept it, else the file re-read here with Checkov's parser, cached by path and modification time.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Optional

LOGGER = logging.getLogger(__name__)

_cache: dict[str, tuple[float, Optional[dict]]] = {}


def read_template(path: Any) -> tuple[Optional[dict], str]:
    """``(template, why not)``: the parsed template, or None and the reason it could not be read."""
    if not isinstance(path, str) or not path:
        return None, "Checkov gave no file for this resource"
    try:
        modified = os.path.getmtime(path)
    except OSError as error:
        return None, f"{path} could not be read again ({error.strerror or error})"
    cached = _cache.get(path)
    if cached is None or cached[0] != modified:
        _cache[path] = cached = (modified, _parse(path))
    if cached[1] is None:
        return None, f"{path} could not be parsed again"
    return cached[1], ""


def _parse(path: str) -> Optional[dict]:
    from checkov.cloudformation.parser import parse

    try:
        template, _ = parse(path)
    except Exception:  # Checkov parsed this file once already; its own error report covers the file
        LOGGER.warning("could not re-read the CloudFormation template %s", path, exc_info=True)
        return None
    return template if isinstance(template, dict) else None


def is_position_key(key: Any) -> bool:
    """Checkov's parser adds ``__file__``, ``__startline__`` and ``__endline__`` to every mapping."""
    return isinstance(key, str) and key.startswith("__") and key.endswith("__")


def entries(mapping: Any) -> dict:
    """The mapping's own entries, without the parser's position keys; {} for anything that is not a mapping."""
    if not isinstance(mapping, dict):
        return {}
    return {key: value for key, value in mapping.items() if not is_position_key(key)}


def section(template: Any, name: str) -> dict:
    return entries(template.get(name)) if isinstance(template, dict) else {}


def function(node: Any) -> Optional[tuple[str, Any]]:
    """``(name, argument)`` when node is an intrinsic function such as ``{"Fn::If": [...]}``, else None."""
    own = entries(node)
    if isinstance(node, dict) and len(own) == 1:
        ((name, argument),) = own.items()
        if isinstance(name, str) and (name in ("Ref", "Condition") or name.startswith("Fn::")):
            return name, argument
    return None


def plain(node: Any) -> Any:
    """The node without position keys, to show in a reason."""
    if isinstance(node, dict):
        return {key: plain(value) for key, value in entries(node).items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    return node


def line(node: Any) -> Optional[int]:
    if isinstance(node, dict) and isinstance(node.get("__startline__"), int):
        return node["__startline__"]
    return None


def resource(template: Optional[dict], logical_id: str) -> Optional[dict]:
    """The resource as written, or None when the template lacks it."""
    resources = template.get("Resources") if isinstance(template, dict) else None
    found = resources.get(logical_id) if isinstance(resources, dict) and not is_position_key(logical_id) else None
    return found if isinstance(found, dict) else None


def resource_properties(template: Optional[dict], logical_id: str) -> Optional[Any]:
    """The resource's ``Properties`` as written ({} when it has none), or None when the template lacks it."""
    found = resource(template, logical_id)
    return None if found is None else found.get("Properties", {})

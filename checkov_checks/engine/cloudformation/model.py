"""The template model: one per CloudFormation file and scan, shared by every resource of the file.

Checkov parses each template once, and its graph then renders the resources in place (parameter defaults
substituted, also into ``Fn::If`` branches never taken). The model keeps a copy of Checkov's own parse, taken just
before the graph is built, so the plug-in reads and parses no template itself. A check run outside Checkov's
runner (a test calling ``check.run``), or a Checkov whose graph manager is shaped otherwise, reads the file once
instead (``template.read_template``). Each evaluator takes the values the scan's parameter files give
(``parameter_files.py``). The model's evaluator remembers each condition's outcome and pins, so what
many resources of a template use is worked out once.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Any, Callable, Optional

from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator
from agentcore_cmk_checkov.engine.cloudformation.parameter_files import ParameterFiles, parameter_files
from agentcore_cmk_checkov.engine.cloudformation.template import read_template

LOGGER = logging.getLogger(__name__)

#: Absolute path -> Checkov's parse of the template, copied before its graph rendered it (this scan's only).
_parsed_by_checkov: dict[str, dict] = {}
#: Absolute path -> (the template, its evaluator, the parameter files it was built with).
_models: dict[str, tuple[dict, CloudFormationEvaluator, ParameterFiles]] = {}


def template_model(path: Any) -> tuple[Optional[dict], Optional[CloudFormationEvaluator], str]:
    """``(template, evaluator, why not)`` for the file a resource came from; None and the reason when unreadable."""
    if not isinstance(path, str) or not path:
        return None, None, "Checkov gave no file for this resource"
    key = os.path.abspath(path)
    template = _parsed_by_checkov.get(key)
    if template is None:
        template, why_not = read_template(path)
        if template is None:
            return None, None, why_not
    files = parameter_files()
    cached = _models.get(key)
    if cached is None or cached[0] is not template or cached[2] is not files:
        evaluator = CloudFormationEvaluator(template, path, given=files.given, unreadable=files.unreadable)
        cached = _models[key] = (template, evaluator, files)
    return template, cached[1], ""


def capture_checkov_templates() -> None:
    """Have Checkov's CloudFormation graph manager hand each template, as parsed, to the model."""
    try:
        from checkov.cloudformation.graph_manager import CloudformationGraphManager
        from checkov.common.util.data_structures_utils import pickle_deepcopy
    except ImportError:  # another Checkov layout: the model reads the files itself
        return
    build = getattr(CloudformationGraphManager, "build_graph_from_definitions", None)
    if build is None or getattr(build, "hands_templates_to_the_model", False):
        return

    @functools.wraps(build)
    def build_graph_from_definitions(self: Any, definitions: Any, *args: Any, **kwargs: Any) -> Any:
        _keep(definitions, lambda template: plain_copy(template, pickle_deepcopy))
        return build(self, definitions, *args, **kwargs)

    build_graph_from_definitions.hands_templates_to_the_model = True  # type: ignore[attr-defined]
    CloudformationGraphManager.build_graph_from_definitions = build_graph_from_definitions


def _keep(definitions: Any, copy: Callable[[Any], Any]) -> None:
    """A new scan: forget the last one's templates and keep this one's."""
    _parsed_by_checkov.clear()
    _models.clear()
    if not isinstance(definitions, dict):
        return
    for path, template in definitions.items():
        if not (isinstance(path, str) and isinstance(template, dict)):
            continue
        try:
            _parsed_by_checkov[os.path.abspath(path)] = copy(template)
        except Exception:  # a template that cannot be copied is read again from its file
            LOGGER.info("keeping Checkov's parse of %s failed; the file is read again", path, exc_info=True)


def plain_copy(node: Any, fallback: Callable[[Any], Any]) -> Any:
    """A copy of a parsed template in plain dicts, lists and strings: what the plug-in reads of it (mappings keep
    the parser's ``__startline__`` keys). Several times faster than pickling the parser's node classes, and a node
    the template shares (a YAML alias) is copied once and stays shared, so what is cached per node stays linear.
    A template nested too deeply to copy this way is copied with ``fallback``."""
    memo: dict[int, Any] = {}

    def copied(item: Any) -> Any:
        if isinstance(item, dict):
            known = memo.get(id(item))
            if known is None:
                known = memo[id(item)] = {}
                for key, value in item.items():
                    known[str.__str__(key) if isinstance(key, str) else key] = copied(value)
            return known
        if isinstance(item, list):
            known = memo.get(id(item))
            if known is None:
                known = memo[id(item)] = []
                known.extend(copied(value) for value in item)
            return known
        if isinstance(item, str):
            return str.__str__(item)
        return item

    try:
        return copied(node)
    except RecursionError:
        return fallback(node)

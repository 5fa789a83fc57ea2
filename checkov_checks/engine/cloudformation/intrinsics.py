"""The intrinsic functions: one resolver per function, and ``INTRINSICS``, the table that lists every one.

Shaped as cfn-lint's resolvers (``cfnlint/jsonschema/_resolvers_cfn.py``): each resolver takes the evaluator, the
function's argument, the scope of the branch being evaluated and the depth, and gives every value the function can
take (``terms.Candidate``s, each with its origin). The evaluator looks a function up in ``INTRINSICS`` and nowhere
else. A function the table names without a resolver is deliberately not evaluated, and its entry says why; the value
is then unknown, naming the function and the reason, and a key nobody could verify fails. A name the table does not
know (a typo, a new function) is unknown too.

A new intrinsic: write its resolver here, add its row to ``INTRINSICS``, and a case to
``tests/checkov/test_cloudformation_evaluator.py`` (docs/architecture.md, "CloudFormation").
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

from agentcore_cmk import iac
from agentcore_cmk.iac_candidates import Candidate

from agentcore_cmk_checkov.engine.cloudformation.conditions import SUB_VARIABLE, Scope
from agentcore_cmk_checkov.engine.cloudformation.template import entries, function, plain
from agentcore_cmk_checkov.engine.cloudformation.terms import (
    MAX_VALUES,
    NOT_AN_ARN,
    Repeated,
    as_text,
    capped,
    concatenate,
    from_string,
    known_text,
    opaque,
    product,
    scalar,
    unknown,
    via,
)

if TYPE_CHECKING:
    from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator

KEY_TYPES = ("AWS::KMS::Key", "AWS::KMS::ReplicaKey")
ALIAS_TYPE = "AWS::KMS::Alias"
NESTED_STACK_TYPES = ("AWS::CloudFormation::Stack", "AWS::Serverless::Application")
PSEUDO_PARAMETERS = ("AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix", "AWS::StackName",
                     "AWS::StackId", "AWS::NotificationARNs")

Resolver = Callable[["CloudFormationEvaluator", Any, Scope, int], list[Candidate]]


@dataclass(frozen=True)
class Intrinsic:
    """One intrinsic function: its resolver, or why it is deliberately not evaluated."""

    name: str
    resolve: Optional[Resolver] = None
    not_evaluated_because: str = ""


# --- resolvers -----------------------------------------------------------------------------------------------------


def ref(ev: "CloudFormationEvaluator", name: Any, scope: Scope, depth: int) -> list[Candidate]:
    if not isinstance(name, str):
        return unknown(f"Ref {plain(name)!r}")
    if name == "AWS::NoValue":
        return [opaque(iac.absent("AWS::NoValue"))]
    if name in PSEUDO_PARAMETERS:  # filled in at deployment: a hole in a built ARN, never a key by itself
        return [opaque(iac.literal(name, "a pseudo parameter"), name)]
    if name in ev.parameters:
        for pinned_name, pinned_value in scope.pinned:
            if pinned_name == name:
                return [Candidate(pinned_value, f"parameter {name} is {pinned_value!r} in this branch")]
        return ev.parameter_domains.values(name)
    if name in ev.resources:
        return _resource_ref(ev, name, ev.resources[name], scope, depth)
    return unknown(f"Ref {name}", "nothing in the template has that name")


def _resource_ref(ev: "CloudFormationEvaluator", name: str, resource: Any, scope: Scope, depth: int) -> list[Candidate]:
    kind = resource.get("Type") if isinstance(resource, dict) else None
    where = f"the {kind} {name}{ev.at(resource)}"
    if kind in KEY_TYPES:
        note = NOT_AN_ARN.format(what=f"the key id that Ref gives (use !GetAtt {name}.Arn)")
        return [opaque(iac.key_resource(f"Ref {name}", where, note), name)]
    if kind == ALIAS_TYPE:
        alias = entries(resource.get("Properties")).get("AliasName")
        if alias is None:
            return unknown(f"the alias {name}", f"{where}, which has no AliasName")
        return [via(term, f"the alias name of {where}") for term in ev.evaluate(alias, scope, depth)]
    if isinstance(kind, str) and _is_custom(kind):
        return [opaque(iac.outside(f"the physical id of the custom resource {name}", where), name)]
    return [opaque(iac.literal(f"Ref {name}", where), name)]


def get_att(ev: "CloudFormationEvaluator", argument: Any, scope: Scope, depth: int) -> list[Candidate]:
    parts = argument.split(".") if isinstance(argument, str) else argument
    if not (isinstance(parts, list) and len(parts) >= 2 and isinstance(parts[0], str)):
        return unknown(f"Fn::GetAtt {plain(argument)!r}")
    name, attribute_parts = parts[0], []
    for part in parts[1:]:
        known = [known_text(term) for term in ev.evaluate(part, scope, depth)]
        if len(known) != 1 or known[0] is None:
            return unknown(f"Fn::GetAtt {plain(argument)!r}", "an attribute name the template does not decide")
        attribute_parts.append(known[0])
    attribute = ".".join(attribute_parts)
    resource = ev.resources.get(name)
    if not isinstance(resource, dict):
        return unknown(f"!GetAtt {name}.{attribute}", f"no resource {name} in the template")
    kind = resource.get("Type")
    where = f"the {kind} {name}{ev.at(resource)}"
    shown = f"{name}.{attribute}"
    if kind in KEY_TYPES:
        note = "" if attribute == "Arn" else NOT_AN_ARN.format(what=f"its {attribute}")
        return [opaque(iac.key_resource(shown, where, note), shown)]
    if kind in NESTED_STACK_TYPES and attribute.startswith("Outputs."):
        output = attribute[len("Outputs."):]
        followed = ev.nested_stack_output(name, resource, output, scope, depth)
        if followed is not None:
            return followed
        return [opaque(iac.outside(f"the output {output} of the nested stack {name}", where), shown)]
    if isinstance(kind, str) and _is_custom(kind):
        return [opaque(iac.outside(f"the attribute {attribute} of the custom resource {name}", where), shown)]
    return [opaque(iac.literal(shown, where), shown)]


def if_(ev: "CloudFormationEvaluator", argument: Any, scope: Scope, depth: int) -> list[Candidate]:
    branches = ev.branches(argument, scope, depth)
    if branches is None:
        return unknown(f"Fn::If {plain(argument)!r}", "not [condition, value if true, value if false]")
    terms = []
    for node, inner, origin in branches:
        terms += [via(term, origin) for term in ev.evaluate(node, inner, depth)]
    return capped(terms)


def sub(ev: "CloudFormationEvaluator", argument: Any, scope: Scope, depth: int) -> list[Candidate]:
    text, variables = argument, {}
    if isinstance(argument, list) and len(argument) in (1, 2):
        text, variables = argument[0], entries(argument[1]) if len(argument) == 2 else {}
    if not isinstance(text, str):
        return unknown(f"Fn::Sub {plain(argument)!r}", "its first argument is not a string")
    pieces: list[list[Candidate]] = []
    position = 0
    for match in SUB_VARIABLE.finditer(text):
        pieces.append([from_string(text[position:match.start()])])
        position = match.end()
        variable = match.group(1).strip()
        if variable.startswith("!"):  # ${!Literal} is the text ${Literal}
            pieces.append([Candidate("${" + variable[1:] + "}")])
        elif variable in variables:
            pieces.append(ev.evaluate(variables[variable], scope, depth))
        elif "." in variable and variable not in ev.parameters:
            pieces.append(get_att(ev, variable, scope, depth))
        else:
            pieces.append(ref(ev, variable, scope, depth))
    pieces.append([from_string(text[position:])])
    pieces = [piece for piece in pieces if piece != [Candidate("")]]
    return [concatenate(combination, "") for combination in product(pieces or [[Candidate("")]])]


def join(ev: "CloudFormationEvaluator", argument: Any, scope: Scope, depth: int) -> list[Candidate]:
    if not (isinstance(argument, list) and len(argument) == 2):
        return unknown(f"Fn::Join {plain(argument)!r}", "not [delimiter, list]")
    delimiter = scalar(argument[0])
    if not isinstance(delimiter, str):
        return unknown(f"Fn::Join {plain(argument)!r}", "its delimiter is not a string")
    terms = []
    for joined in ev.evaluate(argument[1], scope, depth):
        if isinstance(joined.value, Repeated):
            terms += _joined(joined, delimiter)
        elif isinstance(joined.value, tuple):
            items = [via(item, joined.origin) for item in joined.value]
            terms.append(concatenate(items, delimiter) if items else Candidate("", joined.origin))
        else:  # a whole list from outside, or an unknown
            terms.append(joined)
    return capped(terms)


def select(ev: "CloudFormationEvaluator", argument: Any, scope: Scope, depth: int) -> list[Candidate]:
    if not (isinstance(argument, list) and len(argument) == 2):
        return unknown(f"Fn::Select {plain(argument)!r}", "not [index, list]")
    terms = []
    for index_term, list_term in product([ev.evaluate(argument[0], scope, depth),
                                          ev.evaluate(argument[1], scope, depth)]):
        index = known_text(index_term)
        if index is None or not index.strip().isdigit():
            terms.append(opaque(iac.unknown(f"Fn::Select with index {index_term.value!r}")))
        elif isinstance(list_term.value, Repeated):  # a shorter list makes CloudFormation reject the stack
            terms += capped([via(item, list_term.origin, index_term.origin) for item in list_term.value.elements])
        elif not isinstance(list_term.value, tuple):
            terms.append(via(list_term, index_term.origin))
        elif int(index) >= len(list_term.value):
            terms.append(opaque(iac.unknown(f"Fn::Select index {index} of a list of {len(list_term.value)}")))
        else:
            terms.append(via(list_term.value[int(index)], list_term.origin, index_term.origin))
    return capped(terms)


def split(ev: "CloudFormationEvaluator", argument: Any, scope: Scope, depth: int) -> list[Candidate]:
    if not (isinstance(argument, list) and len(argument) == 2 and isinstance(scalar(argument[0]), str)
            and scalar(argument[0])):
        return unknown(f"Fn::Split {plain(argument)!r}", "not [delimiter, string]")
    delimiter = scalar(argument[0])
    rejoined = _split_of_join(ev, delimiter, argument[1], scope, depth)
    if rejoined is not None:
        return rejoined
    terms = []
    for term in ev.evaluate(argument[1], scope, depth):
        if isinstance(term.value, str):
            terms.append(Candidate(tuple(Candidate(part) for part in term.value.split(delimiter)), term.origin))
        else:  # an outside input split at deploy time is still an outside input
            terms.append(term)
    return terms


def _split_of_join(ev: "CloudFormationEvaluator", delimiter: str, node: Any, scope: Scope,
                   depth: int) -> Optional[list[Candidate]]:
    """``!Split [d, !Join [d, List]]`` is the list itself when no element holds ``d``: a list parameter a deployer
    passes keeps each of its elements (its joined strings are not enumerated)."""
    called = function(node)
    if not (called and called[0] == "Fn::Join" and isinstance(called[1], list) and len(called[1]) == 2
            and scalar(called[1][0]) == delimiter):
        return None
    lists = ev.evaluate(called[1][1], scope, depth + 1)
    if not any(isinstance(term.value, Repeated) for term in lists):
        return None
    if not all(isinstance(term.value, (tuple, Repeated)) for term in lists):
        return None
    for term in lists:
        items = term.value.elements if isinstance(term.value, Repeated) else term.value
        # a deployer's element never holds a comma: CloudFormation splits list parameters on commas
        if any(delimiter in item.value if isinstance(item.value, str) else delimiter != "," for item in items):
            return None
    return lists


def find_in_map(ev: "CloudFormationEvaluator", argument: Any, scope: Scope, depth: int) -> list[Candidate]:
    if not (isinstance(argument, list) and len(argument) in (3, 4)):
        return unknown(f"Fn::FindInMap {plain(argument)!r}", "not [map, top-level key, second-level key]")
    found = list(itertools.islice(_map_entries(ev, argument, scope, depth), MAX_VALUES + 1))
    return capped(found) or unknown(f"Fn::FindInMap {plain(argument)!r}", "no entry matches")


def _map_entries(ev: "CloudFormationEvaluator", argument: list, scope: Scope, depth: int) -> Iterator[Candidate]:
    """The values of every entry the keys can select (all of a level when a key is an outside input)."""
    default = entries(argument[3]).get("DefaultValue") if len(argument) == 4 else None
    for map_term, top_term, second_term in product([ev.evaluate(part, scope, depth) for part in argument[:3]]):
        map_name = known_text(map_term)
        mapping = entries(ev.mappings.get(map_name)) if map_name is not None else {}
        if not mapping:
            yield from unknown(f"Fn::FindInMap {plain(argument)!r}", f"no mapping {map_term.value!r} in the template")
            continue
        for top in _keys(mapping, top_term):
            level = entries(mapping.get(top))
            for second in _keys(level, second_term):
                origin = f"Mappings {map_name}.{top}.{second}{ev.at(mapping.get(top))}"
                if second in level:
                    yield from (via(t, origin, top_term.origin) for t in ev.evaluate(level[second], scope, depth))
                elif default is not None:
                    yield from (via(t, f"the DefaultValue of Fn::FindInMap {map_name}")
                                for t in ev.evaluate(default, scope, depth))
                else:
                    yield from unknown(f"Fn::FindInMap {map_name}.{top}.{second}", "no such entry")


def import_value(ev: "CloudFormationEvaluator", argument: Any, scope: Scope, depth: int) -> list[Candidate]:
    names = [as_text(term) for term in ev.evaluate(argument, scope, depth)]
    return [opaque(iac.outside(f"Fn::ImportValue {name}, another stack's export"), f"ImportValue {name}")
            for name in names]


# --- the table -----------------------------------------------------------------------------------------------------

_NEVER_A_KEY = "its value is never a KMS key ARN or alias"
INTRINSICS: dict[str, Intrinsic] = {intrinsic.name: intrinsic for intrinsic in (
    Intrinsic("Ref", ref),
    Intrinsic("Fn::GetAtt", get_att),
    Intrinsic("Fn::Sub", sub),
    Intrinsic("Fn::Join", join),
    Intrinsic("Fn::Select", select),
    Intrinsic("Fn::Split", split),
    Intrinsic("Fn::If", if_),
    Intrinsic("Fn::FindInMap", find_in_map),
    Intrinsic("Fn::ImportValue", import_value),
    Intrinsic("Fn::Base64", None, f"it encodes its input in base64 for user data; {_NEVER_A_KEY}"),
    Intrinsic("Fn::GetAZs", None, f"it lists a Region's Availability Zones; {_NEVER_A_KEY}"),
    Intrinsic("Fn::Cidr", None, f"it lists CIDR address blocks; {_NEVER_A_KEY}"),
    Intrinsic("Fn::Length", None, f"it counts a list's elements (AWS::LanguageExtensions); {_NEVER_A_KEY}"),
    Intrinsic("Fn::ToJsonString", None, f"it writes an object as a JSON string (AWS::LanguageExtensions); "
                                        f"{_NEVER_A_KEY}"),
    Intrinsic("Fn::Transform", None, "a macro rewrites the template at deployment; the scanned files do not hold "
                                     "its output"),
    Intrinsic("Fn::ForEach", None, "a loop of AWS::LanguageExtensions that CloudFormation expands at deployment"),
    Intrinsic("Fn::GetStackOutput", None, "it reads another stack's output by stack name at deployment"),
    # Condition functions: the condition solver (conditions.py) evaluates them in Conditions and in Fn::If's
    # condition; as a property value they would give "true" or "false", never a key.
    Intrinsic("Fn::Equals", None, f"a condition function (conditions.py solves it in Conditions); {_NEVER_A_KEY}"),
    Intrinsic("Fn::And", None, f"a condition function (conditions.py solves it in Conditions); {_NEVER_A_KEY}"),
    Intrinsic("Fn::Or", None, f"a condition function (conditions.py solves it in Conditions); {_NEVER_A_KEY}"),
    Intrinsic("Fn::Not", None, f"a condition function (conditions.py solves it in Conditions); {_NEVER_A_KEY}"),
    Intrinsic("Condition", None, f"a condition reference (conditions.py solves it in Conditions); {_NEVER_A_KEY}"),
    # Rule functions: only in a template's Rules section, which checks parameters before a deployment.
    *(Intrinsic(name, None, "a rule function, used only in the Rules section")
      for name in ("Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf",
                   "Fn::ValueOfAll")),
)}


# --- helpers -------------------------------------------------------------------------------------------------------


def _joined(joined: Candidate, delimiter: str) -> list[Candidate]:
    """The strings a list parameter joins to: each element alone, each pair, and the longer lists as one value that
    was not evaluated (a deployer may pass any number of elements)."""
    items = [via(item, joined.origin) for item in joined.value.elements]
    pairs = [concatenate(pair, delimiter) for pair in product([items, items])]
    longer = opaque(iac.not_evaluated("Fn::Join of a list parameter, which a deployer may pass with any number of "
                                      "elements; lists of more than 2 elements are not enumerated"))
    return capped(items + pairs + [longer])


def _is_custom(kind: str) -> bool:
    return kind.startswith("Custom::") or kind == "AWS::CloudFormation::CustomResource"


def _keys(mapping: dict, key: Candidate) -> list:
    """The mapping keys a key term can select: itself when the template decides it, else every key."""
    known = known_text(key)
    return [known] if known is not None else list(mapping)


def local_template(location: Any, template_dir: str) -> Optional[str]:
    """The path of a nested stack's template when it is a local file (``./keys.yaml``), else None (a URL, an S3
    location, a SAR application)."""
    location = scalar(location)
    if not isinstance(location, str) or not location.strip():
        return None
    location = location.strip()
    if "://" in location or location.startswith("s3:") or location.startswith("{{"):
        return None
    return os.path.normpath(os.path.join(template_dir, location))


"""Terraform's built-in functions that decide which key an attribute gets. Any other function gives an unknown
value naming it (a FAIL when nothing else decides the attribute), never an error.

Each function takes the evaluator and the argument nodes (``try`` and ``can`` must see errors, ``coalesce`` stops
at the first argument that cannot be empty) and returns a list of candidates.
"""

from __future__ import annotations

import json
import os
from itertools import product
from typing import Any, Callable

from agentcore_cmk.iac import Kind

from agentcore_cmk_checkov.engine.terraform.values import (
    MAX_VALUES, Candidate, Failure, Symbol, as_text, equal, is_open, is_unsettled, number, shown, stopped,
    telling_origin, undecided,
)


def call(evaluator: Any, name: str, arguments: tuple, origin: str) -> list:
    function = FUNCTIONS.get(name)
    if function is None:
        return [undecided(f"the function {name}()", origin)]
    return function(evaluator, arguments, origin)


def _each(evaluator: Any, arguments: tuple, origin: str, apply: Callable) -> list:
    """``apply`` over every combination of the arguments' values; an open argument gives an unknown result."""
    values = [evaluator.values(argument) for argument in arguments]
    results = []
    for combination in product(*values):
        if len(results) >= MAX_VALUES:
            return results + [stopped(f"it can take more than {MAX_VALUES} values", origin)]
        plain = [candidate.value for candidate in combination]
        failure = next((value for value in plain if isinstance(value, Failure)), None)
        if failure is not None:
            results.append(Candidate(failure, combination[plain.index(failure)].origin))
            continue
        try:
            results.append(apply(plain, combination))
        except (TypeError, ValueError, KeyError, IndexError, ZeroDivisionError, AttributeError) as error:
            results.append(Candidate(Failure(f"the function call failed ({type(error).__name__})"), origin))
    return results


def _deciding_origin(combination: tuple, origin: str) -> str:
    return next((candidate.origin for candidate in combination if candidate.origin), origin)


def _coalesce(evaluator, arguments, origin):
    results = []
    for argument in arguments:
        settled = True
        for candidate in evaluator.values(argument):
            value = candidate.value
            if value is None or value == "":
                settled = False  # coalesce skips it: when the argument takes this value, the next one decides
                continue
            results.append(candidate)
            if isinstance(value, (Failure,)) or (isinstance(value, Symbol) and value.kind is Kind.UNKNOWN):
                settled = False
        if results and settled:
            return results
    return results or [Candidate(None, origin)]


def _try(evaluator, arguments, origin):
    results, why = [], ""
    for argument in arguments:
        values = evaluator.values(argument)
        results += [Candidate(c.value, f"{c.origin}, {why}" if why and c.origin else c.origin or why)
                    for c in values if not isinstance(c.value, Failure)]
        failure = next((c.value for c in values if isinstance(c.value, Failure)), None)
        if failure is None:
            return results
        why = why or f"as try() falls back: {failure.text}"
    return results or [Candidate(Failure("no argument of try() could be evaluated"), origin)]


def _can(evaluator, arguments, origin):
    """True when the argument evaluates without error; a value nobody could work out leaves can() undecided."""
    values = evaluator.values(arguments[0]) if arguments else []
    results = []
    for candidate in values:
        if isinstance(candidate.value, Symbol) and candidate.value.kind is Kind.NOT_EVALUATED:
            results.append(candidate)
        elif is_unsettled(candidate.value) and not isinstance(candidate.value, Failure):
            results.append(undecided(f"can() of {shown(candidate.value)}", candidate.origin or origin))
        else:
            results.append(Candidate(not isinstance(candidate.value, Failure), origin))
    return results or [Candidate(False, origin)]


def _tonumber(evaluator, arguments, origin):
    def apply(plain, combination):
        value = plain[0]
        if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            return Candidate(value, combination[0].origin)
        if isinstance(value, str) and not is_open(value):
            converted = number(value)
            if converted is None:
                return Candidate(Failure(f'tonumber() of "{value}", which is not a number'), combination[0].origin)
            return Candidate(converted, combination[0].origin)
        if isinstance(value, bool):
            return Candidate(Failure("tonumber() of a bool"), combination[0].origin)
        return undecided(f"tonumber() of {shown(value)}", combination[0].origin or origin)
    return _each(evaluator, arguments[:1], origin, apply)


def _one(evaluator, arguments, origin):
    def apply(plain, combination):
        collection = plain[0]
        if isinstance(collection, (list, tuple)):
            if len(collection) > 1:
                return Candidate(Failure("one() of a list with more than one element"), origin)
            return Candidate(collection[0] if collection else None, _deciding_origin(combination, origin))
        if collection is None:
            return Candidate(None, _deciding_origin(combination, origin))
        return _opened(collection, combination, origin, "one")
    return _each(evaluator, arguments[:1], origin, apply)


def _opened(value: Any, combination: tuple, origin: str, function: str) -> Candidate:
    """A function applied to a value the files do not decide: an outside input stays one, anything else is unknown."""
    if isinstance(value, Symbol) and value.kind is Kind.OUTSIDE:
        return Candidate(value, _deciding_origin(combination, origin))
    return undecided(f"{function}() of {shown(value)}", _deciding_origin(combination, origin))


def _lookup(evaluator, arguments, origin):
    def apply(plain, combination):
        collection, key = plain[0], plain[1]
        if isinstance(collection, dict) and isinstance(key, str) and not is_open(key):
            if key in collection:
                return Candidate(collection[key], combination[0].origin)
            if len(plain) > 2:
                return Candidate(plain[2], combination[2].origin)
            return Candidate(Failure(f"lookup() of the missing key {key}"), origin)
        return _opened(collection, combination, origin, "lookup")

    if len(arguments) < 2:
        return [Candidate(Failure("lookup() with fewer than two arguments"), origin)]
    collections, keys = evaluator.values(arguments[0]), evaluator.values(arguments[1])
    open_keys = [k for k in keys if isinstance(k.value, Symbol) and k.value.kind is Kind.OUTSIDE
                 or isinstance(k.value, str) and is_open(k.value)]
    if open_keys and len(open_keys) == len(keys) and all(isinstance(c.value, dict) and c.value and not getattr(
            c.value, "described", None) for c in collections):
        results = []
        for collection, key in product(collections, open_keys):
            for name in sorted(collection.value):
                element = collection.parts.get(name) if isinstance(collection.parts, dict) else None
                where = (element.origin if element is not None else "") or collection.origin
                results.append(Candidate(collection.value[name], f"{where}, when {shown(key.value)} is {name}"))
            if len(arguments) > 2:
                why = f"lookup()'s default, when {shown(key.value)} is none of {', '.join(sorted(collection.value))}"
                results += [Candidate(c.value, f"{c.origin}, {why}" if c.origin else why) for c in evaluator.values(arguments[2])]
        return results
    return _each(evaluator, arguments[:3], origin, apply)


def _element(evaluator, arguments, origin):
    def apply(plain, combination):
        collection, position = plain[0], number(plain[1])
        if isinstance(collection, list) and collection and isinstance(position, int):
            return Candidate(collection[position % len(collection)], combination[0].origin)
        return _opened(collection, combination, origin, "element")
    return _each(evaluator, arguments[:2], origin, apply)


def _index(evaluator, arguments, origin):
    def apply(plain, combination):
        collection, wanted = plain[0], plain[1]
        if isinstance(collection, list) and not is_open(wanted):
            for position, item in enumerate(collection):
                if equal(item, wanted):
                    return Candidate(position, origin)
            return Candidate(Failure("index() of a value not in the list"), origin)
        return undecided(f"index() over {shown(collection)}", origin)
    return _each(evaluator, arguments[:2], origin, apply)


def _tostring(evaluator, arguments, origin):
    def apply(plain, combination):
        value = plain[0]
        if value is None or isinstance(value, str) or isinstance(value, Symbol):
            return Candidate(value, combination[0].origin)
        if isinstance(value, (bool, int, float)):
            return Candidate(shown(value), combination[0].origin)
        return Candidate(Failure(f"tostring() of {shown(value)}"), origin)
    return _each(evaluator, arguments[:1], origin, apply)


def _format(evaluator, arguments, origin):
    def apply(plain, combination):
        pattern, values = plain[0], list(plain[1:])
        if not isinstance(pattern, str):
            return undecided("format() with a pattern the files do not show", origin)
        out, position = [], 0
        while position < len(pattern):
            char = pattern[position]
            if char == "%" and position + 1 < len(pattern):
                verb = pattern[position + 1]
                position += 2
                if verb == "%":
                    out.append("%")
                    continue
                if not values:
                    return Candidate(Failure("format() with too few arguments"), origin)
                text = as_text(values.pop(0))
                if text is None:
                    return undecided("format() of a value the files do not show", origin)
                out.append(text)
                continue
            out.append(char)
            position += 1
        return Candidate("".join(out), telling_origin(combination[1:], origin))
    return _each(evaluator, arguments, origin, apply)


def _join(evaluator, arguments, origin):
    def apply(plain, combination):
        separator, lists = plain[0], plain[1:]
        if not isinstance(separator, str) or not all(isinstance(items, list) for items in lists):
            return undecided("join() of values the files do not show", origin)
        texts = [as_text(item) for items in lists for item in items]
        if any(text is None for text in texts):
            return undecided("join() of values the files do not show", origin)
        return Candidate(separator.join(texts), telling_origin(combination, origin))
    return _each(evaluator, arguments, origin, apply)


def _length(evaluator, arguments, origin):
    def apply(plain, combination):
        value = plain[0]
        if isinstance(value, (str, list, dict)) and not is_open(value):
            return Candidate(len(value), origin)
        return undecided(f"length({shown(value)})", origin)
    return _each(evaluator, arguments[:1], origin, apply)


def _same(evaluator, arguments, origin):
    """tolist, toset, tomap, nonsensitive, sensitive: the value itself as far as a key is concerned."""
    return evaluator.values(arguments[0]) if arguments else [Candidate(Failure("a conversion without argument"), origin)]


def _concat(evaluator, arguments, origin):
    def apply(plain, combination):
        if all(isinstance(items, list) for items in plain):
            return Candidate([item for items in plain for item in items], _deciding_origin(combination, origin))
        return undecided("concat() of values the files do not show", origin)
    return _each(evaluator, arguments, origin, apply)


def _compact(evaluator, arguments, origin):
    def apply(plain, combination):
        if isinstance(plain[0], list):
            return Candidate([item for item in plain[0] if item not in (None, "")], combination[0].origin)
        return undecided(f"compact() of {shown(plain[0])}", origin)
    return _each(evaluator, arguments[:1], origin, apply)


def _merge(evaluator, arguments, origin):
    def apply(plain, combination):
        if all(isinstance(item, dict) or item is None for item in plain):
            merged: dict = {}
            for item in plain:
                merged.update(item or {})
            return Candidate(merged, telling_origin(combination, origin))
        opened = next(item for item in plain if not isinstance(item, dict) and item is not None)
        return undecided(f"merge() of {shown(opened)}", _deciding_origin(combination, origin))
    return _each(evaluator, arguments, origin, apply)


def _flatten(evaluator, arguments, origin):
    def flat(items):
        for item in items:
            if isinstance(item, list) and not getattr(item, "described", None):
                yield from flat(item)
            else:
                yield item

    def apply(plain, combination):
        if isinstance(plain[0], list):
            return Candidate(list(flat(plain[0])), _deciding_origin(combination, origin))
        return _opened(plain[0], combination, origin, "flatten")
    return _each(evaluator, arguments[:1], origin, apply)


def _setproduct(evaluator, arguments, origin):
    def apply(plain, combination):
        if plain and all(isinstance(items, list) for items in plain):
            if _product_size(plain) > MAX_VALUES * MAX_VALUES:
                return stopped(f"setproduct() of more than {MAX_VALUES * MAX_VALUES} elements", origin)
            return Candidate([list(items) for items in product(*plain)], _deciding_origin(combination, origin))
        return undecided("setproduct() of values the files do not show", origin)
    return _each(evaluator, arguments, origin, apply)


def _product_size(lists: list) -> int:
    size = 1
    for items in lists:
        size *= len(items)
    return size


def _values(evaluator, arguments, origin):
    def apply(plain, combination):
        if isinstance(plain[0], dict):  # Terraform orders a map's values by their keys
            return Candidate([plain[0][key] for key in sorted(plain[0])], _deciding_origin(combination, origin))
        return _opened(plain[0], combination, origin, "values")
    return _each(evaluator, arguments[:1], origin, apply)


def _keys(evaluator, arguments, origin):
    def apply(plain, combination):
        if isinstance(plain[0], dict):
            return Candidate(sorted(plain[0]), _deciding_origin(combination, origin))
        return undecided(f"keys() of {shown(plain[0])}", _deciding_origin(combination, origin))
    return _each(evaluator, arguments[:1], origin, apply)


def _contains(evaluator, arguments, origin):
    def apply(plain, combination):
        collection, wanted = plain[0], plain[1]
        if isinstance(collection, list) and not is_open(wanted) and not any(map(is_open, collection)):
            return Candidate(any(equal(item, wanted) is True for item in collection), origin)
        return undecided(f"contains() of {shown(wanted)}", origin)
    return _each(evaluator, arguments[:2], origin, apply)


def _strings(name: str, operation: Callable, gives_text: bool = True) -> Callable:
    """A function of plain strings (startswith, trimprefix ...): unknown when an argument is not a known string;
    a text made from an outside input (``trimprefix(var.alias, "alias/")``) is still what the deployer gives."""
    def function(evaluator, arguments, origin):
        def apply(plain, combination):
            if all(isinstance(text, str) and not is_open(text) for text in plain):
                return Candidate(operation(*plain), telling_origin(combination, origin))
            if gives_text and plain and isinstance(plain[0], Symbol) and plain[0].kind is Kind.OUTSIDE \
                    and all(isinstance(text, str) and not is_open(text) for text in plain[1:]):
                return Candidate(Symbol(Kind.OUTSIDE, f"{name}() of {plain[0].text}"), _deciding_origin(combination, origin))
            opened = next((text for text in plain if not isinstance(text, str) or is_open(text)), None)
            return undecided(f"{name}() of {shown(opened)}", _deciding_origin(combination, origin))
        return _each(evaluator, arguments, origin, apply)
    return function


def _trimmed(text: str, prefix: str) -> str:
    return text[len(prefix):] if prefix and text.startswith(prefix) else text


def _trimmed_end(text: str, suffix: str) -> str:
    return text[:-len(suffix)] if suffix and text.endswith(suffix) else text


def _replace(text: str, old: str, new: str) -> str:
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        raise ValueError("a regular expression")  # a pattern Terraform reads as RE2: not followed
    return text.replace(old, new)


def _jsondecode(evaluator, arguments, origin):
    def apply(plain, combination):
        text = plain[0]
        if isinstance(text, str) and not is_open(text):
            try:
                return Candidate(json.loads(text), _deciding_origin(combination, origin))
            except ValueError:
                return Candidate(Failure("jsondecode() of a string that is not JSON"), _deciding_origin(combination, origin))
        return undecided(f"jsondecode() of {shown(text)}", _deciding_origin(combination, origin))
    return _each(evaluator, arguments[:1], origin, apply)


MAX_FILE_BYTES = 1_000_000  # file() reads configuration files (JSON of keys), not data


def _file(evaluator, arguments, origin):
    """The text of a file of the configuration; a relative path is read from the root module, as Terraform does."""
    from agentcore_cmk_checkov.engine.terraform import files  # the evaluator's file cache

    def apply(plain, combination):
        path = plain[0]
        if not isinstance(path, str) or is_open(path):
            return undecided(f"file() of {shown(path)}", origin)
        full = path if os.path.isabs(path) else os.path.join(evaluator.root_directory(), path)
        try:
            if os.path.getsize(full) > MAX_FILE_BYTES:
                return undecided(f"file() of {path}, larger than {MAX_FILE_BYTES:,} bytes", origin)
        except OSError:
            pass  # files.text says why it cannot be read
        try:
            return Candidate(files.text(full), f"{files.shown_path(full)}, {origin}")
        except files.ReadProblem as problem:
            return Candidate(Failure(f"file() of {path}: {problem}"), origin)
    return _each(evaluator, arguments[:1], origin, apply)


FUNCTIONS = {
    "coalesce": _coalesce, "try": _try, "can": _can, "one": _one, "lookup": _lookup, "element": _element,
    "index": _index, "tostring": _tostring, "format": _format, "join": _join, "length": _length,
    "tolist": _same, "toset": _same, "tomap": _same, "sensitive": _same, "nonsensitive": _same,
    "concat": _concat, "compact": _compact, "tonumber": _tonumber,
    "merge": _merge, "flatten": _flatten, "setproduct": _setproduct, "values": _values, "keys": _keys,
    "contains": _contains, "jsondecode": _jsondecode, "file": _file,
    "startswith": _strings("startswith", lambda text, prefix: text.startswith(prefix), gives_text=False),
    "endswith": _strings("endswith", lambda text, suffix: text.endswith(suffix), gives_text=False),
    "trimprefix": _strings("trimprefix", _trimmed), "trimsuffix": _strings("trimsuffix", _trimmed_end),
    "replace": _strings("replace", _replace), "lower": _strings("lower", str.lower),
    "upper": _strings("upper", str.upper),
}

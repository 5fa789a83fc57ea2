"""What a parameter's ``AllowedPattern`` lets a deployer pass.

CloudFormation reads ``AllowedPattern`` as a Java regular expression that must match the whole value (for a list
parameter, each element). The plug-in reads it with Python's ``re``: ``fullmatch``, and ``re.ASCII`` because Java's
``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII by default. Where the two dialects differ the pattern is not read:
Java-only syntax (``\\p{Alpha}``, ``\\Q...\\E``, ``\\h``, ``\\z``, ...) does not compile in Python, and what Python
would read otherwise than Java (a nested class or a class intersection ``[a-z&&[^x]]``, which Python only warns
about) is refused too. A nested repetition (``(a+)+``) is refused as well, backtracking on it may take exponential
time, and so are more than three unbounded repetitions that backtracking may try at every length (``.*.*.*.*``). A pattern that is not read decides nothing; the evaluator then says so ("not evaluated"), never PASS.

A pattern only rules values out; it never proves that a value is a customer-managed key. Its alternatives (every
``|``, distributed over what surrounds it) are judged one by one:

* a finite alternative spells its values out (``^(alias/aws/bedrock|arn:...:key/1234)$``): the parameter can take
  each of them, as with ``AllowedValues``;
* an open one (``^arn:aws:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]{36}$``) leaves the value to the deployer: an outside
  input, which counts as a customer-managed key as any outside input does, as long as the alternative admits one
  (a customer key shape matches it); one that admits none (``^alias/aws/.*$``) fails, naming a value it admits.

The regular-expression parser of Python (``re._parser``, ``sre_parse`` before 3.11) splits the alternatives; a
Python without it reads the whole pattern as one alternative.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import warnings
from dataclasses import dataclass
from typing import Any, Optional

from agentcore_cmk.iac import MAX_VALUES
from agentcore_cmk.verdicts import judge_key_reference, parse_key_reference

try:  # Python 3.11 and newer
    from re import _compiler as _sre_compile, _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import sre_compile as _sre_compile  # type: ignore[no-redef]
            import sre_parse as _sre_parse  # type: ignore[no-redef]
    except ImportError:
        _sre_compile = _sre_parse = None  # type: ignore[assignment]

#: Customer-managed key shapes tried against an open alternative: a key ARN, a multi-Region key ARN, an alias ARN
#: and an alias name, in the commercial and the other partitions.
_CUSTOMER_KEYS = tuple(
    f"arn:{partition}:kms:{region}:123456789012:{resource}"
    for partition, region in (("aws", "us-east-1"), ("aws", "eu-west-1"), ("aws-us-gov", "us-gov-west-1"),
                              ("aws-cn", "cn-north-1"))
    for resource in ("key/11111111-2222-3333-4444-555555555555", "key/1234abcd-12ab-34cd-56ef-1234567890ab",
                     "key/mrk-1234abcd12ab34cd56ef1234567890ab", "alias/my-key")
) + ("alias/my-key", "alias/customer-key")
#: How many values one open alternative shows when it admits no customer key, and the longest repetition written.
_WITNESSES = 4
_LONGEST_REPEAT = 64
#: Past this many unbounded repetitions that may backtrack, a pattern is not read (see ``_unguarded_repeats``).
_UNGUARDED_REPEATS = 3
#: A value longer than this is not matched (matching may take long); it is kept, as if the pattern admitted it.
_LONGEST_MATCHED = 256
_AWS_ALIAS = re.compile(r"^(?:arn:[a-z0-9-]+:kms:[a-z0-9-]+:\d{12}:)?alias/aws/")


@dataclass(frozen=True)
class Admitted:
    """What a pattern admits, per kind of alternative (see the module docstring)."""

    #: The values the finite alternatives spell out, in order.
    values: tuple[str, ...] = ()
    #: The total is the whole language: every alternative is finite.
    finite: bool = False
    #: A customer key shape an open alternative admits: the parameter stays an outside input.
    customer_example: Optional[str] = None
    #: (a value it admits, why) for each open alternative that admits no customer key.
    failing: tuple[tuple[str, str], ...] = ()
    #: Non-empty: an alternative could not be analysed; the parameter is "not evaluated".
    why_not: str = ""
    #: How many alternatives the pattern was read as.
    alternatives: int = 1


class AllowedPattern:
    """One parameter's ``AllowedPattern``, read once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.compiled, self.why_not = _compile(text)
        if self.why_not:
            self.compiled = None

    @property
    def readable(self) -> bool:
        return self.compiled is not None

    def admits(self, value: Any) -> bool:
        """Whether CloudFormation accepts ``value`` (a string); True when the pattern is not read (it decides
        nothing)."""
        if self.compiled is None or (isinstance(value, str) and len(value) > _LONGEST_MATCHED):
            return True
        return isinstance(value, str) and self.compiled.fullmatch(value) is not None

    @functools.cached_property
    def admitted(self) -> Admitted:
        if self.compiled is None:
            return Admitted(why_not=self.why_not)
        try:
            admitted = self._admitted()
        except RecursionError:
            return Admitted(why_not="it nests groups too deeply to be analysed")
        if admitted.customer_example is not None and "" not in admitted.values and self.compiled.fullmatch(""):
            # an optional group (``^(arn:aws:kms:...)?$``) also admits the empty string: no key at all, as ``^$|...``
            failing = admitted.failing + (("", "admits the empty string too, which leaves the property without a key"),)
            admitted = dataclasses.replace(admitted, failing=failing)
        return admitted

    def _admitted(self) -> Admitted:
        parsed = _parse(self.text)
        alternatives = _alternatives(parsed) if parsed is not None else None
        if alternatives == []:
            return Admitted(why_not=f"it has more than {MAX_VALUES} alternatives")
        if alternatives is None:  # no parser, or a group reference: the pattern as one open alternative
            return _judge_open([(self.compiled, parsed.data if parsed is not None else None)], self.compiled, True)
        values: list[str] = []
        open_ones = []
        ignore_case = bool(parsed.state.flags & re.IGNORECASE)
        for items in alternatives:
            spelled = None if ignore_case else _enumerate(items)
            if spelled is not None and len(values) + len(spelled) <= MAX_VALUES:
                values += [value for value in spelled if self.compiled.fullmatch(value) and value not in values]
                continue
            try:
                alone = _sre_compile.compile(_sre_parse.SubPattern(parsed.state, items), parsed.state.flags)
            except Exception:  # an alternative that does not compile alone (a group reference) is not analysed
                return Admitted(why_not="its alternatives could not be separated")
            open_ones.append((alone, items))
        if not open_ones:
            return Admitted(values=tuple(values), finite=True, alternatives=len(alternatives))
        judged = _judge_open(open_ones, self.compiled, ignore_case)
        return Admitted(tuple(values), False, judged.customer_example, judged.failing, judged.why_not,
                        len(alternatives))


def _compile(text: str) -> tuple[Optional[re.Pattern], str]:
    """The pattern as Python reads it, or None and why it is not read."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a FutureWarning marks syntax Java reads otherwise (nested sets, &&)
        try:
            compiled = re.compile(text, re.ASCII)
        except (re.error, Warning, RecursionError, OverflowError, ValueError) as error:
            return None, f"Python's re does not read it as Java would ({error})"
    try:
        return compiled, _refused(_parse(text))
    except RecursionError:
        return None, "it nests groups too deeply to be analysed"


def _refused(parsed: Any) -> str:
    """Why a pattern Python reads is still not read, or "" when it is."""
    if parsed is not None and _nested_repeat(parsed, False):
        return "it nests repetitions, which backtracking may take exponential time to match"
    if parsed is not None and _unguarded_repeats(parsed) > _UNGUARDED_REPEATS:
        return (f"it has more than {_UNGUARDED_REPEATS} unbounded repetitions that backtracking may try at every "
                "length, which may take a long time to match")
    return ""


def _unguarded_repeats(items: Any) -> int:
    """The unbounded repetitions not followed by a character they cannot match: each one may multiply the steps a
    failing match takes by the length of the value (``.*.*.*x``); ``[a-z]+:`` stops at the ``:`` and costs none."""
    count, items = 0, list(items)
    for position, (op, argument) in enumerate(items):
        name = _name(op)
        if _repeat(name):
            low, high, sub = argument
            count += _unguarded_repeats(sub) * (high if high <= _LONGEST_REPEAT else 1)  # (.*){3} is .*.*.*
            following = items[position + 1] if position + 1 < len(items) else None
            guarded = (following is not None and _name(following[0]) == "LITERAL" and len(sub) == 1
                       and not _may_match(sub[0], chr(following[1])))
            count += high > _LONGEST_REPEAT and not guarded
        elif name == "BRANCH":
            count += sum(_unguarded_repeats(branch) for branch in argument[1])
        elif name in ("SUBPATTERN", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"):
            count += _unguarded_repeats(argument[-1])
    return count


def _may_match(item: tuple, char: str) -> bool:
    """Whether a one-character item may match ``char`` (True when unsure)."""
    op, argument = item
    name = _name(op)
    if name == "LITERAL":
        return chr(argument).lower() == char.lower()  # case-insensitively: a flag may be set
    if name == "NOT_LITERAL":
        return chr(argument).lower() != char.lower() or chr(argument) != char
    if name == "IN":
        member = any(_in_class(char.lower(), argument)) or any(_in_class(char.upper(), argument))
        negated = any(_name(op) == "NEGATE" for op, _ in argument)
        return not any(_in_class(char, argument)) if negated else member
    return True


def _parse(text: str) -> Any:
    if _sre_parse is None:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _sre_parse.parse(text, re.ASCII)
        except Exception:
            return None


def _name(op: Any) -> str:
    return getattr(op, "name", str(op))


def _repeat(name: str) -> bool:
    return name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _nested_repeat(items: Any, inside_unbounded: bool) -> bool:
    """A repetition or an alternation inside an unbounded repetition: the classic exponential backtracking."""
    for op, argument in items:
        name = _name(op)
        if _repeat(name):
            low, high, sub = argument
            if inside_unbounded:
                return True
            if _nested_repeat(sub, high > _LONGEST_REPEAT):
                return True
        elif name == "BRANCH":
            if inside_unbounded or any(_nested_repeat(branch, False) for branch in argument[1]):
                return True
        elif name in ("SUBPATTERN", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"):
            sub = argument[-1]
            if _nested_repeat(sub, inside_unbounded):
                return True
    return False


def _alternatives(parsed: Any) -> Optional[list[list]]:
    """The pattern's alternatives, each a flat sequence: every BRANCH outside a repetition distributed over the
    items around it. [] past MAX_VALUES alternatives; None when a group is referenced (distributing drops groups)."""
    if any(_name(op) in ("GROUPREF", "GROUPREF_EXISTS") for op, _ in _walk(parsed.data)):
        return None

    def expand(items: Any) -> Optional[list[list]]:
        result: list[list] = [[]]
        for op, argument in items:
            name = _name(op)
            if name == "BRANCH":
                options: list[list] = []
                for branch in argument[1]:
                    expanded = expand(branch)
                    if expanded is None:
                        return None
                    options += expanded
            elif name == "SUBPATTERN" and not argument[1] and not argument[2]:  # a group without flags
                options = expand(argument[3])
                if options is None:
                    return None
            else:
                options = [[(op, argument)]]
            result = [done + option for done in result for option in options]
            if len(result) > MAX_VALUES:
                return None
        return result

    return expand(parsed.data) or []


def _walk(items: Any):
    for op, argument in items:
        yield op, argument
        name = _name(op)
        if _repeat(name):
            yield from _walk(argument[2])
        elif name == "BRANCH":
            for branch in argument[1]:
                yield from _walk(branch)
        elif name in ("SUBPATTERN", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"):
            yield from _walk(argument[-1])


def _enumerate(items: Any) -> Optional[list[str]]:
    """Every string the sequence matches when there are at most MAX_VALUES of them, else None. Anchors and
    assertions are read as empty: the caller keeps only the strings the pattern matches."""
    result = [""]
    for op, argument in items:
        name = _name(op)
        if name == "LITERAL":
            options = [chr(argument)]
        elif name == "IN":
            options = _class_members(argument)
        elif name == "AT":
            options = [""]
        elif name == "BRANCH":
            options = []
            for branch in argument[1]:
                spelled = _enumerate(branch)
                if spelled is None:
                    return None
                options += spelled
        elif name == "SUBPATTERN" and (argument[1] or argument[2]):  # a group with flags ((?i:...)) is not spelled
            return None
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            options = _enumerate(argument[-1])
        elif _repeat(name):
            low, high, sub = argument
            spelled = _enumerate(sub)
            if spelled is None or high - low > 8 or high > _LONGEST_REPEAT:
                return None
            options = []
            for count in range(low, high + 1):
                options += ["".join(parts) for parts in itertools.islice(itertools.product(spelled, repeat=count),
                                                                         MAX_VALUES + 1)]
        else:  # ANY, NOT_LITERAL, a category, a group reference: not spelled out
            return None
        if options is None:
            return None
        result = [done + option for done in result for option in options]
        if len(result) > MAX_VALUES:
            return None
    return list(dict.fromkeys(result))


def _class_members(items: Any) -> Optional[list[str]]:
    members: list[str] = []
    for op, argument in items:
        name = _name(op)
        if name == "LITERAL":
            members.append(chr(argument))
        elif name == "RANGE" and argument[1] - argument[0] < MAX_VALUES:
            members += [chr(code) for code in range(argument[0], argument[1] + 1)]
        else:  # a negated class, a category, a large range
            return None
    return members if len(members) <= MAX_VALUES else None


def _judge_open(alternatives: list[tuple[re.Pattern, Any]], whole: re.Pattern, ignore_case: bool) -> Admitted:
    """An outside input when an open alternative admits a customer key shape; the values of the others."""
    customer, failing = None, []
    for alone, items in alternatives:
        witnesses = tuple(_witnesses(items))
        if ignore_case:  # key ARNs and alias names are lower case
            witnesses += tuple(text.lower() for text in witnesses)
        tried = [text for text in _CUSTOMER_KEYS + witnesses if alone.fullmatch(text) and whole.fullmatch(text)]
        found = next((text for text in tried if _is_customer_key(text)), None)
        if found is not None:
            customer = customer or found
            continue
        shown = next((text for text in tried if text.strip()), tried[0] if tried else None)
        if shown is None:
            return Admitted(why_not="the plug-in found no value that one of its alternatives admits")
        prefix = "" if ignore_case else _literal_prefix(items)
        if _AWS_ALIAS.match(prefix):
            failing.append((shown, f"only admits values that start with {prefix!r}: AWS managed keys, or no key at all"))
        else:
            failing.append((shown, "admits no customer-managed key shape the plug-in tried (key ARNs and aliases)"))
    return Admitted(customer_example=customer, failing=tuple(failing))


def _is_customer_key(text: str) -> bool:
    return parse_key_reference(text) is not None and judge_key_reference(text).passed


def _literal_prefix(items: Any) -> str:
    prefix = ""
    for op, argument in items or ():
        name = _name(op)
        if name == "LITERAL":
            prefix += chr(argument)
        elif name != "AT":
            break
    return prefix


def _witnesses(items: Any) -> list[str]:
    """A few strings the sequence is meant to match (each one is checked against the pattern by the caller)."""
    result = [""]
    for op, argument in items or ():
        options = _item_witnesses(op, argument)
        result = [done + option for done, option in itertools.islice(itertools.product(result, options), _WITNESSES)]
    return result


def _item_witnesses(op: Any, argument: Any) -> list[str]:
    name = _name(op)
    if name == "LITERAL":
        return [chr(argument)]
    if name == "NOT_LITERAL":
        return ["a" if chr(argument) != "a" else "b"]
    if name == "ANY":
        return ["a"]
    if name == "IN":
        return _class_witnesses(argument)
    if name == "BRANCH":
        return [text for branch in argument[1] for text in _witnesses(branch)][:_WITNESSES]
    if name in ("SUBPATTERN", "ATOMIC_GROUP"):
        return _witnesses(argument[-1])
    if _repeat(name):
        low, high, sub = argument
        counts = dict.fromkeys(count for count in (max(low, 1), low) if count <= min(high, _LONGEST_REPEAT))
        parts = _witnesses(sub)
        return [part * count for count in counts for part in parts[:2]] or [""]
    return [""]  # anchors, assertions, references: matched or not, the caller checks


def _class_witnesses(items: Any) -> list[str]:
    chosen: list[str] = []
    for op, argument in items:
        name = _name(op)
        if name == "NEGATE":
            return [char for char in "a0-:/" if not any(_in_class(char, items))][:2] or ["a"]
        if name == "LITERAL":
            chosen.append(chr(argument))
        elif name == "RANGE":
            chosen.append(chr(argument[0]))
        elif name == "CATEGORY":
            chosen.append({"CATEGORY_DIGIT": "0", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "a"}.get(_name(argument), "a"))
    return chosen[:2] or ["a"]


_CATEGORIES = {
    "CATEGORY_DIGIT": lambda char: char.isascii() and char.isdigit(),
    "CATEGORY_NOT_DIGIT": lambda char: not (char.isascii() and char.isdigit()),
    "CATEGORY_WORD": lambda char: char.isascii() and (char.isalnum() or char == "_"),
    "CATEGORY_NOT_WORD": lambda char: not (char.isascii() and (char.isalnum() or char == "_")),
    "CATEGORY_SPACE": lambda char: char in " \t\n\r\f\v",
    "CATEGORY_NOT_SPACE": lambda char: char not in " \t\n\r\f\v",
}


def _in_class(char: str, items: Any):
    for op, argument in items:
        name = _name(op)
        if name == "LITERAL":
            yield chr(argument) == char
        elif name == "RANGE":
            yield argument[0] <= ord(char) <= argument[1]
        elif name == "CATEGORY":
            yield _CATEGORIES.get(_name(argument), lambda _: True)(char)

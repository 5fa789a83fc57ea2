"""Infrastructure code: which values a key attribute can take, and the verdict on that set.

An evaluator (one per language, in the Checkov adapter) answers one question about an attribute: which values
can it take, given what the scanned files decide? It answers with a set of ``Value``s, each saying where it came
from. ``judge_values`` turns the set into a ``Verdict`` whose reason names the value that decided it.

Each language's locator (in the Checkov adapter) gives every resource instance one ``Reader`` of its settings;
``judge(reader, row)`` is the one verdict on it against its row of the resource table (no-result rules, volumes,
the key and its key type), and ``judge_instances`` combines the instances Checkov reports as one record.

A value the files leave open (a required variable, a parameter without default, another stack's export) is an
outside input: it counts as a customer-managed key when it cannot be empty. A string built from known parts and
outside inputs keeps each outside input as a hole (``hole(name)``), so an ARN whose key id is empty by default is
judged on the ``...:key/`` it builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Protocol

from . import verdicts as v
from .resources import shown_path
from .verdicts import FALLBACK, Status, Verdict

if TYPE_CHECKING:
    from .resources import IacResource, Volume


class Kind(str, Enum):
    #: A KMS key (or a customer alias) declared in the scanned files.
    KEY_RESOURCE = "key resource"
    #: A string the files decide, judged as written; it may hold holes for outside inputs.
    LITERAL = "literal"
    #: null, unset, ``AWS::NoValue``: the service falls back to its own key.
    ABSENT = "absent"
    #: A value the files leave to whoever deploys them; it cannot be empty.
    OUTSIDE = "outside input"
    #: A value the evaluator cannot work out (a function it does not know, a shape it does not follow).
    UNKNOWN = "unknown"
    #: A value the evaluator stopped working out: a limit below was reached, or a cycle.
    NOT_EVALUATED = "not evaluated"
    #: A key a fact of the scan shows AWS manages (a plan's data source read with ``key_manager = "AWS"``).
    AWS_MANAGED = "aws managed key"


#: One set of limits for every language's evaluator (Terraform HCL, .tf.json, plan JSON, CloudFormation).
#: The values one expression may take; past it the rest is one NOT_EVALUATED value, never dropped.
MAX_VALUES = 64
#: How deeply references, functions and conditions are followed.
MAX_DEPTH = 64
#: Evaluation steps spent on one attribute, so that its cost is bounded whatever the input's shape.
MAX_WORK = 100_000


class LimitReached(Exception):
    """Raised by an evaluator when a limit is reached; the attribute's answer is then ``not_evaluated(why)``."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class WorkBudget:
    """The steps one attribute's evaluation may spend: ``spend()`` raises ``LimitReached`` past ``steps``
    (``MAX_WORK``, or more for a larger configuration, so that the budget grows with the input it evaluates)."""

    __slots__ = ("left", "steps")

    def __init__(self, steps: int = MAX_WORK):
        self.left = self.steps = steps

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise LimitReached(f"evaluating it took more than {self.steps:,} steps")


@dataclass(frozen=True)
class Value:
    kind: Kind
    #: The literal, the reference as written, or the outside input's name.
    text: str = ""
    #: Where it came from, for the reason: "the default of variable key_arn (main.tf:12)".
    origin: str = ""
    #: Something the user should know even when the value passes, e.g. a key id where an ARN is expected.
    note: str = ""


_HOLE_OPEN, _HOLE_CLOSE = "\u27e8", "\u27e9"
_HOLE = re.compile(f"{_HOLE_OPEN}[^{_HOLE_CLOSE}]*{_HOLE_CLOSE}")
_SEGMENT = r"(?:[a-z0-9-]+|HOLE)"
_BUILT_KEY_ARN = re.compile(rf"^arn:{_SEGMENT}:kms:{_SEGMENT}:(?:\d{{12}}|HOLE):key/\S+$")
_BUILT_ALIAS_ARN = re.compile(rf"^arn:{_SEGMENT}:kms:{_SEGMENT}:(?:\d{{12}}|HOLE):alias/\S+$")


def hole(name: str) -> str:
    """An outside input inside a built string, shown as ``⟨name⟩``."""
    return f"{_HOLE_OPEN}{name}{_HOLE_CLOSE}"


def has_hole(text: str) -> bool:
    """Whether a built string holds an outside input."""
    return _HOLE.search(text) is not None


def key_resource(text: str, origin: str = "", note: str = "") -> Value:
    return Value(Kind.KEY_RESOURCE, text, origin, note)


def literal(text: str, origin: str = "", note: str = "") -> Value:
    return Value(Kind.LITERAL, text, origin, note)


#: The text of an absent value whose key is written but left unused by its key type (a token vault under
#: ServiceManagedKey): the reason says so rather than that the key is absent.
UNUSED = "set, but its key type leaves it unused"


def absent(text: str = "", origin: str = "") -> Value:
    return Value(Kind.ABSENT, text, origin)


def outside(text: str, origin: str = "") -> Value:
    return Value(Kind.OUTSIDE, text, origin)


def unknown(text: str, origin: str = "") -> Value:
    return Value(Kind.UNKNOWN, text, origin)


def aws_managed(text: str, origin: str = "") -> Value:
    """A key that is known to be AWS managed although its text (a key ARN) does not say so."""
    return Value(Kind.AWS_MANAGED, text, origin)


def not_evaluated(why: str, origin: str = "") -> Value:
    """A limit or a cycle stopped the evaluation: ``why`` says which, e.g. "more than 64 values"."""
    return Value(Kind.NOT_EVALUATED, why, origin)


def judge_value(value: Value, field: str) -> Verdict:
    """The verdict on one value the attribute can take."""
    where = f" ({value.origin})" if value.origin else ""
    note = f"; {value.note}" if value.note else ""
    if value.kind is Kind.ABSENT:
        if value.text == UNUSED:
            return Verdict(Status.FAIL, f"{field} is set but not used{where}: {FALLBACK}")
        shown = f" ({value.text})" if value.text else ""
        return Verdict(Status.FAIL, f"{field} is absent{shown}{where}: {FALLBACK}")
    if value.kind is Kind.UNKNOWN:
        return Verdict(Status.FAIL, f"{field}: the scanned files do not show what {value.text} evaluates to{where}; "
                                    f"a key nobody could verify is not reported as customer-managed")
    if value.kind is Kind.NOT_EVALUATED:
        return Verdict(Status.FAIL, f"{field} was not evaluated: {value.text}{where}; "
                                    f"a key nobody could verify is not reported as customer-managed")
    if value.kind is Kind.AWS_MANAGED:
        return Verdict(Status.FAIL, f"{field} names the AWS managed key {value.text}{where}, which the customer cannot "
                                    "control")
    if value.kind is Kind.OUTSIDE:
        return Verdict(Status.PASS, f"{field} comes from {value.text}{where}, outside the scanned files; "
                                    f"it must be a customer-managed key{note}")
    if value.kind is Kind.KEY_RESOURCE:
        return Verdict(Status.PASS, f"{field} references the customer-managed KMS key {value.text}{where}{note}")
    return _judge_literal(value, field, where, note)


def _judge_literal(value: Value, field: str, where: str, note: str) -> Verdict:
    text = value.text.strip()
    if not _HOLE.search(text):
        verdict = v.judge_key_reference(text, field)
        return Verdict(verdict.status, _with_origin(verdict.reason, where) + note)
    alias = re.search(r"alias/aws/[\w/-]*", text)
    if alias:
        return Verdict(Status.FAIL, f"{field} builds {text}{where}, the AWS managed key {alias.group(0)}, "
                                    "which the customer cannot control")
    shape = _HOLE.sub("HOLE", text)
    if _BUILT_KEY_ARN.match(shape) or _BUILT_ALIAS_ARN.match(shape):
        return Verdict(Status.PASS, f"{field} builds the KMS key ARN {text}{where} from outside inputs; "
                                    f"it must be a customer-managed key{note}")
    return Verdict(Status.FAIL, f"{field} builds {text}{where}, which is not a KMS key ARN: {FALLBACK}")


def _with_origin(reason: str, where: str) -> str:
    """Put the origin after the value a reason names, before the consequence (the fallback) if it states one."""
    consequence = f": {FALLBACK}"
    if reason.endswith(consequence):
        return f"{reason[:-len(consequence)]}{where}{consequence}"
    return f"{reason}{where}"


def judge_values(values: Iterable[Value], field: str) -> Verdict:
    """The verdict on every value the attribute can take: PASS only when each one is a customer-managed key.

    The first value that fails decides, and the reason says how many values there were.
    """
    values = list(dict.fromkeys(values))  # same value twice (e.g. two count instances) is judged once
    if not values:
        return Verdict(Status.FAIL, f"{field}: the scanned files give it no value that could be judged")
    verdicts = [judge_value(value, field) for value in values]
    failed = [verdict for verdict in verdicts if not verdict.passed]
    if failed:
        if len(values) == 1:
            return failed[0]
        return Verdict(Status.FAIL, f"{failed[0].reason} (one of {len(values)} values it can take)")
    if len(verdicts) == 1:
        return verdicts[0]
    return Verdict(Status.PASS, f"{field} is a customer-managed key in each of the {len(values)} values it can take: "
                                + "; ".join(verdict.reason for verdict in verdicts))


def under_key_type(
    key_types: Iterable[Value], key_values: Callable[[], Iterable[Value]], key_type_field: str, customer_key_type: str
) -> list[Value]:
    """The values a key attribute can take when a sibling key type (the token vault's) must say customer-managed.

    A key type other than ``customer_key_type`` (or none) leaves the key unused: the service's own key is absent
    of any customer key. A customer key type, or one the files leave open, lets the key itself decide; a key type
    nobody could work out stays unknown.
    """
    values: list[Value] = []
    key_decides = False
    for key_type in key_types:
        if key_type.kind in (Kind.UNKNOWN, Kind.NOT_EVALUATED):
            values.append(key_type)
        elif key_type.kind is Kind.OUTSIDE or (key_type.kind is Kind.LITERAL and key_type.text == customer_key_type):
            key_decides = True
        else:
            shown = "not set" if key_type.kind is Kind.ABSENT else f'"{key_type.text}"'
            origin = f"{key_type_field} is {shown}" + (f", {key_type.origin}" if key_type.origin else "")
            values.append(absent("", origin))
    if key_decides:
        values.extend(key_values())
    return values


# --- a resource instance read through the Reader each language's locator provides, judged against its row ------

#: What EBS does with a volume that is encrypted without a key; one not told to encrypt may also be left unencrypted.
EBS_FALLBACK = ("EBS encrypts it with the account's default EBS key, the AWS managed key aws/ebs unless the account "
                "chose another")
EBS_FALLBACK_UNSET = f"{EBS_FALLBACK}, or leaves it unencrypted"


class Reader(Protocol):
    """One resource's settings, as an evaluator reads them. Paths are names and list indices (``Step``s)."""

    def values(self, path: tuple) -> list[Value]:
        """The values the attribute at ``path`` can take; ``absent()`` when it is not written."""

    def present(self, path: tuple) -> Optional[bool]:
        """Whether ``path`` is declared (a block, a mapping, or a value that is not null or false); None when the
        files do not decide it."""

    def elements(self, path: tuple) -> Optional[int]:
        """How many elements the list (or repeated block) at ``path`` has: 0 when absent, None when the files do not
        decide it."""


def judge(reader: Reader, row: "IacResource") -> Optional[Verdict]:
    """The verdict on one resource instance, read through ``reader``, against its resource-table row (every
    language's adapter calls this): the row's no-result rules, then its volumes, else its key (through its key type
    when the row has one). None when the resource keeps no data of the finding and gets no result of its own."""
    if any(reader.present(path) for path in row.no_result_when):
        return None
    if row.volumes:
        return _judge_volumes(reader, row)
    return judge_values(key_values(reader, row), row.field)


def key_values(reader: Reader, row: "IacResource") -> list[Value]:
    """The values the row's key can take, through its key type when the row has one (the token vault's).

    When the block that holds both is not there and the reader says why (an empty dynamic block), the key is absent
    for that reason."""
    if not row.key_type_path:
        return list(reader.values(row.path))
    if len(row.key_type_path) > 1 and reader.present(row.key_type_path[:-1]) is False:
        key = reader.values(row.path)
        if key and all(value.kind is Kind.ABSENT and value.origin for value in key):
            return list(key)
    values = under_key_type(reader.values(row.key_type_path), lambda: reader.values(row.path),
                            ".".join(row.key_type_path), row.customer_key_type)
    if values and all(value.kind is Kind.ABSENT for value in values) \
            and any(value.kind is not Kind.ABSENT for value in reader.values(row.path)):
        return [absent(UNUSED, value.origin) for value in values]  # written, but the key type does not use it
    return values


def judge_instances(instances: Iterable[tuple[str, Reader]], row: "IacResource") -> Optional[Verdict]:
    """The verdict on a resource: (label, reader) for each of its instances, the label "" for the one instance
    Checkov names. Instances Checkov did not expand (a count, a for_each or a module call past its rendering) make
    one record, which passes only when each instance passes. None when no instance gets a result of its own."""
    instances = list(instances)
    if len(instances) == 1 and instances[0][0] == "":  # the one instance Checkov names: its own verdict
        return judge(instances[0][1], row)
    verdicts = {label: judge(reader, row) for label, reader in instances}
    judged = {label: verdict for label, verdict in verdicts.items() if verdict is not None}
    if verdicts and not judged:
        return None
    return _combined(judged, "its EBS volumes" if row.volumes else row.field, bool(row.volumes))


def _combined(verdicts: dict, subject: str, volumes: bool) -> Verdict:
    if not verdicts:
        return Verdict(Status.FAIL, f"{subject}: the resource has no instance whose key could be judged")
    failed = [label for label, verdict in verdicts.items() if not verdict.passed]
    if failed:
        first = verdicts[failed[0]]
        shown = ", ".join(map(str, failed[:10])) + (f" and {len(failed) - 10} more" if len(failed) > 10 else "")
        fails = "are not all encrypted with a customer-managed key" if volumes else "fails"
        return Verdict(Status.FAIL, f"{subject} {fails} in {len(failed)} of the {len(verdicts)} instances "
                                    f"({shown}); the instance {failed[0]}: {first.reason}")
    label, verdict = next(iter(verdicts.items()))
    if len(verdicts) == 1:
        return verdict
    passes = "are encrypted with a customer-managed key" if volumes else "is a customer-managed key"
    return Verdict(Status.PASS, f"{subject} {passes} in each of the {len(verdicts)} instances; "
                                f"the instance {label}: {verdict.reason}")


def _judge_volumes(reader: Reader, row: "IacResource") -> Verdict:
    verdicts: list[Verdict] = []
    for volume in row.volumes:
        if volume.list_path is None:
            verdicts.append(_judge_volume(reader, volume, volume.path, f"the {volume.label}"))
            continue
        count = reader.elements(volume.list_path)
        if count is None:
            verdicts.append(Verdict(Status.FAIL, f"{shown_path(volume.list_path)}: the scanned files do not show "
                                                 f"which {volume.label}s it declares; a key nobody could verify is "
                                                 "not reported as customer-managed"))
            continue
        for index in range(count):
            element = volume.list_path + (index,)
            if volume.missing_is_instance_store and reader.present(element + volume.path) is False:
                continue  # an instance-store mapping: no EBS volume, no key
            verdicts.append(_judge_volume(reader, volume, element + volume.path,
                                          f"the {volume.label} {_volume_name(reader, volume, element)}"))
    failed = [verdict for verdict in verdicts if not verdict.passed]
    if failed:
        others = len(failed) - 1
        more = f" ({others} more of its {len(verdicts)} volume verdicts {'fails' if others == 1 else 'fail'} too)" if others else ""
        return Verdict(Status.FAIL, failed[0].reason + more)
    return Verdict(Status.PASS, f"each of its {len(verdicts)} EBS volumes is encrypted with a customer-managed key: "
                                + "; ".join(verdict.reason for verdict in verdicts))


def _volume_name(reader: Reader, volume: "Volume", element: tuple) -> str:
    names = reader.values(element + volume.name) if volume.name else []
    literals = [value.text for value in names if value.kind is Kind.LITERAL and value.text]
    return f'"{literals[0]}" ({shown_path(element)})' if len(literals) == 1 else shown_path(element)


def _judge_volume(reader: Reader, volume: "Volume", path: tuple, label: str) -> Verdict:
    settings = shown_path(path)
    if reader.present(path) is False:
        return Verdict(Status.FAIL, f"{label} is not configured ({settings} is absent): {EBS_FALLBACK_UNSET}, not "
                                    "with a customer-managed key")
    flags = reader.values(path + (volume.encrypted,))
    for flag in flags:
        if flag.kind is Kind.LITERAL and flag.text.strip().lower() == "false":
            where = f" ({flag.origin})" if flag.origin else ""
            return Verdict(Status.FAIL, f"{label} is not encrypted: {settings}.{volume.encrypted} is false{where}")
    encrypted = all(flag.kind is Kind.LITERAL and flag.text.strip().lower() == "true" for flag in flags)
    fallback = EBS_FALLBACK if encrypted else EBS_FALLBACK_UNSET
    field = f"{settings}.{volume.key}"
    values = reader.values(path + (volume.key,))
    absent_values = [value for value in values if value.kind is Kind.ABSENT]
    if absent_values:
        where = f" ({absent_values[0].origin})" if absent_values[0].origin else ""
        return Verdict(Status.FAIL, f"{label} has no customer-managed key: {field} is absent{where}, so {fallback}")
    verdict = judge_values(values, field)
    return Verdict(verdict.status, f"{label}: {verdict.reason.replace(FALLBACK, fallback)}")

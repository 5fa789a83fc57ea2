"""The references an expression follows (``var``, ``local``, ``module.m``, ``data.t.n``, ``aws_kms_key.k`` ...):
each step of a traversal narrows one of these until the evaluator resolves it to values."""

from __future__ import annotations

from typing import Any, Optional

from agentcore_cmk_checkov.engine.terraform.values import Candidate, Failure, Symbol, shown, undecided

NO_KEY = object()


class Namespace:
    """A reference being followed (``var``, ``module.m``, ``aws_kms_key.k`` ...): each step narrows it."""

    def __init__(self, described: str) -> None:
        self.described = described

    def step(self, evaluator: Any, key: Any, is_attribute: bool, origin: str) -> list[Candidate]:
        return [Candidate(Failure(f"{self.described}.{shown(key)}"), origin)]


class Variables(Namespace):
    def step(self, evaluator, key, is_attribute, origin):
        return evaluator.variable(str(key), origin)


class Locals(Namespace):
    def step(self, evaluator, key, is_attribute, origin):
        return evaluator.local(str(key), origin)


class Count(Namespace):
    def step(self, evaluator, key, is_attribute, origin):
        found = evaluator.scope.instance.get(f"count.{key}")
        return found if found is not None else [undecided(f"count.{key}", origin)]


class Each(Namespace):
    def step(self, evaluator, key, is_attribute, origin):
        found = evaluator.scope.instance.get(f"each.{key}")
        return found if found is not None else [undecided(f"each.{key}", origin)]


class Unknowable(Namespace):
    def step(self, evaluator, key, is_attribute, origin):
        return [undecided(f"{self.described}.{shown(key)}", origin)]


class Paths(Namespace):
    """``path.module``, ``path.root`` and ``path.cwd``: the folders ``file()`` reads from."""

    def step(self, evaluator, key, is_attribute, origin):
        folder = {"module": evaluator.scope.module.directory, "root": evaluator.root_directory(),
                  "cwd": evaluator.root_directory()}.get(str(key))
        return [Candidate(folder, origin)] if folder else [undecided(f"path.{shown(key)}", origin)]


class Modules(Namespace):
    def step(self, evaluator, key, is_attribute, origin):
        return evaluator.module_instances(str(key), origin)


class ModuleCall(Namespace):
    def __init__(self, name: str, key: Any = NO_KEY) -> None:
        super().__init__(f"module.{name}")
        self.name, self.key = name, key

    def step(self, evaluator, key, is_attribute, origin):
        if not is_attribute and self.key is NO_KEY:
            if isinstance(key, (Symbol, Failure)):
                return [undecided(f"an instance of module.{self.name}", origin)]
            return [Candidate(ModuleCall(self.name, key), origin)]
        return evaluator.module_output(self.name, self.key, str(key), origin)


class DataSources(Namespace):
    def step(self, evaluator, key, is_attribute, origin):
        return [Candidate(DataSource(str(key)), origin)]


class DataSource(Namespace):
    """``data.t.n`` and its instances: ``key`` is the instance written (``data.t.n[key]``), if any."""

    def __init__(self, data_type: str, name: Optional[str] = None, key: Any = NO_KEY) -> None:
        super().__init__(f"data.{data_type}" + (f".{name}" if name else "") + ("" if key is NO_KEY else f"[{shown(key)}]"))
        self.data_type, self.name, self.key = data_type, name, key

    def step(self, evaluator, key, is_attribute, origin):
        if self.name is None:
            return evaluator.data_instances(self.data_type, str(key), origin)
        if not is_attribute:  # an instance of a counted data source: its own lookup
            return [Candidate(DataSource(self.data_type, self.name, key), origin)]
        return evaluator.data_source(self.data_type, self.name, str(key), origin, self.key)


class Resources(Namespace):
    """``aws_x.name`` and its instances. ``single``: a resource without count or for_each (a splat gives [it])."""

    def __init__(self, resource_type: str, name: Optional[str] = None, instance: str = "", single: bool = False) -> None:
        super().__init__(resource_type + (f".{name}" if name else "") + instance)
        self.resource_type, self.name, self.single = resource_type, name, single

    def step(self, evaluator, key, is_attribute, origin):
        if self.name is None:
            return evaluator.resource(self.resource_type, str(key), origin)
        if not is_attribute:  # one instance of a counted resource: the same attributes, named as written
            instance = f"[{key}]" if isinstance(key, int) else f'["{shown(key)}"]'
            return [Candidate(Resources(self.resource_type, self.name, instance), origin)]
        return evaluator.resource_attribute(self.resource_type, self.name, str(key), origin, self.described)


class Instances(list):
    """The instances of a resource with count (a list) or for_each (``Instances`` of the keys, see ``by_key``).

    ``described`` names the resource and why it has these instances, for a reason (``count is 0, main.tf:3``).
    """

    def __init__(self, items, described: str) -> None:
        super().__init__(items)
        self.described = described


class InstanceMap(dict):
    """The instances of a resource with for_each, by key."""

    def __init__(self, items, described: str) -> None:
        super().__init__(items)
        self.described = described

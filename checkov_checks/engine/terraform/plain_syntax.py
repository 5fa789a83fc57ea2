"""The expressions most attributes are written in, read directly into the syntax tree of ``syntax``.

Literals, references (``var.keys["m1"]``, ``aws_kms_key.k.arn``, ``module.m[0].arn``), function calls, and tuples
and objects of those make up nearly every key attribute and variable block of a large configuration; the HCL2 parser
costs a millisecond for each.
``plain_expression`` reads exactly that subset and gives the ``Node`` the parser's tree gives (lines included);
for anything else (operators, splats, ``for``, interpolations, heredocs, comments) it returns None and the
caller parses the text. ``tests/checkov/test_plain_syntax.py`` holds the two readings equal.
"""

from __future__ import annotations

import re
from typing import Optional

from agentcore_cmk_checkov.engine.terraform.syntax import Node, string_template

_IDENTIFIER = re.compile(r"[a-zA-Z_][a-zA-Z0-9_-]*")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?(?![0-9.eE])")
_STRING = re.compile(r'"((?:[^"\\\n$%]|\\.|[$%](?!\{))*)"')  # no line break, ${ or %{ inside
_KEYWORDS = {"null": None, "true": True, "false": False}


class _NotPlain(Exception):
    """The text is not in the subset: the parser reads it."""


class _Reader:
    def __init__(self, text: str) -> None:
        self.text, self.position, self.line = text, 0, 1

    def peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""

    def spaces(self, newlines: bool = False) -> bool:
        """Skip blanks (and newlines when allowed); whether a newline was skipped."""
        crossed = False
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == "\n" and newlines:
                self.line, crossed = self.line + 1, True
            elif char not in " \t\r":
                if char in "#/":  # a comment: the parser knows where it ends
                    raise _NotPlain
                break
            self.position += 1
        return crossed

    def expression(self) -> Node:
        char, line = self.peek(), self.line
        if char == '"':
            return string_template(self.string(), line)
        if char.isdigit():
            found = _NUMBER.match(self.text, self.position)
            if not found:
                raise _NotPlain
            self.position = found.end()
            return Node("literal", line, float(found.group(0)) if found.group(1) else int(found.group(0)))
        if char == "[":
            return self.collection("]", line)
        if char == "{":
            return self.collection("}", line)
        name = self.identifier()
        if name in _KEYWORDS:
            if self.peek() in (".", "[", "("):
                raise _NotPlain
            return Node("literal", line, _KEYWORDS[name])
        if self.peek() == "(":
            return Node("call", line, name, self.arguments())
        node = Node("name", line, name)
        while self.peek() in (".", "["):
            step_line = self.line
            if self.peek() == ".":
                self.position += 1
                node = Node("access", line, None, (node, Node("attr", step_line, self.identifier())))
            else:
                self.position += 1
                if self.peek() in "*]":
                    raise _NotPlain  # a splat
                self.spaces(newlines=True)
                inner = self.expression()
                self.spaces(newlines=True)
                self.expect("]")
                node = Node("access", line, None, (node, Node("index", step_line, None, (inner,))))
        if self.peek() == "(":
            raise _NotPlain  # a call of a traversal: not Terraform
        return node

    def arguments(self) -> tuple:
        self.position += 1
        found: list = []
        while True:
            self.spaces(newlines=True)
            if self.peek() == ")":
                self.position += 1
                return tuple(found)
            found.append(self.expression())
            self.spaces(newlines=True)
            if self.peek() == ",":
                self.position += 1
            elif self.peek() != ")":
                raise _NotPlain  # an expansion (...) or an operator

    def identifier(self) -> str:
        found = _IDENTIFIER.match(self.text, self.position)
        if not found:
            raise _NotPlain
        self.position = found.end()
        return found.group(0)

    def string(self) -> str:
        """A quoted string without interpolations or directives, as the parser's token holds it (escapes kept)."""
        found = _STRING.match(self.text, self.position)
        if not found:
            raise _NotPlain
        self.position = found.end()
        return found.group(1)

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise _NotPlain
        self.position += 1

    def collection(self, closing: str, line: int) -> Node:
        self.position += 1
        elements: list = []
        while True:
            self.spaces(newlines=True)
            if self.peek() == closing:
                self.position += 1
                return Node("tuple" if closing == "]" else "object", line, None, tuple(elements))
            if self.text.startswith("for", self.position) and not _IDENTIFIER.match(self.text, self.position + 3):
                raise _NotPlain  # a for expression
            elements.append(self.expression() if closing == "]" else self.object_element())
            crossed = self.spaces(newlines=True)
            if self.peek() == ",":
                self.position += 1
            elif self.peek() != closing and not (crossed and closing == "}"):
                raise _NotPlain  # in a tuple, elements are separated by commas; in an object, by commas or lines

    def object_element(self) -> tuple:
        line = self.line
        if self.peek() == '"':
            key = string_template(self.string(), line)
            if key.kind != "literal":
                raise _NotPlain
        else:
            name = self.identifier()
            if name in _KEYWORDS:
                raise _NotPlain  # the parser may read it as the literal or as the key's name
            key = Node("literal", line, name)
        self.spaces()
        if self.peek() not in "=:" or self.text.startswith("==", self.position):
            raise _NotPlain
        self.position += 1
        self.spaces()
        return key, self.expression()


def plain_expression(text: str, first_line: int = 1) -> Optional[Node]:
    """The whole ``text`` as one expression of the subset, its lines counted from ``first_line``; else None."""
    reader = _Reader(text)
    reader.line = first_line
    try:
        reader.spaces(newlines=True)
        node = reader.expression()
        reader.spaces(newlines=True)
    except (_NotPlain, RecursionError):
        return None
    return node if reader.position == len(text) else None


_ATTRIBUTE = re.compile(r"[ \t]*([a-zA-Z_][a-zA-Z0-9_-]*)[ \t]*=(?!=)")


def plain_attribute(text: str, name: str, first_line: int = 1) -> Optional[Node]:
    """``text`` as exactly the attribute ``name = <expression of the subset>``; else None."""
    found = _ATTRIBUTE.match(text)
    if not found or found.group(1) != name:
        return None
    return plain_expression(text[found.end():], first_line)


_LABEL = re.compile(r'[ \t]+(?:"([a-zA-Z0-9_.-]*)"|([a-zA-Z_][a-zA-Z0-9_-]*))')


def plain_block(text: str, first_line: int = 1) -> Optional[tuple[list[str], dict[str, Node]]]:
    """``text`` as exactly one block whose body holds only attributes of the subset: (type and labels, name ->
    expression), lines counted from ``first_line``; None for anything else (nested blocks, comments, ...)."""
    reader = _Reader(text)
    reader.line = first_line
    try:
        reader.spaces(newlines=True)
        labels = [reader.identifier()]
        while True:
            found = _LABEL.match(text, reader.position)
            if not found:
                break
            labels.append(found.group(1) if found.group(1) is not None else found.group(2))
            reader.position = found.end()
        reader.spaces()
        reader.expect("{")
        body: dict[str, Node] = {}
        while True:
            reader.spaces(newlines=True)
            if reader.peek() == "}":
                reader.position += 1
                break
            name = reader.identifier()
            reader.spaces()
            if reader.peek() != "=" or text.startswith("==", reader.position) or name in body:
                raise _NotPlain  # a nested block, or a name written twice (the parser reports it)
            reader.position += 1
            reader.spaces()
            body[name] = reader.expression()
            if not reader.spaces(newlines=True) and reader.peek() != "}":
                raise _NotPlain  # the next attribute on the same line
        reader.spaces(newlines=True)
    except (_NotPlain, RecursionError):
        return None
    return (labels, body) if reader.position == len(text) else None

"""Terraform expressions as a small syntax tree, built from the parse tree of the HCL2 parser Checkov installs.

The grammar of ``hcl2`` has no operator precedence: ``a != null ? x : y`` parses as ``a != (null ? x : y)`` and
``a == b && c`` as ``a == (b && c)``. ``expression`` re-associates each chain of binary operators by Terraform's
precedence, and lets a trailing conditional take the whole chain as its condition.

A string template is a single token in that grammar; ``template_parts`` splits it into text and interpolations,
and each interpolation is parsed with the same parser.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Optional, Union

from lark import Token, Tree

# Terraform's binary operators, loosest first.
_PRECEDENCE = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5,
               "*": 6, "/": 6, "%": 6}


@dataclass(frozen=True)
class Node:
    """One expression. ``kind`` names the shape; ``line`` is relative to the parsed text (1-based)."""

    kind: str
    line: int
    value: Any = None  # literal value, identifier, operator, function name
    children: tuple = ()


Part = Union[str, Node]


class SyntaxProblem(Exception):
    """An expression the parser accepted in a shape this module does not know."""


def parser():
    from hcl2.parser import Hcl2

    return Hcl2.lark_parser


@functools.lru_cache(maxsize=4096)  # count, for_each and module instances share one text; so do many memories
def parse_body(text: str) -> Tree:
    """The parse tree of HCL text (a file, a block or one attribute); raises on a syntax error."""
    if not text.endswith("\n"):
        text += "\n"
    return parser().parse(text)


@functools.lru_cache(maxsize=4096)
def parse_expression(text: str) -> Node:
    """One expression given as text, e.g. an interpolation's content or a ``.tf.json`` string."""
    from agentcore_cmk_checkov.engine.terraform.plain_syntax import plain_expression  # it builds on this module

    plain = plain_expression(text.strip())
    if plain is not None:
        return plain
    tree = parse_body(f"x = {text.strip()}\n")
    attribute = tree.children[0].children[0]
    return expression(attribute.children[1])


def blocks(body: Tree) -> list[Tree]:
    return [child for child in body.children if isinstance(child, Tree) and child.data == "block"]


def attributes(body: Tree) -> dict[str, Tree]:
    return {identifier(child.children[0]): child for child in body.children
            if isinstance(child, Tree) and child.data == "attribute"}


def block_labels(block: Tree) -> list[str]:
    """A block's type and labels: ``['resource', 'aws_kms_key', 'k']``."""
    labels = []
    for child in block.children:
        if isinstance(child, Tree) and child.data == "identifier":
            labels.append(identifier(child))
        elif isinstance(child, Token) and child.type == "STRING_LIT":
            labels.append(child[1:-1])
    return labels


def block_body(block: Tree) -> Tree:
    return next(child for child in block.children if isinstance(child, Tree) and child.data == "body")


def identifier(tree: Tree) -> str:
    return str(tree.children[0])


def attribute_expression(attribute: Tree) -> Node:
    return expression(attribute.children[1])


def _line(tree: Any) -> int:
    if isinstance(tree, Token):
        return tree.line or 1
    meta = getattr(tree, "meta", None)
    return getattr(meta, "line", 1) if meta is not None and not getattr(meta, "empty", True) else 1


def _trees(tree: Tree) -> list:
    return [child for child in tree.children if isinstance(child, Tree)]


def expression(tree: Any) -> Node:
    """The syntax tree of one expression of the parse tree."""
    if isinstance(tree, Token):
        return _token(tree)
    kind = tree.data
    line = _line(tree)
    if kind == "expr_term":
        inner = [child for child in tree.children if isinstance(child, Tree) or child.type not in ("LPAR", "RPAR")]
        if len(inner) != 1:
            raise SyntaxProblem(f"expression term with {len(inner)} parts")
        return expression(inner[0])
    if kind == "identifier":
        name = identifier(tree)
        if name in ("null", "true", "false"):
            return Node("literal", line, {"null": None, "true": True, "false": False}[name])
        return Node("name", line, name)
    if kind in ("int_lit", "float_lit"):
        text = "".join(str(child) for child in tree.children)
        return Node("literal", line, float(text) if kind == "float_lit" else int(text))
    if kind == "binary_op":
        return _chain(tree)
    if kind == "unary_op":
        return Node("unary", line, str(tree.children[0]), (expression(tree.children[1]),))
    if kind == "conditional":
        condition, when_true, when_false = (expression(child) for child in _trees(tree))
        return Node("conditional", line, None, (condition, when_true, when_false))
    if kind == "tuple":
        return Node("tuple", line, None, tuple(expression(child) for child in _trees(tree)))
    if kind == "object":
        return Node("object", line, None, tuple(_object_element(child) for child in _trees(tree)))
    if kind == "function_call":
        name, *rest = _trees(tree)
        arguments = tuple(expression(child) for child in _trees(rest[0])) if rest else ()
        return Node("call", line, identifier(name), arguments)
    if kind == "provider_function_call":
        names = [identifier(child) for child in _trees(tree) if child.data == "identifier"]
        return Node("call", line, "::".join(names), ())
    if kind in ("index_expr_term", "get_attr_expr_term"):
        base, step = _trees(tree)[0], tree.children[1]
        return Node("access", line, None, (expression(base), _step(step)))
    if kind in ("attr_splat_expr_term", "full_splat_expr_term"):
        base, splat = _trees(tree)
        return Node("splat", line, None, (expression(base), tuple(_step(step) for step in _trees(splat))))
    if kind in ("heredoc_template", "heredoc_template_trim"):
        text = str(tree.children[0])
        body = text.split("\n", 1)[1].rsplit("\n", 1)[0] + "\n"
        return string_template(body, line)
    if kind in ("for_tuple_expr", "for_object_expr"):
        return _for(tree, line)
    raise SyntaxProblem(f"expression shape {kind}")


def _token(token: Token) -> Node:
    if token.type == "STRING_LIT":
        return string_template(token[1:-1], token.line or 1)
    if token.type == "DECIMAL":
        return Node("literal", token.line or 1, int(token))
    raise SyntaxProblem(f"token {token.type}")


def _step(step: Any) -> Node:
    """One traversal step: ``.name`` (an "attr" node) or ``[expression]`` / ``.0`` (an "index" node)."""
    if isinstance(step, Tree) and step.data == "get_attr":
        return Node("attr", _line(step), identifier(step.children[0]))
    if isinstance(step, Tree) and step.data == "index":
        child = step.children[0]
        return Node("index", _line(step), None, (expression(child),))
    raise SyntaxProblem("traversal step")


def _object_element(element: Tree) -> tuple:
    key, value = element.children[0], element.children[-1]
    if isinstance(key, Tree) and key.data == "identifier":
        key_node = Node("literal", _line(key), identifier(key))
    else:
        key_node = expression(key)
        if key_node.kind == "name":  # {a = 1}: a bare name is the key itself
            key_node = Node("literal", key_node.line, key_node.value)
    return key_node, expression(value)


def _for(tree: Tree, line: int) -> Node:
    intro = next(child for child in _trees(tree) if child.data == "for_intro")
    names = [identifier(child) for child in _trees(intro) if child.data == "identifier"]
    collection = expression(_trees(intro)[-1])
    rest = [child for child in _trees(tree) if child.data != "for_intro"]
    condition = None
    if rest and rest[-1].data == "for_cond":
        condition = expression(_trees(rest.pop())[0])
    results = tuple(expression(child) for child in rest)
    kind = "for_object" if tree.data == "for_object_expr" else "for_tuple"
    return Node(kind, line, tuple(names), (collection, results, condition))


def _chain(tree: Tree) -> Node:
    """A chain ``a op b op c ...`` re-associated by precedence; a conditional at its end takes the chain as condition."""
    operands, operators = [], []
    node: Any = tree
    conditional = None
    while True:
        left, term = _trees(node)
        operands.append(expression(left))
        operator_tree, right = _trees(term)
        operators.append(str(operator_tree.children[0]))
        if isinstance(right, Tree) and right.data == "binary_op":
            node = right
            continue
        if isinstance(right, Tree) and right.data == "conditional":
            condition_tree, when_true, when_false = _trees(right)
            conditional = (_line(right), expression(when_true), expression(when_false))
            right = condition_tree
            if isinstance(right, Tree) and right.data == "binary_op":
                node = right
                continue
        operands.append(expression(right))
        break
    combined = _by_precedence(operands, operators, _line(tree))
    if conditional:
        line, when_true, when_false = conditional
        return Node("conditional", line, None, (combined, when_true, when_false))
    return combined


def _by_precedence(operands: list, operators: list, line: int) -> Node:
    output: list = [operands[0]]
    pending: list = []
    for operator, operand in zip(operators, operands[1:]):
        while pending and _PRECEDENCE.get(pending[-1], 0) >= _PRECEDENCE.get(operator, 0):
            _reduce(output, pending.pop(), line)
        pending.append(operator)
        output.append(operand)
    while pending:
        _reduce(output, pending.pop(), line)
    return output[0]


def _reduce(output: list, operator: str, line: int) -> None:
    right, left = output.pop(), output.pop()
    output.append(Node("binary", line, operator, (left, right)))


def template_parts(text: str, line: int = 1) -> list[Part]:
    """A quoted string's content as text pieces and parsed interpolations; ``%{`` directives are kept unparsed."""
    if "$" not in text and "%" not in text and "\\" not in text:
        return [text] if text else []
    parts: list[Part] = []
    buffer: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if text.startswith("$${", position) or text.startswith("%%{", position):
            buffer.append(text[position + 1:position + 3])
            position += 3
        elif text.startswith("${", position) or text.startswith("%{", position):
            end = _closing_brace(text, position + 2)
            inner = text[position + 2:end].strip().strip("~").strip()
            if buffer:
                parts.append("".join(buffer))
                buffer = []
            parts.append(_interpolation(text[position], inner, line))
            position = end + 1
        elif char == "\\" and position + 1 < len(text):
            buffer.append(_ESCAPES.get(text[position + 1], text[position + 1]))
            position += 2
        else:
            buffer.append(char)
            position += 1
    if buffer:
        parts.append("".join(buffer))
    return parts


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _interpolation(opener: str, inner: str, line: int) -> Node:
    """``${expression}`` parsed; a directive (``%{if}``) or an interpolation that does not parse is unknown."""
    if opener == "%":
        return Node("unknown", line, f"the template directive %{{{inner}}}")
    try:
        return _at_line(parse_expression(inner), line)
    except Exception:  # lark's errors, SyntaxProblem: Terraform would reject it; the value is not known
        return Node("unknown", line, f"the interpolation ${{{inner}}}, which does not parse")


def _closing_brace(text: str, start: int) -> int:
    depth, position, quoted = 1, start, False
    while position < len(text):
        char = text[position]
        if quoted:
            if char == "\\":
                position += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return len(text)  # no closing brace: the rest is the interpolation, which will not parse


def _at_line(node: Node, line: int) -> Node:
    """An interpolation parsed on its own starts at line 1: give it the lines of its string."""
    return shift_lines(node, line - 1)


def shift_lines(node: Any, offset: int) -> Any:
    """Lines of a text parsed alone (a block, an attribute) made lines of its file."""
    if offset == 0:
        return node
    if isinstance(node, Node):
        return Node(node.kind, node.line + offset, node.value, shift_lines(node.children, offset))
    if isinstance(node, tuple):
        return tuple(shift_lines(child, offset) for child in node)
    return node


def string_template(text: str, line: int) -> Node:
    parts = template_parts(text, line)
    if not parts:
        return Node("literal", line, "")
    if len(parts) == 1 and isinstance(parts[0], str):
        return Node("literal", line, parts[0])
    return Node("template", line, None, tuple(parts))


def written_text(node: Optional[Node]) -> str:
    """An expression written back as Terraform text, for reasons."""
    if node is None:
        return ""
    kind, value, children = node.kind, node.value, node.children
    if kind == "literal":
        return _literal_text(value)
    if kind == "name":
        return value
    if kind == "access":
        base, step = children
        return written_text(base) + _step_text(step)
    if kind == "splat":
        base, steps = children
        return written_text(base) + "[*]" + "".join(_step_text(step) for step in steps)
    if kind == "call":
        return f"{value}({', '.join(written_text(child) for child in children)})"
    if kind == "binary":
        return f"{written_text(children[0])} {value} {written_text(children[1])}"
    if kind == "unary":
        return f"{value}{written_text(children[0])}"
    if kind == "conditional":
        return " ? ".join(written_text(child) for child in children[:2]) + " : " + written_text(children[2])
    if kind == "template":
        return '"' + "".join(part if isinstance(part, str) else "${" + written_text(part) + "}" for part in children) + '"'
    if kind == "tuple":
        return "[" + ", ".join(written_text(child) for child in children) + "]"
    if kind == "object":
        return "{" + ", ".join(f"{written_text(k)} = {written_text(v)}" for k, v in children) + "}"
    if kind == "unknown":
        return str(value)
    return f"a {kind.replace('_', ' ')} expression"


def _step_text(step: Node) -> str:
    return f".{step.value}" if step.kind == "attr" else f"[{written_text(step.children[0])}]"


def _literal_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)

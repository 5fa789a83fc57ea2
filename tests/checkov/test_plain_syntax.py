"""The plain-expression reader gives the HCL2 parser's syntax tree, or leaves the text to the parser.

``plain_syntax`` reads literals, references, tuples and objects without the parser, to keep large configurations
cheap. It must never read a text differently: over every attribute of every Terraform file of the repository,
over the shapes that are easy to get wrong, and over generated expressions, its tree (lines included) equals the
one built from the parser's tree, or it returns None.
"""

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentcore_cmk_checkov.engine.terraform import files
from agentcore_cmk_checkov.engine.terraform.plain_syntax import plain_attribute, plain_block, plain_expression
from agentcore_cmk_checkov.engine.terraform.syntax import (
    attribute_expression, attributes, block_body, block_labels, blocks, parse_body, shift_lines,
)

ROOT = Path(__file__).resolve().parents[2]


def parsed(text: str):
    """The parser's reading of ``name = ...`` text; None when the parser rejects it."""
    try:
        tree = parse_body(text)
    except Exception:
        return None
    found = attributes(tree.children[0])
    return attribute_expression(next(iter(found.values()))) if len(found) == 1 else None


def attribute_texts(path: Path):
    """Each attribute of a file at any depth, as the text of its lines (what the engine reads alone)."""
    source = path.read_text(encoding="utf-8-sig")
    try:
        tree = parse_body(source)
    except Exception:
        return []  # a deliberately broken fixture
    found = []
    for attribute in tree.iter_subtrees():
        if attribute.data == "attribute" and not attribute.meta.empty:
            name = str(attribute.children[0].children[0])
            text = source[attribute.meta.start_pos:attribute.meta.end_pos]
            found.append((name, text if text.endswith("\n") else text + "\n"))
    return found


def parsed_block(text: str, first_line: int):
    """The parser's reading of one block's text: (type and labels, name -> expression); None when it is not one."""
    try:
        found = blocks(parse_body(text).children[0])
    except Exception:
        return None
    if len(found) != 1:
        return None
    return block_labels(found[0]), {name: shift_lines(attribute_expression(attribute), first_line - 1)
                                    for name, attribute in attributes(block_body(found[0])).items()}


def block_texts(path: Path):
    """Each top-level block of a file as (its first line, the text of its lines), as the engine reads a variable."""
    source = path.read_text(encoding="utf-8-sig")
    try:
        tree = parse_body(source)
    except Exception:
        return []
    lines = source.split("\n")
    return [(block.meta.line, "\n".join(lines[block.meta.line - 1:block.meta.end_line]) + "\n")
            for block in blocks(tree.children[0]) if not block.meta.empty]


def assert_read_alike(path: Path) -> int:
    """Every attribute and block of the file read without the parser is read as the parser reads it."""
    read = 0
    for name, text in attribute_texts(path):
        plain = plain_attribute(text, name)
        if plain is not None:
            read += 1
            assert plain == parsed(text), (path.name, name, text)
    for line, text in block_texts(path):
        plain = plain_block(text, line)
        if plain is not None:
            read += 1
            assert plain == parsed_block(text, line), (path.name, line, text)
    return read


CORPUS = sorted(path for folder in ("tests", "examples") for pattern in ("*.tf", "*.tfvars")
                for path in (ROOT / folder).rglob(pattern))


def test_the_corpus_is_the_repositorys_terraform():
    assert len(CORPUS) > 30


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_attribute_and_block_of_the_repository_reads_as_the_parser_reads_it(path):
    assert_read_alike(path)


def test_every_attribute_of_the_benchmark_trees_reads_as_the_parser_reads_it(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from terraform_hostile import FAMILIES, write
        from terraform_tree import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(tmp_path / "tree", 200)
    for family in FAMILIES:
        if family != "plan_references":
            write(family, 8, tmp_path / family)
    assert sum(assert_read_alike(path) for path in sorted(tmp_path.rglob("*.tf*"))) > 500


SUBSET = [
    '"a"', '""', '"a\\"b\\\\c"', '"caf\\u00e9"', "0", "12", "1.5", "true", "false", "null",
    "var.x", 'var.keys["m1"]', "var.keys[0]", "module.m[0].arn", 'a.b.c["d"][1].e', "local.a-b_c",
    "[]", "{}", "[1, 2,]", '[\n  "a",\n  "b"\n]', "[\n\n  var.x\n]", '{\n  a = 1\n  "b" = "c"\n}', "{ a = 1, b = [1, 2] }",
    "map(string)", "list(object({ a = string }))", "f()", 'f(1, "a",)', "merge(var.a, { b = 1 })",
    "try(\n  aws_kms_key.k[0].arn,\n  null\n)", "{a: 1}", "[1\n, 2]", '{\n  k = {\n    inner = var.x\n  }\n}', 'x[\n  "a"\n]', "  [ 1 ,2 ]  ",
]
NOT_PLAIN = [
    '"${var.x}"', '"%{if true}a%{endif}"', '"a$${b}"', "-1", "!true", "1e3", "1.5e2", "a + b", "a ? b : c",
    "a == b", "f(x...)", "f(a)(b)", "a.b(c)", "a[*].b", "a.*.b", "a.0", "[for x in y : x]", "{for k, v in y : k => v}", "<<EOT\nx\nEOT",
    "(a)", "a # comment", "a // comment", "a /* c */", "{ true = 1 }", "{ null = 1 }", "{ a = 1 b = 2 }",
    "provider::aws::f(1)", "true.x", "a .b", '"line\nbreak"', "a[ * ]",
]


@pytest.mark.parametrize("text", SUBSET)
def test_the_subset_is_read_without_the_parser_and_as_the_parser_reads_it(text):
    plain = plain_attribute(f"x = {text}\n", "x")
    assert plain is not None
    assert plain == parsed(f"x = {text}\n")


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_everything_else_is_left_to_the_parser(text):
    assert plain_attribute(f"x = {text}\n", "x") is None


def test_the_attribute_must_be_the_one_asked_for_and_alone():
    assert plain_attribute('y = "a"\n', "x") is None
    assert plain_attribute('x == "a"\n', "x") is None
    assert plain_attribute('x = "a"\ny = "b"\n', "x") is None
    assert plain_attribute("x = [\n", "x") is None  # not the whole attribute yet


BLOCKS = [
    'variable "keys" {\n  default = {\n    m0 = "k0"\n  }\n}\n', 'variable "x" {}\n', 'variable "x" { default = 1 }\n',
    'variable "x" {\n  type    = string\n  default = null\n\n}\n', 'variable "m" {\n  type = map(string)\n}\n', 'locals {\n  a = var.b\n}\n',
]
NOT_PLAIN_BLOCKS = [
    'variable "x" {\n  validation {\n    condition = true\n  }\n}\n', 'variable "x" {\n  default = 1 # one\n}\n',
    'variable "x" {\n  default = 1 type = string\n}\n', 'variable "x" {\n  default = 1\n  default = 2\n}\n',
    'variable "x" {\n  default = var.a + 1\n}\n', 'variable "x" {\n}\nvariable "y" {}\n', 'variable "a\\"b" {}\n',
]


@pytest.mark.parametrize("text", BLOCKS)
def test_plain_blocks_are_read_without_the_parser_and_as_the_parser_reads_them(text):
    plain = plain_block(text, 5)
    assert plain is not None
    assert plain == parsed_block(text, 5)


@pytest.mark.parametrize("text", NOT_PLAIN_BLOCKS)
def test_other_blocks_are_left_to_the_parser(text):
    assert plain_block(text) is None


def test_lines_count_from_the_first_line_given():
    node = plain_expression('[\n  var.a,\n  "b"\n]', first_line=7)
    assert [node.line, node.children[0].line, node.children[1].line] == [7, 8, 9]


_NAMES = st.sampled_from(["var", "local", "module", "aws_kms_key", "data", "k", "each", "count", "m-1", "a_b"])
_LEAVES = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.sampled_from(["true", "false", "null", "1.25", '"x"', '"a\\"b"', '"${var.x}"', "-1", "f(1)", "a[*].b", "f()"]),
    st.text(alphabet="abz019 -_:/", max_size=8).map(lambda text: f'"{text}"'),
    st.lists(_NAMES, min_size=1, max_size=4).map(".".join),
)


def _compose(children):
    spaces = st.sampled_from(["", " ", "\n", "\n  ", "  "])
    return st.one_of(
        st.tuples(children, st.sampled_from(['["k"]', "[0]", ".arn", '["a-b"]'])).map("".join),
        st.tuples(st.lists(children, max_size=3), spaces, st.sampled_from([",", ", ", ",\n"])).map(
            lambda parts: "[" + parts[1] + parts[2].join(parts[0]) + parts[1] + "]"),
        st.tuples(st.lists(st.tuples(st.sampled_from(["a", '"b"', "c-d", "for_x"]), st.sampled_from([" = ", ": ", "="]),
                                     children), max_size=3),
                  st.sampled_from([", ", "\n", ",\n  "])).map(
            lambda parts: "{" + parts[1] + parts[1].join(key + sep + value for key, sep, value in parts[0]) + parts[1] + "}"),
        st.tuples(children, st.sampled_from([" + ", " ? 1 : ", " == "]), children).map("".join),
        st.tuples(st.sampled_from(["f", "merge", "try"]), st.lists(children, max_size=3), st.sampled_from([", ", ",\n"])).map(
            lambda parts: parts[0] + "(" + parts[2].join(parts[1]) + ")"),
    )


EXPRESSIONS = st.recursive(_LEAVES, _compose, max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(EXPRESSIONS)
def test_generated_expressions_read_as_the_parser_reads_them_or_go_to_it(text):
    attribute = f"x = {text}\n"
    plain = plain_attribute(attribute, "x")
    if plain is not None:
        assert plain == parsed(attribute)


def test_the_engine_reads_a_plain_key_attribute_without_the_parser(tmp_path, monkeypatch):
    main = tmp_path / "main.tf"
    main.write_text('resource "aws_bedrockagentcore_memory" "m" {\n  name = "m"\n  encryption_key_arn = var.keys["m"]\n}\n')
    calls = []
    monkeypatch.setattr(files, "parse_body", lambda text: calls.append(text))
    node = files.resource_attribute_fast(str(main), 1, 4, "encryption_key_arn")
    assert node is not None and node.kind == "access" and node.line == 3
    assert calls == []

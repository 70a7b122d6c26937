"""Every reason code the coverage engine can produce, read from its source.

The engine records each rule it runs through `Findings` (`passed`, `decline`, `to_review`,
`partially`, `unanswered`, `evidence_missing`) and names notices with `Reason(...)`; a decision's
reasons and notices are codes of those calls. The codes are read from the syntax of
`cybercare.cover.domain` rather than listed here, so a new code in the engine shows up in the
tests the day it is written. A code the reader cannot work out (not a literal, not a choice
between literals, not a value of a module-level table) stops the tests: teach the reader, do not
skip the code.
"""

from __future__ import annotations

import ast
from importlib.resources import files
from pathlib import Path

ENGINE_DIR = Path(str(files("cybercare.cover.domain")))
# The code's position among the arguments of each recording call.
CODE_ARGUMENT = {
    "passed": 1,
    "decline": 1,
    "to_review": 1,
    "partially": 1,
    "unanswered": 1,
    "make_check": 2,
    "Reason": 0,
}
# `evidence_missing` records its code itself (findings.py), as a literal `make_check` argument.
# Codes recorded outside the engine on a decision the engine's reasons sit beside.
OUTSIDE_THE_ENGINE = frozenset({"handler.decision"})  # claims.decide: a handler decided


class UnreadableCode(Exception):
    """A recording call whose code the reader cannot work out."""


def engine_reason_codes() -> frozenset[str]:
    codes: set[str] = set()
    for path in sorted(ENGINE_DIR.glob("*.py")):
        codes |= codes_in(ast.parse(path.read_text(encoding="utf-8")), path.name)
    return frozenset(codes)


def every_reason_code() -> frozenset[str]:
    """The engine's codes and those a handler's decision adds."""
    return engine_reason_codes() | OUTSIDE_THE_ENGINE


def codes_in(tree: ast.Module, where: str) -> set[str]:
    tables = _module_tables(tree)
    codes: set[str] = set()
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        parameters = {a.arg for a in (*function.args.args, *function.args.kwonlyargs)}
        for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
            position = CODE_ARGUMENT.get(_called(call))
            if position is None or len(call.args) <= position:
                continue
            argument = call.args[position]
            if isinstance(argument, ast.Name) and argument.id in parameters:
                continue  # a recorder passing on its caller's code
            if isinstance(argument, ast.Attribute):
                continue  # a stored check or notice handing on its code (`self.code`)
            codes |= _literals(argument, function, tables, f"{where}:{call.lineno}")
    return codes


def _called(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else ""


def _module_tables(tree: ast.Module) -> dict[str, set[str]]:
    """Module-level dict literals: the codes among their values (a value or its first item)."""
    tables: dict[str, set[str]] = {}
    for node in tree.body:
        target, value = _assignment(node)
        if target is None or not isinstance(value, ast.Dict):
            continue
        found: set[str] = set()
        for item in value.values:
            first = item.elts[0] if isinstance(item, ast.Tuple) and item.elts else item
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
        tables[target] = found
    return tables


def _assignment(node: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id, node.value
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Name):
            return target.id, node.value
    return None, None


def _literals(
    argument: ast.expr, function: ast.FunctionDef, tables: dict[str, set[str]], where: str
) -> set[str]:
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return {argument.value}
    if isinstance(argument, ast.IfExp):
        return _literals(argument.body, function, tables, where) | _literals(
            argument.orelse, function, tables, where
        )
    if isinstance(argument, ast.Name):
        table = _table_read_into(argument.id, function)
        if table in tables:
            return tables[table]
    raise UnreadableCode(f"{where}: cannot tell which reason code {ast.unparse(argument)} is")


def _table_read_into(name: str, function: ast.FunctionDef) -> str | None:
    """`code, article = TABLE[key]` or `code = TABLE[key]` in `function`: the table's name."""
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Subscript):
            continue
        table = node.value.value
        if not isinstance(table, ast.Name):
            continue
        for target in node.targets:
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            if names and isinstance(names[0], ast.Name) and names[0].id == name:
                return table.id
    return None

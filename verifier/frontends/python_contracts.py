"""Contracts as their users write them, read from the parse tree (nothing is imported).

`read_contract(fn, imports)` reads the contract of one `def` from its
decorators and its docstring:

- icontract: ``@icontract.require(lambda x: ...)`` (a precondition),
  ``@icontract.ensure(lambda x, result, OLD: ...)`` (a postcondition; ``OLD.n``
  is the value ``@icontract.snapshot(lambda x: ..., name="n")`` captured at
  entry; without a name, the name of the capture's one argument);
- deal: ``@deal.pre(lambda x: ...)`` (``lambda _: _.x`` too),
  ``@deal.post(lambda result: ...)`` (its one parameter is the result, by any
  name), ``@deal.ensure(lambda x, result: ...)``, ``@deal.raises(E, ...)``
  (declared exceptions), ``@deal.safe`` (none) and ``@deal.pure``;
- PEP 316 docstrings as CrossHair reads them: ``pre: <expr>`` and ``post:
  <expr>`` lines (``__return__`` or ``_`` is the result, ``__old__.x`` the
  value of ``x`` at entry), and ``raises: E1, E2``;
- declared exceptions in the docstring styles CrossHair reads for plain
  functions: Sphinx (``:raises ValueError:``), Google (a ``Raises:`` section
  of ``Name: text`` lines) and numpy (a ``Raises`` heading underlined with
  dashes, then one name per line).

`imports` maps the module's local names of ``icontract``/``deal`` and of what
was imported from them (``from icontract import require``) to their
qualified names. Any other decorator, a condition that is not a lambda, or a
lambda parameter the function does not have raises `ContractError` with the
position; a docstring condition that is not an expression too.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from lark import Token, Tree

from .python_parse import parse_tree
from .python_tree import is_plain_string, position, stmts_of

__all__ = ["Condition", "Contract", "ContractError", "read_contract", "CONTRACT_MODULES", "CONTRACT_DECORATORS"]

#: the contract libraries whose decorators are read
CONTRACT_MODULES = ("icontract", "deal")


class ContractError(Exception):
    """A contract `read_contract` cannot read: `message` at `line`, `column`."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True)
class Condition:
    """One pre- or postcondition.

    `expr` is the expression's parse tree; `text` its source text (one line);
    `line`/`column` where it starts. `bind` maps each name the expression may
    use for something other than a module-level name to its role: ``arg`` (the
    argument of that name, as passed), ``arg:x`` (argument ``x``), ``result``,
    ``old`` (the namespace of snapshots: ``OLD.n``), ``args`` (deal's ``_``:
    ``_.x`` is argument ``x``). A docstring condition binds every parameter
    name as ``arg``.
    """

    expr: Tree
    text: str
    line: int
    column: int
    bind: dict[str, str]
    code: str = ""  # the exact source text (evaluated by the replay worker)

    def replay_form(self) -> dict:
        """What the replay worker evaluates (see `crosscheck.contract_runtime`)."""
        return {"line": self.line, "text": self.text, "code": self.code or self.text, "bind": self.bind}


@dataclass
class Contract:
    """What a function promises: `pre`, `post`, `snapshots` (name -> the value
    ``OLD.name`` captures at entry, as a `Condition` over the arguments) and the
    exceptions it declares."""

    pre: list[Condition] = field(default_factory=list)
    post: list[Condition] = field(default_factory=list)
    snapshots: dict[str, Condition] = field(default_factory=dict)
    raises: set[str] = field(default_factory=set)

    @property
    def conditions(self) -> list[Condition]:
        return self.pre + self.post

    def replay_form(self) -> dict:
        """The contract as the replay worker checks it (see `crosscheck.contract_runtime`)."""
        return {"pre": [c.replay_form() for c in self.pre], "post": [c.replay_form() for c in self.post],
                "snapshots": {name: snap.replay_form() for name, snap in self.snapshots.items()}}


def read_contract(fn: Tree, decorated: Tree | None, params: list[str], source: str,
                  imports: dict[str, str]) -> Contract:
    """The contract of the `def` `fn` (its `decorated` node, if any), whose
    parameters are `params`, in the file `source`."""
    contract = Contract()
    if decorated is not None:
        for deco in decorated.children[0].children:
            _decorator(deco, contract, params, source, imports)
    suite = fn.children[3]
    stmts = stmts_of(suite)
    if stmts and stmts[0].data == "expr_stmt" and is_plain_string(stmts[0].children[0]):
        _docstring(stmts[0].children[0], contract, params)
    return contract


# ---------------------------------------------------------------- decorators


def _decorator(deco: Tree, contract: Contract, params: list[str], source: str, imports: dict[str, str]) -> None:
    dotted, args = deco.children
    parts = [str(t) for t in dotted.children]
    head = imports.get(parts[0])
    name = ".".join([head, *parts[1:]]) if head else ".".join(parts)
    line, column = position(deco)
    if head is None or name not in CONTRACT_DECORATORS:
        raise ContractError(f"unsupported construct: decorator '@{'.'.join(parts)}' (only icontract and deal "
                            "contracts are read)", line, column)
    if name in ("deal.safe", "deal.pure"):
        if args is not None:
            raise ContractError(f"unsupported construct: '@{name}' with arguments", line, column)
        return
    if name == "deal.raises":
        for a in _positional(args, name, line, column):
            if not (isinstance(a, Tree) and a.data == "var"):
                raise ContractError("unsupported construct: deal.raises of something other than an "
                                    "exception name", *position(a))
            contract.raises.add(str(a.children[0]))
        return
    arguments = _positional(args, name, line, column)
    if not arguments or not (isinstance(arguments[0], Tree) and arguments[0].data == "lambdef"):
        raise ContractError(f"unsupported construct: '@{name}' whose condition is not a lambda", line, column)
    lam = arguments[0]
    names = _lambda_names(lam)
    body = lam.children[1]
    if name == "icontract.snapshot":
        key = _keyword(args, "name")
        if key is None:
            if len(names) != 1:
                raise ContractError("unsupported construct: icontract.snapshot of several arguments without "
                                    "a name", line, column)
            key = names[0]
        contract.snapshots[key] = Condition(body, key, *position(body), _bind(names, params, (), "", lam),
                                            _code(body, source))
        return
    if name == "deal.post":
        if len(names) != 1:
            raise ContractError("unsupported construct: deal.post whose lambda does not take exactly the "
                                "result", *position(lam))
        bind = {names[0]: "result"}
    elif name in ("deal.pre",) and names == ["_"]:
        bind = {"_": "args"}
    else:
        is_post = name in ("icontract.ensure", "deal.ensure")
        bind = _bind(names, params, ("result",) if is_post else (), "OLD" if name == "icontract.ensure" else "", lam)
    condition = Condition(body, _text(body, source), *position(body), bind, _code(body, source))
    (contract.pre if name in ("icontract.require", "deal.pre") else contract.post).append(condition)


#: the decorators read (qualified names)
CONTRACT_DECORATORS = frozenset({"icontract.require", "icontract.ensure", "icontract.snapshot", "deal.pre", "deal.post",
                         "deal.ensure", "deal.raises", "deal.safe", "deal.pure"})


def _positional(args: Tree | None, name: str, line: int, column: int) -> list[Tree]:
    if args is None:
        return []
    out = []
    for a in args.children:
        if a is None:
            continue
        if isinstance(a, Tree) and a.data in ("starargs", "stararg", "kwargs", "comprehension"):
            raise ContractError(f"unsupported construct: '@{name}' with starred or generator arguments", line, column)
        if isinstance(a, Tree) and a.data == "argvalue":
            continue  # description=, error=, enabled=, message=: they do not change what is checked
        out.append(a)
    return out


def _keyword(args: Tree | None, key: str) -> str | None:
    for a in (args.children if args is not None else []):
        if isinstance(a, Tree) and a.data == "argvalue":
            k, v = a.children
            if isinstance(k, Tree) and k.data == "var" and str(k.children[0]) == key:
                if not is_plain_string(v) or v.data != "string":
                    raise ContractError(f"unsupported construct: {key}= that is not a string literal", *position(v))
                return str(v.children[0])[1:-1]
    return None


def _lambda_names(lam: Tree) -> list[str]:
    params = lam.children[0]
    names = []
    for p in (params.children if params is not None else []):
        if p is None:
            continue
        if not isinstance(p, Token):
            raise ContractError("unsupported construct: contract lambda with default values or starred "
                                "parameters", *position(p))
        names.append(str(p))
    return names


def _bind(names: list[str], params: list[str], result: tuple[str, ...], old: str, lam: Tree) -> dict[str, str]:
    bind = {}
    for n in names:
        if n in params:
            bind[n] = "arg"
        elif n in result:
            bind[n] = "result"
        elif old and n == old:
            bind[n] = "old"
        else:
            raise ContractError(f"unsupported construct: contract lambda parameter '{n}' is not a parameter "
                                "of the function", *position(lam))
    return bind


def _text(node: Tree, source: str) -> str:
    return " ".join(_code(node, source).split())


def _code(node: Tree, source: str) -> str:
    """The exact source text of `node`."""
    if node.meta.empty:
        return ""
    return source[node.meta.start_pos:node.meta.end_pos]


# ---------------------------------------------------------------- docstrings

#: PEP 316 section headers as CrossHair's `condition_parser._HEADER_LINE` reads them
_HEADER = re.compile(r"^(\s*):?(post|pre|raises|inv)(\[[\w\s,.]*\])?::?\s*(.*?)\s*$")
_SPHINX_RAISES = re.compile(r"^\s*:raises\s+([\w.]+)\s*:", re.MULTILINE)


def _docstring(node: Tree, contract: Contract, params: list[str]) -> None:
    """PEP 316 conditions and declared exceptions of a docstring (a plain string literal)."""
    string = node.children[0] if node.data == "string" else node.children[0].children[0]
    text = str(string)
    lines = text.split("\n")
    first_line = string.line
    section: tuple[str, int] | None = None
    for i, raw in enumerate(lines):
        content = raw if i else raw.lstrip("rRuU").lstrip("'\"")
        if i == len(lines) - 1:
            content = re.sub(r"('''|\"\"\"|'|\")\s*$", "", content)
        if not content.strip():
            continue
        indent = len(content) - len(content.lstrip())
        raw = raw if i else " " * (string.column - 1) + raw  # columns of the first line start at the token's
        if section is not None and indent > section[1]:
            _section_line(section[0], content.strip(), first_line + i, raw, contract, params)
            continue
        section = None
        match = _HEADER.match(content)
        if not match:
            continue
        kind, rest = match.group(2), match.group(4)
        if kind == "inv":
            continue
        if match.group(3) is not None and kind == "post":
            raise ContractError("unsupported construct: 'post[...]:' (mutation lists)", first_line + i, 1)
        if rest and not rest.startswith("#"):
            _section_line(kind, rest, first_line + i, raw, contract, params)
        else:
            section = (kind, indent)
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        return
    for name in _SPHINX_RAISES.findall(value):
        contract.raises.add(name.split(".")[-1])
    contract.raises |= _google_raises(value.split("\n")) | _numpy_raises(value.split("\n"))


def _section_line(kind: str, expr: str, line: int, raw: str, contract: Contract, params: list[str]) -> None:
    if expr.startswith("#"):
        return
    if kind == "raises":
        contract.raises |= {n.strip().split(".")[-1] for n in expr.split("#")[0].split(",") if n.strip()}
        return
    column = max(raw.find(expr), 0) + 1
    tree = _parse_expression(expr, line, column)
    bind = {p: "arg" for p in params}
    if kind == "post":
        bind.update({"__return__": "result", "_": "result", "__old__": "old"})
    (contract.pre if kind == "pre" else contract.post).append(Condition(tree, " ".join(expr.split()), line, column,
                                                                      bind))


def _parse_expression(expr: str, line: int, column: int) -> Tree:
    """The parse tree of a docstring condition, positioned at its place in the file."""
    from verifier.errors import InputError

    indent = max(1, column - 1)
    text = "\n" * max(0, line - 2) + "if 1:\n" + " " * indent + expr + "\n"
    try:
        tree = parse_tree(text, "<contract>")
    except InputError:
        raise ContractError(f"unsupported construct: contract '{expr}' is not a Python expression",
                            line, column) from None
    stmt = stmts_of(stmts_of(tree)[0].children[1])
    if len(stmt) != 1 or stmt[0].data != "expr_stmt":
        raise ContractError(f"unsupported construct: contract '{expr}' is not a Python expression", line, column)
    return stmt[0].children[0]


def _google_raises(lines: list[str]) -> set[str]:
    """``Raises:`` then indented ``Name: text`` lines (Google style)."""
    found: set[str] = set()
    for i, line in enumerate(lines):
        if line.strip() != "Raises:":
            continue
        indent = len(line) - len(line.lstrip())
        entry_indent = None
        for follow in lines[i + 1:]:
            if not follow.strip():
                continue
            here = len(follow) - len(follow.lstrip())
            if here <= indent:
                break
            if entry_indent is None:
                entry_indent = here
            if here == entry_indent:
                m = re.match(r"\s*([\w.]+)\s*:", follow)
                if m:
                    found.add(m.group(1).split(".")[-1])
    return found


def _numpy_raises(lines: list[str]) -> set[str]:
    """A ``Raises`` heading underlined with dashes, then names at the heading's indent (numpy style)."""
    found: set[str] = set()
    underline = re.compile(r"\s*-{3,}\s*")
    for i, line in enumerate(lines[:-1]):
        if line.strip() != "Raises" or not underline.fullmatch(lines[i + 1]):
            continue
        indent = len(line) - len(line.lstrip())
        for k in range(i + 2, len(lines)):
            follow = lines[k]
            if not follow.strip():
                continue
            here = len(follow) - len(follow.lstrip())
            if here < indent or (k + 1 < len(lines) and underline.fullmatch(lines[k + 1])):
                break  # dedented, or the next section's heading
            if here == indent:
                m = re.fullmatch(r"\s*([\w.]+)\s*", follow)
                if not m:
                    break
                found.add(m.group(1).split(".")[-1])
    return found

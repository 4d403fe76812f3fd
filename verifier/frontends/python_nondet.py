"""Nondeterministic inputs in Python: ``int(input())``, and ``random``'s ``randint``, ``randrange``,
``getrandbits`` and ``choice``.

Python translations of competition C tasks write ``__VERIFIER_nondet_int()``
as one of these, usually in a parameterless ``main()`` (directly, or in a
``__VERIFIER_nondet_int`` helper of the file). Each call is a fresh value
(`ir.Nondet`) of the model, fed back in call order when a witness is replayed
(the worker makes ``input`` and these ``random`` functions return the
witness's values, see `crosscheck.py_worker`):

- ``int(input())`` (an optional prompt that is a literal) is any int. An input
  that is not a number (ValueError) or no input at all (EOFError) is outside
  the model, as in the C task the translation comes from, where the value is
  an int;
- ``random.randint(a, b)`` (through ``import random [as r]`` at module level,
  or ``from random import randint [as f]``) is any int of ``[a, b]``, after
  the check ``a <= b`` (``ValueError: empty range``, check ``value``);
  ``random.randrange(b)`` and ``random.randrange(a, b)`` any int of ``[a, b)``
  (``a`` is 0) after the check ``a < b``; ``random.getrandbits(k)`` with a
  constant ``k >= 0`` any int of ``[0, 2**k)``; ``random.choice([e0, e1, ...])``
  of a list or tuple display of ints (or of bools) any of its items, the witness
  holding the index it picks (an empty display is an IndexError, check ``bounds``).
  Other arguments (a ``step``, a variable sequence) are unsupported.

The names are understood only where CPython's meaning is certain: ``input``
not shadowed by a function of the file, a local or a module-level name, and
the ``random`` names bound only by those imports. Other uses of ``random``,
``input()`` as a string, and ``sys.stdin`` stay unsupported with their
construct and line. A file with contracts keeps these calls unsupported: a
contract's result at a call is a nondet value too, which a replay does not feed.
"""

from __future__ import annotations

from lark import Token, Tree

from .python_tree import names_module_function, walk

__all__ = ["RANDOM_MODULE", "RANDOM_FUNCTIONS", "NONDET_LABELS", "random_function", "is_input_call",
           "random_tokens"]

#: the module whose functions below draw a nondeterministic value
RANDOM_MODULE = "random"
#: the functions of `RANDOM_MODULE` that draw one (the replay worker feeds the same ones)
RANDOM_FUNCTIONS = ("randint", "randrange", "getrandbits", "choice")
#: how a witness's value is labelled, by kind of call (`ir.Nondet.name`)
NONDET_LABELS = {"input": "int(input())", "randint": "random.randint()", "randrange": "random.randrange()",
                 "getrandbits": "random.getrandbits()", "choice": "index random.choice() picks"}


def random_function(callee: Tree | Token, random_names: set[str], random_imports: dict[str, str],
                    shadowed: set[str]) -> str | None:
    """The function of `RANDOM_FUNCTIONS` that `callee` (the function part of a call) names: ``R.f``
    with ``R`` in `random_names`, or a name `random_imports` maps to ``f`` (``from random import f
    [as g]``), not in `shadowed` (the function's own names); None if none."""
    for function in RANDOM_FUNCTIONS:
        imported = {name for name, f in random_imports.items() if f == function}
        if names_module_function(callee, random_names, function, imported, shadowed):
            return function
    return None


def is_input_call(t: Tree | Token) -> bool:
    """`t` is ``input()`` or ``input("literal prompt")`` (shadowing is the caller's to rule out)."""
    if not (isinstance(t, Tree) and t.data == "funccall"):
        return False
    callee, args = t.children
    if not (isinstance(callee, Tree) and callee.data == "var" and str(callee.children[0]) == "input"):
        return False
    given = [a for a in (args.children if args is not None else []) if a is not None]
    return not given or (len(given) == 1 and isinstance(given[0], Tree) and given[0].data in ("string",
                                                                                              "string_concat"))


def random_tokens(tree: Tree, random_names: set[str], random_imports: dict[str, str]) -> set[int]:
    """The ids of the NAME tokens in `tree` that only name a function of `RANDOM_FUNCTIONS` (the
    ``random`` and ``randint`` of ``random.randint(...)``, the ``randint`` of ``from random import
    randint``): their module-level imports do not make the function unsupported."""
    found: set[int] = set()
    for node in walk(tree):
        if node.data != "funccall":
            continue
        callee = node.children[0]
        if random_function(callee, random_names, random_imports, set()) is None:
            continue
        tokens = [callee.children[0].children[0], callee.children[1]] if callee.data == "getattr" else [
            callee.children[0]]
        found.update(id(token) for token in tokens if isinstance(token, Token))
    return found

"""Program exits in Python: ``sys.exit(...)``, ``exit(...)``, ``quit(...)`` and ``raise SystemExit``.

Translations of C tasks write C's ``exit(n)``/``abort()`` (and the
``__VERIFIER_assume`` of some translators) as one of these. Like C's exit
(see `verifier.frontends.c`), each ends the execution without a failure:
it is lowered to ``Assume(false)``, so no check after it is reachable on
that path and no counterexample runs through it (a replay never meets the
``SystemExit``). The exit is understood only where CPython's meaning is
certain:

- ``sys.exit`` through ``import sys [as s]`` at module level, ``exit`` bound
  by ``from sys import exit [as e]``, or the builtins ``exit``/``quit`` and
  ``SystemExit`` not shadowed by a function, a local or a module-level name;
- its argument (at most one) is a literal or a plain name, so evaluating it
  cannot fail;
- it is not inside a ``try`` body (a handler there may catch SystemExit).

Anything else stays unsupported with its construct and line.
"""

from __future__ import annotations

import sys

from lark import Token, Tree

from .python_tree import names_module_function, walk

__all__ = ["SYS_MODULE", "SYS_CONSTANTS", "exit_call_tokens", "is_exit_callee", "is_simple_exit_argument",
           "sys_constant_tokens"]

#: the module whose ``exit`` ends the program
SYS_MODULE = "sys"
#: builtins that end the program (``site`` adds ``exit`` and ``quit``; both raise SystemExit)
EXIT_BUILTINS = frozenset({"exit", "quit"})
#: argument shapes whose evaluation cannot fail
_SIMPLE_ARGUMENTS = frozenset({"number", "string", "const_none", "const_true", "const_false", "var"})


def is_exit_callee(callee: Tree | Token, sys_names: set[str], exit_names: set[str], shadowed: set[str]) -> bool:
    """`callee` (the function part of a call) names an exit: ``S.exit`` with ``S`` in
    `sys_names`, a name in `exit_names` (``from sys import exit``), or a builtin exit
    not in `shadowed` (the file's functions, the function's variables, module bindings)."""
    return names_module_function(callee, sys_names, "exit", exit_names | EXIT_BUILTINS, shadowed)


def is_simple_exit_argument(args: list[Tree]) -> bool:
    """At most one argument, a literal or a plain name (its evaluation cannot fail)."""
    if not args:
        return True
    if len(args) != 1 or not isinstance(args[0], Tree):
        return False
    arg = args[0]
    if arg.data == "factor" and len(arg.children) == 2 and isinstance(arg.children[1], Tree):
        arg = arg.children[1]  # -1
    return arg.data in _SIMPLE_ARGUMENTS


#: the constants of ``sys`` read as their values (those of the CPython that lowers and replays)
SYS_CONSTANTS = {"maxsize": sys.maxsize}


def exit_call_tokens(tree: Tree, sys_names: set[str], exit_names: set[str]) -> set[int]:
    """The ids of the NAME tokens in `tree` that only name an exit (the ``sys`` of
    ``sys.exit(...)``, the ``exit`` of ``from sys import exit``): module-level
    bindings of those names do not make the function unsupported."""
    found: set[int] = set()
    for node in walk(tree):
        if node.data != "funccall":
            continue
        callee = node.children[0]
        if not is_exit_callee(callee, sys_names, exit_names, set()):
            continue
        token = callee.children[0].children[0] if callee.data == "getattr" else callee.children[0]
        if isinstance(token, Token) and (str(token) in sys_names or str(token) in exit_names):
            found.add(id(token))
    return found


def sys_constant_tokens(tree: Tree, sys_names: set[str]) -> set[int]:
    """The ids of the NAME tokens in `tree` that only name ``sys`` in ``sys.maxsize`` (a constant
    `ExprLowerer` reads): module-level bindings of those names do not make the function unsupported."""
    return {id(node.children[0].children[0]) for node in walk(tree)
            if node.data == "getattr" and str(node.children[1]) in SYS_CONSTANTS
            and isinstance(node.children[0], Tree) and node.children[0].data == "var"
            and str(node.children[0].children[0]) in sys_names}

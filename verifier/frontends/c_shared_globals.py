"""Functions inlined where they are called because they share assigned globals.

The IR has no globals: each function gets the globals it uses as locals (see
`verifier.frontends.c`, "Globals"), which is exact only when one function,
called by none, uses an assigned global. SV-COMP programs keep their state in
globals that helpers read and assign (``int counter; void step(void) {
counter++; }``). Such a helper is inlined where it is called (`c_inline`), so
its reads and writes are the caller's; after inlining, the entry function
(``main``) is the global's one user and the global its local.

A function is *sharing* when its body names a global that some function
assigns, or when it calls a sharing function. A sharing function that some
function calls is inlined at its calls and not verified on its own. The scan
is syntactic and over-approximates (a local shadowing a global counts as the
global; an argument of a call counts as written): inlining more than needed is
exact, only slower.
"""

from __future__ import annotations

from lark import Token, Tree

__all__ = ["inlined_for_globals"]

#: file-scope entries (`Unit.file_scope`) that are variables
GLOBAL_KINDS = ("global", "garray", "struct", "sarray")


def inlined_for_globals(bodies: dict[str, Tree], file_scope: dict[str, tuple]) -> dict[str, str]:
    """Each called function of `bodies` (name -> body) that shares an assigned
    global, with one such global (for its message)."""
    globals_ = {n for n, entry in file_scope.items() if entry and entry[0] in GLOBAL_KINDS}
    if not globals_:
        return {}
    written: set[str] = set()
    mentions: dict[str, set[str]] = {}
    calls: dict[str, set[str]] = {}
    for name, body in bodies.items():
        mentions[name], calls[name] = set(), set()
        for node in body.iter_subtrees():
            if node.data == "var":
                ident = str(node.children[0])
                if ident in globals_:
                    mentions[name].add(ident)
            elif node.data == "call":
                callee = node.children[0]
                if isinstance(callee, Tree) and callee.data == "var" and str(callee.children[0]) in bodies:
                    calls[name].add(str(callee.children[0]))
                written.update(_bases(a) for a in node.children[1:] if isinstance(a, Tree))
            elif node.data == "assign":
                written.add(_bases(node.children[0]))
            elif node.data in ("preinc", "postinc"):
                written.add(_bases(node.children[1] if node.data == "preinc" else node.children[0]))
            elif node.data == "unop" and str(node.children[0]) == "&":
                written.add(_bases(node.children[1]))
    sharing = {n: sorted(mentions[n] & written) for n in bodies}
    changed = True
    while changed:
        changed = False
        for n in bodies:
            if not sharing[n]:
                inherited = sorted({g for c in calls[n] for g in sharing[c]})
                if inherited:
                    sharing[n], changed = inherited, True
    called = {c for cs in calls.values() for c in cs}
    return {n: shared[0] for n, shared in sharing.items() if shared and n in called}


def _bases(tree: Tree | Token) -> str:
    """The variable an lvalue (``g``, ``g[i]``, ``g.f``, ``g[i].f``, ``(g)``) is part of, or ''."""
    while isinstance(tree, Tree):
        if tree.data == "var":
            return str(tree.children[0])
        if tree.data in ("index", "member"):
            tree = tree.children[0]
        else:
            return ""
    return ""

"""Linked lists passed to the analysed function: ``int length(struct node *head)``.

**The list-parameter convention.** A parameter ``struct T *p`` whose struct is a
list node (integer fields and exactly one pointer field, to ``struct T`` itself:
``struct node { int v; struct node *next; }``) is NULL or the first node of an
acyclic, NULL-terminated list of `LIST_NODES` nodes at most: each node a fresh
heap block of its own (no node is any other object of the function: each came
from its own `malloc`, so the function may `free` it once, and leaving it
allocated is no leak), its integer fields any values. NULL is the empty list.
A yes covers the lists of at most `LIST_NODES` nodes only, and says so
(`list_scope`) unless the bound cannot matter (`bound_limits`); a no is a list of
that size the replay harness builds for real.

In the IR the list is its length and contents, as parameters: ``p[->next].f`` (an
array per integer field, element k the field of node k, `list_array`) with its
length ``p[->next].f#len``,
the number of nodes (every field's the same). The function's body starts with
that length's bounds, then makes the nodes: struct objects ``p@k->`` (`k` from 0,
fields ``p@k->f`` and the link's two parts), node k linked to node k + 1 while
k + 1 is below the length, the last to NULL, and ``p`` a pointer variable to node 0
(NULL when the length is 0). Everything after is the lowering of pointers to
structs (`c_struct_pointers`): ``p->next``, ``p = p->next``, ``p->v = 0``.
"""

from __future__ import annotations

from lark import Tree

from ..ir import BOOL, Assign, Assume, Binary, Const, Ite, Loc, Param, Select, Stmt, Var, length_name
from .c_types import CArray, CInt, CPointerField, CStruct

__all__ = ["LIST_NODES", "list_array", "list_link", "list_params", "list_entry", "list_scope", "bound_limits"]

#: The longest list a list parameter is: every node is an object each access
#: through a pointer chooses among, and a walk's loop runs once per node, so the
#: encoding (and BMC's depth) grows with it. A yes says it covers only these.
LIST_NODES = 4


def list_array(name: str, link: str, field: str) -> str:
    """The IR array of field `field` of every node of list parameter `name` whose
    nodes are linked by `link`: ``head[->next].v`` (the replay harness reads the link from it)."""
    return f"{name}[->{link}].{field}"


def list_link(t: CStruct) -> str | None:
    """The link field of list node `t` (see the module doc), None if `t` is no list node."""
    links = [name for name, ft in t.fields if isinstance(ft, CPointerField)]
    scalars = [ft for _, ft in t.fields if isinstance(ft, CInt)]
    if len(links) != 1 or len(scalars) + 1 != len(t.fields) or not scalars:
        return None
    target = dict(t.fields)[links[0]]
    return links[0] if isinstance(target, CPointerField) and target.target == t.name else None


def list_params(name: str, t: CStruct, typing, loc: Loc) -> list[Param]:
    """The IR parameters of list parameter `name`: each integer field's array and its length."""
    out = []
    link = list_link(t)
    assert link is not None
    for field, ft in t.fields:
        if isinstance(ft, CInt):
            array = list_array(name, link, field)
            out += [Param(array, _array_type(typing, ft), loc), Param(length_name(array), typing.index, loc)]
    return out


def list_entry(lowerer, name: str, t: CStruct, loc: Loc) -> list[Stmt]:
    """The statements that start the body for list parameter `name` (see the
    module doc), after `lowerer` has the nodes and ``name`` as a pointer in scope."""
    X = lowerer.T.index
    fields = [(f, ft) for f, ft in t.fields if isinstance(ft, CInt)]
    link = list_link(t)
    assert link is not None
    arrays = [list_array(name, link, f) for f, _ in fields]
    length = Var(length_name(arrays[0]), X, loc)
    out: list[Stmt] = [Assume(Binary("land", Binary("ge", length, Const(0, X, loc), BOOL, loc),
                                     Binary("le", length, Const(LIST_NODES, X, loc), BOOL, loc), BOOL, loc), loc)]
    out += [Assume(Binary("eq", Var(length_name(a), X, loc), length, BOOL, loc), loc) for a in arrays[1:]]
    numbers = [lowerer.struct_object(f"{name}@{k}->", "", t, None, loc) for k in range(LIST_NODES)]
    for k, number in enumerate(numbers):
        node = lowerer.pointer_targets[f"{name}@{k}->"]  # the caller's heap block: freed at most once, never a leak
        node.state, node.site = f"{name}@{k}#state", loc
        lowerer.locals[node.state] = X
        out.append(Assign(node.state, Const(1, X, loc), loc))
        for (field, ft), array in zip(fields, arrays):
            target = f"{name}@{k}->{field}"
            ir_t = lowerer.T.ir(ft)
            lowerer.locals[target] = ir_t
            element = Select(Var(array, _array_type(lowerer.T, ft), loc), Const(k, X, loc), None, ir_t, "bounds", loc)
            out.append(Assign(target, element, loc))
            if ft.is_bool:
                out.append(Assume(Binary("lor", Binary("eq", Var(target, ir_t, loc), Const(0, ir_t, loc), BOOL, loc),
                                         Binary("eq", Var(target, ir_t, loc), Const(1, ir_t, loc), BOOL, loc),
                                         BOOL, loc), loc))
        following = numbers[k + 1] if k + 1 < LIST_NODES else Const(0, lowerer.obj_type, loc)
        out += _pointer(lowerer, f"{name}@{k}->{link}", Const(k + 1, X, loc), length, following, loc)
    out += _pointer(lowerer, name, Const(0, X, loc), length, numbers[0], loc)
    lowerer.list_nodes.update({n.value: (name, k) for k, n in enumerate(numbers)})
    return out


def list_scope(name: str) -> str:
    """What a yes covers for the list parameter `name`."""
    return f"'{name}' a list of at most {LIST_NODES} nodes (or NULL)"


def bound_limits(body: Tree, link: str, defined: set[str]) -> bool:
    """May a function whose body is `body` behave otherwise on a list longer than
    `LIST_NODES` nodes (linked by `link`) than on its first `LIST_NODES`? Not if it
    has no loop, goto or call of a function of the file (`defined`), and names the
    link fewer than `LIST_NODES` times: it then reaches at most node `LIST_NODES` - 1
    and never reads that node's link, so the longer list and the list cut after that
    node run alike."""
    links = 0
    for node in body.iter_subtrees():
        if node.data in ("while_stmt", "do_stmt", "for_stmt", "goto_stmt", "labeled_stmt"):
            return True
        if node.data == "call" and isinstance(node.children[0], Tree) and node.children[0].data == "var" \
                and str(node.children[0].children[0]) in defined:
            return True
        if node.data == "member" and str(node.children[-1]) == link:
            links += 1
    return links >= LIST_NODES


def _pointer(lowerer, base: str, position: Const, length: Var, node: Const, loc: Loc) -> list[Stmt]:
    """``base`` (a pointer variable or a link field) set to `node` when `position` is
    below `length`, else to NULL."""
    X = lowerer.T.index
    obj, off = f"{base}#obj", f"{base}#off"
    lowerer.locals[obj], lowerer.locals[off] = lowerer.obj_type, X
    lowerer.used_names.update((obj, off))
    here = Binary("lt", position, length, BOOL, loc)
    return [Assign(obj, Ite(here, node, Const(0, lowerer.obj_type, loc), lowerer.obj_type, loc), loc),
            Assign(off, Const(0, X, loc), loc)]


def _array_type(typing, ft: CInt):
    return typing.array(CArray(ft, (None,)))

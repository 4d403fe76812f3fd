"""The string sort of the policy encoding: cells cut by wildcard patterns.

A string subject (the resource, a principal, one condition key's values) is
only ever tested for membership in a few regular languages: IAM wildcard
patterns, literals, ARN shapes. The truth values of those tests split the
subject's domain into finitely many *cells*; the encoding then needs only the
cell's index (a small integer), never the string. `Family` finds every
non-empty cell, with its shortest witness string, by one breadth-first walk of
the product of the patterns' automata. This is exact: a cell exists iff some
string has exactly that combination of memberships.

A glob is a sequence of `Elem`s: one character from a set, or a run (`*`) of
characters from a set. Sets are literal characters (optionally both cases),
every character, or every character but ':' (IAM's ARN segment rule).
"""

from __future__ import annotations

import functools
from collections import deque
from dataclasses import dataclass

from verifier.deadline import current

#: product states explored before giving up (the encoding then falls back to z3 strings)
MAX_STATES = 20000

#: characters tried, in order, for "any other character" in witnesses
_OTHER_CANDIDATES = "xyzqjkwvuabcdefghilmnoprst0123456789-_."


@dataclass(frozen=True)
class Elem:
    """One glob element: a single character (`star` False) or a run of them.
    `chars` is the literal character set; `wild` is "" (use `chars`), "all", "nocolon" or "name"
    (neither ':' nor '/': one name inside a documented ARN format)."""

    star: bool
    chars: frozenset[str] = frozenset()
    wild: str = ""


def lit(text: str, ignore_case: bool = False) -> list[Elem]:
    """Elements matching exactly `text` (ASCII case folded when `ignore_case`)."""
    return [_char(c, ignore_case and c.isascii() and c.isalpha()) for c in text]


@functools.lru_cache(maxsize=4096)
def _char(c: str, both_cases: bool) -> Elem:
    return Elem(False, frozenset({c, c.lower(), c.upper()} if both_cases else {c}))


ANY = Elem(True, wild="all")
ANY_NC = Elem(True, wild="nocolon")
ONE = Elem(False, wild="all")
ONE_NC = Elem(False, wild="nocolon")
ANY_NAME = Elem(True, wild="name")
ONE_NAME = Elem(False, wild="name")
#: characters a wild kind excludes
EXCLUDED = {"all": frozenset(), "nocolon": frozenset(":"), "name": frozenset(":/")}

Glob = tuple[Elem, ...]
#: a predicate is a union of globs (an empty union matches nothing)
Pred = tuple[Glob, ...]


class TooLarge(Exception):
    """The product automaton exceeded MAX_STATES."""


@dataclass(frozen=True)
class Cell:
    """A non-empty region: the predicates true on it, and its shortest member."""

    preds: frozenset[int]
    witness: str


class Family:
    """The cells that predicates `preds` cut out of the domain `domain`.

    `cells[i].preds` lists the indices of the predicates true on cell i; only
    cells inside the domain are kept. Raises TooLarge past `max_states` product states.
    """

    def __init__(self, preds: list[Pred], domain: Pred | None = None, max_states: int = MAX_STATES) -> None:
        self.preds = preds
        self.max_states = max_states
        globs: list[Glob] = []
        owner: list[int] = []
        for k, pred in enumerate(preds + ([domain] if domain is not None else [])):
            for g in pred:
                globs.append(g)
                owner.append(k)
        self._domain_index = len(preds) if domain is not None else None
        deadline = current()
        self._globs = []
        for g in globs:
            deadline.check()
            self._globs.append(_Compiled(g))
        self._owner = owner
        self._other = _other_char({c for g in globs for e in g for c in e.chars})
        self._where: dict[int, list[int]] | None = None
        self.cells = self._explore()
        self._by_preds = {c.preds: i for i, c in enumerate(self.cells)}

    def cells_where(self, pred: int) -> list[int]:
        """Indices of the cells on which predicate `pred` holds."""
        if self._where is None:
            self._where = {}
            for i, c in enumerate(self.cells):
                for k in c.preds:
                    self._where.setdefault(k, []).append(i)
        return self._where.get(pred, [])

    def cell_of(self, text: str) -> int | None:
        """The cell containing `text`, or None when `text` is outside the domain."""
        states = [g.start for g in self._globs]
        for ch in text:
            states = [g.step(s, ch) for g, s in zip(self._globs, states)]
        true = {self._owner[i] for i, (g, s) in enumerate(zip(self._globs, states)) if g.accepts(s)}
        if self._domain_index is not None and self._domain_index not in true:
            return None
        return self._by_preds.get(frozenset(true - {self._domain_index}))

    def _explore(self) -> list[Cell]:
        """Breadth-first over product states. A product state keeps only the globs still
        undecided (`live`: index and state) and the set of those that accept every
        continuation (`tops`); dead globs are dropped, so a step costs what is live."""
        deadline = current()
        live0, tops0 = [], []
        for i, g in enumerate(self._globs):
            if g.start == TOP:
                tops0.append(i)
            elif g.start > 0:
                live0.append((i, g.start))
        start = (tuple(live0), frozenset(tops0))
        witness = {start: ""}
        queue = deque([start])
        found: dict[frozenset[int], str] = {}
        while queue:
            deadline.check()
            state = queue.popleft()
            live, tops = state
            true = {self._owner[i] for i in tops} | {self._owner[i] for i, s in live if self._globs[i].accepts(s)}
            if self._domain_index is None or self._domain_index in true:
                found.setdefault(frozenset(true - {self._domain_index}), witness[state])
            by_char: dict[str, list[tuple[int, int]]] = {}
            wild: list[tuple[int, int]] = []  # globs a character outside their lists may still move
            for i, s in live:
                g = self._globs[i]
                if g.is_wild(s):
                    wild.append((i, s))
                for c in g.relevant(s):
                    by_char.setdefault(c, []).append((i, s))
            for ch in sorted(by_char) + [self._other]:
                moving = by_char.get(ch, [])
                if wild:  # literal globs not listing `ch` die on it: only the rest are stepped
                    moving = sorted(set(moving).union(wild))
                nxt = self._step(moving, tops, ch)
                if nxt not in witness:
                    if len(witness) >= self.max_states:
                        raise TooLarge(f"more than {self.max_states} automaton states")
                    witness[nxt] = witness[state] + ch
                    queue.append(nxt)
        return [Cell(preds, w) for preds, w in sorted(found.items(), key=lambda kv: (len(kv[1]), kv[1]))]

    def _step(self, live: list[tuple[int, int]], tops: frozenset[int], ch: str) -> tuple:
        out = []
        new_tops = []
        for i, s in live:
            n = self._globs[i].step(s, ch)
            if n == TOP:
                new_tops.append(i)
            elif n > 0:
                out.append((i, n))
        return tuple(out), tops.union(new_tops) if new_tops else tops


#: the state of a glob that accepts every continuation (a trailing `*` was reached)
TOP = -1


def member(include: list[Pred], exclude: list[Pred], max_states: int = MAX_STATES) -> str | None:
    """A shortest string in every predicate of `include` and in none of `exclude`, or None
    when there is none (exact). Unlike `Family`, which tells every combination of its
    predicates apart (2^n cells for n wildcards that run past colons), this walk drops a
    state as soon as an excluded glob is bound to match, so it stays small. Raises
    TooLarge past `max_states` product states."""
    deadline = current()
    inc = [[_compiled(g) for g in pred] for pred in include]
    exc = [_compiled(g) for pred in exclude for g in pred]
    other = _other_char({c for pred in include + exclude for g in pred for e in g for c in e.chars})

    def state(inc_states: list, exc_states: list[tuple[int, int]]) -> tuple | None:
        """The canonical product state (an include predicate's entry is True once it holds
        whatever follows), None when no continuation can be a member."""
        out_inc: list = []
        for live in inc_states:
            if live is True or any(s == TOP for _, s in live):
                out_inc.append(True)  # this predicate holds whatever follows
                continue
            live = [(i, s) for i, s in live if s > 0]
            if not live:
                return None
            out_inc.append(tuple(live))
        if any(s == TOP for _, s in exc_states):
            return None
        return tuple(out_inc), tuple((i, s) for i, s in exc_states if s > 0)

    def accepts(st: tuple) -> bool:
        inc_st, exc_st = st
        return all(p is True or any(inc[k][i].accepts(s) for i, s in p) for k, p in enumerate(inc_st)) and not any(
            exc[i].accepts(s) for i, s in exc_st)

    start = state([[(i, g.start) for i, g in enumerate(pred)] for pred in inc], [(i, g.start) for i, g in enumerate(exc)])
    if start is None:
        return None
    witness = {start: ""}
    queue = deque([start])
    while queue:
        deadline.check()
        st = queue.popleft()
        if accepts(st):
            return witness[st]
        inc_st, exc_st = st
        chars = {other}
        for k, p in enumerate(inc_st):
            if p is not True:
                for i, s in p:
                    chars |= inc[k][i].relevant(s)
        for i, s in exc_st:
            chars |= exc[i].relevant(s)
        for ch in sorted(chars):
            nxt = state([True if p is True else [(i, inc[k][i].step(s, ch)) for i, s in p] for k, p in enumerate(inc_st)],
                        [(i, exc[i].step(s, ch)) for i, s in exc_st])
            if nxt is not None and nxt not in witness:
                if len(witness) >= max_states:
                    raise TooLarge(f"more than {max_states} automaton states")
                witness[nxt] = witness[st] + ch
                queue.append(nxt)
    return None


@functools.lru_cache(maxsize=4096)
def _compiled(glob: Glob) -> "_Compiled":
    """One compiled automaton per glob, shared by every walk (its steps are memoized)."""
    return _Compiled(glob)


class _Compiled:
    """A glob as a lazily determinized automaton; a state is a bitmask of
    positions, 0 when dead, TOP when every continuation is accepted (keeping
    such states apart would only multiply the product's states). A step is a
    few operations on the bitmask, whatever the glob's length."""

    def __init__(self, glob: Glob) -> None:
        self.elems = glob
        self.n = len(glob)
        tail = self.n
        while tail > 0 and glob[tail - 1] == ANY:
            tail -= 1
        #: positions from which the rest of the glob is all `*`
        self._top_mask = ((1 << (self.n + 1)) - 1) ^ ((1 << tail) - 1) if tail < self.n else 0
        #: positions holding a run (`*`-like element)
        self._star_mask = sum(1 << i for i, e in enumerate(glob) if e.star)
        #: wild kind -> positions of that kind; literal character -> positions allowing it
        self._wild_masks: dict[str, int] = {}
        self._char_masks: dict[str, int] = {}
        for i, e in enumerate(glob):
            if e.wild:
                self._wild_masks[e.wild] = self._wild_masks.get(e.wild, 0) | 1 << i
            for c in e.chars:
                self._char_masks[c] = self._char_masks.get(c, 0) | 1 << i
        self._any_wild = sum(self._wild_masks.values())
        self.start = self._close(1)
        self._memo: dict[tuple[int, str], int] = {}
        self._relevant: dict[int, set[str]] = {}

    def accepts(self, state: int) -> bool:
        return state == TOP or bool(state >> self.n & 1)

    def is_wild(self, state: int) -> bool:
        """Some position of `state` is a wildcard (so unlisted characters may keep it alive)."""
        return bool(state & self._any_wild)

    def step(self, state: int, ch: str) -> int:
        if state <= 0:
            return state
        key = (state, ch)
        nxt = self._memo.get(key)
        if nxt is None:
            allowed = self._char_masks.get(ch, 0)
            for wild, mask in self._wild_masks.items():
                if ch not in EXCLUDED[wild]:
                    allowed |= mask
            moved = state & allowed
            nxt = self._memo[key] = self._close(((moved & ~self._star_mask) << 1) | (moved & self._star_mask))
        return nxt

    def relevant(self, state: int) -> set[str]:
        """Characters that may act differently from an unlisted one in `state`."""
        if state <= 0:
            return set()
        rel = self._relevant.get(state)
        if rel is None:
            rel = set()
            rest = state
            while rest:
                low = rest & -rest
                i = low.bit_length() - 1
                rest ^= low
                if i < self.n:
                    e = self.elems[i]
                    rel |= e.chars if not e.wild else EXCLUDED[e.wild]
            self._relevant[state] = rel
        return rel

    def _close(self, state: int) -> int:
        """Add the position after every reachable run (a run may match nothing)."""
        added = ((state & self._star_mask) << 1) & ~state
        while added:
            state |= added
            added = ((added & self._star_mask) << 1) & ~state
        return TOP if state & self._top_mask else state


def _allows(e: Elem, ch: str) -> bool:
    if e.wild:
        return ch not in EXCLUDED[e.wild]
    return ch in e.chars


def _other_char(used: set[str]) -> str:
    for c in _OTHER_CANDIDATES:
        if c not in used and c not in ":/":
            return c
    return next(chr(c) for c in range(0x100, 0x10000) if chr(c) not in used)

"""Lark's contextual lexer without one compiled alternation per parser state.

Lark's `ContextualLexer` gives each LALR state a scanner of its own: one
regular expression, the alternation of the terminals the state accepts (in
Lark's order: priority, then longest possible match...), compiled when the
state first lexes. A 15-line Python file meets some 30 states, and compiling
their alternations costs some 18 ms of its 21 ms parse (every process, every
file: a compiled pattern cannot be stored). `SharedScannerLexer` (given to Lark
as ``_plugins={"ContextualLexer": SharedScannerLexer}``) answers exactly as
those scanners do - the first terminal of the state's list that matches at the
position - from one alternation of all the grammar's terminals, compiled once:
when the terminal it finds is one the state accepts, that is the answer (every
terminal before it failed to match); otherwise the state's terminals after it
are tried one by one, each pattern compiled once per process. Keywords are
found as Lark finds them (a NAME-like match of a state that accepts the
keyword becomes the keyword: `UnlessCallback`), with the pairs of patterns
compared once per process instead of once per state.

`tests/test_quick_parse_scanner.py` checks that it lexes, parses and fails as
Lark's own lexer does (the repository's examples and Hypothesis token soups).
"""

from __future__ import annotations

import functools
from typing import Any

from lark.lexer import BasicLexer, ContextualLexer, PatternRE, PatternStr, Scanner, UnlessCallback

__all__ = ["SharedScannerLexer"]


@functools.lru_cache(maxsize=None)
def _pattern(re_module: Any, regexp: str, flags: int) -> Any:
    """`regexp` compiled (once per process)."""
    return re_module.compile(regexp, flags)


@functools.lru_cache(maxsize=None)
def _fully_matches(re_module: Any, regexp: str, text: str, flags: int) -> bool:
    """Does `regexp` match all of `text` (as Lark's `_create_unless` asks)?"""
    m = _pattern(re_module, regexp, flags).match(text)
    return m is not None and m.group(0) == text


class _AllTerminals:
    """Every terminal of the grammar, in a scanner's order, with their alternation (built on first use)."""

    def __init__(self, terminals: list, flags: int, re_module: Any) -> None:
        self.terminals = sorted(terminals, key=lambda t: (-t.priority, -t.pattern.max_width,
                                                          -len(t.pattern.value), t.name))
        self.flags, self.re = flags, re_module
        self.rank = {t.name: i for i, t in enumerate(self.terminals)}
        self._scanner: Scanner | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_scanner": None}  # compiled patterns are not kept on disk

    def first(self, text: Any, pos: int) -> tuple[str, str] | None:
        """(value, terminal) of the first terminal that matches at `pos`, as Lark's scanner returns it."""
        if self._scanner is None:
            self._scanner = Scanner(self.terminals, self.flags, self.re, False)
        return self._scanner.match(text, pos)


class _StateScanner:
    """What Lark's `Scanner` of one state's `terminals` answers, from the shared alternation."""

    def __init__(self, terminals: list, everything: _AllTerminals) -> None:
        self.terminals = terminals
        self.allowed_types = {t.name for t in terminals}
        self.everything = everything
        self.ranked = [(everything.rank[t.name], t) for t in terminals]

    def match(self, text: Any, pos: int) -> tuple[str, str] | None:
        found = self.everything.first(text, pos)
        if found is None or found[1] in self.allowed_types:
            return found
        after = self.everything.rank[found[1]]  # it and every terminal before it fail here or are not ours
        every = self.everything
        for rank, terminal in self.ranked:
            if rank > after:
                m = _pattern(every.re, terminal.pattern.to_regexp(), every.flags).match(text.text, pos, text.end)
                if m:
                    return m.group(0), terminal.name
        return None

    def fullmatch(self, text: str) -> str | None:
        every = self.everything
        for terminal in self.terminals:
            if _pattern(every.re, terminal.pattern.to_regexp(), every.flags).fullmatch(text):
                return terminal.name
        return None


class _StateLexer(BasicLexer):
    """One state's lexer: Lark's `BasicLexer` with a `_StateScanner`."""

    everything: _AllTerminals

    def _build_scanner(self) -> Any:
        if self.use_bytes or self.user_callbacks:
            return super()._build_scanner()
        terminals, self.callback = self._keywords()
        return _StateScanner(terminals, self.everything)

    def _keywords(self) -> tuple[list, dict]:
        """Lark's `_create_unless`: the terminals left once each string a regular terminal of the same
        priority matches whole is dropped (when its flags allow), and the callbacks that turn such a
        match back into that string's terminal."""
        everything = self.everything
        regular = [t for t in self.terminals if isinstance(t.pattern, PatternRE)]
        strings = [t for t in self.terminals if isinstance(t.pattern, PatternStr)]
        embedded, callback = set(), {}
        for retok in regular:
            unless = [s for s in strings if s.priority == retok.priority and _fully_matches(
                everything.re, retok.pattern.to_regexp(), s.pattern.value, self.g_regex_flags)]
            embedded.update(s for s in unless if s.pattern.flags <= retok.pattern.flags)
            if unless:
                callback[retok.name] = UnlessCallback(_StateScanner(unless, everything))
        return [t for t in self.terminals if t not in embedded], callback


class SharedScannerLexer(ContextualLexer):
    """Lark's contextual lexer whose states share one scanner (see the module docstring)."""

    BasicLexer = _StateLexer

    def __init__(self, conf: Any, states: Any, always_accept: Any = ()) -> None:
        super().__init__(conf, states, always_accept)
        everything = _AllTerminals(list(conf.terminals), conf.g_regex_flags, conf.re_module)
        for lexer in [*self.lexers.values(), self.root_lexer]:
            lexer.everything = everything

"""Replay a C counterexample for real: a gcc-compiled harness with UBSan.

`CReplayer(program, function)` turns the user's file into a harness that feeds
given parameter values and nondeterministic values (in call order) to
`function`, compiles it once with ``gcc -O0 -g -fsanitize=undefined
-fno-sanitize-recover=all`` (cached on disk by content hash), and runs it with
a time limit. Each run yields an `Observation`: our own marker for a failed
``assert``/``__VERIFIER_assert``/``reach_error`` (line of the call), our
marker for an operation whose run-time operands overflow, divide by zero or
shift out of range (every such operation is routed through a checking macro,
see `replay_ops`, because gcc folds some before UBSan sees them), UBSan's
``file:LINE:COL: runtime error: ...`` for the rest, an ``assume`` that was
false (infeasible), a timeout, or a normal exit.
`replay_c(...)` says whether one run confirms a counterexample (same check,
same line).

How the harness keeps the user's line numbers: the user's text is kept line
for line after ``#line 1 "<path>"``; ``#include`` lines, user definitions and
file-scope declarations of the built-ins are blanked with spaces (newlines
kept); calls to the built-ins are rewritten in place to pass the line of the
call; an uninitialised local ``int x;`` gets `` = __verify_next()`` right after
its identifier. The harness's own code lives in a second translation unit so
no libc name leaks into the user's namespace (a user function called ``div``
still compiles).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading

from verifier import ir
from verifier.crosscheck.ilp32 import narrow_longs
from verifier.crosscheck.observation import Observation, ReplayOutcome, judge
from verifier.crosscheck.replay_ops import OPS_HELPER_C, OPS_PRELUDE, Edit, apply_edits, operation_edits

__all__ = ["CReplayer", "replay_c", "GCC_FLAGS", "DEFAULT_TIMEOUT_S"]

#: flags of every harness build; `-O0` keeps each operation as written so
#: UBSan sees the overflow the source has, `-w` because user code is not ours
#: Functions the file declares but never defines (e.g. h's oracle) must not stop
#: the link: a witness for another function never calls them.
GCC_FLAGS = ("-O0", "-g", "-fsanitize=undefined", "-fno-sanitize-recover=all", "-w",
             "-no-pie", "-Wl,--unresolved-symbols=ignore-all")
#: a replay that runs longer than this is reported as "no failure observed"
DEFAULT_TIMEOUT_S = 2.0
#: the harness's exit statuses (the markers on stderr are what we trust)
_EXIT_FAIL, _EXIT_ASSUME, _EXIT_UBSAN = 70, 71, 72
_HARNESS_FILE = "<verify-harness>"

#: built-ins that fail with the line of their call: name -> takes a condition
_FAILING = {"assert": True, "__VERIFIER_assert": True, "reach_error": False, "__VERIFIER_error": False}
#: built-ins that cut an infeasible run short
_ASSUMING = {"assume", "__VERIFIER_assume"}
#: SV-COMP nondet functions and their C return types
_NONDET_TYPES = {
    "__VERIFIER_nondet_int": "int",
    "__VERIFIER_nondet_uint": "unsigned int",
    "__VERIFIER_nondet_unsigned": "unsigned int",
    "__VERIFIER_nondet_long": "long",
    "__VERIFIER_nondet_ulong": "unsigned long",
    "__VERIFIER_nondet_longlong": "long long",
    "__VERIFIER_nondet_ulonglong": "unsigned long long",
    "__VERIFIER_nondet_short": "short",
    "__VERIFIER_nondet_ushort": "unsigned short",
    "__VERIFIER_nondet_char": "char",
    "__VERIFIER_nondet_schar": "signed char",
    "__VERIFIER_nondet_uchar": "unsigned char",
    "__VERIFIER_nondet_bool": "_Bool",
    "__VERIFIER_nondet__Bool": "_Bool",
    "__VERIFIER_nondet_size_t": "unsigned long",
    "__VERIFIER_nondet_u8": "unsigned char",
    "__VERIFIER_nondet_u16": "unsigned short",
    "__VERIFIER_nondet_u32": "unsigned int",
    "__VERIFIER_nondet_u64": "unsigned long long",
}
_TYPE_WORDS = frozenset(
    "void char short int long float double signed unsigned _Bool bool const volatile "
    "static register extern auto typedef struct union enum inline restrict".split()
)
#: headers whose content (macros, typedefs) user code may rely on without risk
_SAFE_HEADERS = ("limits.h", "stdbool.h", "stdint.h", "stddef.h")

_HELPERS_C = r"""
/* verify replay harness: runtime support, kept apart from the user's code */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>

static int verify_argc, verify_nparams, verify_pos;
static char **verify_argv;

static unsigned long long verify_parse(const char *s) {
    if (s[0] == '-') return (unsigned long long)strtoll(s, 0, 10);
    return strtoull(s, 0, 10);
}

void __verify_init(int argc, char **argv, int nparams) {
    /* deep (finite) recursion is not a failure: give the run a big stack */
    struct rlimit rl;
    const rlim_t want = (rlim_t)256 << 20;
    if (!getenv("VERIFY_HARNESS_STACK") && getrlimit(RLIMIT_STACK, &rl) == 0
        && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rl.rlim_cur = (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want) ? want : rl.rlim_max;
        if (setrlimit(RLIMIT_STACK, &rl) == 0) {
            setenv("VERIFY_HARNESS_STACK", "1", 1);
            execv("/proc/self/exe", argv);
        }
    }
    verify_argc = argc; verify_argv = argv; verify_nparams = nparams; verify_pos = 0;
}

unsigned long long __verify_param(int i) {
    return (i < verify_nparams && 1 + i < verify_argc) ? verify_parse(verify_argv[1 + i]) : 0;
}

unsigned long long __verify_next(void) {
    int i = 1 + verify_nparams + verify_pos++;
    return i < verify_argc ? verify_parse(verify_argv[i]) : 0;
}

void __verify_fail(const char *kind, int line) {
    fprintf(stderr, "\nVERIFY-FAIL %s %d\n", kind, line);
    fflush(stderr);
    _exit(70);
}

void __verify_infeasible(int line) {
    fprintf(stderr, "\nVERIFY-INFEASIBLE %d\n", line);
    fflush(stderr);
    _exit(71);
}
""" + OPS_HELPER_C

_PRELUDE = r"""/* verify replay harness for {function} in {path} */
#include <limits.h>
{includes}extern void __verify_fail(const char *, int) __attribute__((__noreturn__));
extern void __verify_infeasible(int) __attribute__((__noreturn__));
extern unsigned long long __verify_next(void);
extern unsigned long long __verify_param(int);
extern void __verify_init(int, char **, int);
static void __verify_check(int line, _Bool ok) {{ if (!ok) __verify_fail("assert", line); }}
static void __verify_reach(int line) {{ __verify_fail("assert", line); }}
static void __verify_assume(int line, _Bool ok) {{ if (!ok) __verify_infeasible(line); }}
{checks}{macros}{declarations}{nondets}#define main __verify_user_main
"""


class CReplayer:
    """Runs `function` of a C `program` on concrete inputs, many times.

    Construction builds the harness text (cheap) with its operations checked,
    and `plain_harness` without; the first `run` compiles the former (or the
    latter if it does not compile; once per distinct harness, cached under the
    system temp dir). If gcc is missing or no harness compiles, every run
    returns an `Observation` with ``unavailable=True`` and the reason; nothing raises.
    """

    def __init__(self, program: ir.Program, function: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.program = program
        self.function = function
        self.timeout_s = timeout_s
        self.notes: list[str] = []
        self._binary: str | None = None
        self._error = ""
        self._lock = threading.Lock()
        func = program.functions.get(function)
        if func is None:
            self._error = f"no function {function!r} in {program.path}"
            self.params: list[ir.Param] = []
            self.harness = ""
            return
        self.params = list(func.params)
        try:
            self.harness = _build_harness(program, function, self.params, self.notes, check_operations=True)
        except Exception as exc:  # a harness-generation bug must cost a confirmation, not the run
            self.harness = ""
            self._error = f"cannot build the replay harness: {type(exc).__name__}: {exc}"

    # ------------------------------------------------------------------ build

    @functools.cached_property
    def plain_harness(self) -> str:
        """The harness without the operation checks (UBSan alone), '' if it cannot be built."""
        if not self.harness:
            return ""
        return _build_harness(self.program, self.function, self.params, [], check_operations=False)

    @property
    def error(self) -> str:
        """Why the harness cannot run ('' when it can, or before the first build)."""
        return self._error

    def build(self) -> str | None:
        """Compile the harness (once); the binary's path, or None with `error` set.
        If the operation checks do not compile, the harness runs with UBSan alone."""
        with self._lock:
            if self._binary is None and not self._error:
                self._binary, self._error = _compile(self.harness)
                if self._binary is None and self.plain_harness != self.harness:
                    self._binary, self._error = _compile(self.plain_harness)
                    self.notes.append("operations checked by UBSan only (their checks did not compile)")
            return self._binary

    # -------------------------------------------------------------------- run

    def run(self, params: dict[str, int], nondet: list[int]) -> Observation:
        """Run once with `params` (by name; missing ones are 0) and `nondet`
        (values of the nondeterministic calls in call order; past the end: 0)."""
        binary = self.build()
        if binary is None:
            return Observation(None, detail=self._error, unavailable=True)
        args = []
        for p in self.params:
            value = int(params.get(p.name, 0))
            if not -(1 << 63) <= value < (1 << 64):
                return Observation(None, detail=f"{p.name}={value} does not fit in 64 bits", unavailable=True)
            args.append(str(value))
        for value in nondet:
            value = int(value)
            if not -(1 << 63) <= value < (1 << 64):
                return Observation(None, detail=f"nondet value {value} does not fit in 64 bits", unavailable=True)
            args.append(str(value))
        env = dict(os.environ)
        env["UBSAN_OPTIONS"] = f"print_stacktrace=0:halt_on_error=1:exitcode={_EXIT_UBSAN}"
        env["VERIFY_HARNESS_STACK"] = "1"  # set here, so the harness need not re-exec itself
        try:
            proc = subprocess.run(
                [binary, *args], capture_output=True, timeout=self.timeout_s, env=env, stdin=subprocess.DEVNULL,
                preexec_fn=_big_stack,
            )
        except subprocess.TimeoutExpired:
            return Observation(None, detail=f"still running after {self.timeout_s:g}s (stopped)", timed_out=True)
        except OSError as exc:
            return Observation(None, detail=f"cannot run the harness: {exc}", unavailable=True)
        return _classify(proc.returncode, proc.stderr.decode("utf-8", "replace"))

    def replay(self, params: dict[str, int], nondet: list[int], check: str, line: int) -> ReplayOutcome:
        """Run once and judge: confirmed iff the run fails with `check` at `line`."""
        observation = self.run(params, nondet)
        if observation.unavailable:
            return ReplayOutcome(False, f"replay unavailable: {observation.detail}", observation)
        outcome = judge(observation, check, line, "a gcc -fsanitize=undefined harness")
        if not outcome.confirmed and self.notes:
            outcome = dataclasses.replace(outcome, detail=outcome.detail + "; note: " + "; ".join(self.notes))
        return outcome


def _big_stack() -> None:
    """In the child before exec: a 256 MiB stack, so deep finite recursion is not a crash."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    want = 256 << 20
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_STACK, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))


def replay_c(
    program: ir.Program,
    function: str,
    params: dict[str, int],
    nondet: list[int],
    check: str,
    line: int,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> ReplayOutcome:
    """Replay one C counterexample: confirmed iff the gcc-compiled harness fails
    with `check` at `line` on exactly these inputs. Never raises for a harness
    that cannot be built or run; the outcome is then unconfirmed with the reason."""
    return CReplayer(program, function, timeout_s).replay(params, nondet, check, line)


# ------------------------------------------------------------------ classify

_MARK_FAIL = re.compile(r"^VERIFY-FAIL (\S+) (\d+)$", re.M)
_MARK_ASSUME = re.compile(r"^VERIFY-INFEASIBLE (\d+)$", re.M)
_MARK_UB = re.compile(r"^VERIFY-UB (\S+) (\d+) (\d+) (.*)$", re.M)
_UBSAN = re.compile(r"^(.*?):(\d+):(\d+): runtime error: (.*)$", re.M)
#: UBSan message -> check, first match wins (gcc 12 wording)
_UB_KINDS = (
    ("shift exponent", "shift"),  # "... is negative" / "... is too large for 32-bit type"
    ("shift of", "shift"),  # "left shift of negative value", "left shift of 1 by 31 places ..."
    ("division by zero", "div-by-zero"),
    ("signed integer overflow", "overflow"),
    ("negation of", "overflow"),
    ("cannot be represented in type", "overflow"),  # "division of -2147483648 by -1 ..."
)


def _ub_kind(message: str) -> str:
    return next((kind for needle, kind in _UB_KINDS if needle in message), "ub")


def _classify(returncode: int, stderr: str) -> Observation:
    """Turn one run's exit status and stderr into an Observation."""
    if m := _MARK_FAIL.search(stderr):
        return Observation(m.group(1), int(m.group(2)), "assertion failed")
    if m := _MARK_ASSUME.search(stderr):
        return Observation(None, int(m.group(1)), "assumption false", infeasible=True)
    if m := _MARK_UB.search(stderr):
        anchor, line = int(m.group(2)), int(m.group(3))
        ubsan = _UBSAN.search(stderr, m.end())
        witness = f"UBSan agrees: {ubsan.group(4).strip()}" if ubsan else "UBSan reported nothing"
        return Observation(m.group(1), anchor, f"checked on the run-time {m.group(4)}; {witness}", also_line=line)
    if m := _UBSAN.search(stderr):
        file, line, message = m.group(1), int(m.group(2)), m.group(4).strip()
        if file == _HARNESS_FILE:
            return Observation("ub", 0, f"in the harness itself: {message}")
        return Observation(_ub_kind(message), line, message)
    if returncode < 0:
        sig = -returncode
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if sig == signal.SIGFPE:
            return Observation("div-by-zero", 0, f"{name}: division by zero or INT_MIN / -1 (no UBSan line)")
        if sig in (signal.SIGSEGV, signal.SIGBUS):
            return Observation("recursion", 0, f"{name}: stack overflow (runaway recursion)")
        if sig == signal.SIGABRT:
            return Observation(None, 0, "abort() called")
        return Observation("crash", 0, f"killed by {name}")
    if returncode == 0:
        return Observation(None, 0, "exit 0")
    return Observation(None, 0, f"exit({returncode})")


# -------------------------------------------------------------------- compile

_GCC_VERSION: dict[str, str] = {}


def _compile(harness: str) -> tuple[str | None, str]:
    """Compile `harness` (plus the helpers) once; (binary path, '') or (None, reason)."""
    gcc = shutil.which("gcc")
    if gcc is None:
        return None, "gcc not found on PATH (C counterexamples cannot be replayed)"
    if gcc not in _GCC_VERSION:
        try:
            out = subprocess.run([gcc, "--version"], capture_output=True, text=True, timeout=30)
            _GCC_VERSION[gcc] = out.stdout.splitlines()[0] if out.stdout else ""
        except (OSError, subprocess.SubprocessError):
            _GCC_VERSION[gcc] = ""
    key = hashlib.sha256(
        "\0".join([harness, _HELPERS_C, " ".join(GCC_FLAGS), gcc, _GCC_VERSION[gcc]]).encode()
    ).hexdigest()[:24]
    cache = os.path.join(tempfile.gettempdir(), f"verify-replay-{os.getuid()}")
    binary = os.path.join(cache, key, "harness")
    if os.access(binary, os.X_OK):
        return binary, ""
    try:
        os.makedirs(cache, exist_ok=True)
        work = tempfile.mkdtemp(prefix=key + ".", dir=cache)
    except OSError as exc:
        return None, f"cannot create the harness directory: {exc}"
    user_c, helpers_c = os.path.join(work, "harness.c"), os.path.join(work, "helpers.c")
    with open(user_c, "w") as f:
        f.write(harness)
    with open(helpers_c, "w") as f:
        f.write(_HELPERS_C)
    cmd = [gcc, *GCC_FLAGS, "-o", os.path.join(work, "harness"), user_c, helpers_c]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(work, ignore_errors=True)
        return None, f"gcc failed to run: {exc}"
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if "error" in ln), proc.stderr.strip()[:200])
        shutil.rmtree(work, ignore_errors=True)
        return None, f"the replay harness did not compile: {first.strip()}"
    final = os.path.join(cache, key)
    if os.path.isdir(final) and not os.access(binary, os.X_OK):
        shutil.rmtree(final, ignore_errors=True)  # a broken earlier build
    try:
        os.replace(work, final)
    except OSError:  # another process won the race: use its build
        shutil.rmtree(work, ignore_errors=True)
    if os.access(binary, os.X_OK):
        return binary, ""
    return None, "the harness binary vanished from the cache"


# -------------------------------------------------------------------- harness


@dataclasses.dataclass
class _Tok:
    kind: str  # ident, punct, other
    text: str
    start: int
    end: int


_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
      | (?P<string>"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?)
      | (?P<ident>[A-Za-z_]\w*)
      | (?P<number>\.?\d(?:[eEpP][+-]|[\w.])*)
      | (?P<punct>.)""",
    re.S | re.X,
)
_DIRECTIVE = re.compile(r"[ \t]*#(?:[^\n\\]|\\.)*", re.S)


def _lex(text: str) -> tuple[list[_Tok], list[tuple[int, int, str]]]:
    """C tokens of `text` (comments, strings, whitespace skipped) and the
    preprocessor directives as (start, end, text)."""
    tokens: list[_Tok] = []
    directives: list[tuple[int, int, str]] = []
    pos, n, line_start = 0, len(text), True
    while pos < n:
        if line_start and (d := _DIRECTIVE.match(text, pos)):
            directives.append((d.start(), d.end(), d.group()))
            pos, line_start = d.end(), False
            continue
        m = _TOKEN.match(text, pos)
        assert m is not None  # the last alternative matches any character
        kind = m.lastgroup or "punct"
        if kind == "space":
            line_start = line_start or "\n" in m.group()
        else:
            line_start = False
            if kind != "comment":
                tokens.append(_Tok(kind if kind in ("ident", "punct") else "other", m.group(), m.start(), m.end()))
        pos = m.end()
    return tokens, directives


def _c_type(t: ir.Type) -> str:
    if isinstance(t, ir.BoolType):
        return "_Bool"
    if t.bits is None:
        return "long long"
    base = {8: "char", 16: "short", 32: "int", 64: "long long"}.get(t.bits, "long long")
    if base == "char":
        return "signed char" if t.signed else "unsigned char"
    return base if t.signed else f"unsigned {base}"


def _walk(program: ir.Program):
    """Every statement and expression of every function (order irrelevant)."""
    stack: list[object] = [s for f in program.functions.values() for s in f.body]
    while stack:
        node = stack.pop()
        yield node
        for fld in dataclasses.fields(node):  # type: ignore[arg-type]
            value = getattr(node, fld.name)
            if isinstance(value, (ir.Expr, ir.Stmt)):
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                stack.extend(v for v in value if isinstance(v, (ir.Expr, ir.Stmt)))


class _Source:
    """The user's text as an editable character list with line/column lookup."""

    def __init__(self, text: str) -> None:
        self.chars = list(text)
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def offset(self, line: int, column: int) -> int | None:
        if line < 1 or line > len(self.line_starts) or column < 1:
            return None
        off = self.line_starts[line - 1] + column - 1
        return off if off <= len(self.chars) else None

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def blank(self, start: int, end: int) -> None:
        for i in range(max(start, 0), min(end, len(self.chars))):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    def text(self) -> str:
        return "".join(self.chars)


def _user_functions(program: ir.Program, src: _Source) -> set[str]:
    """Functions the user really defines: not the built-ins whose definitions
    the frontend listed in `builtin_definitions` (by position or by name)."""
    text = program.source
    spans = [(src.offset(a, b), src.offset(c, d)) for a, b, c, d in program.builtin_definitions]
    spans = [(s, e) for s, e in spans if s is not None and e is not None]
    builtin_names = set()
    for start, end in spans:  # the declarator: the identifier before the first '('
        tokens, _ = _lex(text[start:end])
        j = next((i for i, t in enumerate(tokens) if t.text == "("), 0)
        if j > 0 and tokens[j - 1].kind == "ident":
            builtin_names.add(tokens[j - 1].text)
    names = set()
    for name, func in program.functions.items():
        at = src.offset(func.loc.line, func.loc.column)
        if name in builtin_names or (at is not None and any(s <= at < e for s, e in spans)):
            continue
        names.add(name)
    return names


def _build_harness(program: ir.Program, function: str, params: list[ir.Param], notes: list[str],
                   check_operations: bool = False) -> str:
    """The harness's text (see the module docstring); with `check_operations`,
    every checkable operation goes through a checking macro (`replay_ops`)."""
    src = _Source(program.source)
    user = _user_functions(program, src)
    spans = [(src.offset(a, b), src.offset(c, d)) for a, b, c, d in program.builtin_definitions]
    spans = [(s, e) for s, e in spans if s is not None and e is not None and s < e]

    ir_nondets: dict[str, ir.Type] = {}
    uninit: list[tuple[ir.Loc, ir.Loc]] = []
    for node in _walk(program):
        if isinstance(node, ir.Nondet) and node.name and node.name not in ir_nondets:
            ir_nondets[node.name] = node.type
        value = node.value if isinstance(node, ir.Assign) else None
        while isinstance(value, ir.Cast):  # an uninitialised _Bool is a cast of a Nondet
            value = value.arg
        if isinstance(value, ir.Nondet) and not value.name:
            uninit.append((node.loc, value.loc))

    tokens, directives = _lex(src.text())
    words = {t.text for t in tokens if t.kind == "ident"}
    nondets = {n: _NONDET_TYPES.get(n) or _c_type(t) for n, t in ir_nondets.items()}
    nondets.update({n: ty for n, ty in _NONDET_TYPES.items() if n in words and n not in nondets})
    for name in user:
        nondets.pop(name, None)
    builtins = (set(_FAILING) | _ASSUMING | set(nondets)) - user
    line_builtins = (set(_FAILING) | _ASSUMING) - user

    # #include lines go (their declarations would clash with ours); harmless
    # headers of macros and typedefs come back in the prelude
    includes: list[str] = []
    for start, end, text in directives:
        m = re.match(r"\s*#\s*include\s*[<\"]([^>\"]+)[>\"]", text)
        if m or re.match(r"\s*#\s*include\b", text):
            src.blank(start, end)
            if m and m.group(1) in _SAFE_HEADERS and m.group(1) not in includes:
                includes.append(m.group(1))
    defines_bool = re.search(r"(typedef[^;]*\bbool\s*;|#\s*define\s+bool\b|\benum\s+bool\b)", program.source)
    if "stdbool.h" not in includes and words & {"bool", "true", "false"} and not defines_bool:
        includes.append("stdbool.h")

    # pass 1: file-scope declarations and definitions of built-ins go, whole
    # (the frontend's spans, and any chunk declaring a built-in's name)
    depth, chunk = 0, 0
    for i, tok in enumerate(tokens):
        if tok.text == "{":
            depth += 1
        elif (tok.text == "}" and depth == 1) or (tok.text == ";" and depth == 0):
            depth = 0
            start, end = tokens[chunk].start, tok.end
            if _declares(tokens[chunk:i], builtins) or any(s < end and start < e for s, e in spans):
                src.blank(start, end)
            chunk = i + 1
        elif tok.text == "}" and depth > 0:
            depth -= 1
    for s, e in spans:  # a span the chunks did not cover (should not happen)
        src.blank(s, e)

    # pass 2: calls of built-ins pass their line; uninitialised locals get a value
    kept = src.text()
    tokens, _ = _lex(kept)
    depth_at = _depths(tokens)
    edits: list[Edit] = []  # applied right to left
    for i, tok in enumerate(tokens):
        if depth_at[i] == 0 or tok.kind != "ident" or tok.text not in line_builtins or not _is_call(tokens, i):
            continue
        if i and tokens[i - 1].text in _TYPE_WORDS:  # a block-scope declaration: drop it
            stmt = i
            while stmt > 0 and tokens[stmt - 1].text not in (";", "{", "}"):
                stmt -= 1
            stop = next((j for j in range(i, len(tokens)) if tokens[j].text == ";"), i)
            edits.append((tokens[stmt].start, tokens[stop].end, "", 0))
            continue
        line = src.line_of(tok.start)
        if tok.text in _ASSUMING:
            macro = "__verify_assume"
        else:
            macro = "__verify_check" if _FAILING[tok.text] else "__verify_reach"
        empty = i + 2 >= len(tokens) or tokens[i + 2].text == ")"
        edits.append((tok.start, tok.end, macro, 0))
        paren = tokens[i + 1]
        edits.append((paren.start, paren.end, f"({line}" + ("" if empty else ", "), 0))

    placed: set[int] = set()
    for locs in uninit:
        k = next((k for loc in locs if (k := _ident_at(tokens, src.offset(loc.line, loc.column))) is not None), None)
        if k is None:
            notes.append(f"line {locs[0].line}: uninitialised local not found in the source; its value is not fed")
            continue
        if depth_at[k] == 0:
            notes.append(f"line {locs[0].line}: a file-scope variable cannot take a nondeterministic initial value")
            continue
        if tokens[k].start not in placed:
            placed.add(tokens[k].start)
            edits.append((tokens[k].end, tokens[k].end, " = __verify_next()", 0))
    if check_operations:
        removed = [(e[0], e[1]) for e in edits if e[0] < e[1] and not e[2]]
        edits += [e for e in operation_edits(program, kept, src.line_of)
                  if not any(s <= e[0] < t or s < e[1] <= t for s, t in removed)]

    body = apply_edits(kept, edits)

    macros = []
    for name, has_cond in _FAILING.items():
        if name not in user:
            target = f"#define {name}(...) __verify_check(__LINE__, __VA_ARGS__)" if has_cond else (
                f"#define {name}() __verify_reach(__LINE__)")
            macros.append(target)
    for name in sorted(_ASSUMING - user):
        macros.append(f"#define {name}(...) __verify_assume(__LINE__, __VA_ARGS__)")
    declarations = [
        f"extern void {name}({sig}) __attribute__((__noreturn__));"
        for name, sig in (("abort", "void"), ("exit", "int"))
        if name in words and name not in user
    ]
    nondet_defs = [
        f"static {ty} {name}(void) {{ return ({ty})__verify_next(); }}" for name, ty in sorted(nondets.items())
    ]
    prelude = _PRELUDE.format(
        function=function,
        path=program.path.replace("*/", "* /"),
        includes="".join(f"#include <{h}>\n" for h in includes if h != "limits.h"),
        checks=OPS_PRELUDE if check_operations else "",
        macros="".join(m + "\n" for m in macros),
        declarations="".join(d + "\n" for d in declarations),
        nondets="".join(d + "\n" for d in nondet_defs),
    )
    callee = "__verify_user_main" if function == "main" else function
    args = ", ".join(f"({_c_type(p.type)})__verify_param({i})" for i, p in enumerate(params))
    quoted = program.path.replace("\\", "\\\\").replace('"', '\\"')
    if not body.endswith("\n"):
        body += "\n"
    harness = (
        f"{prelude}#line 1 \"{quoted}\"\n{body}"
        f"#line 1 \"{_HARNESS_FILE}\"\n#undef main\n"
        f"int main(int argc, char **argv) {{\n"
        f"    __verify_init(argc, argv, {len(params)});\n"
        f"    {callee}({args});\n"
        f"    return 0;\n}}\n"
    )
    return narrow_longs(harness) if program.data_model == "ILP32" else harness


def _is_call(tokens: list[_Tok], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].text == "("


def _declares(chunk: list[_Tok], names: set[str]) -> bool:
    """A file-scope declaration or definition whose declarator is one of `names`
    (the identifier directly before the first '(' outside braces)."""
    depth = 0
    for j, tok in enumerate(chunk):
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif depth == 0 and tok.text == "(":
            return j > 0 and chunk[j - 1].kind == "ident" and chunk[j - 1].text in names
        elif depth == 0 and tok.text == "=":
            return False
    return False


def _depths(tokens: list[_Tok]) -> list[int]:
    out, depth = [], 0
    for tok in tokens:
        if tok.text == "}":
            depth = max(depth - 1, 0)
        out.append(depth)
        if tok.text == "{":
            depth += 1
    return out


def _ident_at(tokens: list[_Tok], offset: int | None) -> int | None:
    """The declared identifier at `offset`: the identifier token there, or the
    first non-keyword identifier after a type keyword there."""
    if offset is None:
        return None
    starts = [t.start for t in tokens]
    k = bisect.bisect_right(starts, offset) - 1
    if k < 0 or not tokens[k].start <= offset < max(tokens[k].end, tokens[k].start + 1):
        return None
    while k < len(tokens) and tokens[k].kind == "ident" and tokens[k].text in _TYPE_WORDS:
        k += 1
    if k < len(tokens) and tokens[k].kind == "ident":
        return k
    return None

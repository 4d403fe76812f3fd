"""The C harness: build its text, compile it (cached), run it, classify what a run showed.

A harness runs one function of the user's C file on concrete inputs given on
the command line: parameters first, then the values of the nondeterministic
calls in call order (past the end: 0, or the last `period` values repeated
forever when ``VERIFY_NONDET_PERIOD`` is set); each `malloc`/`calloc` call
reads one of them too, and returns NULL when it is not 0 (so a witness makes
an allocation fail, as the frontend's model lets it). It is two translation units:

- the user's unit (`harness_unit`): a prelude of declarations and macros,
  then the user's text line for line after ``#line 1 "<path>"`` (rewritten by
  `c_source`), so gcc and UBSan report the user's own lines;
- `RUNTIME_C`, the harness's own support, kept apart so that no libc name
  leaks into the user's namespace (a user function called ``div`` still
  compiles).

`with_main(unit, main)` adds the ``main`` that drives the call (`default_main`
builds the arguments, arrays and structs included, with `c_arguments`, and
calls the function once). `compile_harness` builds it with `GCC_FLAGS`, once
per distinct source, flags and compiler version (cached on disk under the
system temp dir). `run_harness` runs a binary with a big stack and UBSan
halting on its first report, and `classify` turns a run's exit status and
stderr into an `Observation`: our marker for a failed
``assert``/``__VERIFIER_assert``/``reach_error`` (line of the call), our
marker for an operation whose run-time operands overflow, divide by zero or
shift out of range (`replay_ops`), AddressSanitizer's and LeakSanitizer's
reports (a program with arrays or pointers is built with `MEMORY_FLAGS` too:
an access outside its object is ``bounds``, a fault on the zero page
``null``, a double or invalid free ``free``, ``use-after-free``, ``leak``, at
the first frame of the user's file), UBSan's ``file:LINE:COL: runtime
error`` for the rest, an ``assume`` that was false (infeasible), a signal,
or an exit.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator

from verifier import ir
from verifier.crosscheck.c_arguments import ARRAY_RUNTIME_C, argument_code, harness_parameters
from verifier.crosscheck.c_source import ASSUMING, FAILING, rewrite_source
from verifier.crosscheck.ilp32 import narrow_longs
from verifier.crosscheck.observation import Observation
from verifier.crosscheck.replay_ops import OPS_HELPER_C, OPS_PRELUDE
from verifier.crosscheck.spawn import run_to_file, run_with_files

__all__ = ["GCC_FLAGS", "MEMORY_FLAGS", "HARNESS_FILE", "harness_unit", "call_expression", "default_main",
           "with_main",
           "widen_ints", "uses_memory", "compile_harness", "run_harness", "classify"]

#: flags of every harness build; `-O0` keeps each operation as written so
#: UBSan sees the overflow the source has, `-w` because user code is not ours
#: Functions the file declares but never defines (e.g. h's oracle) must not stop
#: the link: a witness for another function never calls them.
GCC_FLAGS = ("-O0", "-g", "-fsanitize=undefined", "-fno-sanitize-recover=all", "-w",
             "-no-pie", "-Wl,--unresolved-symbols=ignore-all")
#: added for programs with arrays: AddressSanitizer sees an access outside a
#: harness-allocated array (UBSan alone sees indexes of fixed-size arrays only)
MEMORY_FLAGS = ("-fsanitize=address",)
#: the file name of the harness's own lines (its ``main``)
HARNESS_FILE = "<verify-harness>"
#: the exit status of a run UBSan stopped (the markers on stderr are what we trust)
_EXIT_UBSAN = 72
#: the stack a run gets, so that deep finite recursion is not a crash
_STACK_BYTES = 256 << 20

RUNTIME_C = r"""
/* verify harness: runtime support, kept apart from the user's code */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>

static int verify_argc, verify_nparams, verify_period;
static long long verify_pos;
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
    const char *p = getenv("VERIFY_NONDET_PERIOD");
    verify_period = p ? atoi(p) : 0;
    verify_argc = argc; verify_argv = argv; verify_nparams = nparams; verify_pos = 0;
}

unsigned long long __verify_param(int i) {
    return (i < verify_nparams && 1 + i < verify_argc) ? verify_parse(verify_argv[1 + i]) : 0;
}

unsigned long long __verify_next(void) {
    long long count = verify_argc - 1 - verify_nparams;
    long long k = verify_pos++;
    if (k >= count) {
        if (verify_period <= 0 || count <= 0) return 0;
        k = count - verify_period + (k - count) % verify_period;
    }
    return verify_parse(verify_argv[1 + verify_nparams + k]);
}

/* malloc and calloc of the user's code: the witness says which calls fail (one
   stream value per call, in call order; not 0: the call returns NULL) */
void *__verify_malloc(unsigned long size) {
    return __verify_next() ? NULL : malloc(size);
}

void *__verify_calloc(unsigned long count, unsigned long size) {
    return __verify_next() ? NULL : calloc(count, size);
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
""" + OPS_HELPER_C + ARRAY_RUNTIME_C

_PRELUDE = r"""/* verify replay harness for {function} in {path} */
#include <limits.h>
{includes}extern void __verify_fail(const char *, int) __attribute__((__noreturn__));
extern void __verify_infeasible(int) __attribute__((__noreturn__));
extern unsigned long long __verify_next(void);
extern unsigned long long __verify_param(int);
extern void __verify_init(int, char **, int);
extern void *__verify_array(long long, int);
extern void *__verify_objects(long long, unsigned long);
/* an uninitialised local array: its first n elements (of type T) from the stream */
#define __verify_fill(a, T, n) do {{ T *__vp = (T *)(void *)(a); \
    for (unsigned long __vk = 0; __vk < (n); __vk++) __vp[__vk] = (T)__verify_next(); }} while (0)
/* field f of an uninitialised local array of structs a (total elements in all): its first n from the stream */
#define __verify_fill_field(a, f, T, total, n) do {{ unsigned long __vper = (total) / (sizeof(a) / sizeof((a)[0])); \
    for (unsigned long __vk = 0; __vk < (n); __vk++) \
        ((T *)(void *)&(a)[__vk / __vper].f)[__vk % __vper] = (T)__verify_next(); }} while (0)
static void __verify_check(int line, _Bool ok) {{ if (!ok) __verify_fail("assert", line); }}
static void __verify_reach(int line, ...) {{ __verify_fail("assert", line); }}
static void __verify_assume(int line, _Bool ok) {{ if (!ok) __verify_infeasible(line); }}
{checks}{macros}{declarations}{nondets}#define main __verify_user_main
"""




#: the allocation functions the frontend knows, as stdlib.h declares them
_ALLOCATION = (("malloc", "void *malloc(unsigned long)"), ("calloc", "void *calloc(unsigned long, unsigned long)"),
               ("free", "void free(void *)"))
#: the allocation functions a harness runs through its wrappers, which fail when the witness says so
_WRAPPED = ("malloc", "calloc")


def harness_unit(program: ir.Program, function: str, notes: list[str], check_operations: bool = False) -> str:
    """The user's translation unit for a harness of `function`: the prelude,
    then the user's rewritten text after its ``#line 1``; with
    `check_operations`, every checkable operation goes through a checking
    macro (`replay_ops`). Under ILP32 `long` is narrowed (`ilp32`)."""
    source = rewrite_source(program, notes, check_operations)
    user = source.user_functions
    macros = []
    for name, has_cond in FAILING.items():
        if name not in user:
            macros.append(f"#define {name}(...) __verify_check(__LINE__, __VA_ARGS__)" if has_cond
                          else f"#define {name}(...) __verify_reach(__LINE__)")
    for name in sorted(ASSUMING - user):
        macros.append(f"#define {name}(...) __verify_assume(__LINE__, __VA_ARGS__)")
    declarations = [
        f"extern void {name}({sig}) __attribute__((__noreturn__));"
        for name, sig in (("abort", "void"), ("exit", "int"))
        if name in source.words and name not in user
    ] + [
        # the file's `#include <stdlib.h>` is dropped: its allocation functions, declared as C has them
        f"extern {decl};" for name, decl in _ALLOCATION if name in source.words and name not in user
    ] + [
        # the witness decides which allocations fail (`RUNTIME_C`'s wrappers)
        f"extern {decl.replace(name, '__verify_' + name, 1)};\n#define {name} __verify_{name}"
        for name, decl in _ALLOCATION if name in _WRAPPED and name in source.words and name not in user
    ]
    includes = list(source.includes)
    if "NULL" in source.words and "stddef.h" not in includes:  # the frontend knows NULL without a header
        includes.append("stddef.h")
    nondet_defs = [
        f"static {ty} {name}(void) {{ return ({ty})__verify_next(); }}" for name, ty in sorted(source.nondets.items())
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
    quoted = program.path.replace("\\", "\\\\").replace('"', '\\"')
    unit = f"{prelude}#line 1 \"{quoted}\"\n{source.body}"
    return narrow_longs(unit) if program.data_model == "ILP32" else unit


def call_expression(function: str, params: list[ir.Param], source: str = "") -> str:
    """The C call of `function` on the harness's parameter values
    (``f((int)__verify_param(0))``); arrays and structs are the objects
    `c_arguments.argument_code` builds (from `source`'s spelling of their types)."""
    callee = "__verify_user_main" if function == "main" else function
    return f"{callee}({', '.join(argument_code(params, source)[1])})"


def default_main(function: str, params: list[ir.Param], source: str = "") -> str:
    """A ``main`` that builds the arguments and calls `function` once, then exits 0."""
    setup, _ = argument_code(params, source)
    return (f"int main(int argc, char **argv) {{\n"
            f"    __verify_init(argc, argv, {len(harness_parameters(params))});\n"
            f"{setup}"
            f"    {call_expression(function, params, source)};\n"
            f"    return 0;\n}}\n")


def with_main(unit: str, main: str) -> str:
    """The whole harness: `unit` (from `harness_unit`), then `main` in the harness's own lines."""
    return f"{unit}#line 1 \"{HARNESS_FILE}\"\n#undef main\n{main}"


def widen_ints(unit: str) -> str:
    """`unit` with `int` meaning ``__int128`` in the user's code only (the
    prelude keeps its types): a diverging run of mathematical integers then
    does not overflow within any reasonable time."""
    start = unit.find('#line 1 "')
    if start < 0:
        return unit
    return unit[:start] + "#define int __int128\n" + unit[start:] + "#undef int\n"


# -------------------------------------------------------------------- compile

_GCC_VERSION: dict[str, str] = {}


def uses_memory(program: ir.Program) -> bool:
    """Arrays or pointers anywhere in `program`: its harness is built with `MEMORY_FLAGS` too, so that an access
    outside its object fails (``bounds``) instead of reading or writing whatever lies there."""
    return any(isinstance(t, ir.ArrayType) or name.endswith("#obj") for f in program.functions.values()
               for name, t in f.variables.items())


def compile_harness(harness: str, memory: bool = False, wrap: bool = False) -> tuple[str | None, str]:
    """Compile `harness` (with `RUNTIME_C`) once per distinct source, flags
    and gcc version, with `MEMORY_FLAGS` too if `memory` and ``-fwrapv`` if
    `wrap` (``--int-semantics wrap``); (binary path, '') or (None, the reason)."""
    flags = GCC_FLAGS + (MEMORY_FLAGS if memory else ()) + (("-fwrapv",) if wrap else ())
    gcc = shutil.which("gcc")
    if gcc is None:
        return None, "gcc not found on PATH (C counterexamples cannot be replayed)"
    if gcc not in _GCC_VERSION:
        try:
            _, out = run_to_file([gcc, "--version"], timeout=30)
            _GCC_VERSION[gcc] = out.splitlines()[0] if out else ""
        except (OSError, subprocess.SubprocessError):
            _GCC_VERSION[gcc] = ""
    key = hashlib.sha256(
        "\0".join([harness, RUNTIME_C, " ".join(flags), gcc, _GCC_VERSION[gcc]]).encode()
    ).hexdigest()[:24]
    cache = os.path.join(tempfile.gettempdir(), f"verify-harness-{os.getuid()}")
    binary = os.path.join(cache, key, "harness")
    if os.access(binary, os.X_OK):
        return binary, ""
    try:
        os.makedirs(cache, exist_ok=True)
        with building(os.path.join(cache, key + ".lock")):  # a build under way elsewhere is waited for
            if os.access(binary, os.X_OK):
                return binary, ""
            return _build(harness, gcc, flags, cache, key)
    except OSError as exc:
        return None, f"cannot create the harness directory: {exc}"


@contextlib.contextmanager
def building(lock_path: str) -> Iterator[None]:
    """Within the block this thread alone builds what `lock_path` stands for: another thread or
    process (a concurrent `verify`, a batch's other worker, tests run side by side) waits for
    it, then finds the build in the cache rather than compiling the same harness again."""
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:  # said, not left to the close: a process forked meanwhile shares the lock
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _build(harness: str, gcc: str, flags: tuple[str, ...], cache: str, key: str) -> tuple[str | None, str]:
    """`compile_harness`'s build into `cache`/`key`/harness (the cache holds none yet)."""
    binary = os.path.join(cache, key, "harness")
    work = tempfile.mkdtemp(prefix=key + ".", dir=cache)
    user_c, runtime_c = os.path.join(work, "harness.c"), os.path.join(work, "runtime.c")
    with open(user_c, "w") as f:
        f.write(harness)
    with open(runtime_c, "w") as f:
        f.write(RUNTIME_C)
    runtime = runtime_object(gcc, flags, cache) or runtime_c
    cmd = [gcc, *flags, "-o", os.path.join(work, "harness"), user_c, runtime]
    try:
        returncode, output = run_to_file(cmd, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(work, ignore_errors=True)
        return None, f"gcc failed to run: {exc}"
    if returncode != 0:
        first = next((ln for ln in output.splitlines() if "error" in ln), output.strip()[:200])
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


def runtime_object(gcc: str, flags: tuple[str, ...], cache: str) -> str | None:
    """`RUNTIME_C` compiled with `flags` by `gcc`, once (kept in the harness cache `cache`): a
    harness build then compiles only the user's unit and links, about half the time of
    compiling both. None when it cannot be built (the build then compiles the source)."""
    key = hashlib.sha256("\0".join([RUNTIME_C, " ".join(flags), gcc, _GCC_VERSION.get(gcc, "")]).encode())
    obj = os.path.join(cache, f"runtime-{key.hexdigest()[:24]}.o")
    if os.path.exists(obj):
        return obj
    try:
        os.makedirs(cache, exist_ok=True)
        work = tempfile.mkdtemp(prefix="runtime.", dir=cache)
    except OSError:
        return None
    try:
        source, built = os.path.join(work, "runtime.c"), os.path.join(work, "runtime.o")
        with open(source, "w") as f:
            f.write(RUNTIME_C)
        returncode, _ = run_to_file([gcc, *flags, "-c", "-o", built, source], timeout=120)
        if returncode != 0:
            return None
        os.replace(built, obj)  # atomic: a concurrent build of the same object replaces it with its equal
        return obj
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------------ run


def run_harness(binary: str, args: list[str], timeout_s: float, *, period: int = 0, nice: bool = False,
                stdin: bytes | None = None, leaks: bool = False,
                stack_bytes: int = _STACK_BYTES) -> subprocess.CompletedProcess[bytes]:
    """Run a compiled harness with `args` (and `stdin`, or none) for at most
    `timeout_s`, with a big stack (`stack_bytes`) and UBSan halting on its first report;
    `period` > 0 repeats the last `period` nondet values forever; `nice` runs
    it at low CPU priority; `leaks` reports memory still allocated at exit
    (LeakSanitizer, in a harness built with `MEMORY_FLAGS`). Raises what `subprocess.run` raises (a timeout:
    `subprocess.TimeoutExpired` with the output so far); its streams are files, not pipes (`spawn.run_with_files`)."""
    env = dict(os.environ)
    env["UBSAN_OPTIONS"] = f"print_stacktrace=0:halt_on_error=1:exitcode={_EXIT_UBSAN}"
    # (a harness built with MEMORY_FLAGS) leaks are not a failure unless asked for;
    # an allocation too big for the machine is reported, not fatal
    env["ASAN_OPTIONS"] = f"detect_leaks={int(leaks)}:allocator_may_return_null=1:halt_on_error=1"
    env["VERIFY_HARNESS_STACK"] = "1"  # set here, so the harness need not re-exec itself
    env.pop("VERIFY_NONDET_PERIOD", None)
    if period > 0:
        env["VERIFY_NONDET_PERIOD"] = str(period)
    # no pipe: the run may start from a thread while another forks (`spawn`); a big stack, so that
    # deep finite recursion is not a crash
    return run_with_files([binary, *args], timeout_s, stdin=stdin, env=env,
                          preexec_fn=_lower_priority if nice else None, stack_bytes=stack_bytes)


def _lower_priority() -> None:
    """In the child before exec: low CPU priority (background sampling must not slow the solvers down)."""
    try:
        os.nice(10)
    except OSError:
        pass


# ------------------------------------------------------------------- classify

_MARK_FAIL = re.compile(r"^VERIFY-FAIL (\S+) (\d+)$", re.M)
_MARK_ASSUME = re.compile(r"^VERIFY-INFEASIBLE (\d+)$", re.M)
_MARK_UB = re.compile(r"^VERIFY-UB (\S+) (\d+) (\d+) (.*)$", re.M)
_UBSAN = re.compile(r"^(.*?):(\d+):(\d+): runtime error: (.*)$", re.M)
_MARK_NOMEM = re.compile(r"^VERIFY-NOMEM (\d+)$", re.M)
_ASAN = re.compile(r"^==\d+==ERROR: (AddressSanitizer|LeakSanitizer): (.*)$", re.M)
_FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-fA-F]+ in \S+ (.+?):(\d+)(?::\d+)?$", re.M)
#: AddressSanitizer's report -> check, first match wins (gcc 12 wording)
_ASAN_KINDS = (
    ("double-free", "free"),
    ("not malloc()-ed", "free"),
    ("bad-free", "free"),
    ("use-after-free", "use-after-free"),
    ("stack-use-after-scope", "use-after-free"),  # a local used after its block (`frontends.c_lifetimes`)
    ("stack-use-after-return", "use-after-free"),  # ... after its function returned (needs
    # detect_stack_use_after_return=1, off: it makes deep recursion some 80 times slower)
    ("buffer-overflow", "bounds"),  # heap-, stack-, global-, dynamic-stack-buffer-overflow
    ("buffer-underflow", "bounds"),
    ("stack-overflow", "recursion"),
    ("detected memory leaks", "leak"),
)
#: UBSan message -> check, first match wins (gcc 12 wording)
_UB_KINDS = (
    ("shift exponent", "shift"),  # "... is negative" / "... is too large for 32-bit type"
    ("shift of", "shift"),  # "left shift of negative value", "left shift of 1 by 31 places ..."
    ("division by zero", "div-by-zero"),
    ("signed integer overflow", "overflow"),
    ("negation of", "overflow"),
    ("cannot be represented in type", "overflow"),  # "division of -2147483648 by -1 ..."
    ("out of bounds for type", "bounds"),  # "index 4 out of bounds for type 'int [4]'"
    ("insufficient space for an object", "bounds"),  # -fsanitize=object-size: "load of address ... with ..."
    ("null pointer", "null"),  # "load of null pointer of type 'int'"
)


def _ub_kind(message: str) -> str:
    return next((kind for needle, kind in _UB_KINDS if needle in message), "ub")


def _asan(m: re.Match[str], stderr: str, source: str) -> Observation:
    """An AddressSanitizer report: its check, at the first frame of the user's
    file (`source`; any file but the sanitizer's and the harness's if empty)."""
    sanitizer, full = m.group(1), m.group(2).strip()
    kind = next((k for needle, k in _ASAN_KINDS if needle in full), "crash")
    message = re.sub(r" on (unknown )?address 0x.*", "", full)
    if access := re.search(r"^(READ|WRITE) of size \d+", stderr[m.end():], re.M):
        message += f" ({access.group(0)})"
    if message.startswith("SEGV"):
        # in the C subset only an array or pointer access reaches memory: a
        # fault is a NULL dereference (the zero page) or an access outside its object
        zero_page = "zero page" in stderr[m.end():] or re.search(r"address 0x0{4,}[0-9a-f]{0,3}\b", m.group(2))
        kind = "null" if zero_page else "bounds"
    rest = stderr[m.end():]
    block = rest.split("SUMMARY", 1)[0] if kind == "leak" else rest.split("\n\n", 1)[0]
    for frame in _FRAME.finditer(block):
        file = frame.group(1)
        if (file in (source, os.path.abspath(source)) if source else
                file != HARNESS_FILE and "libsanitizer" not in file and not file.startswith(("../", "/usr/"))):
            return Observation(kind, int(frame.group(2)), f"{sanitizer}: {message}")
    return Observation(kind, 0, f"{sanitizer}: {message}")


def classify(returncode: int, stderr: str, source: str = "") -> Observation:
    """What one run showed, from its exit status and stderr (see the module
    docstring); `source` is the user's file name as the harness's ``#line`` gives it."""
    if m := _MARK_FAIL.search(stderr):
        return Observation(m.group(1), int(m.group(2)), "assertion failed")
    if m := _MARK_ASSUME.search(stderr):
        return Observation(None, int(m.group(1)), "assumption false", infeasible=True)
    if m := _MARK_UB.search(stderr):
        anchor, line = int(m.group(2)), int(m.group(3))
        ubsan = _UBSAN.search(stderr, m.end())
        witness = f"UBSan agrees: {ubsan.group(4).strip()}" if ubsan else "UBSan reported nothing"
        return Observation(m.group(1), anchor, f"checked on the run-time {m.group(4)}; {witness}", also_line=line)
    if m := _MARK_NOMEM.search(stderr):
        return Observation(None, 0, f"cannot allocate an array of {m.group(1)} elements", unavailable=True)
    if m := _ASAN.search(stderr):
        return _asan(m, stderr, source)
    if m := _UBSAN.search(stderr):
        file, line, message = m.group(1), int(m.group(2)), m.group(4).strip()
        if file == HARNESS_FILE:
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


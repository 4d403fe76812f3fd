"""Function-like macros (`verifier.frontends.c_macros`): expanded as the C preprocessor does
(arguments first, the result scanned again, the macro itself not re-expanded), every
other token keeping its line and column; what is not expanded stays unsupported."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from verifier import ir
from verifier.config import parse_checks
from verifier.frontends.c import parse_c
from verifier.frontends.c_macros import expand_function_macros, function_macro
from verifier.proving import prove_paths
from verifier.result import Verdict

MACROS = """#define SQ(x) ((x) * (x))
#define CUBE(x) (SQ(x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ZERO() 0
#define SELF(x) (SELF + (x))
#define CAT(a, b) a ## b
#define XCAT(a, b) CAT(a, b)
#define STR(x) #x
#define TEN 10
#define FIRST(x, ...) (x)
#define COUNT3(...) PICK(__VA_ARGS__, 3, 2, 1, 0)
#define PICK(a, b, c, n, ...) n
"""


def _returned(source: str) -> int:
    """The constant `main` returns."""
    main = parse_c(source, "t.c", "bv").functions["main"]
    assert not main.unsupported, main.unsupported
    ret = next(s for s in main.body if isinstance(s, ir.Return))
    assert isinstance(ret.value, ir.Const), ret.value
    return ret.value.value


@pytest.mark.parametrize("expr", [
    "CUBE(2 + 1)", "MAX(SQ(3), CUBE(2))", "MAX(1, ZERO())", "SQ(MAX(-4,\n   3))", "CUBE(CUBE(2)) % 1000",
    "SQ /* a comment */ (5) - MAX((1, 7), 2)",
    "CAT(1, 2) + CAT(TE, N) + CAT(, 7) + XCAT(TEN, 1)", "sizeof(STR(a  +  \"b\\n\"  c)) * 10 + sizeof STR()",
    "FIRST(4, 5, 6) + COUNT3(x) * 10 + COUNT3(x, y, z) * 100", "sizeof(STR(SQ(2))) + CAT(S, Q(3))",
])
def test_expansions_compute_what_gcc_computes(expr, tmp_path):
    source = f"{MACROS}int main(void) {{ return {expr}; }}\n"
    got = _returned(source)
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    (tmp_path / "m.c").write_text(source)
    subprocess.run(["gcc", "-w", "-o", str(tmp_path / "m"), str(tmp_path / "m.c")], check=True)
    assert got & 0xFF == subprocess.run([str(tmp_path / "m")]).returncode  # an exit status is a byte


def test_an_invocation_keeps_the_positions_of_the_tokens_around_it():
    text, expansions = expand_function_macros("x = MAX(a,\n  b) + y;\nz", lambda name, line: (
        function_macro("(a, b) ((a) > (b) ? (a) : (b))") if name == "MAX" else None))
    assert text == "x = ______\n     + y;\nz"
    assert {at: "".join(e.split()) for at, e in expansions.items()} == {(1, 5): "((a)>(b)?(a):(b))"}


def test_a_check_after_an_invocation_keeps_its_line_and_column(tmp_path):
    path = tmp_path / "t.c"
    path.write_text("extern int __VERIFIER_nondet_int(void);\nextern void __VERIFIER_assume(int);\n" + MACROS
                    + "int main(void) {\n  int a = __VERIFIER_nondet_int();\n  __VERIFIER_assume(a > 0 && a < 10);\n"
                    "  int b = SQ(a) + a * 1000000000;\n  return b;\n}\n")
    results = prove_paths([str(path)], None, parse_checks("overflow"), None, 8.0)
    failed = [r for r in results if r.verdict == Verdict.NO]
    assert failed and {(r.location.line, r.location.column) for r in failed} == {(MACROS.count("\n") + 6, 21)}
    assert all(r.counterexample is not None and r.counterexample.confirmed for r in failed)


@pytest.mark.parametrize("define, use, why", [
    ("#define STR(x) # 1", "STR(a)", "'STR'"),
    ("#define CAT(a, b) ## a b", "CAT(1, 2)", "'CAT'"),
    ("#define LOG(__VA_ARGS__) 0", "LOG(1)", "'LOG'"),
    ("#define TWO(a, b) (a + b)", "TWO(1)", "'TWO'"),
])
def test_macros_outside_the_expander_stay_unsupported(define, use, why):
    main = parse_c(f"{define}\nint main(void) {{ return {use}; }}\n", "t.c", "bv").functions["main"]
    assert main.unsupported and "function-like macro" in main.unsupported and why in main.unsupported


def test_a_macro_is_not_expanded_inside_itself_nor_before_its_definition_nor_after_undef():
    source = ("int SELF = 3;\nint f(void) { return SQ(2); }\n" + MACROS
              + "int main(void) { return SELF(4); }\n#undef SQ\nint g(void) { return SQ(2); }\n")
    prog = parse_c(source, "t.c", "bv")
    assert not prog.functions["main"].unsupported
    assert "function-like macro" not in (prog.functions["f"].unsupported or "")
    assert "call to undefined function SQ" in prog.functions["f"].unsupported
    assert "call to undefined function SQ" in prog.functions["g"].unsupported


def test_a_pasted_name_declares_a_variable_and_its_check_is_answered(tmp_path):
    path = tmp_path / "t.c"
    path.write_text("#define CAT(a, b) a ## b\n#define VAR(n) CAT(v, n)\nextern int __VERIFIER_nondet_int(void);\n"
                    "int main(void) {\n  int VAR(1) = __VERIFIER_nondet_int();\n  int CAT(v, 2) = v1 + 1;\n"
                    "  __VERIFIER_assert(v2 != 0);\n  return 0;\n}\n"
                    "void __VERIFIER_assert(int c) { if (!c) reach_error(); }\n")
    results = prove_paths([str(path)], None, parse_checks("assert"), None, 8.0)
    assert [(r.verdict, r.location.line) for r in results] == [(Verdict.NO, 7)]
    assert results[0].counterexample is not None and results[0].counterexample.confirmed

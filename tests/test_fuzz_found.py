"""Regressions for what the differential fuzzer (bench/bench_fuzz.py) turned up."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import z3

from verifier.engines.invariants import horn
from verifier.result import Verdict

from .helpers import only, prove_source


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux's /proc")
def test_spacer_child_dies_with_its_lane(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Spacer on bit-vectors runs in a forked child of the lane; the portfolio kills a lane at
    its deadline, and the child used to run on as an orphan (seen by the dozen in a fuzz run,
    each a solver using a core). It now ends with the lane."""
    marker = tmp_path / "spacer.pid"

    def spacer_ignoring_its_timeout(hc, deadline):
        marker.write_text(str(os.getpid()))
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(horn, "_solve_here", spacer_ignoring_its_timeout)
    clauses = SimpleNamespace(preds={0: z3.Function("inv", z3.BitVecSort(8), z3.BoolSort())})
    lane = mp.get_context("fork").Process(target=horn.solve, args=(clauses, time.monotonic() + 60), daemon=True)
    lane.start()
    for _ in range(200):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.05)
    spacer = int(marker.read_text())
    assert _alive(spacer)
    lane.kill()
    lane.join()
    for _ in range(100):
        if not _alive(spacer):
            break
        time.sleep(0.05)
    survived = _alive(spacer)
    if survived:  # not left behind by the test either
        os.kill(spacer, signal.SIGKILL)
    assert not survived


_HEADER = """
extern long __VERIFIER_nondet_long(void);
extern unsigned char __VERIFIER_nondet_uchar(void);
extern void __VERIFIER_assume(int);
"""


_STRAIGHT = """
        int main(void) {
          int a[2] = {0};
          long v = __VERIFIER_nondet_long();
          unsigned char w = __VERIFIER_nondet_uchar();
          __VERIFIER_assume(v >= 9223372036854775804L);
          long t = a[w] % (v * w);
          return 0;
        }"""
_LOOP = """
        int main(void) {
          int a[2] = {0};
          long v = __VERIFIER_nondet_long();
          unsigned char w = __VERIFIER_nondet_uchar();
          __VERIFIER_assume(v >= 9223372036854775804L);
          long t = 0;
          for (int i = 0; i < 3; i++) {
            t += a[w] % (v * w);
            w = __VERIFIER_nondet_uchar();
          }
          return 0;
        }"""


@pytest.mark.parametrize(("body", "line"), [(_STRAIGHT, 10), (_LOOP, 12)], ids=["straight", "loop"])
def test_a_check_does_not_assume_an_unsequenced_sibling_passed(tmp_path: Path, body: str, line: int):
    """Fuzz seed 9113: in `a[w] % (v * w)` the read `a[w]` is out of bounds on every input
    where `v * w` overflows, but C leaves the order of the two operands open (gcc computes
    the product first), so the overflow check must not lean on the bounds check: never a yes
    (in a loop neither, where the invariant engines answer)."""
    results = prove_source(tmp_path, _HEADER + body, check="bounds,overflow")
    assert only(results, "bounds", line).verdict != Verdict.YES
    overflow = [r for r in results if r.check == "overflow" and r.location.line == line and "mul" in r.message]
    assert overflow and all(r.verdict != Verdict.YES for r in overflow), [(r.verdict, r.reason) for r in overflow]


def test_a_check_still_assumes_its_own_operands_checks(tmp_path: Path):
    """The division in `100 / (v * 2)` happens after its operand: when the product does not
    overflow, it is zero only for v == 0, so division by zero is proved."""
    results = prove_source(tmp_path, _HEADER + """
        int main(void) {
          long v = __VERIFIER_nondet_long();
          __VERIFIER_assume(v != 0);
          long t = 100 / (v * 2);
          return 0;
        }""", check="overflow,div")
    assert only(results, "div-by-zero", 8).verdict == Verdict.YES
    assert any(r.check == "overflow" and r.verdict == Verdict.NO for r in results)


def test_python_operands_run_left_to_right_so_later_checks_assume_earlier_ones(tmp_path: Path):
    """Python raises the IndexError of `xs[i]` before it divides: `10 // (i - 7)` is safe."""
    results = prove_source(tmp_path, """
        def f(xs: list[int], i: int) -> int:
            assert 0 <= i < 10
            return xs[i] + 10 // (i - 7) if len(xs) < 5 else 0
        """, suffix=".py", check="bounds,div")
    assert only(results, "div-by-zero").verdict == Verdict.YES


def test_an_operand_does_not_assume_the_checks_of_a_call_beside_it(tmp_path: Path):
    """`a[i] + g(i)`: the IR runs the call first, but C may read `a[i]` first, so its bounds
    check must not rest on g's overflow check (both fail from i == 3 on): a replayed no."""
    results = prove_source(tmp_path, """
        extern int __VERIFIER_nondet_int(void);
        extern void __VERIFIER_assume(int);
        int g(int i) { return i * 1000000000; }
        int main(void) {
          int a[3] = {0};
          int i = __VERIFIER_nondet_int();
          __VERIFIER_assume(i >= 0 && i < 100);
          int t = a[i] + g(i);
          return t;
        }""", check="bounds,overflow")
    bounds = only(results, "bounds", 8)
    assert bounds.verdict == Verdict.NO and bounds.counterexample.confirmed
    assert bounds.counterexample.nondet[0] >= 3


def test_the_value_stored_through_a_pointer_is_checked_before_the_pointers_checks(tmp_path: Path):
    """`p[w] = v * w`: the IR checks the target `p[w]` first, but gcc computes `v * w` first and
    reports its overflow (w = 2 is out of bounds too): a replayed no, never a yes."""
    results = prove_source(tmp_path, """
        long via_pointer(long v, unsigned char w) {
          long a[2] = {1, 2};
          long *p = a;
          if (v < 9223372036854775804L) return 0;
          p[w] = v * w;
          return a[0];
        }""", check="bounds,overflow")
    overflow = only(results, "overflow", 5)
    assert overflow.verdict == Verdict.NO and overflow.counterexample.confirmed, (overflow.verdict, overflow.reason)
    assert overflow.counterexample.inputs["w"] >= 2


_NONDET = """
        extern int __VERIFIER_nondet_int(void);
        extern void __VERIFIER_assume(int);
"""
#: (helper, the caller's call, its later access, the inputs where that access is out of bounds in C)
_CONVENTION_LEAKS = {
    "index_param_as_length": ("int at(int *v, int j) { return v[0] + j; }", "int t = at(a, 0);",
                              "a[y + 3] = t;", {3}),
    "shorter_length": ("int pick(int *v, int n, int j) { return v[j]; }", "int t = pick(a, 1, y);",
                       "a[y + 3] = t;", {3}),
    "scalar_address": ("int bump(int *c, int v) { *c = *c + v; return *c; }", "int t = bump(&t0, y);",
                       "a[y] = t;", {-2, -1}),
}


@pytest.mark.parametrize("case", sorted(_CONVENTION_LEAKS))
def test_a_callees_length_convention_does_not_narrow_its_caller(tmp_path: Path, case: str):
    """Fuzz seeds 518, 625, 637, 912: the callee alone is checked against the length it is
    passed (the first int parameter after the pointer: `j` in `at`, 1 in `pick`), which C does
    not require. The caller assumed those checks after the call (`y < 1`, or nothing at all:
    "vacuously yes") and proved its later access. It now checks the callee's reads against the
    real array: the later access is a no, confirmed by gcc."""
    helper, call, access, failing = _CONVENTION_LEAKS[case]
    results = prove_source(tmp_path, _NONDET + helper + """
        int main(void) {
          int y = __VERIFIER_nondet_int();
          __VERIFIER_assume(y >= -2 && y <= 3);
          int a[6] = {1, 2, 3, 4, 5, 6};
          int t0 = 0;
          CALL
          ACCESS
          return 0;
        }""".replace("CALL", call).replace("ACCESS", access), check="bounds")
    later = only(results, "bounds", 10)
    assert later.verdict == Verdict.NO and later.counterexample.confirmed, (later.verdict, later.reason)
    assert later.counterexample.nondet[0] in failing
    assert not any(r.vacuous for r in results)


def test_a_call_passing_its_arrays_own_length_keeps_its_proofs(tmp_path: Path):
    """`sum(a, 4)` on `int a[4]`: the convention is C's own there, the call stands and every check is yes."""
    results = prove_source(tmp_path, _NONDET + """
        int sum(int *v, int n) { int s = 0; for (int i = 0; i < n; i++) s += v[i]; return s; }
        int main(void) {
          int y = __VERIFIER_nondet_int();
          __VERIFIER_assume(y >= 0 && y <= 3);
          int a[4] = {1, 2, 3, 4};
          int t = sum(a, 4);
          a[y] = t;
          return 0;
        }""", check="bounds,overflow")
    assert results and all(r.verdict == Verdict.YES for r in results), [(r.check, r.location.line, r.verdict)
                                                                        for r in results]
    assert only(results, "bounds", 10).verdict == Verdict.YES



_FREED_ACCESS = """
    extern void *malloc(unsigned long size);
    extern void free(void *ptr);
    struct s { int x; int a[3]; };
    int main(void) {
      int *b = malloc(2 * sizeof(int));
      struct s *q = malloc(sizeof(struct s));
      if (b == 0 || q == 0) return 0;
      b[0] = 1;
      q->x = 1;
      int *p = b + 1;
      free(q);
      free(b);
      return ACCESS;
    }"""


@pytest.mark.parametrize(("access", "check"), [("*(p + 1)", "bounds"), ("*p", "use-after-free"),
                                               ("q->a[3]", "bounds"), ("q->a[2]", "use-after-free")])
def test_an_access_past_a_freed_block_fails_bounds_not_only_use_after_free(tmp_path: Path, access: str,
                                                                             check: str):
    """Fuzz seed 4038 (kind memcalls): `*p` one past a freed 2-int block was yes with `--check
    bounds`: the bounds check assumed the access's use-after-free check before it, which failed.
    That check now covers accesses inside the block; outside it, bounds fails (what ASan reports)."""
    result = only(prove_source(tmp_path, _FREED_ACCESS.replace("ACCESS", access), check=check), check, 13)
    assert result.verdict == Verdict.NO and result.counterexample.confirmed, (result.verdict, result.reason)


_GROWS_YS = """from verifier import assume


def f(xs: list[int], ys: list[int], k: int) -> int:
    assume(len(ys) <= 2)
BODY
    assert len(ys) <= 2
    return 0
"""


@pytest.mark.parametrize("body", [
    "    b = ys\n    b += [k]",                     # `+=` extends the one list both names hold
    "    xs += [k]",                                # a caller may pass one list as both parameters
    "    for b in [ys]:\n        b.append(k)",     # the loop variable is the list itself, not a copy
    "    b = [ys][0]\n    b.append(k)",             # so is an item of a display
])
def test_a_list_changed_through_another_name_is_not_proved(tmp_path: Path, body: str):
    """Fuzz (kind pyops; fixed by the lead): each body grows `ys` through another name, and each was
    yes: a list's `+=` did not count as a change in place, and a display's items were copies."""
    results = prove_source(tmp_path, _GROWS_YS.replace("BODY", body), suffix=".py", check="assert")
    asserts = [r for r in results if r.check == "assert"]
    assert asserts and all(r.verdict == Verdict.UNKNOWN and "unsupported" in (r.reason or "") for r in asserts), \
        [(r.verdict, r.reason) for r in asserts]


_LEAK_ON_A_FAILED_ALLOCATION = """
int main(void) {
  int x = __VERIFIER_nondet_int();
  __VERIFIER_assume(x >= 0 && x <= 1);
  int *h = malloc(sizeof(int));
  if (h == 0) {
    return 0;
  }
  int *m = malloc(2 * sizeof(int));
  if (m == 0) {
    return 0;
  }
  free(m);
  free(h);
  return 0;
}
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_the_leak_oracle_lets_allocations_fail_as_verify_does():
    """Fuzz seed 137 (kind cmem): verify's confirmed no for `leak` (the second malloc fails
    and `return 0` leaves the first block) was called wrong by an oracle whose malloc never
    failed. The oracle now takes a mask of failing allocations as each case's last value:
    the mask 2 (the second call fails) leaks the first block, at its line; 0 and 1 do not."""
    from bench.fuzz import oracle_text
    from bench.fuzz.constructs import C_LIST_HEADER, Construct

    text = "\n".join(C_LIST_HEADER) + _LEAK_ON_A_FAILED_ALLOCATION
    line = len(C_LIST_HEADER) + 4  # `int *h = malloc(...)`
    cases = [(x, mask) for x in (0, 1) for mask in range(4)]
    truth = oracle_text.run(Construct("cmem", "c", text, "main", "assert,free,leak", cases))
    endings = {run.inputs: (run.ending, run.check, run.line) for run in truth.runs}
    assert endings[(0, 2)] == ("failed", "leak", line)
    assert endings[(1, 0)] == endings[(1, 1)] == endings[(0, 3)] == ("ok", None, None)


_LITERAL_HEADER = """
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int);
void put(char *s, int n, int j) { if (j >= 0 && j < n) s[j] = 'z'; }
"""


@pytest.mark.parametrize(("body", "line"), [("char *l = \"abc\";\n  l[x] = 'z';", 9),
                                             ("char *l = \"xy\";\n  put(l, 3, x);", 3)],
                         ids=["through-a-pointer", "in-an-inlined-callee"])
def test_a_write_to_a_string_literal_fails_bounds(tmp_path: Path, body: str, line: int):
    """FUZZ (hand probe of the cmem kind): `char *l = "abc"; l[x] = 'z';` segfaults on every
    input (a string literal's array is read-only, C11 6.4.5p7), but the literal was a
    writable array in the model and every check was yes. The write now fails `bounds`,
    confirmed by gcc's run (ASan: SEGV)."""
    results = prove_source(tmp_path, _LITERAL_HEADER + f"""
int main(void) {{
  int x = __VERIFIER_nondet_int();
  __VERIFIER_assume(x >= 0 && x <= 1);
  {body}
  return 0;
}}""", check="bounds")
    assert only(results, "bounds", line).verdict == Verdict.NO


def test_a_copy_of_a_string_literal_stays_writable(tmp_path: Path):
    """`char s[] = "abc"` is an array of its own: writing it (directly or through a pointer
    that moved from a literal to it) is proved."""
    results = prove_source(tmp_path, _LITERAL_HEADER + """
int main(void) {
  int x = __VERIFIER_nondet_int();
  __VERIFIER_assume(x >= 0 && x <= 2);
  char s[] = "abc";
  char *p = "xyz";
  int t = p[x];
  if (x > 0) p = s;
  if (x > 0) p[x] = 'q';
  return t;
}""", check="bounds")
    assert all(r.verdict == Verdict.YES for r in results), [(r.check, r.location.line, r.verdict) for r in results]


def test_pointers_into_two_objects_are_not_ordered_by_their_offsets(tmp_path: Path):
    """FUZZ (hand probe): `p < q` with p into `a` and q into `b` compared the offsets only, so
    `!(a + 1 < b + x)` was proved for x in {0, 1}; gcc's run puts `b` above `a` and the
    assertion fails on both inputs. Relational comparison of pointers into different objects
    is undefined (C11 6.5.8p5): it now fails `bounds`, as `p - q` does, and no check of the
    program is a plain yes."""
    results = prove_source(tmp_path, _LITERAL_HEADER + """
int main(void) {
  int x = __VERIFIER_nondet_int();
  __VERIFIER_assume(x >= 0 && x <= 1);
  int a[2] = {1, 2};
  int b[2] = {3, 4};
  int *p = a + 1;
  int *q = b + x;
  return p < q;
}""", check="bounds")
    compare = only(results, "bounds", 12)
    assert compare.verdict != Verdict.YES and "not into one object" in compare.message


def test_pointers_into_one_array_are_still_ordered(tmp_path: Path):
    """A walk `for (p = a; p < a + 3; p++)` compares pointers into one array: proved."""
    results = prove_source(tmp_path, _LITERAL_HEADER + """
int main(void) {
  int a[3] = {1, 2, 3};
  int t = 0;
  for (int *p = a; p < a + 3; p++) {
    t = t + *p;
  }
  return t;
}""", check="bounds")
    assert results and all(r.verdict == Verdict.YES for r in results), \
        [(r.check, r.location.line, r.verdict, r.reason) for r in results]


def test_equiv_of_a_c_array_and_a_python_list_is_a_usage_error(tmp_path: Path):
    """`verify equiv a.c:f b.py:g` of `int f(int *a, int n)` and `def g(xs: list[int])` (the
    signatures do not line up) crashed while it wrote the usage error's message
    ('ArrayType' object has no attribute 'bits'): an INTERNAL ERROR, not the one-line error."""
    from verifier.equivalence import equiv
    from verifier.errors import InputError

    a, b = tmp_path / "a.c", tmp_path / "b.py"
    a.write_text("int f(int *a, int n) {\n  if (n > 0) a[0] = a[0] % 3;\n  return n;\n}\n")
    b.write_text("def g(xs: list[int]) -> int:\n    if len(xs) > 0:\n        xs[0] = xs[0] % 3\n"
                 "    return len(xs)\n")
    with pytest.raises(InputError, match=r"f takes \(int \* a.*but g takes \(list\[int\] xs"):
        equiv(f"{a}:f", f"{b}:g", timeout=5)


def test_equiv_rebinding_a_list_parameter_to_itself_keeps_it_the_callers(tmp_path: Path):
    """A Python parameter rebound before any change shares nothing with its caller, unless the new
    value may be the caller's list itself: `xs = xs` then `xs.append(1)` on k == 7919 changes the
    caller's list, and was 'equal on every input' to a function that returns 0 (the real runs,
    on small inputs, never met k == 7919)."""
    from verifier.equivalence import equiv

    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("def f(xs: list[int], k: int) -> int:\n    xs = xs\n    if k == 7919:\n"
                 "        xs.append(1)\n    return 0\n")
    b.write_text("def g(xs: list[int], k: int) -> int:\n    return 0\n")
    results = equiv(f"{a}:f", f"{b}:g", timeout=10)
    assert results and all(r.verdict != Verdict.YES for r in results), [(r.verdict, r.reason) for r in results]


@pytest.mark.parametrize("clash", ["loop", "parameter"])
def test_a_for_each_identifier_named_again_takes_its_own_loops_elements(tmp_path: Path, clash: str):
    """Two `Fn::ForEach` loops may name the same identifier (each loop's is its own), and a loop's
    identifier may share a template parameter's name. The second loop's identifier took the first
    one's elements (or the parameter's values): its `Principal: {AWS: !Ref Who}` over ["*"] was read
    over ["123456789012"] only, and the public policy was a wrong yes."""
    from verifier.policy.templates import answer_template

    first = ("Parameters:\n  Who: {Type: String, AllowedValues: ['123456789012']}\n" if clash == "parameter" else
             "  Fn::ForEach::Own:\n    - Who\n    - ['123456789012']\n    - Own${Who}:\n"
             "        Type: AWS::SNS::TopicPolicy\n"
             "        Properties:\n          Topics: [t]\n          PolicyDocument:\n            Statement:\n"
             "              - {Effect: Allow, Principal: {AWS: !Ref Who}, Action: sns:Publish, Resource: '*'}\n")
    text = ("Transform: AWS::LanguageExtensions\n" + (first if clash == "parameter" else "")
            + "Resources:\n" + (first if clash == "loop" else "")
            + "  Fn::ForEach::Open:\n    - Who\n    - ['*']\n    - Open&{Who}:\n        Type: AWS::SNS::TopicPolicy\n"
              "        Properties:\n          Topics: [t]\n          PolicyDocument:\n            Statement:\n"
              "              - {Effect: Allow, Principal: {AWS: !Ref Who}, Action: sns:Publish, Resource: '*'}\n")
    path = tmp_path / "t.yaml"
    path.write_text(text)
    results, error = answer_template(str(path), "no-public-access", {"timeout": 10.0})
    assert error is None, error
    verdicts = {r.target.split(": ", 1)[1].split(" ")[2]: r.verdict for r in results}
    assert [v for k, v in verdicts.items() if k.startswith("Open")] == [Verdict.NO]
    assert all(v is Verdict.YES for k, v in verdicts.items() if k.startswith("Own"))
    no = next(r for r in results if r.verdict is Verdict.NO)
    assert no.counterexample is not None and no.counterexample.confirmed
    assert no.location.line == max(i for i, line in enumerate(text.splitlines(), 1) if "Principal" in line)


def test_the_python_oracle_feeds_every_random_draw_and_ignores_what_the_program_prints():
    """The oracle faked only `randint` and `input`: a program drawing with `randrange`, `getrandbits` or
    `choice` (which verify reads now) got CPython's real random values, and whatever the program printed
    broke the driver's answers. Each draw now takes the case's next value (`choice` the index it picks),
    a value outside the draw's range makes the run infeasible, an empty range keeps CPython's error, and
    prints go nowhere."""
    from bench.fuzz import oracle_text
    from bench.fuzz.constructs import Construct

    text = ("import random\n\n\ndef main() -> int:\n    x = random.randrange(1, 3)\n    y = random.choice([5, 7])\n"
            "    z = random.getrandbits(1)\n    print('drawn', x, y, z)\n    w = random.randrange(x, 2)\n"
            "    assert x + y + z + w != 10\n    return 0\n")
    cases = [(1, 1, 1, 1), (2, 0, 0, 2), (1, 0, 0, 1), (3, 0, 0, 0), (1, 2, 0, 0), (1, 0, 2, 0)]
    truth = oracle_text.run(Construct("nondet", "py", text, "main", "assert,value", cases))
    endings = {run.inputs: (run.ending, run.check, run.line) for run in truth.runs}
    assert endings[(1, 1, 1, 1)] == ("failed", "assert", 10)  # 1 + 7 + 1 + 1
    assert endings[(2, 0, 0, 2)] == ("failed", "value", 9)  # randrange(2, 2): empty range
    assert endings[(1, 0, 0, 1)] == ("ok", None, None)
    assert {endings[c][0] for c in cases[3:]} == {"infeasible"}  # 3 past randrange(1, 3), index 2 of two, 2 bits


def test_a_named_buckets_ref_is_its_name_as_the_deployed_policy_reads_it(tmp_path: Path):
    """FUZZ (templates kind, seed 140, and a hand probe): `Resource: !Sub "arn:aws:s3:::${Bucket}"` of a
    bucket whose BucketName the template writes was read with `Ref Bucket` as any string, so a request for
    `s3:GetObject` on the bucket itself (no object) made a public no, where the deployed policy, the same
    text with the name written in, is yes. `Ref` of such a bucket is its name (and `GetAtt Arn` its ARN
    with the partition left open)."""
    from verifier.policy.templates import answer_template

    template = ("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: fuzz-bucket}\n"
                "  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n"
                "      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
                "          - {Effect: Allow, Principal: {AWS: '*'}, Action: s3:GetObject, Resource: RESOURCE}\n")
    written = tmp_path / "t.yaml"  # the deployed policy, `arn:aws:s3:::fuzz-bucket`, is yes
    written.write_text(template.replace("RESOURCE", '!Sub "arn:aws:s3:::${Bucket}"'))
    public = tmp_path / "public.yaml"  # the objects of the same bucket: public, through the name
    public.write_text(template.replace("RESOURCE", '!Sub "arn:aws:s3:::${Bucket}/*"'))
    answers = {}
    for path in (written, public):
        results, error = answer_template(str(path), "no-public-access", {"timeout": 10.0})
        assert error is None, error
        answers[path.stem] = [r.verdict for r in results]
    assert answers == {"t": [Verdict.YES], "public": [Verdict.NO]}

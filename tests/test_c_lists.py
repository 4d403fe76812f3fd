"""Linked lists: struct pointer fields (``struct node *next``) over the object/offset model.

A pointer field is two integer leaves, ``next#obj`` and ``next#off``, like a pointer
variable; ``p->next`` reads both through the checked field access of `c_struct_pointers`,
so ``null``, ``bounds``, ``use-after-free`` and ``free`` are checked on lists built in
the function (stack nodes, or heap nodes from `malloc` in bounded loops). Every no here
is confirmed by gcc -fsanitize=address,undefined on the counterexample's own values.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cfa import build_cfa
from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.frontends.c_types import INT, CPointerField, CStruct, c_size
from verifier.interpret import run_cfa
from verifier.result import Verdict

from .helpers import only, prove_source

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="gcc is needed to replay C")

HEADER = """\
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
extern void __VERIFIER_assume(int cond);
struct node {
  int data;
  struct node *next;
};
"""
#: the header's lines: a test's line numbers count from the line after it
H = HEADER.count("\n")


def nondet_ints(r) -> list[int]:
    """The values of the counterexample's ``__VERIFIER_nondet_int()`` calls, in call order."""
    ce = r.counterexample
    return [v for v, s in zip(ce.nondet, ce.nondet_sources) if "__VERIFIER_nondet_int" in s.label]


def test_a_struct_with_a_pointer_field_has_the_abi_size():
    node = CStruct("struct node", (("data", INT), ("next", CPointerField("struct node"))))
    assert c_size(node, 8) == 16 and c_size(node, 4) == 8


SECOND_NODE = HEADER + """\
int main(void) {
  struct node *head = malloc(sizeof(struct node));
  if (head == 0) {
    return 0;
  }
  head->data = __VERIFIER_nondet_int();
  head->next = 0;
  if (__VERIFIER_nondet_int()) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      return 0;
    }
    n->data = 0;
    n->next = head;
    head = n;
  }
  return head->next->data;
}
"""


def test_reading_the_second_node_of_a_one_node_list_is_a_replayed_null_dereference(tmp_path):
    rs = prove_source(tmp_path, SECOND_NODE, check="null", timeout=30)
    r = only([r for r in rs if r.verdict != Verdict.YES])
    assert (r.verdict, r.location.line) == (Verdict.NO, H + 17) and r.counterexample.confirmed, r.reason
    assert "null pointer" in r.counterexample.replay and "head->next->data" in r.message
    assert nondet_ints(r)[1] == 0  # no second node: the head's next is NULL


FREE_THEN_NEXT = HEADER + """\
int main(void) {
  struct node *tail = malloc(sizeof(struct node));
  if (tail == 0) {
    return 0;
  }
  tail->next = 0;
  struct node *head = malloc(sizeof(struct node));
  if (head == 0) {
    free(tail);
    return 0;
  }
  head->next = tail;
  struct node *c = head;
  while (c != 0) {
    free(c);
    c = c->next;
  }
  return 0;
}
"""


def test_following_next_after_free_is_a_replayed_use_after_free(tmp_path):
    r = only(prove_source(tmp_path, FREE_THEN_NEXT, check="use-after-free", timeout=30), "use-after-free", H + 16)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)
    assert "heap-use-after-free" in r.counterexample.replay


def test_the_tail_freed_through_the_head_and_again_is_a_replayed_double_free(tmp_path):
    source = HEADER + """\
int main(void) {
  struct node *tail = malloc(sizeof(struct node));
  if (tail == 0) {
    return 0;
  }
  tail->next = 0;
  struct node *head = malloc(sizeof(struct node));
  if (head == 0) {
    free(tail);
    return 0;
  }
  head->next = tail;
  free(head->next);
  free(head);
  free(tail);
  return 0;
}
"""
    rs = prove_source(tmp_path, source, check="free", timeout=30)
    r = only([r for r in rs if r.verdict != Verdict.YES])
    assert (r.verdict, r.location.line) == (Verdict.NO, H + 15) and r.counterexample.confirmed, r.reason
    assert "double-free" in r.counterexample.replay


def test_freeing_only_the_head_leaks_the_rest_replayed(tmp_path):
    source = HEADER + """\
int main(void) {
  struct node *second = malloc(sizeof(struct node));
  if (second == 0) {
    return 0;
  }
  second->next = 0;
  struct node *head = malloc(sizeof(struct node));
  if (head == 0) {
    free(second);
    return 0;
  }
  head->next = second;
  free(head);
  return 0;
}
"""
    rs = prove_source(tmp_path, source, check="leak", timeout=30)
    assert only(rs, "leak", H + 7).verdict == Verdict.YES  # the head is freed on every path
    r = only(rs, "leak", H + 2)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed and "LeakSanitizer" in r.counterexample.replay


STACK_NODES = HEADER + """\
int main(void) {
  struct node a = {1, 0};
  struct node b = {2, &a};
  struct node c;
  c.data = 3;
  c.next = __VERIFIER_nondet_int() ? &b : 0;
  return c.next->data + c.next->next->data;
}
"""


def test_a_stack_list_with_a_chosen_null_link_is_a_replayed_null_dereference(tmp_path):
    """Either operand may be read first (C leaves their order open), so both
    reads of `c.next` are null dereferences when the link is chosen null."""
    rs = prove_source(tmp_path, STACK_NODES, check="null,bounds", timeout=30)
    nos = [r for r in rs if r.verdict == Verdict.NO]
    assert len(nos) == 2
    for r in nos:
        assert (r.check, r.location.line) == ("null", H + 7) and r.counterexample.confirmed
        assert nondet_ints(r) == [0]
    assert all(x.verdict == Verdict.YES for x in rs if x not in nos), [(x.check, x.reason) for x in rs]


def test_an_int_pointer_field_indexed_one_past_its_array_is_a_replayed_bounds_failure(tmp_path):
    source = HEADER + """\
struct buffer {
  int len;
  int *data;
};
int main(void) {
  int items[3] = {1, 2, 3};
  struct buffer b = {3, items};
  int sum = 0;
  for (int j = 0; j <= b.len; j++) {
    sum += b.data[j];
  }
  return sum;
}
"""
    r = only(prove_source(tmp_path, source, check="bounds", timeout=30), "bounds")
    assert (r.verdict, r.location.line) == (Verdict.NO, H + 10) and r.counterexample.confirmed
    assert "stack-buffer-overflow" in r.counterexample.replay


FIND = HEADER + """\
struct node *find(struct node *h, int key) {
  while (h && h->data != key) {
    h = h->next;
  }
  return h;
}
int main(void) {
  struct node c = {3, 0};
  struct node b = {2, &c};
  struct node a = {1, &b};
  struct node *found = find(&a, __VERIFIER_nondet_int());
  return found ? found->data : 0;
}
"""


def test_a_null_checked_search_of_a_stack_list_and_an_inlined_walk_are_proved(tmp_path):
    rs = prove_source(tmp_path, FIND, check="null,bounds", function="main", timeout=40)
    assert rs and all(r.verdict == Verdict.YES for r in rs), [(r.check, r.location.line, r.reason) for r in rs]


def test_the_proved_search_never_fails_under_gcc_whatever_the_key(tmp_path):
    runner = CReplayer(parse_c(FIND, str(tmp_path / "find.c")), "main")

    @settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.integers(-5, 6))
    def never_fails(key: int) -> None:
        observed = runner.run({}, [key])
        assert not observed.unavailable, observed.detail
        assert observed.kind is None, observed.describe()

    never_fails()


@pytest.mark.parametrize(("body", "words", "line"), [
    ("struct buf { int *p; int n; };\nint f(struct buf *h) { return h->n; }\n",
     "parameter 'h' of 'f' (a struct with pointer fields", 2),  # a list node is a parameter: test_c_params_lists
    ("struct node g;\nint f(void) { g.data = 1; return g.data; }\n", "global struct 'g' with pointer fields", 2),
    ("int f(void) { struct node n; n.next = 0; n.next++; return 0; }\n", "pointer field 'n.next' used as an integer",
     1),
    ("int f(void) { struct node n; n.next = 0; return n.next + 1; }\n", "pointer field 'n.next' used as an integer",
     1),
    ("struct pair { struct node **pp; };\nint f(void) { struct pair p; return 0; }\n",
     "field 'pp' of 'struct pair' (pointer fields are plain pointers", 2),
])
def test_what_lists_leave_out_is_unsupported_at_its_line(tmp_path, body, words, line):
    rs = prove_source(tmp_path, HEADER + body, check="null", function="f", timeout=10)
    assert rs and all(r.verdict == Verdict.UNKNOWN for r in rs)
    assert words in rs[0].reason and rs[0].location.line == H + line, (rs[0].reason, rs[0].location)


GUARDED = HEADER + """\
int main(void) {
  struct node b = {2, 0};
  struct node a = {1, &b};
  struct node *p = __VERIFIER_nondet_int() ? &a : 0;
  struct node *q = p ? p->next : 0;
  int r = 0;
  if (q && q->data == 2) r = 1;
  if (p && p->next && p->next->next == 0) r += p->next->data;
  return r;
}
"""


def test_links_read_only_behind_their_null_tests_are_proved_and_never_fail_under_gcc(tmp_path):
    rs = prove_source(tmp_path, GUARDED, check="null,bounds", timeout=30)
    assert len(rs) == 14 and all(r.verdict == Verdict.YES for r in rs), [(r.check, r.location, r.reason) for r in rs]
    runner = CReplayer(parse_c(GUARDED, str(tmp_path / "guarded.c")), "main")
    for choice in (0, 1, -7):
        observed = runner.run({}, [choice])
        assert not observed.unavailable and observed.kind is None, observed.describe()


# ---- the model's reading of list programs agrees with gcc's, run by run

@st.composite
def list_programs(draw) -> str:
    """Stack nodes ``n0..n{k-1}`` relinked, walked (a guard stops a cycle), read
    through chains of ``->next`` that may meet NULL and behind tests of a link
    (``if``, ``?:``); returns a sum of the data read."""
    k = draw(st.integers(2, 4))
    node = st.integers(0, k - 1)
    lines = ["struct node { int data; struct node *next; };", "int main(void) {"]
    lines += [f"  struct node n{i} = {{{draw(st.integers(-3, 9))}, 0}};" for i in range(k)]
    lines += ["  struct node *p = &n0;", "  int s = 0;", "  int g;"]
    for _ in range(draw(st.integers(2, 6))):
        kind = draw(st.sampled_from(["link", "unlink", "walk", "chain", "write", "move", "tested", "chosen"]))
        if kind == "link":
            lines.append(f"  n{draw(node)}.next = &n{draw(node)};")
        elif kind == "unlink":
            lines.append(f"  n{draw(node)}.next = 0;")
        elif kind == "walk":
            lines.append(f"  for (p = &n{draw(node)}, g = 0; p && g < 5; p = p->next, g++) s += p->data;")
        elif kind == "chain":
            lines.append(f"  s += n{draw(node)}{'.next' + '->next' * draw(st.integers(0, 2))}->data;")
        elif kind == "write":
            lines.append(f"  p = &n{draw(node)}; p->next->data = {draw(st.integers(0, 5))};")
        elif kind == "tested":
            m = draw(node)
            lines.append(f"  if (n{m}.next) s += n{m}.next->data;")
        elif kind == "chosen":
            m = draw(node)
            lines.append(f"  s += n{m}.next ? n{m}.next->data : 1;")
        else:
            lines.append("  if (p) p = p->next;")
    lines += ["  return s & 63;", "}"]
    return "\n".join(lines) + "\n"


def gcc_run(source: str, workdir: Path) -> tuple[int | None, int]:
    """(the line of the first NULL member access gcc's sanitizer reports, or None; the exit status)."""
    c_file, exe = workdir / "p.c", workdir / "p"
    c_file.write_text(source)
    subprocess.run(["gcc", "-O0", "-fsanitize=undefined", "-fno-sanitize-recover=all", "-o", str(exe), str(c_file)],
                   check=True, capture_output=True, timeout=60)
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=10)
    found = re.search(r"p\.c:(\d+):\d+: runtime error: (member access within|load of) null pointer", run.stderr)
    return (int(found.group(1)) if found else None), run.returncode


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(list_programs())
def test_the_interpreter_reads_and_writes_links_as_gcc_does(tmp_path, source):
    failing_line, status = gcc_run(source, tmp_path)
    program = parse_c(source, "p.c", "bv")
    assert not program.function("main").unsupported, program.function("main").unsupported
    run = run_cfa(build_cfa(program, "main"), {}, lambda site, step, t: 0)
    assert (run.failure[1].line if run.failure else None) == failing_line, source
    if run.failure:
        assert run.failure[0] == "null", (run.failure, source)
    else:
        assert run.finished and run.returned == status, (run.returned, status, source)


def test_a_link_malloc_left_unset_may_read_as_null_so_a_test_of_it_proves_nothing(tmp_path):
    source = HEADER + """\
int main(void) {
  struct node *n = malloc(sizeof(struct node));
  if (n == 0) {
    return 0;
  }
  int d = 5;
  if (n->next == 0) {
    d = 0;
  }
  free(n);
  return 10 / d;
}
"""
    r = only(prove_source(tmp_path, source, check="div", timeout=20), "div-by-zero")
    # the garbage may be NULL: no yes; ASan's fill makes it non-NULL in the replay, so no confirmed no either
    assert r.verdict == Verdict.UNKNOWN and "did not replay" in r.reason, (r.verdict, r.reason)

"""Linked lists: struct pointer fields (``struct node *next``) over the object/offset model.

A pointer field is two integer leaves, ``next#obj`` and ``next#off``, like a pointer
variable; ``p->next`` reads both through the checked field access of `c_struct_pointers`,
so ``null``, ``bounds``, ``use-after-free`` and ``free`` are checked on lists built in
the function (stack nodes, or heap nodes from `malloc` in bounded loops). Every no here
is confirmed by gcc -fsanitize=address,undefined on the counterexample's own values.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.crosscheck.replay_c import CReplayer
from verifier.frontends.c import parse_c
from verifier.frontends.c_types import INT, CPointerField, CStruct, c_size
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
  int count = __VERIFIER_nondet_int();
  __VERIFIER_assume(count >= 1 && count <= 3);
  struct node *head = 0;
  int i;
  for (i = 0; i < count; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      break;
    }
    n->data = __VERIFIER_nondet_int();
    n->next = head;
    head = n;
  }
  if (head == 0) {
    return 0;
  }
  int second = head->next->data;
  while (head) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  return second;
}
"""


def test_reading_the_second_node_of_a_one_node_list_is_a_replayed_null_dereference(tmp_path):
    r = only(prove_source(tmp_path, SECOND_NODE, check="null", timeout=30), "null", H + 18)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)
    assert "null pointer" in r.counterexample.replay and "head->next->data" in r.message
    assert nondet_ints(r)[0] == 1  # one node: its next is NULL


FREE_THEN_NEXT = HEADER + """\
int main(void) {
  struct node *head = 0;
  int k;
  for (k = 0; k < 2; k++) {
    struct node *c = malloc(sizeof(struct node));
    if (c == 0) {
      break;
    }
    c->next = head;
    head = c;
  }
  struct node *c = head;
  while (c != 0) {
    free(c);
    c = c->next;
  }
  return 0;
}
"""


def test_following_next_after_free_is_a_replayed_use_after_free(tmp_path):
    r = only(prove_source(tmp_path, FREE_THEN_NEXT, check="use-after-free", timeout=30), "use-after-free", H + 15)
    assert r.verdict == Verdict.NO and r.counterexample.confirmed, (r.verdict, r.reason)
    assert "heap-use-after-free" in r.counterexample.replay


def test_the_tail_freed_by_the_walk_and_again_is_a_replayed_double_free(tmp_path):
    source = HEADER + """\
int main(void) {
  struct node *head = 0;
  struct node *tail = 0;
  int i;
  for (i = 0; i < 2; i++) {
    struct node *n = malloc(sizeof(struct node));
    if (n == 0) {
      break;
    }
    n->next = 0;
    if (tail == 0) {
      head = n;
    } else {
      tail->next = n;
    }
    tail = n;
  }
  while (head) {
    struct node *rest = head->next;
    free(head);
    head = rest;
  }
  free(tail);
  return 0;
}
"""
    rs = prove_source(tmp_path, source, check="free", timeout=30)
    r = only([r for r in rs if r.verdict == Verdict.NO], "free", H + 23)
    assert r.counterexample.confirmed and "double-free" in r.counterexample.replay


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
    assert only(rs, "leak", H + 8).verdict == Verdict.YES  # the head is freed on every path
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
    rs = prove_source(tmp_path, STACK_NODES, check="null,bounds", timeout=30)
    r = only([r for r in rs if r.verdict == Verdict.NO])
    assert (r.check, r.location.line) == ("null", H + 7) and r.counterexample.confirmed
    assert nondet_ints(r) == [0]
    assert all(x.verdict == Verdict.YES for x in rs if x is not r), [(x.check, x.reason) for x in rs]


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
int length(struct node *h) {
  int n = 0;
  for (struct node *p = h; p; p = p->next) {
    n++;
  }
  return n;
}
int main(void) {
  struct node c = {3, 0};
  struct node b = {2, &c};
  struct node a = {1, &b};
  int key = __VERIFIER_nondet_int();
  struct node *found = 0;
  for (struct node *p = &a; p != 0; p = p->next) {
    if (p->data == key) {
      found = p;
      break;
    }
  }
  int value = 0;
  if (found != 0) {
    value = found->data;
  }
  return value + length(found) + length(&a);
}
"""


def test_a_null_checked_search_of_a_stack_list_and_an_inlined_walk_are_proved(tmp_path):
    rs = prove_source(tmp_path, FIND, check="null,bounds,overflow", function="main", timeout=40)
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


@pytest.mark.parametrize(("body", "words"), [
    ("int f(struct node *h) { return h->data; }\n", "parameter 'h' of 'f' (a struct with pointer fields"),
    ("struct node g;\nint f(void) { g.data = 1; return g.data; }\n", "global struct 'g' with pointer fields"),
    ("int f(void) { struct node n; n.next = 0; n.next++; return 0; }\n", "pointer field 'n.next' used as an integer"),
    ("int f(void) { struct node n; n.next = 0; return n.next + 1; }\n", "pointer value 'n.next + 1'"),
    ("struct pair { struct node **pp; };\nint f(void) { return 0; }\n", "pointer fields are plain pointers"),
])
def test_what_lists_leave_out_is_unsupported_at_its_line(tmp_path, body, words):
    rs = prove_source(tmp_path, HEADER + body, check="null", function="f", timeout=10)
    assert rs and all(r.verdict == Verdict.UNKNOWN for r in rs)
    assert words in rs[0].reason, rs[0].reason

// expect: bounds=no
// witness: none
// fails: bounds at line 10
// why: push does not test len, so the fifth push writes data[4] of int data[4]
struct stack {
  int data[4];
  int len;
};
void push(struct stack *s, int v) {
  s->data[s->len] = v; // <- fails
  s->len++;
}
int main(void) {
  struct stack s;
  s.len = 0;
  int k;
  for (k = 0; k < 5; k++) {
    push(&s, k);
  }
  return s.len;
}

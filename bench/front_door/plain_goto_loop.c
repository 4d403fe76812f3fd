// expect: prove=no
extern int __VERIFIER_nondet_int(void);
extern void abort(void);
void reach_error(void);
int main() {
  int i = 0, n = __VERIFIER_nondet_int();
  if (!(n >= 0 && n <= 20)) goto END;
LOOP:
  if (!(i < n)) goto DONE;
  i = i + 3;
  goto LOOP;
DONE:
  if (i != n && i != n + 1) { reach_error(); abort(); }
END:
  return 0;
}

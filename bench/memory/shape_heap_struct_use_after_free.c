// expect: use-after-free=no
// witness: 7 1
// fails: use-after-free at line 22
// why: when the flag is set the record is freed early, and its field is read afterwards
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern int __VERIFIER_nondet_int(void);
struct record {
  int id;
  int score;
};
int main(void) {
  struct record *r = malloc(sizeof(struct record));
  if (!r) {
    return 0;
  }
  r->id = __VERIFIER_nondet_int();
  r->score = 0;
  if (__VERIFIER_nondet_int()) {
    free(r);
  }
  int id = r->id; // <- fails
  free(r);
  return id;
}

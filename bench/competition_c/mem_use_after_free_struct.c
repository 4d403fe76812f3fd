// category: MemSafety
// expect: prove=no
// checks: bounds,null,free,use-after-free
// why: the field is read after the block is freed
extern void *malloc(unsigned long size);
extern void free(void *ptr);
struct pair { int a; int b; };
int main() {
  struct pair *p = malloc(sizeof(struct pair));
  if (p == 0)
    return 0;
  p->a = 1;
  p->b = 2;
  free(p);
  return p->b;
}

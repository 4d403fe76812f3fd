// category: MemSafety
// expect: prove=yes
// checks: bounds,null,free,use-after-free
// why: memset and memcpy stay inside the 4-int blocks
extern void *malloc(unsigned long size);
extern void free(void *ptr);
extern void *memset(void *s, int c, unsigned long n);
extern void *memcpy(void *dest, const void *src, unsigned long n);
int main() {
  int local[4];
  int *heap = malloc(4 * sizeof(int));
  if (!heap)
    return 0;
  memset(local, 0, sizeof(local));
  local[3] = 5;
  memcpy(heap, local, 4 * sizeof(int));
  int r = heap[1] + heap[3];
  free(heap);
  return r;
}

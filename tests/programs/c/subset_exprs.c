/* The C subset's expressions: ternary, every compound assignment, ++ and --
 * inside expressions, casts, character and integer literals, shifts, the comma
 * operator, _Bool. Expected: every assertion holds. */
#include <assert.h>
#include <stdbool.h>

typedef long wide;

int mix(int a, unsigned b, char c) {
  int r = a > 0 ? a : -a;
  r += c == '\n' ? 1 : 0;
  r -= 2;
  r *= 3;
  r /= 2;
  r %= 1000;
  r <<= 1;
  r >>= 1;
  r &= 0x7fff;
  r |= 010;
  r ^= 1;
  wide w = (wide)r + 1L;
  unsigned u = b++ + 1u;
  u += ++b;
  int i = 0;
  int j = i++ + 5;
  int k = --j, m = (j--, j + 1);
  bool flag = (r & 1) != 0;
  unsigned char small = (unsigned char)300;
  assert(small == 44);
  assert(i == 1 && k == 4 && m == 4);
  assert(flag == 0 || flag == 1);
  return (int)(w % 7) + (int)(u & 1u) + (flag ? 1 : 0);
}

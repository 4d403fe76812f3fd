// category: ReachSafety-Bitvector
// expect: prove=yes
// why: byte fields of a u32 put back together give the u32
extern void abort(void);
extern void __assert_fail(const char *, const char *, unsigned int, const char *) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));
void reach_error() { __assert_fail("0", "bits_typedef_fields.c", 3, "reach_error"); }
void __VERIFIER_assert(int cond) {
  if (!(cond)) {
    ERROR: {reach_error();abort();}
  }
  return;
}
typedef unsigned int u32;
typedef unsigned char u8;
extern unsigned int __VERIFIER_nondet_uint(void);
static u8 byte_of(u32 x, int k) { return (u8)(x >> (8 * k)); }
int main() {
  u32 x = __VERIFIER_nondet_uint();
  u8 b0 = byte_of(x, 0), b1 = byte_of(x, 1), b2 = byte_of(x, 2), b3 = byte_of(x, 3);
  u32 y = ((u32)b3 << 24) | ((u32)b2 << 16) | ((u32)b1 << 8) | b0;
  __VERIFIER_assert(y == x);
  __VERIFIER_assert((x >> 24) <= 255);
  __VERIFIER_assert(((x << 8) >> 8) == (x & 0xffffffU));
  return 0;
}

"""A differential fuzzer for `verify prove` and `verify terminates`: small random C programs
and Python functions (`generate`), their ground truth by exhaustive concrete execution over a
small input domain (`oracle_c` with gcc -fsanitize=undefined, `oracle_py` with CPython), and
the comparison of verify's verdicts with it (`compare`). `bench/bench_fuzz.py` runs it."""

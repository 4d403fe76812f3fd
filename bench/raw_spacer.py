"""The raw-Spacer peer the benches run beside our engines: a script for a fresh `python -c`
process that reads SMT-LIB Horn clauses on stdin, takes a timeout in seconds as argv[1], and
prints `sat|unsat|unknown SECONDS`."""

RAW_SPACER = """
import sys, time, z3
text = sys.stdin.read()
t = time.perf_counter()
s = z3.SolverFor("HORN")
s.set("timeout", int(float(sys.argv[1]) * 1000))
s.from_string(text)
r = s.check()
print(r, time.perf_counter() - t)
"""

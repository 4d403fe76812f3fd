"""Safety engines: bounded model checking, k-induction, loop unrolling, sampled runs."""

"""Invariant engines: Horn clauses for Spacer, guessed and readable invariants, certificates."""

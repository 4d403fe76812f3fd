"""Termination engines: ranking functions with supporting invariants, recurrent sets."""

"""The whole access picture: every policy type of an account snapshot together.

`snapshot.load_snapshot` reads IAM's authorization details, resource
policies (files and templates) and the organisation's SCPs and RCPs;
`logic.evaluate` is AWS's documented decision across them (the referee);
`formula` encodes the same decision for z3 over one symbolic request and `find`
searches it; the questions are `can`, `who_can`, `external`, `changes`
(no-new-access) and `escalation`, each no a request replayed through
`logic.evaluate`.
"""

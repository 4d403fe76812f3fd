"""The whole access picture: every policy type of an account snapshot together.

`snapshot.load_snapshot` reads IAM's authorization details, resource
policies and the organisation's SCPs and RCPs; `logic.evaluate` is AWS's
documented decision across them (the referee); `formula` encodes the same
decision for z3 over one symbolic request; `questions` answers `can`,
`who-can`, `external-access` and `no-new-access` on snapshots, each no with a
request replayed through `logic.evaluate`.
"""

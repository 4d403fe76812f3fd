"""Network descriptions as code: who can reach what port, from CloudFormation and Terraform.

The pipeline: `load.py` picks a template reader (`cfn.py`, or `terraform.py` with
`hcl_values.py`); the readers read rule fields with `values.py` and hand resources
to `build.py`, which applies AWS's defaults and builds the network IR (`ir.py`,
prefixes and protocols in `addresses.py`); `paths.py` lists, for a source and a
destination, the ways a packet could travel (each a list of hops, `hops.py`),
following AWS's documented semantics (cited there); `encode.py` turns the hops into
z3 bit-vector formulas and `evaluate.py` decides them for one concrete packet (the
referee, written apart from the encoding); `reach.py` asks z3 (exists a packet, for
all deployments) and replays every witness in the evaluator; `questions.py` answers
the four questions of `verify network` as `Result`s, with `witness.py` for the packet
and its path.
"""

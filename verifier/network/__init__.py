"""Network descriptions as code: who can reach what port, from CloudFormation and Terraform.

The pipeline: a template reader (`cfn.py`, `terraform.py`, chosen by `load.py`)
builds the network IR (`ir.py`); `paths.py` lists, for a source and a
destination, the ways a packet could travel (each a list of hops, `hops.py`),
following AWS's documented semantics (cited there); `encode.py` turns the hops
into z3 bit-vector formulas and `evaluate.py` decides them for one concrete
packet (the referee, written apart from the encoding); `reach.py` asks z3 and
replays every answer in the evaluator; `questions.py` answers the four
questions of `verify network` as `Result`s.
"""

"""A policy found in a template: the policy, what it is attached to, and what is unknown in it."""

from __future__ import annotations

from dataclasses import dataclass

from verifier.policy.ir import Policy
from verifier.policy.templates.symbols import Symbol, SymbolTable


@dataclass(frozen=True)
class StandIn:
    """A principal value holding template values (vet.py), written with their examples.
    `template` is the value with symbol references; `symbols` their names."""

    line: int
    column: int
    template: str
    symbols: tuple[str, ...]
    sources: str

    def __str__(self) -> str:
        return f"{self.sources} (line {self.line})"


@dataclass(frozen=True)
class FoundPolicy:
    """One policy document of a template.

    `resource_type` is the CloudFormation name of what the policy governs
    (``AWS::KMS::Key``, ``AWS::IAM::AssumeRolePolicyDocument`` for a role's
    trust policy, ``AWS::IAM::Policy`` for identity policies; Terraform
    resources are mapped to the same names). `label` names it within the
    template (``KeyPolicy of Key``). `unsupported` says why it cannot be checked
    exactly (its checks are then unknown); `stand_ins` lists the principal
    values that hold one example value of a template symbol (see vet.py);
    `readings` the policy read two ways where a value could hold a wildcard
    (readings.py); `variants` the policy per choice of the conditions its
    `Fn::If` names (conditions.py), each with that choice written out; `one_copy` a dynamic statement
    read as one (OneCopy); `example` one deployment of it, where that is known (example.py); `choices`
    the policy per value of the template values it holds where IAM expects an IP range, a number, a
    date or a boolean (choices.py); `no_statements` a variant whose choice leaves no statement."""

    policy: Policy
    resource_type: str
    label: str
    symbols: SymbolTable
    unsupported: str | None = None
    stand_ins: tuple[StandIn, ...] = ()
    readings: Readings | None = None
    variants: tuple[tuple[str, FoundPolicy], ...] = ()
    written_version: str | None = ""  # "" unless vet.py read the policy as 2012-10-17: then the version written
    one_copy: OneCopy | None = None
    chosen_by: tuple[tuple[str, str], ...] | None = None  # a variant: parameter values that make its choice
    example: Example | None = None  # the deployment with every template value at its example (example.py)
    choices: Choices | None = None  # the policy per value of its values in structured conditions (choices.py)
    no_statements: bool = False  # a variant whose choice removes every statement: it grants nothing


@dataclass(frozen=True)
class Example:
    """The policy of one deployment: every template value at its example (example.py), `values` shown."""

    found: FoundPolicy
    values: str


@dataclass(frozen=True)
class OneCopy:
    """A Terraform dynamic "statement" block (Allow only) over a collection the template does not give,
    read as one statement whose element is a template value (terraform.py). Every deployment allows
    what its copies allow, each of which this one statement allows with some value of the element
    (none, for an empty collection; the values a copy names only make fewer requests public), so a yes
    of no-public-access or not-granted holds for every deployment. A no names one element: it holds
    when a collection of that one element is a deployment (`singleton`). Other checks stay unknown:
    the policy found is `unsupported` with `why`, its one-copy reading kept for those two checks."""

    why: str
    singleton: bool
    vetted: str | None = None  # why the one-copy policy itself cannot be checked exactly (vet.py), if so


@dataclass(frozen=True)
class Readings:
    """A policy whose template values could hold a wildcard, read widest and as ordinary values
    (readings.py); a reading that cannot be checked exactly is None."""

    widest: FoundPolicy | None
    literal: FoundPolicy | None
    symbols: tuple[Symbol, ...]  # the values that could hold a wildcard
    whole: FoundPolicy | None = None  # widest, with each Resource value holding such a value read as "*"

    @property
    def sources(self) -> str:
        return ", ".join(s.source for s in self.symbols)


@dataclass(frozen=True)
class Choices:
    """A policy written out per value of its template values in structured conditions (choices.py):
    (the values, as shown; the policy with them), and whether those are every value they take."""

    variants: tuple[tuple[str, FoundPolicy], ...]
    complete: bool

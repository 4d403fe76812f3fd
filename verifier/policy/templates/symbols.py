"""Template values unknown until deployment, as fresh symbolic values.

A CloudFormation intrinsic (`!Ref`, `!GetAtt`, `${AWS::AccountId}` in `!Sub`)
or a Terraform reference (`aws_s3_bucket.b.arn`, `var.name`) has no value in
the template text. Each distinct one becomes a `Symbol`, written into the
policy as the policy variable ``${template:NAME, 'EXAMPLE'}``. The encoding
reads a policy variable as a string the request chooses freely, so a check
that asks "is there a request such that ..." also asks "... and a value of
every symbol": a yes then holds for every value a symbol could take, and a no
names the values in its request's context (keys ``template:NAME``). The
default (EXAMPLE) keeps the symbol's value defined when that key is absent.

Policy variables are replaced literally, never read as wildcards, so a symbol
is exact only where its value cannot hold `*` or `?` (`wildcard_free`): AWS
generates resource names, ARNs and pseudo parameters without them. A
user-supplied value (a template parameter, a Terraform variable) could be
`*`, so `vet.py` refuses it where IAM reads wildcards; readings.py then
settles no-public-access and not-granted by reading it widest and as an
ordinary value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PREFIX = "template:"
#: a reference to a symbol inside a policy string
REFERENCE = re.compile(r"\$\{template:([^,}\s]+), '((?:[^']|'')*)'\}")


@dataclass(frozen=True)
class Symbol:
    """One value unknown until deployment."""

    name: str  # the key suffix: letters, digits and ._:- only
    source: str  # as written in the template, for messages
    wildcard_free: bool
    example: str  # a value it can take: the default, and the stand-in where a variable cannot go
    allowed: tuple[str, ...] | None = None  # the only values it can take, when the template lists them
    shape: str | None = None  # a regular expression every value matches
    pattern: str | None = None  # an IAM wildcard pattern every value matches, closer to `shape` than `glob`'s
    free: bool = False  # a value the user gives, any string or list of strings (no listed values, pattern, length or validation)
    #: a plain name, never holding ':' or '/': an S3 bucket name (only lowercase letters, digits, dots and hyphens,
    #: Amazon S3 User Guide, "General purpose bucket naming rules",
    #: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html, as of 2026-12-06)
    plain: bool = False

    @property
    def glob(self) -> str | None:
        """An IAM wildcard pattern every value matches (what admissible.py can encode of `shape`)."""
        if self.pattern is not None:
            return self.pattern
        if self.shape is None:
            return None
        if self.shape.startswith("arn:"):
            return "arn:*:*:*:*:*"
        if self.shape == r"\d{12}":
            return "?" * 12
        return SHAPE_GLOBS.get(self.shape)

    @property
    def key(self) -> str:
        """The request-context key that carries the symbol's value in a witness."""
        return PREFIX + self.name

    @property
    def reference(self) -> str:
        example = self.example.replace("'", "''")
        return f"${{{self.key}, '{example}'}}"

    def admits(self, value: str) -> bool:
        """Can the symbol take `value`?"""
        if self.allowed is not None and value not in self.allowed:
            return False
        if self.wildcard_free and ("*" in value or "?" in value):
            return False
        if self.plain and (":" in value or "/" in value):
            return False
        return self.shape is None or re.fullmatch(self.shape, value) is not None


@dataclass
class SymbolTable:
    """The symbols of one template, by name."""

    symbols: dict[str, Symbol] = field(default_factory=dict)

    def add(self, source: str, wildcard_free: bool, example: str, allowed: tuple[str, ...] | None = None,
            shape: str | None = None, pattern: str | None = None, free: bool = False, plain: bool = False) -> str:
        """The reference text of the symbol for `source` (one symbol per distinct source)."""
        for s in self.symbols.values():
            if s.source == source:
                return s.reference
        base = re.sub(r"[^A-Za-z0-9_.:\-]", "_", source)[:60] or "value"
        name, n = base, 1
        while name.lower() in self.symbols:
            n += 1
            name = f"{base}.{n}"
        symbol = Symbol(name, source, wildcard_free, example, allowed, shape, pattern, free, plain)
        self.symbols[name.lower()] = symbol
        return symbol.reference

    def lookup(self, key: str) -> Symbol | None:
        """The symbol whose context key is `key` (any case), if any."""
        if not key.lower().startswith(PREFIX):
            return None
        return self.symbols.get(key[len(PREFIX):].lower())

    def in_text(self, text: str) -> list[Symbol]:
        """The symbols referenced in `text`."""
        return [self.symbols[m.group(1).lower()] for m in REFERENCE.finditer(text) if m.group(1).lower() in self.symbols]


#: CloudFormation pseudo parameters: (example value, shape)
PSEUDO = {
    "AWS::AccountId": ("111122223333", r"\d{12}"),
    "AWS::Partition": ("aws", r"aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc"),
    "AWS::Region": ("us-east-1", r"[a-z]{2}(-[a-z]+)+-\d"),
    "AWS::URLSuffix": ("amazonaws.com", r"amazonaws\.com(\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov"),
    "AWS::StackName": ("my-stack", r"[A-Za-z][A-Za-z0-9-]*"),
    "AWS::StackId": ("arn:aws:cloudformation:us-east-1:111122223333:stack/my-stack/id", r"arn:[^*?]+"),
}

#: the pseudo parameters whose values are plain names (`Symbol.plain`, their shapes above)
PLAIN_PSEUDO = frozenset(PSEUDO) - {"AWS::StackId"}

#: an IAM wildcard pattern matching every value of a pseudo parameter's shape (a region: two letters, a
#: dash, a name, a dash, one digit; a partition starts "aws"), so the search keeps to such values
SHAPE_GLOBS = {
    PSEUDO["AWS::Region"][1]: "??-*-?",
    PSEUDO["AWS::Partition"][1]: "aws*",
}

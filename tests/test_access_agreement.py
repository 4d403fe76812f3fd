"""The SMT encoding of the multi-policy logic (formula.py) agrees with the referee (logic.py).

Hypothesis generates small snapshots (two member accounts and a management
account, an organisation tree with SCPs and RCPs, users and roles with identity
policies, boundaries and tags, a bucket, a KMS key and role trust policies) and
requests, then checks:

* pinned: the encoding with the whole request pinned reaches the referee's
  decision under both readings of a wildcard principal;
* searched: when the search for (caller, action, resource) with any context
  finds none, the referee denies the generated request too (no wrong yes);
  when it finds one, the referee allows it (it was replayed);
* the external-access shortcut: a policy that names no outsider allows no
  generated outsider request.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.policy.access import formula
from verifier.policy.access.can import encoding_agrees
from verifier.policy.access.external import names_no_outsider
from verifier.policy.access.find import find
from verifier.policy.access.logic import evaluate
from verifier.policy.access.model import Identity, OrgNode, Organization, Resource, Snapshot
from verifier.policy.access.organization import FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS
from verifier.policy.ir import Request, RequestPrincipal
from verifier.policy.parse import parse_policy

A, B, M = "111111111111", "222222222222", "333333333333"
ORG = "o-test"
BUCKET = "arn:aws:s3:::data"
KEY = f"arn:aws:kms:us-east-1:{A}:key/k1"
ROLE_A = f"arn:aws:iam::{A}:role/r1"
ROLE_B = f"arn:aws:iam::{B}:role/r2"
USER_A = f"arn:aws:iam::{A}:user/u1"

ACTIONS = ["s3:GetObject", "s3:*", "kms:Decrypt", "sts:AssumeRole", "ec2:DescribeInstances", "*", "*"]
REQUEST_ACTIONS = ["s3:GetObject", "s3:PutObject", "kms:Decrypt", "sts:AssumeRole", "ec2:DescribeInstances"]
RESOURCES = ["*", "*", f"{BUCKET}/*", BUCKET, KEY, ROLE_A, "arn:aws:s3:::other/*"]
REQUEST_RESOURCES = [f"{BUCKET}/x", f"{BUCKET}/x", BUCKET, KEY, ROLE_A, "arn:aws:s3:::other/x", "*"]
CONDITIONS = [
    {"StringEquals": {"aws:PrincipalTag/team": "web"}},
    {"StringEquals": {"aws:PrincipalOrgID": ORG}},
    {"StringNotEquals": {"aws:PrincipalOrgID": ORG}},
    {"StringEquals": {"aws:PrincipalAccount": A}},
    {"StringLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:role/*"}},
    {"Bool": {"aws:SecureTransport": "false"}},
    {"StringEquals": {"sts:ExternalId": "x1"}},
    {"StringEquals": {"aws:ResourceAccount": A}},
]
PRINCIPALS = ["*", {"AWS": ROLE_A}, {"AWS": A}, {"AWS": USER_A}, {"AWS": f"arn:aws:iam::{A}:root"},
              {"AWS": f"arn:aws:sts::{A}:assumed-role/r1/s1"}, {"AWS": B}, {"AWS": "999999999999"},
              {"Service": "ec2.amazonaws.com"}]
CALLERS = [
    RequestPrincipal("AWS", USER_A),
    RequestPrincipal("AWS", f"arn:aws:sts::{A}:assumed-role/r1/verify-session"),
    RequestPrincipal("AWS", f"arn:aws:sts::{A}:assumed-role/r1/s1"),
    RequestPrincipal("AWS", f"arn:aws:sts::{B}:assumed-role/r2/verify-session"),
    RequestPrincipal("AWS", "arn:aws:iam::999999999999:user/x"),
    RequestPrincipal("AWS", f"arn:aws:iam::{B}:root"),
    RequestPrincipal("Anonymous", ""),
    RequestPrincipal("Service", "ec2.amazonaws.com"),
]
CONTEXT_KEYS = [("aws:SecureTransport", ["true", "false"]), ("sts:ExternalId", ["x1", "x2"]),
                ("aws:PrincipalOrgID", [ORG, "o-other"]), ("aws:PrincipalTag/team", ["web", "ops"])]


@st.composite
def statements(draw, resource_policy: bool) -> dict:
    s: dict = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Allow", "Allow", "Deny"])),
               "Action": draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2, unique=True)),
               "Resource": draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2, unique=True))}
    if resource_policy:
        s["Principal"] = draw(st.sampled_from(PRINCIPALS))
    if draw(st.booleans()) and draw(st.booleans()):
        s["Condition"] = draw(st.sampled_from(CONDITIONS))
    return s


def _policy(stmts: list[dict], name: str):
    return _parsed(json.dumps({"Version": "2012-10-17", "Statement": stmts}), re.sub(r"\d+\.json$", "", name))


@functools.lru_cache(maxsize=None)
def _parsed(text: str, kind: str):
    """Parsing is the slow part of generating a snapshot; equal documents of one kind share their policy."""
    return parse_policy(text, f"{kind}.json")


@st.composite
def policies(draw, name: str, resource_policy: bool = False, max_size: int = 3):
    return _policy(draw(st.lists(statements(resource_policy), min_size=1, max_size=max_size)), name)


@st.composite
def snapshots(draw) -> Snapshot:
    counter = iter(range(1000))

    def pol(kind: str, resource_policy: bool = False):
        return draw(policies(f"{kind}{next(counter)}.json", resource_policy))

    def maybe(kind: str):
        return pol(kind) if draw(st.booleans()) else None

    tags = tuple(draw(st.sampled_from([(), (("team", "web"),), (("team", "ops"),)])) for _ in range(3))
    idents = [
        Identity(USER_A, "user", A, "u1", tuple(pol("id") for _ in range(draw(st.integers(0, 2)) or 1)), maybe("boundary"), tags[0]),
        Identity(ROLE_A, "role", A, "r1", tuple(pol("id") for _ in range(draw(st.integers(0, 2)) or 1)), maybe("boundary"),
                 tags[1], service_linked=draw(st.booleans()) and draw(st.booleans())),
        Identity(ROLE_B, "role", B, "r2", tuple(pol("id") for _ in range(draw(st.integers(0, 2)) or 1)), maybe("boundary"), tags[2]),
    ]
    resources = [
        Resource(ROLE_A, A, pol("trust", True), "role"),
        Resource(ROLE_B, B, pol("trust", True), "role"),
        Resource(KEY, A, pol("key", True), "kms-key"),
    ]
    if draw(st.booleans()):
        resources.append(Resource(BUCKET, draw(st.sampled_from([A, B])), pol("bucket", True), "s3-bucket"))
    org = None
    if draw(st.booleans()):
        full, rcp_full = parse_policy(FULL_AWS_ACCESS, "<FullAWSAccess>"), parse_policy(RCP_FULL_AWS_ACCESS, "<RCPFull>")

        def level(name: str) -> OrgNode:
            scps = (full,) if draw(st.integers(0, 3)) else ()
            scps += (pol("scp"),) if not draw(st.integers(0, 2)) or not scps else ()
            rcps = (rcp_full,) + ((pol("rcp", True),) if not draw(st.integers(0, 2)) else ())
            return OrgNode(name, name, scps, rcps)

        root = level("r-root")
        mgmt = draw(st.sampled_from([M, B]))
        paths = {A: (root, level("ou-a"), level(A)), B: (root, level(B)), M: (root, level(M))}
        org = Organization(ORG, mgmt, paths)
    snap = Snapshot("snap", frozenset({A, B}), organization=org)
    snap.identities = {i.arn: i for i in idents}
    snap.resources = {r.arn: r for r in resources}
    return snap


@st.composite
def requests(draw) -> Request:
    context = tuple((k, (draw(st.sampled_from(vs)),)) for k, vs in CONTEXT_KEYS if draw(st.booleans()))
    caller = draw(st.one_of(st.sampled_from(CALLERS[:4]), st.sampled_from(CALLERS[:4]), st.sampled_from(CALLERS[4:])))
    resource = draw(st.sampled_from(REQUEST_RESOURCES))
    service = "sts" if ":role/" in resource else resource.split(":")[2] if resource.startswith("arn:") else ""
    fitting = [a for a in REQUEST_ACTIONS if a.split(":")[0] == service]  # mostly an action the resource's policy governs
    action = draw(st.sampled_from(fitting)) if fitting and draw(st.integers(0, 3)) else draw(st.sampled_from(REQUEST_ACTIONS))
    return Request(action, resource, caller, context)


def _case(snap: Snapshot, req: Request, session=None) -> formula.Case:
    ident = snap.identity_of(req.principal)
    res = snap.resource_of(req.resource, ident.account if ident else None, req.action)
    return formula.Case(snap, res, ident, req.principal, session if ident is not None and ident.kind == "role" else None)


SETTINGS = settings(derandomize=True, deadline=None, max_examples=40, suppress_health_check=list(HealthCheck),
                    database=None)


@SETTINGS
@given(snapshots(), requests(), st.one_of(st.none(), policies("session")))
def test_the_pinned_encoding_reaches_the_referees_decision(snap, req, session):
    d = evaluate(snap, req, session)
    agree, note = encoding_agrees(_case(snap, req, session), d)
    assert agree is True, (note, d.reason, req)


@settings(derandomize=True, deadline=None, max_examples=20, suppress_health_check=list(HealthCheck), database=None)
@given(snapshots(), requests())
def test_a_search_that_finds_nothing_leaves_no_allowed_request(snap, req):
    ident = snap.identity_of(req.principal)
    d = evaluate(snap, req)
    if ident is not None:
        case = _case(snap, req)
    else:
        res = snap.resource_of(req.resource, None, req.action)
        case = formula.Case(snap, res, zone=frozenset({res.account}))
    found = find(case, action=req.action, resource=req.resource, timeout=20, crosscheck=False)
    if found.status == "found":
        assert found.decision is not None and found.decision.allowed
        assert evaluate(snap, found.request, outsider=ident is None).allowed
    inside = ident is None and req.principal.kind == "AWS" and req.principal.value.split(":")[4] == case.resource.account
    if found.status == "none" and not inside and req.principal.kind != "Service":
        assert not d.allowed or d.doubt, (req, d.reason)


@SETTINGS
@given(snapshots(), requests())
def test_a_policy_naming_no_outsider_allows_no_outsider(snap, req):
    res = snap.resource_of(req.resource, None, req.action)
    who = req.principal
    outside = who.kind in ("Anonymous", "Federated") or (who.kind == "AWS" and who.value.split(":")[4] != res.account)
    if res.policy is not None and outside and names_no_outsider(res.policy, frozenset({res.account})):
        assert not evaluate(snap, req, outsider=True).allowed


@st.composite
def same_account_requests(draw) -> tuple[Snapshot, Request, object]:
    """A role or user asking for an object of a bucket of its own account: where how the bucket policy names
    the caller, the boundary and the session policy interact."""
    snap = draw(snapshots())
    statements = draw(st.lists(st.fixed_dictionaries({
        "Effect": st.sampled_from(["Allow", "Allow", "Allow", "Allow", "Allow", "Deny"]),
        "Principal": st.sampled_from([PRINCIPALS[1], PRINCIPALS[0], *PRINCIPALS[2:6]]),
        "Action": st.sampled_from(["s3:GetObject", "s3:*", "*"]),
        "Resource": st.sampled_from([f"{BUCKET}/*", "*"]),
    }), min_size=1, max_size=3))
    bucket = Resource(BUCKET, A, _policy(statements, "bucket"), "s3-bucket")
    snap.resources = {**snap.resources, BUCKET: bucket}
    snap.organization = None  # SCPs and RCPs are covered above; here the account's own policies decide
    limits = [_policy([{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}], "limit"), None,
              _policy([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}], "limit")]
    role = snap.identities[ROLE_A]
    snap.identities = {**snap.identities, ROLE_A: dataclasses.replace(role, boundary=draw(st.sampled_from(limits)))}
    caller = draw(st.sampled_from([CALLERS[1], CALLERS[2], CALLERS[0]]))
    context = tuple((k, (draw(st.sampled_from(vs)),)) for k, vs in CONTEXT_KEYS if draw(st.booleans()))
    return snap, Request(draw(st.sampled_from(["s3:GetObject", "s3:PutObject"])), f"{BUCKET}/x", caller, context), \
        draw(st.sampled_from(limits))


@SETTINGS
@given(same_account_requests())
def test_same_account_grants_boundaries_and_session_policies_agree(drawn):
    snap, req, session = drawn
    d = evaluate(snap, req, session)
    agree, note = encoding_agrees(_case(snap, req, session), d)
    assert agree is True, (note, d.reason, req)

"""Terraform modules (HCL, read with python-hcl2): every IAM policy document,
with the resource type it governs and positions in the .tf files.

python-hcl2 parses with Lark and its parse tree (`hcl2.parses_to_tree`) keeps
the line, column and offsets of every node; this module walks that tree (the
dict form python-hcl2 also offers carries no columns). Policy documents are
read from `jsonencode(...)`, heredoc or quoted JSON, and
`data "aws_iam_policy_document"` blocks (referenced as `...json`). A reference
or interpolation becomes a symbol (symbols.py): resource attributes and
`aws_caller_identity`/`aws_partition`/`aws_region` data are values AWS
generates; variables, locals and function calls could hold anything.

Dynamic blocks: over a collection the template writes out (a list, set or map,
a local holding one) a `dynamic "statement"` (or "principals", "condition",
...) block is one block per element, its iterator bound to that element. Over
any other collection, an Allow `dynamic "statement"` is read as one statement
whose element is a template value, and an Allow statement's `dynamic
"condition"` as no condition: found.OneCopy says which checks answer then. A
Deny (or a principals block) over such a collection stays unknown: how many
blocks there are decides what it denies. Merged documents
(`source_policy_documents`, `override_policy_documents`) follow merge.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lark import Token, Tree

from verifier.errors import InputError
from verifier.load import read_bytes
from verifier.policy.parse import decode
from verifier.policy.jsonpos import JArray, JBool, JNull, JNumber, JObject, JString, JValue, parse_json, strings_in
from verifier.policy.templates.arns import example_arn
from verifier.policy.templates.found import OneCopy
from verifier.policy.templates.lambda_permission import CONDITIONS, principal_kind
from verifier.policy.templates.loops import adds_only
from verifier.policy.templates.merge import merged
from verifier.policy.templates.positions import shifted
from verifier.policy.templates.providers import PROVIDERS, provider_arn
from verifier.policy.templates.symbols import PLAIN_PSEUDO, PSEUDO, REFERENCE, SymbolTable
from verifier.policy.templates.unlisted import UNREAD_TYPE, is_guardrail, names_document

#: resource type -> ((attribute, or "block.attribute" for a nested block), resource type checked as)
POLICY_ATTRIBUTES: dict[str, tuple[tuple[str, str], ...]] = {
    "aws_iam_policy": (("policy", "AWS::IAM::Policy"),),
    "aws_iam_role": (("assume_role_policy", "AWS::IAM::AssumeRolePolicyDocument"), ("inline_policy.policy", "AWS::IAM::Policy")),
    "aws_iam_role_policy": (("policy", "AWS::IAM::Policy"),),
    "aws_iam_user_policy": (("policy", "AWS::IAM::Policy"),),
    "aws_iam_group_policy": (("policy", "AWS::IAM::Policy"),),
    "aws_s3_bucket_policy": (("policy", "AWS::S3::BucketPolicy"),),
    "aws_s3_bucket": (("policy", "AWS::S3::BucketPolicy"),),
    "aws_s3_access_point": (("policy", "AWS::S3::AccessPoint"),),
    "aws_kms_key": (("policy", "AWS::KMS::Key"),),
    "aws_sqs_queue_policy": (("policy", "AWS::SQS::QueuePolicy"),),
    "aws_sqs_queue": (("policy", "AWS::SQS::QueuePolicy"),),
    "aws_sns_topic_policy": (("policy", "AWS::SNS::TopicPolicy"),),
    "aws_sns_topic": (("policy", "AWS::SNS::TopicPolicy"),),
    "aws_secretsmanager_secret_policy": (("policy", "AWS::SecretsManager::ResourcePolicy"),),
    "aws_ecr_repository_policy": (("policy", "AWS::ECR::Repository"),),
    "aws_efs_file_system_policy": (("policy", "AWS::EFS::FileSystem"),),
    "aws_opensearch_domain_policy": (("access_policies", "AWS::OpenSearchService::Domain"),),
    "aws_glacier_vault": (("access_policy", "AWS::Glacier::Vault"),),
    "aws_backup_vault_policy": (("policy", "AWS::Backup::BackupVault"),),
    "aws_dynamodb_resource_policy": (("policy", "AWS::DynamoDB::Table"),),
    "aws_kinesis_resource_policy": (("policy", "AWS::Kinesis::ResourcePolicy"),),
    "aws_api_gateway_rest_api_policy": (("policy", "AWS::ApiGateway::RestApi"),),
    "aws_codeartifact_domain_permissions_policy": (("policy_document", "AWS::CodeArtifact::Domain"),),
    "aws_s3tables_table_bucket_policy": (("resource_policy", "AWS::S3Tables::TableBucket"),),
    "aws_s3tables_table_policy": (("resource_policy", "AWS::S3Tables::Table"),),
    "aws_opensearch_domain": (("access_policies", "AWS::OpenSearchService::Domain"),),
    "aws_elasticsearch_domain": (("access_policies", "AWS::OpenSearchService::Domain"),),
    "aws_elasticsearch_domain_policy": (("access_policies", "AWS::OpenSearchService::Domain"),),
    "aws_kms_replica_key": (("policy", "AWS::KMS::Key"),),
    "aws_kms_external_key": (("policy", "AWS::KMS::Key"),),
    "aws_kms_replica_external_key": (("policy", "AWS::KMS::Key"),),
    "aws_secretsmanager_secret": (("policy", "AWS::SecretsManager::ResourcePolicy"),),
    "aws_api_gateway_rest_api": (("policy", "AWS::ApiGateway::RestApi"),),
    "aws_cloudwatch_log_resource_policy": (("policy_document", "AWS::Logs::ResourcePolicy"),),
    "aws_cloudwatch_log_destination_policy": (("access_policy", "AWS::Logs::Destination"),),
    "aws_cloudwatch_event_bus_policy": (("policy", "AWS::Events::EventBus"),),
    "aws_codeartifact_repository_permissions_policy": (("policy_document", "AWS::CodeArtifact::Repository"),),
    "aws_s3control_bucket_policy": (("policy", "AWS::S3Outposts::Bucket"),),
    "aws_s3control_access_point_policy": (("policy", "AWS::S3::AccessPoint"),),
    "aws_s3control_multi_region_access_point_policy": (("details.policy", "AWS::S3::MultiRegionAccessPoint"),),
    "aws_s3control_object_lambda_access_point_policy": (("policy", "AWS::S3ObjectLambda::AccessPoint"),),
    "aws_ssoadmin_permission_set_inline_policy": (("inline_policy", "AWS::IAM::Policy"),),
    "aws_organizations_policy": (("content", "AWS::Organizations::Policy"),),  # SCPs and RCPs only
    "aws_vpc_endpoint": (("policy", "AWS::EC2::VPCEndpoint"),),
    "aws_vpc_endpoint_policy": (("policy", "AWS::EC2::VPCEndpoint"),),
}

#: Lambda permission resources -> the resource type their statement is checked as
PERMISSIONS = {"aws_lambda_permission": "AWS::Lambda::Permission",
               "aws_lambda_layer_version_permission": "AWS::Lambda::LayerVersionPermission"}
#: what a policy-document data source checks as when no resource uses it
DOCUMENT_TYPE = "AWS::IAM::PolicyDocument"
#: an attribute named as an access policy (policy, access_policies, resource_policy, policy_document, ...)
_POLICY_NAME = re.compile(r"(\w+_)?polic(y|ies)(_document|_text|_json)?")

_GENERATED = (
    (re.compile(r"data\.aws_caller_identity\.[\w-]+\.account_id"), "AWS::AccountId"),
    (re.compile(r"data\.aws_partition\.[\w-]+\.partition"), "AWS::Partition"),
    (re.compile(r"data\.aws_region\.[\w-]+\.(name|region)"), "AWS::Region"),
)
_ATTRIBUTE = re.compile(r"(data\.)?aws_\w+\.[\w-]+(\[[^\]]*\])?\.(\w+)")
#: an API's execution ARN (REST and HTTP/WebSocket APIs), the prefix of the ARNs it invokes with
_EXECUTION_ARN = re.compile(r"aws_(api_gateway_rest_api|apigatewayv2_api)\.[\w-]+\.execution_arn")


@dataclass
class Block:
    """One block: `kind` ("resource", "data", "statement", ...), labels, attributes and nested blocks."""

    kind: str
    labels: tuple[str, ...]
    attributes: dict[str, Tree]
    blocks: list["Block"]
    line: int
    column: int
    file: str


#: the resource type shown for a called module whose policies are not read
MODULE_TYPE = "terraform module"


def read_terraform(files: list[Path], root: Path | None = None, inputs: dict[str, JValue] | None = None) -> tuple[
        list[tuple[JValue | None, str, str, str | None, str, OneCopy | None]], SymbolTable, list[tuple[str, Path, dict[str, JValue]]]]:
    """(document or None, resource type, label, why unsupported or None, file, a dynamic statement read
    as one copy or None) per policy, the symbols, and the local modules called (name, directory, the
    values it is given that the template writes out). `inputs`: such values of this module's variables."""
    table = SymbolTable()
    blocks, texts = parse_module(files)
    reader = _Reader(table, texts, {name: (expr, b.file) for b in blocks if b.kind == "locals" for name, expr in b.attributes.items()}, root)
    reader.inputs = inputs or {}
    modules = [(b.labels[0], Path(b.file).parent / source, reader.arguments(b)) for b in blocks
               if b.kind == "module" and len(b.labels) == 1 and reader.instances(b) != 0
               for source in [_literal_source(b)] if source is not None]
    reader.variables = {b.labels[0]: b for b in blocks if b.kind == "variable" and len(b.labels) == 1}
    blocks = [b for b in blocks if reader.instances(b) != 0]  # a block its count or for_each makes none of
    documents = {b.labels[1]: b for b in blocks if b.kind == "data" and b.labels[:1] == ("aws_iam_policy_document",) and len(b.labels) == 2}
    reader.documents = documents
    reader.resources = {b.labels: b for b in blocks if b.kind == "resource" and len(b.labels) == 2}
    used: set[str] = set()
    found = []
    for b in blocks:
        if b.kind != "resource" or len(b.labels) != 2:
            continue
        if b.labels[0] in PERMISSIONS:
            doc, why = reader.permission(b)
            found.append((doc, PERMISSIONS[b.labels[0]], ".".join(b.labels), why, b.file, None))
            continue
        unlisted = reader.unlisted_document(b) if b.labels[0] not in POLICY_ATTRIBUTES else None
        if unlisted is not None:
            found.append((JNull(b.line, b.column), UNREAD_TYPE, ".".join(b.labels),
                          f"{unlisted} of {'.'.join(b.labels)} is not read: what it grants is not known", b.file, None))
        for attribute, checked_as in POLICY_ATTRIBUTES.get(b.labels[0], ()):
            holders = [b]
            name = attribute
            if "." in attribute:
                inner, name = attribute.split(".", 1)
                holders = [n for n in b.blocks if n.kind == inner]
            for i, holder in enumerate(holders):
                if name not in holder.attributes or checked_as == "AWS::Organizations::Policy" and not reader.guardrail(holder):
                    continue
                expr = holder.attributes[name]
                label = f"{'.'.join(b.labels)}.{attribute.replace('.', f'[{i}].') if '.' in attribute else attribute}"
                ref = reader.document_reference(expr)
                if ref is not None and ref in documents:
                    used.add(ref)
                    doc, why, one_copy = reader.read(lambda: reader.data_document(documents[ref]))
                    found.append((doc, checked_as, f"{label} (data.aws_iam_policy_document.{ref})", why, documents[ref].file, one_copy))
                else:
                    doc, why, one_copy = reader.read(lambda: reader.document(expr, holder.file))
                    found.append((doc, checked_as, label, why, reader.read_from or holder.file, one_copy))
    for ref, b in documents.items():
        if ref not in used:
            doc, why, one_copy = reader.read(lambda: reader.data_document(b))
            found.append((doc, DOCUMENT_TYPE, f"data.aws_iam_policy_document.{ref}", why, b.file, one_copy))
    for b in blocks:  # a registry or remote module's policies are not read: what it grants is not known
        if b.kind == "module" and len(b.labels) == 1 and _literal_source(b) is None:
            found.append((None, MODULE_TYPE, f"module.{b.labels[0]}",
                          f"module '{b.labels[0]}' comes from a source that is not read (only local modules are), "
                          f"so the policies it makes are not known", b.file, None))
    return found, table, modules


def _literal_source(b: Block) -> str | None:
    """A module's `source` when it is a local path ("./x", "../x"), else None (a registry or remote module)."""
    expr = b.attributes.get("source")
    node = unwrap_expression(expr) if expr is not None else None
    if not isinstance(node, Tree) or node.data != "string":
        return None
    text = _plain_string(node)
    return text if text.startswith(("./", "../")) and "${" not in text else None


def parse_module(files: list[Path]) -> tuple[list[Block], dict[str, str]]:
    """The top-level blocks of the .tf files (python-hcl2's positioned parse tree) and each file's text;
    a file that does not parse is an InputError at its position."""
    import hcl2

    blocks: list[Block] = []
    texts: dict[str, str] = {}
    for f in files:
        name = str(f)
        text = decode(read_bytes(f), name)
        texts[name] = text
        try:
            tree = hcl2.parses_to_tree(text)
        except Exception as exc:  # python-hcl2 raises Lark's errors, and a few of its own
            line, column = getattr(exc, "line", 1), getattr(exc, "column", 1)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(name, line if line > 0 else 1, column if column > 0 else 1,
                             f"cannot parse HCL: {first}", "syntax") from None
        body = next(c for c in tree.children if isinstance(c, Tree))
        blocks += _blocks(body, name)
    return blocks, texts


def _blocks(body: Tree, file: str) -> list[Block]:
    out = []
    for node in body.children:
        if isinstance(node, Tree) and node.data == "block":
            out.append(_block(node, file))
    return out


def _block(node: Tree, file: str) -> Block:
    parts = [c for c in node.children if isinstance(c, Tree)]
    kind = _name(parts[0])
    labels = tuple(_plain_string(p) for p in parts[1:] if p.data in ("string", "identifier"))
    body = next(p for p in parts if p.data == "body")
    attributes: dict[str, Tree] = {}
    for child in body.children:
        if isinstance(child, Tree) and child.data == "attribute":
            key = _name(child.children[0])
            attributes[key] = child.children[-1]
    return Block(kind, labels, attributes, _blocks(body, file), node.meta.line, node.meta.column, file)


def _name(node: Tree) -> str:
    token = node.children[0]
    return str(token.children[0]) if isinstance(token, Tree) else str(token)


def _plain_string(node: Tree) -> str:
    if node.data == "identifier":
        return _name(node)
    return "".join(str(p.children[0]) for p in node.children if isinstance(p, Tree) and isinstance(p.children[0], Token))


def unwrap_expression(expr: Tree) -> Tree:
    """The expression inside `expr_term` and parentheses."""
    while isinstance(expr, Tree) and expr.data == "expr_term":
        inner = [c for c in expr.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]
        if len(inner) != 1:
            break
        expr = inner[0]
    return expr


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    """An HCL quoted-string fragment's value (escapes, `$${` and `%%{`)."""
    text = re.sub(r'\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)', lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" and len(m.group(1)) > 1 else _ESCAPES.get(m.group(1), m.group(1)), text)
    return text.replace("$${", "${").replace("%%{", "%{")


class _Reader:
    """HCL expressions -> positioned JSON values with symbols."""

    def __init__(self, table: SymbolTable, texts: dict[str, str], locals_: dict[str, tuple[Tree, str]], root: Path | None) -> None:
        self.root = root  # the root module's directory (relative paths and path.root), None if unknown
        self.table = table
        self.texts = texts
        self.file = ""
        self.locals = locals_  # a local value is one fixed expression of the module: read in place
        self.reading: set[str] = set()  # the locals being read (a cycle stays a symbol)
        self.documents: dict[str, Block] = {}  # the module's aws_iam_policy_document data sources, by name
        self.variables: dict[str, Block] = {}  # the module's variable blocks, by name
        self.resources: dict[tuple[str, ...], Block] = {}  # the module's resource blocks, by (type, name)
        self.inputs: dict[str, JValue] = {}  # the variables the calling module gives, written out
        self.bindings: dict[str, tuple[JValue, JValue] | str] = {}  # a dynamic block's iterator: its element, or its collection's source
        self.one_copy: OneCopy | None = None  # set by data_document
        self.loop_bindings: dict[str, JValue | str] = {}  # a for expression's names: an element, or its collection's source
        self.loops: dict[str, bool] = {}  # symbols of elements of collections not given (loops.py): can it hold one alone?
        self.expand_loops = True  # read a for expression over a collection not given as one element (loops.py)

    def arguments(self, b: Block) -> dict[str, JValue]:
        """The values a module block gives its module's variables that the template writes out (no
        template value in them, not null): the module reads each as that value."""
        self.file = b.file
        out = {}
        for name, expr in b.attributes.items():
            if name in _META_ARGUMENTS:
                continue
            value = self.value(expr)
            if not isinstance(value, JNull) and not any(REFERENCE.search(t) for t in strings_in(value)):
                out[name] = value
        return out

    def local(self, text: str, ampersand: bool) -> JValue | None:
        """The value of `local.NAME` (written `text`), read where it is defined, or of `var.NAME` when the
        calling module gives it (`inputs`); None if not a known local or given variable."""
        given = re.fullmatch(r"var\.(\w+)", text)
        if given is not None and given.group(1) in self.inputs:
            return self.inputs[given.group(1)]
        m = re.fullmatch(r"local\.(\w+)", text)
        if m is None or m.group(1) not in self.locals or m.group(1) in self.reading:
            return None
        expr, file = self.locals[m.group(1)]
        here, self.file = self.file, file
        self.reading.add(m.group(1))
        try:
            return self.value(expr, ampersand)
        finally:
            self.reading.discard(m.group(1))
            self.file = here

    def source(self, node: Tree) -> str:
        return self.texts[self.file][node.meta.start_pos:node.meta.end_pos]

    def symbol(self, node: Tree) -> str:
        return self.symbol_text(re.sub(r"\s+", " ", self.source(node)).strip())

    def symbol_text(self, text: str) -> str:
        """The symbol of the expression written `text` (a local holding a string: that string)."""
        element = self.element(text)
        if isinstance(element, (str, JString)):
            return element if isinstance(element, str) else element.value
        text = self.per_element(text)
        local = self.local(text, ampersand=False)
        if isinstance(local, JString):
            return local.value
        for pattern, pseudo in _GENERATED:
            if pattern.fullmatch(text):
                example, shape = PSEUDO[pseudo]
                return self.table.add(text, wildcard_free=True, example=example, shape=shape, plain=pseudo in PLAIN_PSEUDO)
        m = _ATTRIBUTE.fullmatch(text)
        provider = self.provider(text) if m and m.group(3) == "arn" else None
        if provider is not None:
            return provider
        if _EXECUTION_ARN.fullmatch(text):
            return self.execution_arn(text)
        if m and m.group(0).removeprefix("data.").startswith("aws_s3_bucket.") and m.group(3) in ("arn", "bucket", "id"):
            return self.s3_bucket(text, m.group(3))
        if m:
            arn = m.group(3) == "arn"
            resource, name = m.group(0).removeprefix("data.").split(".")[:2]
            name = re.sub(r"\[.*", "", name)
            service, _, kind = resource.removeprefix("aws_").partition("_")
            example = example_arn(service, kind.split("_")[-1] or service, name) if arn else name
            return self.table.add(text, wildcard_free=True, example=example, shape=r"arn:.+" if arn else None)
        return self.table.add(text, wildcard_free=False, example="value", free=self.free(text))

    def free(self, text: str) -> bool:
        """Is `text` a variable of strings (a string, a list or set of them, or any type) without validation:
        any string (as its one element) is a value it takes?"""
        return self.unvalidated_type(text) in ("string", "any", "list(string)", "set(string)")

    def unvalidated_type(self, text: str) -> str | None:
        """The type (as written, without spaces; "any" when not written) of the variable `text` names, None
        when it names none or one with a validation block."""
        m = re.fullmatch(r"var\.(\w+)", text)
        variable = self.variables.get(m.group(1)) if m else None
        if variable is None or any(n.kind == "validation" for n in variable.blocks):
            return None
        node = unwrap_expression(variable.attributes["type"]) if "type" in variable.attributes else None
        return re.sub(r"\s+", "", self.texts[variable.file][node.meta.start_pos:node.meta.end_pos]) if node is not None else "any"

    def deploying(self, pseudo: str) -> str:
        """The symbol of the account, region or partition the module is applied in (`pseudo` names it as
        CloudFormation's pseudo parameter does)."""
        example, shape = PSEUDO[pseudo]
        what = pseudo.removeprefix("AWS::").lower()
        return self.table.add(f"the {'account' if what == 'accountid' else what} that applies the module",
                              wildcard_free=True, example=example, shape=shape, plain=pseudo in PLAIN_PSEUDO)

    def s3_bucket(self, text: str, attribute: str) -> str:
        """A bucket's name (`bucket`, `id`: one symbol, a plain name, symbols.py) or its ARN, which has no region
        or account: arn:PARTITION:s3:::NAME (Amazon S3 User Guide, "Bucket ARNs")."""
        base = text[: -len(attribute) - 1]
        example = re.sub(r"\[.*", "", base.split(".")[-1]).lower()
        name = self.table.add(f"{base}.bucket", wildcard_free=True, example=example, plain=True)
        return f"arn:{self.deploying('AWS::Partition')}:s3:::{name}" if attribute == "arn" else name

    def execution_arn(self, text: str) -> str:
        """An API's `execution_arn`, written as the provider documents it: arn:PARTITION:execute-api:REGION:ACCOUNT:ID."""
        api = self.table.add(text.removesuffix(".execution_arn") + ".id", wildcard_free=True, example="a1b2c3d4e5", shape=r"[a-z0-9]+")
        return (f"arn:{self.deploying('AWS::Partition')}:execute-api:{self.deploying('AWS::Region')}:"
                f"{self.deploying('AWS::AccountId')}:{api}")

    def provider(self, text: str) -> str | None:
        """The ARN `TYPE.NAME.arn` stands for when it names an identity provider of this module whose URL
        or name is written out (providers.py)."""
        m = re.fullmatch(r"(aws_\w+)\.([\w-]+)\.arn", text)
        block = self.resources.get((m.group(1), m.group(2))) if m else None
        if block is None or m.group(1) not in PROVIDERS or PROVIDERS[m.group(1)][1] not in block.attributes:
            return None
        here, self.file = self.file, block.file
        try:
            written = self.value(block.attributes[PROVIDERS[m.group(1)][1]])
        finally:
            self.file = here
        account = self.deploying("AWS::AccountId")
        return provider_arn(m.group(1), written.value, account) if isinstance(written, JString) else None

    def read(self, read: Callable[[], tuple[JValue | None, str | None]]) -> tuple[JValue | None, str | None, OneCopy | None]:
        """A document `read` reads, with its dynamic statements or `for` expressions read as one copy
        (OneCopy, loops.py); a `for` expression whose elements do not only add requests is one template value."""
        self.loops, self.one_copy = {}, None
        doc, why = read()
        one_copy = self.one_copy
        if self.loops and not adds_only(doc, set(self.loops)):
            self.expand_loops = False
            try:
                doc, why = read()
            finally:
                self.expand_loops = True
            return doc, why, one_copy
        if self.loops:
            loop = OneCopy("a for expression over a collection the template does not give is read as one element",
                           all(self.loops.values()))
            one_copy = loop if one_copy is None else OneCopy(f"{one_copy.why}; {loop.why}", one_copy.singleton and loop.singleton)
        return doc, why, one_copy

    # ---- documents ----

    def document_reference(self, expr: Tree) -> str | None:
        """NAME when `expr` is `data.aws_iam_policy_document.NAME.json`."""
        node = unwrap_expression(expr)
        if not isinstance(node, Tree) or node.data != "get_attr_expr_term":
            return None
        text = "".join(str(t) for t in node.scan_values(lambda v: isinstance(v, Token)))
        # one instance of a data source with count or for_each: its body, read with count.*/each.* as symbols
        m = re.fullmatch(r"data\.aws_iam_policy_document\.([\w-]+)(\[[^\]]*\])?\.(json|minified_json)", text)
        return m.group(1) if m else None

    def instances(self, b: Block) -> int | None:
        """How many instances a resource, data or module block makes when its `count` or `for_each` is decided
        by the module's text and the values its caller writes out (0: the block makes nothing); 1 without
        either; None when not decided (a template value: some deployment may make it)."""
        self.file = b.file
        if "count" in b.attributes:
            count = self.decided(b.attributes["count"])
            return int(count.text) if isinstance(count, JNumber) and count.text.isdigit() else None
        if "for_each" in b.attributes:
            each = self.decided(b.attributes["for_each"])
            return len(each.items) if isinstance(each, JArray) else len(each.pairs) if isinstance(each, JObject) else None
        return 1

    def decided(self, expr: Tree) -> JValue | None:
        """`expr`'s value, with `COND ? A : B` decided when COND's value is written out, else None for it."""
        node = unwrap_expression(expr)
        if isinstance(node, Tree) and node.data == "conditional":
            test, then, other = [c for c in node.children if isinstance(c, Tree)]
            chosen = self.value(test)
            return self.decided(then if chosen.value else other) if isinstance(chosen, JBool) else None
        return self.value(expr)

    def unlisted_document(self, b: Block, prefix: str = "") -> str | None:
        """The first attribute of a resource `POLICY_ATTRIBUTES` does not list (or of a block nested in it)
        whose value is or may be a policy document (unlisted.py): text that writes one, a policy-document
        data source, a local, file() or templatefile() that holds one, or a policy attribute whose value
        is computed elsewhere (a variable, another resource's attribute)."""
        self.file = b.file
        for name, expr in b.attributes.items():
            if self.names_document(expr, set()) or (_POLICY_NAME.fullmatch(name) is not None and self.computed(expr)):
                return prefix + name
        return next((found for inner in b.blocks if (found := self.unlisted_document(inner, f"{prefix}{inner.kind}.")) is not None), None)

    def guardrail(self, b: Block) -> bool:
        """Is an aws_organizations_policy an SCP or RCP (unlisted.is_guardrail; `type` defaults to an SCP)?"""
        self.file = b.file
        kind = self.value(b.attributes["type"]) if "type" in b.attributes else JString("SERVICE_CONTROL_POLICY", b.line, b.column)
        literal = kind.value if isinstance(kind, JString) and not REFERENCE.search(kind.value) else None
        return is_guardrail(literal, self.source(b.attributes["content"]))

    def computed(self, expr: Tree) -> bool:
        """Is `expr`'s value decided outside this module's text (a variable, a module output, a data source,
        another resource's attribute, a local it does not define)?"""
        text = self.source(expr)
        return re.search(r"\b(var|module|data)\.|\baws_\w+\.[\w-]+\.", text) is not None or any(
            name not in self.locals for name in re.findall(r"\blocal\.(\w+)", text))

    def names_document(self, expr: Tree, reading: set[str]) -> bool:
        """Does `expr` write a policy document, name a policy-document data source, or hold one through a
        local (`reading`: the locals followed so far) or the file of file()/templatefile()?"""
        text = self.source(expr)
        if names_document(text) or "data.aws_iam_policy_document." in text:
            return True
        for name in re.findall(r"\blocal\.(\w+)", text):
            if name in self.locals and name not in reading:
                inner, file = self.locals[name]
                here, self.file = self.file, file
                try:
                    if self.names_document(inner, reading | {name}):
                        return True
                finally:
                    self.file = here
        node = unwrap_expression(expr)
        if isinstance(node, Tree) and node.data == "function_call" and _name(node.children[0]) in ("file", "templatefile"):
            args = next((c for c in node.children if isinstance(c, Tree) and c.data == "arguments"), None)
            items = [c for c in args.children if isinstance(c, Tree) and c.data != "new_line_or_comment"] if args else []
            path = self.file_path(items[0]) if items else None
            return path is None or not path.is_file() or names_document(decode(read_bytes(path), str(path)))
        return False

    def document(self, expr: Tree, file: str) -> tuple[JValue | None, str | None]:
        """A policy attribute's document: jsonencode(...), heredoc or quoted JSON, file() or templatefile()
        (`read_from` then names the file its positions are in)."""
        self.file = file
        self.read_from: str | None = None
        node = unwrap_expression(expr)
        at = (node.meta.line, node.meta.column)
        if node.data == "function_call" and _name(node.children[0]) == "jsonencode":
            args = [c for c in node.children if isinstance(c, Tree) and c.data == "arguments"]
            if args:
                return self.value(next(c for c in args[0].children if isinstance(c, Tree))), None
        if node.data in ("heredoc_template", "heredoc_template_trim"):
            raw = str(node.children[0])
            body = raw.split("\n", 1)[1] if "\n" in raw else ""
            body = body.rsplit("\n", 2)[0] if body.rstrip().splitlines() else body
            lines = body.split("\n")
            if lines and re.fullmatch(r"\s*[A-Za-z_]\w*\s*", lines[-1]):
                body = "\n".join(lines[:-1])
            text = self.interpolated(body)
            if "%{" in text.replace("%%{", ""):
                return None, f"a template directive %{{...}} in the heredoc at line {at[0]} is not read"
            return shifted(parse_json(text, file), (at[0] + 1, 1)), None
        if node.data == "string":
            return shifted(parse_json(self.string_text(node), file), (at[0], at[1] + 1)), None
        if node.data == "function_call" and _name(node.children[0]) in ("file", "templatefile"):
            return self.file_document(node, at)
        return None, f'the policy is computed by "{self.source(node).strip()[:60]}" (line {at[0]}), which this reader cannot follow'

    def file_document(self, node: Tree, at: tuple[int, int]) -> tuple[JValue | None, str | None]:
        """`file(PATH)` or `templatefile(PATH, {NAME = value, ...})`: the JSON of the file, positioned in it.
        PATH is literal, under `${path.module}` (this module's directory) or `${path.root}` / relative
        (the root module's directory, where Terraform runs); a template's `${NAME}` is its value."""
        function = _name(node.children[0])
        args = next((c for c in node.children if isinstance(c, Tree) and c.data == "arguments"), None)
        items = [c for c in args.children if isinstance(c, Tree) and c.data != "new_line_or_comment"] if args else []
        path = self.file_path(items[0]) if items else None
        if path is None or not path.is_file():
            what = f'"{path}"' if path is not None else "a path this reader cannot resolve"
            return None, f"{function}() at line {at[0]} reads {what}, which is not a file here"
        text = decode(read_bytes(path), str(path))
        if function == "templatefile":
            names = self.value(items[1]) if len(items) > 1 else JObject((), *at)
            if not isinstance(names, JObject) or not all(isinstance(v, JString) for _, v in names.pairs):
                return None, f"templatefile() at line {at[0]} is given values other than strings"
            if "%{" in text.replace("%%{", ""):
                return None, f"a template directive %{{...}} in {path} (templatefile() at line {at[0]}) is not read"
            given = {k.value: v.value for k, v in names.pairs}  # type: ignore[union-attr]
            text = re.sub(r"\$\$\{|\$\{\s*([^}]*?)\s*\}",
                          lambda m: "${" if m.group(1) is None else given.get(m.group(1)) or self.symbol_text(f"templatefile:{m.group(1)}"), text)
        self.read_from = str(path)
        return parse_json(text, str(path)), None

    def file_path(self, node: Tree) -> Path | None:
        """The file a path expression names, or None when it is not literal or under `path.module`/`path.root`."""
        text = self.source(unwrap_expression(node)).strip()
        m = re.fullmatch(r'"(?:\$\{path\.(module|root)\}/)?([^"$\\]+)"', text)
        if m is None:
            return None
        base = Path(self.file).parent if m.group(1) == "module" else self.root
        return base / m.group(2) if base is not None else None

    def permission(self, b: Block) -> tuple[JValue | None, str | None]:
        """An aws_lambda_permission or aws_lambda_layer_version_permission as the statement Lambda adds
        (lambda_permission.py; a layer's `organization_id` limits it as aws:PrincipalOrgID does)."""
        self.file = b.file
        values = {"principal_org_id" if k == "organization_id" else k: self.value(t) for k, t in b.attributes.items()}
        principal, action = values.get("principal"), values.get("action")
        if not isinstance(principal, JString) or action is None:
            return None, f"{'.'.join(b.labels)} (line {b.line}) names no principal or action"

        def text(s: str) -> JString:
            return JString(s, b.line, b.column)

        who = text("*") if principal.value == "*" else JObject(((text(principal_kind(principal.value)), principal),), b.line, b.column)
        pairs = [(text("Effect"), text("Allow")), (text("Principal"), who), (text("Action"), action), (text("Resource"), text("*"))]
        conditions: dict[str, list[tuple[JString, JValue]]] = {}
        for names, operator, key in CONDITIONS:
            value = next((values[n] for n in names if n in values), None)
            if value is not None:
                conditions.setdefault(operator, []).append((text(key), value))
        if conditions:
            blocks = tuple((text(op), JObject(tuple(kv), b.line, b.column)) for op, kv in conditions.items())
            pairs.append((text("Condition"), JObject(blocks, b.line, b.column)))
        statement = JObject(tuple(pairs), b.line, b.column)
        return JObject(((text("Version"), text("2012-10-17")), (text("Statement"), JArray((statement,), b.line, b.column))),
                       b.line, b.column), None

    def interpolated(self, text: str) -> str:
        """Heredoc text with each `${...}` replaced by a symbol (`$${` is a literal `${`)."""
        def one(m: re.Match) -> str:
            if m.group(0).startswith("$$"):
                return m.group(0)[1:]
            return self.symbol_text(m.group(1).strip())
        return re.sub(r"\$?\$\{([^}]*)\}", one, text)

    def data_document(self, b: Block) -> tuple[JValue | None, str | None]:
        """An aws_iam_policy_document data source as IAM policy JSON (its merged documents, merge.py, and
        dynamic blocks as `dynamic_statements` and `statement` read them); `one_copy` then says whether a
        dynamic block over a collection the template does not give was read as one statement (OneCopy)."""
        self.one_copy = None
        return self.merged_document(b, frozenset())

    def merged_document(self, b: Block, reading: frozenset[str]) -> tuple[JValue | None, str | None]:
        self.file = b.file
        name = f"data.aws_iam_policy_document.{b.labels[1]}"
        layers: list[list[JValue]] = []
        for attribute, many in (("source_policy_documents", True), ("source_json", False)):
            if attribute in b.attributes:
                docs, why = self.documents_of(b, attribute, many, reading | {b.labels[1]})
                if why:
                    return None, why
                layers += docs
        own, why = self.statements(b, name)
        if why:
            return None, why
        sources = len(layers)
        layers.append(own)
        for attribute, many in (("override_policy_documents", True), ("override_json", False)):
            if attribute in b.attributes:
                docs, why = self.documents_of(b, attribute, many, reading | {b.labels[1]})
                if why:
                    return None, why
                layers += docs
        statements, why = merged(layers, sources)
        if why:
            return None, f"{why} in {name} (line {b.line})"
        self.file = b.file
        pairs = [(JString("Version", b.line, b.column), self.attribute_or(b, "version", "2012-10-17"))]
        pairs.append((JString("Statement", b.line, b.column), JArray(tuple(statements), b.line, b.column)))
        if "policy_id" in b.attributes:
            pairs.append((JString("Id", b.line, b.column), self.value(b.attributes["policy_id"])))
        return JObject(tuple(pairs), b.line, b.column), None

    def documents_of(self, b: Block, attribute: str, many: bool, reading: frozenset[str]) -> tuple[list[list[JValue]], str | None]:
        """The statements of each document `attribute` of `b` names (a list when `many`), one list per document."""
        self.file = b.file
        node = unwrap_expression(b.attributes[attribute])
        items = [c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"] if many and node.data == "tuple" else [node]
        if many and node.data != "tuple":
            return [], f"{attribute} in data.aws_iam_policy_document.{b.labels[1]} (line {b.line}) is not a list written out"
        out = []
        for item in items:
            ref = self.document_reference(item)
            if ref is not None and ref in self.documents:
                if ref in reading:
                    return [], f"data.aws_iam_policy_document.{ref} merges itself (line {b.line})"
                doc, why = self.merged_document(self.documents[ref], reading)
            else:
                doc, why = self.document(item, b.file)
                self.file = b.file
            if why or doc is None:
                return [], why or f"{attribute} in data.aws_iam_policy_document.{b.labels[1]} (line {b.line}) is not read"
            statement = next((v for k, v in doc.pairs if k.value == "Statement"), None) if isinstance(doc, JObject) else None
            out.append(list(statement.items) if isinstance(statement, JArray) else [statement] if statement is not None else [])
        self.file = b.file
        return out, None

    def statements(self, b: Block, name: str) -> tuple[list[JValue], str | None]:
        """The data source's own statements, dynamic ones expanded (`dynamic_statements`)."""
        out: list[JValue] = []
        for s in b.blocks:
            if s.kind == "statement":
                statement, why = self.statement(s, name)
            elif s.kind == "dynamic" and s.labels == ("statement",):
                expanded, why = self.dynamic_statements(s, name)
                out += expanded
                statement = None
            else:
                continue
            if why:
                return [], why
            if statement is not None:
                out.append(statement)
        return out, None

    def attribute_or(self, b: Block, name: str, default: str) -> JValue:
        return self.value(b.attributes[name]) if name in b.attributes else JString(default, b.line, b.column)

    # ---- dynamic blocks ----

    def collection(self, expr: Tree) -> list[tuple[JValue, JValue]] | None:
        """The (key, value) elements of a `for_each` written out in the template (a list, set or map
        literal, a local holding one, `toset`/`tolist`/`tomap` of one), None when the template does not give it."""
        node = unwrap_expression(expr)
        as_set = False
        while node.data == "function_call" and _name(node.children[0]) in ("toset", "tolist", "tomap"):
            as_set = as_set or _name(node.children[0]) == "toset"
            args = next((c for c in node.children if isinstance(c, Tree) and c.data == "arguments"), None)
            inner = [c for c in args.children if isinstance(c, Tree) and c.data != "new_line_or_comment"] if args else []
            if len(inner) != 1:
                return None
            node = unwrap_expression(inner[0])
        value = self.value(node)
        if isinstance(value, JArray):
            return [(item if as_set else JString(str(i), item.line, item.column), item) for i, item in enumerate(value.items)]
        if isinstance(value, JObject) and not as_set:
            return sorted(value.pairs, key=lambda pair: pair[0].value)  # Terraform iterates a map in key order
        return None

    def dynamic_statements(self, d: Block, name: str) -> tuple[list[JValue], str | None]:
        """A dynamic "statement" block: one statement per element of a collection the template gives;
        over any other collection, one Allow statement whose element is a template value (`one_copy`)."""
        content = next((c for c in d.blocks if c.kind == "content"), None)
        if content is None:
            return [], None
        iterator = self.source(unwrap_expression(d.attributes["iterator"])).strip() if "iterator" in d.attributes else d.labels[0]
        if "for_each" not in d.attributes:
            return [], f'a dynamic "statement" block without for_each in {name} (line {d.line})'
        elements = self.collection(d.attributes["for_each"])
        out = []
        if elements is not None:
            for key, value in elements:
                self.bindings[iterator] = (key, value)
                statement, why = self.statement(content, name)
                self.bindings.pop(iterator, None)
                if why:
                    return [], why
                out.append(statement)
            return out, None
        collection = re.sub(r"\s+", " ", self.source(unwrap_expression(d.attributes["for_each"]))).strip()
        effect = self.value(content.attributes["effect"]) if "effect" in content.attributes else None
        if effect is not None and (not isinstance(effect, JString) or effect.value != "Allow"):
            return [], (f'a dynamic "statement" block over {collection} in {name} (line {d.line}) writes statements '
                        "other than Allow: how many there are decides what they deny")
        self.bindings[iterator] = collection
        statement, why = self.statement(content, name)
        self.bindings.pop(iterator, None)
        if why:
            return [], why
        singleton = self.singleton(d, iterator, collection)
        self.one_copy = OneCopy(f'a dynamic "statement" block over {collection} (line {d.line}) is read as one statement '
                                "for each of its elements", singleton and (self.one_copy is None or self.one_copy.singleton))
        return [statement], None

    def allows(self, s: Block) -> bool:
        """Is the statement block an Allow (written so, or without effect)?"""
        effect = self.value(s.attributes["effect"]) if "effect" in s.attributes else None
        return effect is None or isinstance(effect, JString) and effect.value == "Allow"

    def no_conditions(self, d: Block, name: str) -> None:
        """An Allow statement's dynamic "condition" block over a collection the template does not give,
        read as no condition at all: every deployment's conditions only narrow the statement, and an
        empty collection (when the template shows it can be one, `alone`) is a deployment (OneCopy)."""
        collection = re.sub(r"\s+", " ", self.source(unwrap_expression(d.attributes["for_each"]))).strip()
        empty = self.alone(collection) is not None
        self.one_copy = OneCopy(f'a dynamic "condition" block over {collection} in {name} (line {d.line}) is read as no condition',
                                empty and (self.one_copy is None or self.one_copy.singleton))

    def alone(self, collection: str) -> Block | None:
        """The variable block when the collection is a variable without validation named once in the
        data sources being read (so any collection of its type is a deployment), else None."""
        m = re.fullmatch(r"(?:to(?:set|list|map)\()?var\.(\w+)\)?", collection.replace(" ", ""))
        variable = self.variables.get(m.group(1)) if m else None
        if variable is None or any(n.kind == "validation" for n in variable.blocks):
            return None
        uses = sum(len(re.findall(rf"\bvar\.{m.group(1)}\b", self.text_of(b))) for b in self.documents.values())
        return variable if uses == 1 else None

    def text_of(self, b: Block) -> str:
        text = self.texts[b.file][_start(b, self.texts[b.file]):]
        return text[:_block_length(text)]

    def singleton(self, d: Block, iterator: str, collection: str) -> bool:
        """Can the collection of the dynamic block `d` hold just one element of any value? So when it is
        a variable (a list, set or map of strings, or of anything) that any value of its type can be
        (`alone`), and the element's key is only in a sid."""
        variable = self.alone(collection)
        if variable is None:
            return False
        node = unwrap_expression(variable.attributes["type"]) if "type" in variable.attributes else None
        kind = re.sub(r"\s+", "", self.texts[variable.file][node.meta.start_pos:node.meta.end_pos]) if node is not None else "any"
        if not re.fullmatch(r"any|(list|set|map)\((string|any)\)", kind):
            return False
        keys = [self.source(unwrap_expression(t)) for c in _all_blocks(d) for a, t in c.attributes.items() if a != "sid"]
        return not any(re.search(rf"\b{re.escape(iterator)}\.key\b", k) for k in keys)

    def per_element(self, text: str) -> str:
        """`text` naming the element it is read with, when it mentions a dynamic block's iterator bound to
        a known element: one expression of two elements is two values, so two symbols."""
        bound = [f"{name} = {_plain(b[0])}" for name, b in self.bindings.items()
                 if not isinstance(b, str) and re.search(rf"\b{re.escape(name)}\.", text)]
        return f"{text} [{', '.join(bound)}]" if bound else text

    def element(self, text: str) -> JValue | str | None:
        """What `ITERATOR.key`/`ITERATOR.value` (with attributes) of a dynamic block being read, or a name
        a `for` expression binds (with attributes), stands for: the element's value, or the symbol of an
        element of a collection the template does not give."""
        m = re.fullmatch(r"(\w+)((?:\.\w+|\[\s*\"[^\"]*\"\s*\])*)", text)
        if m is not None and m.group(1) in self.loop_bindings:
            looped = self.loop_bindings[m.group(1)]
            if isinstance(looped, str):
                return self.table.add(f"{text} (an element of {looped})", wildcard_free=False, example="value")
            return self.attributes_of(looped, m.group(2))
        m = re.fullmatch(r"(\w+)\.(key|value)((?:\.\w+|\[\s*\"[^\"]*\"\s*\])*)", text)
        if m is None or m.group(1) not in self.bindings:
            return None
        bound = self.bindings[m.group(1)]
        if isinstance(bound, str):
            return self.table.add(f"{text} (an element of {bound})", wildcard_free=False, example="value")
        return self.attributes_of(bound[0] if m.group(2) == "key" else bound[1], m.group(3))

    @staticmethod
    def attributes_of(node: JValue | None, path: str) -> JValue | None:
        """The value `path` (`.NAME` and `["NAME"]` steps) selects in `node`, None where it selects nothing."""
        for step in re.findall(r"\.(\w+)|\[\s*\"([^\"]*)\"\s*\]", path):
            attribute = step[0] or step[1]
            node = next((v for k, v in node.pairs if k.value == attribute), None) if isinstance(node, JObject) else None
        return node

    def statement(self, s: Block, name: str) -> tuple[JValue, str | None]:
        """One statement block as IAM JSON; a dynamic "principals", "not_principals" or "condition" block
        inside it is expanded over a collection the template gives, and unknown over any other (one block
        more or fewer changes what the statement matches, either way for a Deny)."""
        def key(name: str, node: Tree | Block) -> JString:
            line, column = (node.line, node.column) if isinstance(node, Block) else (node.meta.line, node.meta.column)
            return JString(name, line, column)

        nested: dict[str, list[tuple[Block, dict]]] = {}
        for n in s.blocks:
            if n.kind in ("principals", "not_principals", "condition"):
                nested.setdefault(n.kind, []).append((n, {}))
            elif n.kind == "dynamic" and n.labels and n.labels[0] in ("principals", "not_principals", "condition"):
                content = next((c for c in n.blocks if c.kind == "content"), None)
                elements = self.collection(n.attributes["for_each"]) if "for_each" in n.attributes else None
                if elements is None and n.labels[0] == "condition" and self.allows(s) and "for_each" in n.attributes:
                    self.no_conditions(n, name)
                    continue
                if elements is None:
                    return JObject((), s.line, s.column), f'a dynamic "{n.labels[0]}" block in {name} (line {n.line}) is not read'
                iterator = self.source(unwrap_expression(n.attributes["iterator"])).strip() if "iterator" in n.attributes else n.labels[0]
                if content is not None:
                    nested.setdefault(n.labels[0], []).extend((content, {iterator: e}) for e in elements)
        pairs: list[tuple[JString, JValue]] = []
        names = {"sid": "Sid", "actions": "Action", "not_actions": "NotAction", "resources": "Resource", "not_resources": "NotResource"}
        pairs.append((key("Effect", s), self.attribute_or(s, "effect", "Allow")))
        for attr, element in names.items():
            if attr in s.attributes:
                pairs.append((key(element, s.attributes[attr]), self.value(s.attributes[attr], ampersand=True)))
        for kind, element in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            if nested.get(kind):
                pairs.append((key(element, nested[kind][0][0]), self.principals(nested[kind])))
        if nested.get("condition"):
            pairs.append((key("Condition", nested["condition"][0][0]), self.conditions(nested["condition"])))
        return JObject(tuple(pairs), s.line, s.column), None

    def bound(self, block: tuple[Block, dict], attribute: str, ampersand: bool = False) -> JValue | None:
        """The value of `attribute` of a (nested) block read with its dynamic iterator bound, None if absent."""
        b, binding = block
        if attribute not in b.attributes:
            return None
        saved = dict(self.bindings)
        self.bindings.update(binding)
        try:
            return self.value(b.attributes[attribute], ampersand=ampersand)
        finally:
            self.bindings = saved

    def principals(self, blocks: list[tuple[Block, dict]]) -> JValue:
        grouped: dict[str, list[JValue]] = {}
        first: dict[str, Block] = {}
        for p, binding in blocks:
            kind = self.bound((p, binding), "type") or JString("", p.line, p.column)
            ids = self.bound((p, binding), "identifiers", ampersand=True) or JArray((), p.line, p.column)
            name = kind.value if isinstance(kind, JString) else "?"
            grouped.setdefault(name, []).extend(ids.items if isinstance(ids, JArray) else (ids,))
            first.setdefault(name, p)
        if set(grouped) == {"*"}:
            return JString("*", blocks[0][0].line, blocks[0][0].column)
        pairs = tuple((JString(k, first[k].line, first[k].column), JArray(tuple(v), first[k].line, first[k].column)) for k, v in grouped.items())
        return JObject(pairs, blocks[0][0].line, blocks[0][0].column)

    def conditions(self, blocks: list[tuple[Block, dict]]) -> JValue:
        by_test: dict[str, list[tuple[JString, JValue]]] = {}
        first: dict[str, Block] = {}
        for c, binding in blocks:
            test = self.bound((c, binding), "test") or JString("", c.line, c.column)
            variable = self.bound((c, binding), "variable") or JString("", c.line, c.column)
            values = self.bound((c, binding), "values", ampersand=True) or JArray((), c.line, c.column)
            name = test.value if isinstance(test, JString) else "?"
            var = variable if isinstance(variable, JString) else JString("?", c.line, c.column)
            entries = by_test.setdefault(name, [])
            at = next((i for i, (k, _) in enumerate(entries) if k.value == var.value), None)
            if at is None:
                entries.append((JString(var.value, c.line, c.column), values))
            else:  # the provider appends the values of one test and variable into one list (an OR)
                k, before = entries[at]
                entries[at] = (k, JArray((*_items(before), *_items(values)), before.line, before.column))
            first.setdefault(name, c)
        head = blocks[0][0]
        return JObject(tuple((JString(k, first[k].line, first[k].column), JObject(tuple(v), first[k].line, first[k].column)) for k, v in by_test.items()), head.line, head.column)

    # ---- expressions ----

    def value(self, expr: Tree, ampersand: bool = False) -> JValue:
        """An HCL expression as a JSON value; `ampersand`: `&{` writes an IAM policy variable."""
        node = unwrap_expression(expr)
        line, column = node.meta.line, node.meta.column
        kind = node.data
        if kind == "string":
            text = self.string_text(node)
            return JString(text.replace("&{", "${") if ampersand else text, line, column)
        if kind == "tuple":
            items = [c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]
            return JArray(tuple(self.value(i, ampersand) for i in items), line, column)
        if kind == "function_call" and _name(node.children[0]) in ("concat", "merge"):
            joined = self.joined(node, ampersand)
            if joined is not None:
                return joined
        if kind == "for_tuple_expr" and self.expand_loops:
            listed = self.for_tuple(node, ampersand)
            if listed is not None:
                return listed
        if kind == "object":
            pairs = []
            for elem in node.children:
                if isinstance(elem, Tree) and elem.data == "object_elem":
                    k_node, v_node = [c for c in elem.children if isinstance(c, Tree)]
                    k = unwrap_expression(k_node.children[0]) if k_node.children else k_node
                    name = self.string_text(k) if k.data == "string" else self.source(k).strip()
                    pairs.append((JString(name, k.meta.line, k.meta.column), self.value(v_node, ampersand)))
            return JObject(tuple(pairs), line, column)
        if kind in ("int_lit", "float_lit"):
            return JNumber(str(node.children[0]), line, column)
        if kind == "literal_value":
            word = str(node.children[0])
            return JNull(line, column) if word == "null" else JBool(word == "true", line, column)
        element = self.element(re.sub(r"\s+", "", self.source(node)))
        if element is not None:
            return JString(element, line, column) if isinstance(element, str) else element
        local = self.local(re.sub(r"\s+", "", self.source(node)), ampersand)
        if local is not None:
            return local
        if kind in ("heredoc_template", "heredoc_template_trim"):
            return JString(self.interpolated(str(node.children[0]).split("\n", 1)[-1].rsplit("\n", 2)[0]), line, column)
        return JString(self.symbol(node), line, column)

    def joined(self, node: Tree, ampersand: bool) -> JValue | None:
        """`concat(LIST, ...)` or `merge(OBJECT, ...)` of values the template writes out (a later key wins
        in merge), None when an argument is not such a value."""
        args = next((c for c in node.children if isinstance(c, Tree) and c.data == "arguments"), None)
        items = [self.value(c, ampersand) for c in args.children if isinstance(c, Tree) and c.data != "new_line_or_comment"] if args else []
        line, column = node.meta.line, node.meta.column
        if _name(node.children[0]) == "concat" and items and all(isinstance(i, JArray) for i in items):
            return JArray(tuple(x for i in items for x in i.items), line, column)  # type: ignore[union-attr]
        if _name(node.children[0]) == "merge" and items and all(isinstance(i, JObject) for i in items):
            pairs: dict[str, tuple[JString, JValue]] = {}
            for i in items:
                pairs.update({k.value: (k, v) for k, v in i.pairs})  # type: ignore[union-attr]
            return JObject(tuple(pairs.values()), line, column)
        return None

    def for_tuple(self, node: Tree, ampersand: bool) -> JArray | None:
        """`[for NAME in COLLECTION : BODY]`: the body per element of a collection the template gives; over
        any other, one element whose names are template values (loops.py). None where neither is read
        (an `if` clause over a given collection, a name shadowing another, a body that does not use the
        element: then only how many copies there are decides what the list does)."""
        parts = [c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]
        intro, body = parts[0], parts[1]
        condition = len(parts) > 2 and parts[2].data == "for_cond"
        names = [_name(c) for c in intro.children if isinstance(c, Tree) and c.data == "identifier"]
        over = next(c for c in intro.children if isinstance(c, Tree) and c.data not in ("identifier", "new_line_or_comment"))
        if any(n in self.loop_bindings or n in self.bindings for n in names):
            return None
        elements = self.collection(over)
        line, column = node.meta.line, node.meta.column
        if elements is not None and condition:
            return None
        collection = re.sub(r"\s+", " ", self.source(unwrap_expression(over))).strip()
        at = f"{collection} at {line}:{column}"  # one symbol per expression: two are two elements
        rows = [dict(zip(names[::-1], (value, key))) for key, value in elements] if elements is not None else [
            {n: at for n in names}]
        out = []
        for row in rows:
            self.loop_bindings.update(row)
            try:
                out.append(self.value(body, ampersand))
            finally:
                for n in names:
                    self.loop_bindings.pop(n, None)
        if elements is None:
            alone = len(names) == 1 and not condition and self.any_one(collection)
            element = [symbol.name.lower() for symbol in self.table.symbols.values() if symbol.source.endswith(f"(an element of {at})")]
            if not element:  # an element that names no template value: the copies' number alone decides
                return None
            self.loops.update(dict.fromkeys(element, alone))
        return JArray(tuple(out), line, column)

    def any_one(self, collection: str) -> bool:
        """Is `collection` a variable of strings (or of anything) without validation, named once in the
        module, so that a list of any one string is a deployment?"""
        kind = self.unvalidated_type(collection)
        uses = sum(len(re.findall(rf"\b{re.escape(collection)}\b", t)) for t in self.texts.values())
        return kind is not None and uses == 1 and re.fullmatch(r"any|(list|set)\((string|any)\)", kind) is not None

    def string_text(self, node: Tree) -> str:
        out = []
        for part in node.children:
            if not isinstance(part, Tree):
                continue
            inner = part.children[0] if part.children else ""
            if isinstance(inner, Tree) and inner.data == "interpolation":
                expr = next(c for c in inner.children if isinstance(c, Tree))
                out.append(self.symbol(unwrap_expression(expr)))
            elif isinstance(inner, Tree):
                out.append(self.symbol(inner))
            else:
                out.append(_unescape(str(inner)))
        return "".join(out)


#: a module block's arguments that are not its module's variables
_META_ARGUMENTS = ("source", "version", "providers", "count", "for_each", "depends_on")



def _items(value: JValue) -> tuple[JValue, ...]:
    return value.items if isinstance(value, JArray) else (value,)


def _plain(value: JValue) -> str:
    return value.value if isinstance(value, JString) else f"{type(value).__name__} at {value.line}:{value.column}"


def _all_blocks(b: Block) -> list[Block]:
    return [b] + [n for c in b.blocks for n in _all_blocks(c)]


def _start(b: Block, text: str) -> int:
    """The offset of the line where block `b` starts."""
    return sum(len(line) + 1 for line in text.split("\n")[:b.line - 1])


def _block_length(text: str) -> int:
    """The length of the block that starts `text` (to its matching closing brace)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)

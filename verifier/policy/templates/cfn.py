"""CloudFormation templates (YAML with short-form intrinsic tags, or JSON):
every policy document, with its resource type and positions in the template.

The template is decoded by cfn-lint's decoder (`cfnlint.decode`), which keeps
the line and column of every mapping, list and string. Intrinsic functions
become text with symbols (symbols.py): `Ref`, `Fn::GetAtt`, `Fn::Sub` and
`Fn::Join` keep their structure; any other function is one symbol whose
value could be anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from verifier.errors import InputError
from verifier.policy.jsonpos import JArray, JBool, JNull, JNumber, JObject, JString, JValue, parse_json
from verifier.policy.templates.allowed_pattern import admits_wildcard
from verifier.policy.templates.arns import EXAMPLE_ACCOUNT, example_arn
from verifier.policy.templates.conditions import MAX_CONDITIONS, condition_names, describe, variants
from verifier.policy.templates.foreach import expand_for_each
from verifier.policy.templates.lambda_permission import function_url_permission, layer_permission_document, permission_document
from verifier.policy.templates.nested import given_parameters, local_child
from verifier.policy.templates.positions import shifted
from verifier.policy.templates.providers import PROVIDERS, provider_arn
from verifier.policy.templates.reachable import chosen_by
from verifier.policy.templates.symbols import PLAIN_PSEUDO, PSEUDO, SymbolTable
from verifier.policy.templates.unlisted import document_property, holds_document, is_guardrail

#: resource type -> (property path to a policy document, resource type the policy is checked as);
#: "*" in a path walks a list
POLICY_PROPERTIES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "AWS::IAM::Role": (
        (("AssumeRolePolicyDocument",), "AWS::IAM::AssumeRolePolicyDocument"),
        (("Policies", "*", "PolicyDocument"), "AWS::IAM::Policy"),
    ),
    "AWS::IAM::User": ((("Policies", "*", "PolicyDocument"), "AWS::IAM::Policy"),),
    "AWS::IAM::Group": ((("Policies", "*", "PolicyDocument"), "AWS::IAM::Policy"),),
    "AWS::IAM::Policy": ((("PolicyDocument",), "AWS::IAM::Policy"),),
    "AWS::IAM::ManagedPolicy": ((("PolicyDocument",), "AWS::IAM::Policy"),),
    "AWS::IAM::RolePolicy": ((("PolicyDocument",), "AWS::IAM::Policy"),),
    "AWS::IAM::UserPolicy": ((("PolicyDocument",), "AWS::IAM::Policy"),),
    "AWS::IAM::GroupPolicy": ((("PolicyDocument",), "AWS::IAM::Policy"),),
    "AWS::S3::BucketPolicy": ((("PolicyDocument",), "AWS::S3::BucketPolicy"),),
    "AWS::S3::AccessPoint": ((("Policy",), "AWS::S3::AccessPoint"),),
    "AWS::SQS::QueuePolicy": ((("PolicyDocument",), "AWS::SQS::QueuePolicy"),),
    "AWS::SNS::TopicPolicy": ((("PolicyDocument",), "AWS::SNS::TopicPolicy"),),
    "AWS::KMS::Key": ((("KeyPolicy",), "AWS::KMS::Key"),),
    "AWS::SecretsManager::ResourcePolicy": ((("ResourcePolicy",), "AWS::SecretsManager::ResourcePolicy"),),
    "AWS::ECR::Repository": ((("RepositoryPolicyText",), "AWS::ECR::Repository"),),
    "AWS::EFS::FileSystem": ((("FileSystemPolicy",), "AWS::EFS::FileSystem"),),
    "AWS::OpenSearchService::Domain": ((("AccessPolicies",), "AWS::OpenSearchService::Domain"),),
    "AWS::Elasticsearch::Domain": ((("AccessPolicies",), "AWS::OpenSearchService::Domain"),),
    "AWS::DynamoDB::Table": (
        (("ResourcePolicy", "PolicyDocument"), "AWS::DynamoDB::Table"),
        (("StreamSpecification", "ResourcePolicy", "PolicyDocument"), "AWS::DynamoDB::Stream"),
    ),
    "AWS::Kinesis::ResourcePolicy": ((("ResourcePolicy",), "AWS::Kinesis::ResourcePolicy"),),
    "AWS::Backup::BackupVault": ((("AccessPolicy",), "AWS::Backup::BackupVault"),),
    "AWS::Glacier::Vault": ((("AccessPolicy",), "AWS::Glacier::Vault"),),
    "AWS::ApiGateway::RestApi": ((("Policy",), "AWS::ApiGateway::RestApi"),
                                 (("Body", "x-amazon-apigateway-policy"), "AWS::ApiGateway::RestApi")),  # OpenAPI
    "AWS::CodeArtifact::Domain": ((("PermissionsPolicyDocument",), "AWS::CodeArtifact::Domain"),),
    "AWS::S3Tables::TableBucketPolicy": ((("ResourcePolicy",), "AWS::S3Tables::TableBucket"),),
    "AWS::S3Tables::TablePolicy": ((("ResourcePolicy",), "AWS::S3Tables::Table"),),
    "AWS::Lambda::Permission": (((), "AWS::Lambda::Permission"),),
    # SAM: an item of Policies is a document, a managed policy's name or ARN, or a SAM policy template
    # ({DynamoDBCrudPolicy: {...}}); only documents are read (like ManagedPolicyArns, the others are not here)
    "AWS::Serverless::Function": ((("Policies",), "AWS::IAM::Policy"), (("Policies", "*"), "AWS::IAM::Policy"),
                                  (("FunctionUrlConfig",), "AWS::Lambda::Permission")),
    "AWS::Serverless::StateMachine": ((("Policies",), "AWS::IAM::Policy"), (("Policies", "*"), "AWS::IAM::Policy")),
    "AWS::Logs::ResourcePolicy": ((("PolicyDocument",), "AWS::Logs::ResourcePolicy"),),
    "AWS::Events::EventBusPolicy": ((("Statement",), "AWS::Events::EventBusPolicy"),),  # one statement
    "AWS::Lambda::LayerVersionPermission": (((), "AWS::Lambda::LayerVersionPermission"),),
    "AWS::SQS::QueueInlinePolicy": ((("PolicyDocument",), "AWS::SQS::QueuePolicy"),),
    "AWS::SNS::TopicInlinePolicy": ((("PolicyDocument",), "AWS::SNS::TopicPolicy"),),
    "AWS::KMS::ReplicaKey": ((("KeyPolicy",), "AWS::KMS::Key"),),
    "AWS::DynamoDB::GlobalTable": (
        (("Replicas", "*", "ResourcePolicy", "PolicyDocument"), "AWS::DynamoDB::Table"),
        (("Replicas", "*", "ReplicaStreamSpecification", "ResourcePolicy", "PolicyDocument"), "AWS::DynamoDB::Stream"),
    ),
    "AWS::Events::EventBus": ((("Policy",), "AWS::Events::EventBus"),),  # a whole document
    "AWS::Logs::Destination": ((("DestinationPolicy",), "AWS::Logs::Destination"),),
    "AWS::SSO::PermissionSet": ((("InlinePolicy",), "AWS::IAM::Policy"),),
    "AWS::CodeArtifact::Repository": ((("PermissionsPolicyDocument",), "AWS::CodeArtifact::Repository"),),
    "AWS::S3Express::BucketPolicy": ((("PolicyDocument",), "AWS::S3Express::DirectoryBucket"),),
    "AWS::S3Express::AccessPoint": ((("Policy",), "AWS::S3Express::AccessPoint"),),
    "AWS::S3Outposts::BucketPolicy": ((("PolicyDocument",), "AWS::S3Outposts::Bucket"),),
    "AWS::S3Outposts::AccessPoint": ((("Policy",), "AWS::S3Outposts::AccessPoint"),),
    "AWS::S3::MultiRegionAccessPointPolicy": ((("Policy",), "AWS::S3::MultiRegionAccessPoint"),),
    "AWS::S3ObjectLambda::AccessPointPolicy": ((("PolicyDocument",), "AWS::S3ObjectLambda::AccessPoint"),),
    "AWS::CloudTrail::ResourcePolicy": ((("ResourcePolicy",), "AWS::CloudTrail::ResourcePolicy"),),
    "AWS::Organizations::Policy": ((("Content",), "AWS::Organizations::Policy"),),  # SCPs and RCPs only
    "AWS::EC2::VPCEndpoint": ((("PolicyDocument",), "AWS::EC2::VPCEndpoint"),),
}


#: SAM resources whose `Policies` is a document, a managed policy's name or ARN, a SAM policy template, or a
#: list of them (AWS SAM Developer Guide, AWS::Serverless::Function "Policies"): only documents are read
SAM_POLICIES = ("AWS::Serverless::Function", "AWS::Serverless::StateMachine")


#: resource types that carry an access policy (or whole templates) this reader does not read: type ->
#: the property that holds it. Their policies are unknown, never "no documents found"
UNREAD_POLICIES: dict[str, str] = {
    "AWS::CloudFormation::Stack": "TemplateURL",  # a nested stack's template
    "AWS::Serverless::Application": "Location",
    "AWS::Serverless::Api": "Auth",
    "AWS::Events::EventBusPolicy": "Principal",  # the older form (Action, Principal, Condition), not Statement
    "AWS::ECR::RegistryPolicy": "PolicyText",
    "AWS::ECR::PublicRepository": "RepositoryPolicyText",
    "AWS::MediaStore::Container": "Policy",
    "AWS::OpenSearchServerless::AccessPolicy": "Policy",
    "AWS::VpcLattice::AuthPolicy": "Policy",
    "AWS::VpcLattice::ResourcePolicy": "Policy",
    "AWS::RAM::ResourceShare": "Principals",
}


def unread_policies(template: dict, path: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(label, why, position) for each resource whose policy this reader does not read: `UNREAD_POLICIES`
    (one without that property has no such policy to read, a nested stack whose template is a local file
    is read, nested.py), a resource with a property holding a policy document (unlisted.py) that no
    path of `POLICY_PROPERTIES` reads, one whose properties `Fn::Transform` writes at deployment, and a
    Resources entry that is no resource but holds a document (a malformed `Fn::ForEach`)."""
    resources = template.get("Resources")
    out = []
    for logical, resource in (resources.items() if isinstance(resources, dict) else ()):
        kind = str(resource.get("Type")) if isinstance(resource, dict) else ""
        properties = resource.get("Properties") if isinstance(resource, dict) else None
        if not isinstance(resource, dict) and holds_document(resource):  # a malformed Fn::ForEach (foreach.py)
            out.append((str(logical), f"{logical} is not read: what it grants is not known", position(resource, (1, 1))))
        if logical == "Fn::Transform" or isinstance(properties, dict) and "Fn::Transform" in properties:
            # AWS::Include (a snippet stored in S3) or a macro writes these properties at deployment
            label = f"{logical} ({kind})" if kind else str(logical)
            out.append((label, f"Fn::Transform of {label} is not read: what it grants is not known", position(resource, (1, 1))))
            continue
        if not isinstance(properties, dict):
            continue
        read = {prop_path[0] if prop_path else "" for prop_path, _ in POLICY_PROPERTIES.get(kind, ())}
        if kind in UNREAD_POLICIES and UNREAD_POLICIES[kind] in properties:
            unread = UNREAD_POLICIES[kind] if local_child(resource, path) is None else None
        else:  # a property no path reads (a SAM function's Events: an API's resource policy), any of an unlisted type
            unread = None if "" in read else document_property({k: v for k, v in properties.items() if k not in read})
        if unread is not None:
            out.append((f"{logical} ({kind})", f"{unread} of {logical} ({kind}) is not read: "
                        "what it grants is not known", position(resource, (1, 1))))
    return out


#: resource types whose `Ref` is the resource's ARN (each type's "Return values" in the CloudFormation
#: template reference): type -> (service, resource kind) for the example ARN
REF_IS_ARN = {
    "AWS::SNS::Topic": ("sns", "topic"),
    "AWS::IAM::ManagedPolicy": ("iam", "policy"),
    "AWS::SecretsManager::Secret": ("secretsmanager", "secret"),
    "AWS::StepFunctions::StateMachine": ("states", "statemachine"),
    "AWS::CertificateManager::Certificate": ("acm", "certificate"),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ("elasticloadbalancing", "loadbalancer"),
    "AWS::ElasticLoadBalancingV2::TargetGroup": ("elasticloadbalancing", "targetgroup"),
    "AWS::IAM::OIDCProvider": ("iam", "oidcprovider"),
}


def read_cloudformation(path: str, given: dict[str, Any] | None = None) -> tuple[list[tuple[JValue, str, str, list[tuple[str, JValue, dict[str, str] | None]]]], SymbolTable,
                                            list[tuple[str, str, tuple[int, int]]]]:
    """(policy document, resource type, label, variants) for every policy in the template, its
    symbols, and the policies it does not read (`unread_policies`); `variants` (conditions.py) is
    empty unless the policy uses `Fn::If`: then one (choice of its conditions, document, parameter values
    that make the choice or None, reachable.py) per choice."""
    template = decode_template(path)
    expand_for_each(template)
    if given is not None:
        given_parameters(template, given)
    table = SymbolTable()
    reader = _Reader(path, template, table)
    found = []
    unread = unread_policies(template, path)
    resources = template.get("Resources")
    for logical, resource in (resources.items() if isinstance(resources, dict) else ()):
        if not isinstance(resource, dict):
            continue
        for prop_path, checked_as in POLICY_PROPERTIES.get(str(resource.get("Type")), ()):
            for where, node in _walk(_with_globals(template, resource), prop_path, ()):
                if where == ("FunctionUrlConfig",):
                    try:
                        node = function_url_permission(node)
                    except KeyError:
                        unread.append((f"FunctionUrlConfig of {logical} ({resource['Type']})", f"the AuthType of {logical}'s "
                                       "FunctionUrlConfig is not written out: whether SAM adds a public permission is not known",
                                       position(resource, (1, 1))))
                        continue
                    if node is None:
                        continue
                elif resource.get("Type") in SAM_POLICIES and not (isinstance(node, dict) and "Statement" in node):
                    continue
                elif checked_as == "AWS::Organizations::Policy" and not is_guardrail(_literal(resource["Properties"].get("Type")), node):
                    continue
                elif checked_as == "AWS::Events::EventBusPolicy":
                    node = {"Version": "2012-10-17", "Statement": [node]}
                elif checked_as == "AWS::Lambda::LayerVersionPermission":
                    node = layer_permission_document(node) if isinstance(node, dict) else None
                    where = ("Permission",)
                    if node is None:
                        continue
                elif checked_as == "AWS::Lambda::Permission":
                    node = permission_document(node) if isinstance(node, dict) else None
                    where = ("Permission",)
                    if node is None:
                        continue
                label = f"{'.'.join(where)} of {logical} ({resource['Type']})"
                names = condition_names(node)
                chosen = variants(node, names) if 0 < len(names) <= MAX_CONDITIONS else []
                found.append((reader.document(node, resource), checked_as, label,
                              [(describe(choice), reader.document(n, resource), _deployed_by(template, resource, choice))
                               for choice, n in chosen]))
    return found, table, unread


def _with_globals(template: dict, resource: dict) -> Any:
    """The resource's properties, with a SAM function's `FunctionUrlConfig` from the template's `Globals`
    when it writes none (AWS SAM Developer Guide, "Globals section of the AWS SAM template")."""
    properties = resource.get("Properties")
    if resource.get("Type") != "AWS::Serverless::Function" or template.get("Transform") is None:
        return properties
    globals_ = template.get("Globals")
    function = globals_.get("Function") if isinstance(globals_, dict) else None
    shared = function.get("FunctionUrlConfig") if isinstance(function, dict) else None
    if shared is None or isinstance(properties, dict) and "FunctionUrlConfig" in properties:
        return properties
    return {**(properties if isinstance(properties, dict) else {}), "FunctionUrlConfig": shared}


def _deployed_by(template: dict, resource: dict, choice: dict[str, bool]) -> dict[str, str] | None:
    """Parameter values that make `choice` of conditions and deploy `resource` (its own `Condition`
    holds), or None (reachable.py)."""
    own = resource.get("Condition")
    if own is None:
        return chosen_by(template, choice)
    if not isinstance(own, str) or choice.get(own) is False:
        return None
    return chosen_by(template, {**choice, own: True})


def decode_template(path: str) -> dict:
    """The template decoded by cfn-lint: mappings, lists and strings keep their `start_mark`
    (`position` reads it); a file that is not a template is an InputError at its position."""
    import cfnlint.decode

    if not Path(path).is_file():
        raise InputError(path, 0, 0, "no such file", "file")
    template, errors = cfnlint.decode.decode(path)
    if errors or not isinstance(template, dict):
        first = errors[0] if errors else None
        message = first.message if first else "not a CloudFormation template (expected a mapping at the top)"
        raise InputError(path, first.linenumber if first else 1, first.columnnumber if first else 1,
                         f"cannot read the template: {message}", "syntax")
    return template


def _walk(node: Any, path: tuple[str, ...], where: tuple[str, ...]):
    """(path as walked, value) for each value at `path` under `node`."""
    if not path:
        if node is not None:
            yield where, node
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, item in enumerate(node if isinstance(node, list) else ()):
            yield from _walk(item, rest, where[:-1] + (f"{where[-1]}[{i}]",))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, where + (head,))


def position(node: Any, parent: tuple[int, int]) -> tuple[int, int]:
    """The 1-based line and column of a decoded value (numbers and booleans have none: `parent`'s)."""
    mark = getattr(node, "start_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else parent


class _Reader:
    """Decoded template values -> positioned JSON values with symbols."""

    def __init__(self, path: str, template: dict, table: SymbolTable) -> None:
        self.path = path
        self.table = table
        params = template.get("Parameters")
        self.parameters: dict = params if isinstance(params, dict) else {}
        resources = template.get("Resources")
        self.resources: dict = resources if isinstance(resources, dict) else {}
        mappings = template.get("Mappings")
        self.mappings: dict = mappings if isinstance(mappings, dict) else {}

    def document(self, node: Any, owner: Any) -> JValue:
        """A policy document: a mapping, or JSON text (a string or a `Fn::Sub` of one)."""
        at = position(node, position(owner, (1, 1)))
        if isinstance(node, str):
            return shifted(parse_json(node, self.path), at)
        if _intrinsic(node) == "Fn::Sub":
            return shifted(parse_json(self.text(node, at), self.path), at)
        if _intrinsic(node) == "Fn::ToJsonString" and isinstance(node["Fn::ToJsonString"], dict):
            return self.document(node["Fn::ToJsonString"], node)  # AWS::LanguageExtensions: the mapping as JSON text
        return self.value(node, at)

    def value(self, node: Any, parent: tuple[int, int]) -> JValue:
        line, column = at = position(node, parent)
        if _intrinsic(node):
            return JString(self.text(node, at), line, column)
        if isinstance(node, dict):
            pairs = tuple((JString(str(k), *position(k, at)), self.value(v, position(k, at))) for k, v in node.items())
            return JObject(pairs, line, column)
        if isinstance(node, list):
            return JArray(tuple(self.value(i, at) for i in node), line, column)
        if isinstance(node, bool):
            return JBool(node, line, column)
        if isinstance(node, (int, float)):
            return JNumber(str(node), line, column)
        if node is None:
            return JNull(line, column)
        return JString(str(node), line, column)

    # ---- intrinsic functions -> text ----

    def text(self, node: Any, at: tuple[int, int]) -> str:
        """The string a value stands for, with a symbol for each part unknown before deployment."""
        if isinstance(node, str):
            return str(node)
        if isinstance(node, bool):
            return "true" if node else "false"
        if isinstance(node, (int, float)):
            return str(node)
        name = _intrinsic(node)
        arg = node[name] if name else None
        if name == "Ref" and isinstance(arg, str):
            return self.ref(str(arg))
        if name == "Fn::GetAtt":
            parts = arg.split(".", 1) if isinstance(arg, str) else arg
            if isinstance(parts, list) and len(parts) == 2 and all(isinstance(p, str) for p in parts):
                return self.attribute(str(parts[0]), str(parts[1]))
        if name == "Fn::Sub":
            return self.sub(arg, at)
        if name == "Fn::FindInMap":
            return self.find_in_map(node, arg, at)
        if name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], list):
            return str(arg[0]).join(self.text(p, at) for p in arg[1])
        return self.table.add(_source(node), wildcard_free=False, example="value")

    def find_in_map(self, node: Any, arg: Any, at: tuple[int, int]) -> str:
        """`Fn::FindInMap [Map, Top, Second]`: the value, when the keys are literal; with a key computed
        at deployment (`!Ref AWS::Region`), a symbol that takes one of the values it could select."""
        table = self.mappings.get(arg[0]) if isinstance(arg, list) and len(arg) in (3, 4) and isinstance(arg[0], str) else None
        if not isinstance(table, dict):
            return self.table.add(_source(node), wildcard_free=False, example="value")
        values: list[str] = []
        for top in ([arg[1]] if isinstance(arg[1], str) else list(table)):
            row = table.get(top)
            for second in ([arg[2]] if isinstance(arg[2], str) else list(row) if isinstance(row, dict) else ()):
                value = row.get(second) if isinstance(row, dict) else None
                if value is not None and not isinstance(value, (str, int, float)):
                    return self.table.add(_source(node), wildcard_free=False, example="value")
                if value is not None:
                    values.append(self.text(value, at))
        default = arg[3].get("DefaultValue") if len(arg) == 4 and isinstance(arg[3], dict) else None
        if isinstance(default, (str, int, float)):
            values.append(self.text(default, at))
        values = list(dict.fromkeys(values))
        if len(values) == 1:
            return values[0]
        if not values:  # no key the template names: the stack would not deploy
            return self.table.add(_source(node), wildcard_free=False, example="value")
        return self.table.add(_source(node), wildcard_free=not any("*" in v or "?" in v for v in values),
                              example=values[0], allowed=tuple(values))

    def ref(self, name: str) -> str:
        if name in PSEUDO:
            example, shape = PSEUDO[name]
            return self.table.add(name, wildcard_free=True, example=example, shape=shape, plain=name in PLAIN_PSEUDO)
        if name in self.resources:
            kind = str(self.resources[name].get("Type")) if isinstance(self.resources[name], dict) else ""
            bucket = self.bucket_name(name)
            if bucket is not None:
                return bucket
            if kind == "AWS::S3::Bucket":  # a name CloudFormation generates, or one computed
                return self.table.add(name, wildcard_free=True, example=name.lower(), plain=True)
            provider = self.provider(name)
            if provider is not None:
                return provider
            if kind in REF_IS_ARN:
                service, resource = REF_IS_ARN[kind]
                return self.table.add(name, wildcard_free=True, example=example_arn(service, resource, name.lower()), shape=r"arn:.+")
            return self.table.add(name, wildcard_free=True, example=name.lower())
        spec = self.parameters.get(name)
        if isinstance(spec, dict):
            allowed = spec.get("AllowedValues")
            values = tuple(str(v) for v in allowed) if isinstance(allowed, list) and allowed else None
            kind = str(spec.get("Type", "String"))
            pattern = spec.get("AllowedPattern")
            safe = kind == "Number" or kind.startswith("AWS::") or (
                values is not None and not any("*" in v or "?" in v for v in values)
            ) or (isinstance(pattern, str) and not admits_wildcard(pattern))
            example = values[0] if values else str(spec.get("Default", name))
            free = kind in ("String", "CommaDelimitedList", "List<String>") and not any(
                k in spec for k in ("AllowedValues", "AllowedPattern", "MinLength", "MaxLength", "GivenByParent"))
            return self.table.add(name, wildcard_free=safe, example=example, allowed=values, free=free)
        return self.table.add(name, wildcard_free=False, example=name)

    def attribute(self, logical: str, attr: str) -> str:
        provider = self.provider(logical) if attr == "Arn" else None
        if provider is not None:
            return provider
        resource = self.resources.get(logical)
        if attr == "Arn" and isinstance(resource, dict) and resource.get("Type") == "AWS::S3::Bucket":
            # a bucket's ARN has no region or account (Amazon S3 User Guide, "Bucket ARNs"); its name is plain
            return f"arn:{self.ref('AWS::Partition')}:s3:::{self.ref(logical)}"
        if attr.endswith("Arn"):
            kind = str(self.resources.get(logical, {}).get("Type", "AWS::Service::Resource")).split("::")
            example = example_arn(kind[1], kind[-1], logical.lower()) if len(kind) == 3 else f"arn:aws:service:us-east-1:{EXAMPLE_ACCOUNT}:{logical.lower()}"
            return self.table.add(f"{logical}.{attr}", wildcard_free=True, example=example, shape=r"arn:.+")
        return self.table.add(f"{logical}.{attr}", wildcard_free=True, example=f"{logical.lower()}-{attr.lower()}")

    def bucket_name(self, logical: str) -> str | None:
        """The name an `AWS::S3::Bucket` of the template is given as a literal (its `Ref`), else None:
        a name left to CloudFormation, or computed, stays a symbol."""
        resource = self.resources.get(logical)
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::S3::Bucket":
            return None
        properties = resource.get("Properties")
        name = properties.get("BucketName") if isinstance(properties, dict) else None
        return str(name) if isinstance(name, str) and name and not any(c in name for c in "*?$/") else None

    def provider(self, logical: str) -> str | None:
        """The ARN of the identity provider `logical` declares (providers.py); a SAML provider's name left
        to CloudFormation is a value it generates."""
        resource = self.resources.get(logical)
        kind = resource.get("Type") if isinstance(resource, dict) else None
        if kind not in PROVIDERS:
            return None
        properties = resource.get("Properties")
        written = properties.get(PROVIDERS[kind][1]) if isinstance(properties, dict) else None
        if written is None and kind == "AWS::IAM::SAMLProvider":
            name = self.table.add(f"{logical}.Name", wildcard_free=True, example=logical.lower())
        else:
            name = self.text(written, position(written, (1, 1))) if written is not None else None
        return provider_arn(kind, name, self.ref("AWS::AccountId"))

    def sub(self, arg: Any, at: tuple[int, int]) -> str:
        template, names = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
        if not isinstance(template, str) or not isinstance(names, dict):
            return self.table.add(_source({"Fn::Sub": arg}), wildcard_free=False, example="value")

        def one(m: re.Match) -> str:
            inner = m.group(1)
            if inner.startswith("!"):
                return "${" + inner[1:] + "}"
            if inner in names:
                return self.text(names[inner], at)
            if "." in inner and inner not in PSEUDO:
                logical, attr = inner.split(".", 1)
                return self.attribute(logical, attr)
            return self.ref(inner)

        return re.sub(r"\$\{([^}]*)\}", one, str(template))


def _literal(node: Any) -> str | None:
    """A value written out as text, else None (an intrinsic function, or nothing)."""
    return str(node) if isinstance(node, str) else None


def _intrinsic(node: Any) -> str | None:
    """The intrinsic function a one-key mapping calls ("Ref", "Fn::Sub", ...), else None."""
    if isinstance(node, dict) and len(node) == 1:
        (key,) = node
        if key == "Ref" or str(key).startswith("Fn::"):
            return str(key)
    return None


def _source(node: Any) -> str:
    """A short text of an intrinsic call for messages."""
    text = re.sub(r"\s+", " ", repr(_plain(node)))
    return text if len(text) <= 60 else text[:57] + "..."


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return str(node) if isinstance(node, str) else node

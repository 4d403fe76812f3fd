"""The template readers: positions on every rule, AWS's defaults, and constructs read as unknown rather than guessed."""

from __future__ import annotations

import functools
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.deadline import Deadline
from verifier.errors import InputError
from verifier.network.load import load_network
from verifier.network.questions import can_reach, isolated, no_public_ingress

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = """
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Gateway:
    Type: AWS::EC2::InternetGateway
  Attachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Gateway}
  Public:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, MapPublicIpOnLaunch: true}
  Routes:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Default:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Routes, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Gateway}
  Association:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Public, RouteTableId: !Ref Routes}
"""


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def ingress(path: str, port: int = 22) -> dict[str, str]:
    results = no_public_ingress(load_network(path), ((port, port),), ((6, 6),), Deadline.after(10))
    return {r.target.rsplit(":", 1)[-1]: r.verdict.value for r in results}


def test_every_rule_route_and_entry_carries_its_template_position():
    templates = [ROOT / "examples/network/three-tier.yaml", ROOT / "examples/network/terraform",
                 *sorted((ROOT / "bench/network").glob("*.tf"))]
    for path in templates:
        net = load_network(str(path))
        located = [r.loc for g in net.groups.values() for r in g.rules]
        located += [e.loc for a in net.acls.values() for e in a.entries]
        located += [r.loc for t in net.route_tables.values() for r in t.routes]
        located += [e.loc for e in net.endpoints.values()]
        assert located and all(loc.line > 0 and loc.column > 0 for loc in located), path


def test_both_languages_read_the_same_three_tier_network():
    def shape(net):
        return (sorted(str(s.cidr) for s in net.subnets.values()), sorted(len(g.rules) for g in net.groups.values()),
                sorted(len(a.entries) for a in net.acls.values()),
                sorted(len(e.interfaces) for e in net.endpoints.values()))

    cfn = load_network(str(ROOT / "examples/network/three-tier.yaml"))
    assert shape(cfn) == shape(load_network(str(ROOT / "examples/network/terraform")))


def test_cloudformation_keeps_the_default_egress_rule_and_terraform_removes_it(tmp_path):
    tf = load_network(str(ROOT / "bench/network/tf-no-default-egress.tf"))
    assert [r for r in tf.groups["aws_security_group.a"].rules if r.egress] == []
    cfn = load_network(str(ROOT / "bench/network/same-subnet-nacl.yaml"))
    (rule,) = [r for r in cfn.groups["GroupA"].rules if r.egress]
    assert str(rule.peer) == "0.0.0.0/0" and rule.unknown is None


def test_a_standalone_egress_rule_leaves_the_default_rule_unknown(tmp_path):
    path = write(tmp_path, PUBLIC + """
      Group:
        Type: AWS::EC2::SecurityGroup
        Properties: {GroupDescription: g, VpcId: !Ref Vpc}
      Out:
        Type: AWS::EC2::SecurityGroupEgress
        Properties: {GroupId: !Ref Group, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
    """.replace("\n      ", "\n  "))
    rules = [r for r in load_network(path).groups["Group"].rules if r.egress]
    assert len(rules) == 2 and any(r.unknown and "default egress" in r.unknown.what for r in rules)


@pytest.mark.parametrize("extra, why, rdp", [
    ("""
  Ssh:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - !If [Open, {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}, !Ref AWS::NoValue]
""", "Fn::If", "unknown"),
    ("""
  Ssh:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: ssh, VpcId: !Ref Vpc}
  SshRule:
    Type: AWS::EC2::SecurityGroupIngress
    Condition: Open
    Properties: {GroupId: !Ref Ssh, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
""", "condition Open", "yes"),
])
def test_a_conditional_rule_makes_the_answer_unknown_not_guessed(tmp_path, extra, why, rdp):
    text = "Conditions:\n  Open: !Equals [a, b]\n" + PUBLIC + extra + """
  Bastion:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, SubnetId: !Ref Public, SecurityGroupIds: [!Ref Ssh]}
"""
    path = write(tmp_path, text)
    net = load_network(path)
    (result,) = no_public_ingress(net, ((22, 22),), ((6, 6),), Deadline.after(10))
    assert result.verdict.value == "unknown" and why in result.reason
    assert ingress(path, 3389) == {"Bastion": rdp}  # a rule under Fn::If could be any rule; a conditional one is known


def test_a_conditional_gateway_attachment_leaves_every_answer_unknown(tmp_path):
    text = "Conditions:\n  Online: !Equals [a, b]\n" + PUBLIC.replace(
        "    Type: AWS::EC2::VPCGatewayAttachment\n", "    Type: AWS::EC2::VPCGatewayAttachment\n    Condition: Online\n") + """
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: all
      VpcId: !Ref Vpc
      SecurityGroupIngress: [{IpProtocol: "-1", CidrIp: 0.0.0.0/0}]
  Server:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, SubnetId: !Ref Public, SecurityGroupIds: [!Ref Open]}
"""
    (result,) = no_public_ingress(load_network(write(tmp_path, text)), None, None, Deadline.after(10))
    assert result.verdict.value == "unknown" and "Attachment, created under the condition Online" in result.reason


DYNAMIC = """dynamic "ingress" {
    for_each = var.ports
    content {
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }"""
ATTRIBUTE_SYNTAX = 'ingress = [{ protocol = "tcp", from_port = 22, to_port = 22, cidr_blocks = ["0.0.0.0/0"] }]'


@pytest.mark.parametrize("rule", [DYNAMIC, ATTRIBUTE_SYNTAX], ids=["dynamic", "attribute-syntax"])
def test_terraform_rules_in_forms_not_read_are_unknown(tmp_path, rule):
    text = (ROOT / "bench/network/tf-open-ssh.tf").read_text()
    text = text.replace('ingress_rule" "ssh"', 'ingress_rule" "unused"')
    text = text.replace('  cidr_ipv4         = "0.0.0.0/0"', '  cidr_ipv4         = "10.9.0.0/16"')
    text = text.replace('resource "aws_security_group" "ssh" {\n  vpc_id = aws_vpc.main.id\n}',
                        'resource "aws_security_group" "ssh" {\n  vpc_id = aws_vpc.main.id\n  ' + rule + "\n}")
    assert ingress(write(tmp_path, text, "main.tf")) == {"aws_instance.bastion": "unknown"}


def test_a_counted_rule_may_or_may_not_exist(tmp_path):
    text = (ROOT / "bench/network/tf-open-ssh.tf").read_text().replace(
        '  security_group_id = aws_security_group.ssh.id\n', '  count             = var.n\n  security_group_id = aws_security_group.ssh.id\n')
    assert ingress(write(tmp_path, text, "main.tf")) == {"aws_instance.bastion": "unknown"}


def test_an_instance_with_two_interfaces_gets_no_public_address_from_its_subnet(tmp_path):
    text = PUBLIC + """
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: all
      VpcId: !Ref Vpc
      SecurityGroupIngress: [{IpProtocol: "-1", CidrIp: 0.0.0.0/0}]
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      NetworkInterfaces:
        - {DeviceIndex: "0", SubnetId: !Ref Public, GroupSet: [!Ref Open]}
        - {DeviceIndex: "1", SubnetId: !Ref Public, GroupSet: [!Ref Open]}
"""
    path = write(tmp_path, text)
    assert [f.public for f in load_network(path).endpoints["Server"].interfaces] == [False, False]
    assert ingress(path) == {"Server": "yes"}
    asked = write(tmp_path, text.replace('{DeviceIndex: "0", SubnetId', '{DeviceIndex: "0", AssociatePublicIpAddress: true, SubnetId'), "b.yaml")
    assert ingress(asked) == {"Server": "no"}


def test_a_route_through_a_private_nat_gateway_is_not_followed(tmp_path):
    text = (ROOT / "bench/network/peering-no-routes.yaml").read_text() + """
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: !Ref SubnetA, ConnectivityType: private}
  ToOtherVpc:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref RoutesA, DestinationCidrBlock: 10.1.0.0/16, NatGatewayId: !Ref Nat}
"""
    net = load_network(write(tmp_path, text))
    assert any(r.target.kind == "private-nat" for r in net.route_tables["RoutesA"].routes)
    result = can_reach(net, "Client", "Db", ((5432, 5432),), ((6, 6),), Deadline.after(10))
    assert result.verdict.value == "no"  # replies from B have no route back: still no, whatever the NAT does
    assert isolated(net, "Client", "Db", Deadline.after(10)).verdict.value == "yes"


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-2, 70000), st.sampled_from(
    ["tcp", "-1", "0.0.0.0/0", "10.0.0.0/99", "allow", "true", "", "x"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["Ref", "Fn::GetAtt", "Fn::If", "CidrIp", "IpProtocol", "FromPort", "SubnetId"]), inner, max_size=2)),
    max_leaves=6)


@functools.cache
def _three_tier_json() -> str:
    from verifier.policy.templates.cfn import decode_template

    return json.dumps(decode_template(str(ROOT / "examples/network/three-tier.yaml")))


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_property_values_of_any_shape_never_crash_the_reader(tmp_path_factory, data):
    template = json.loads(_three_tier_json())
    resources = template["Resources"]
    name = data.draw(st.sampled_from(sorted(r for r in resources if "Properties" in resources[r])))
    props = resources[name]["Properties"]
    key = data.draw(st.sampled_from(sorted(props) + ["SecurityGroupIngress", "Subnets", "NetworkInterfaces"]))
    props[key] = data.draw(json_values)
    path = tmp_path_factory.mktemp("fuzz") / "t.json"
    path.write_text(json.dumps(template))
    try:
        net = load_network(str(path))
    except InputError:
        return
    results = no_public_ingress(net, None, None, Deadline.after(10))
    assert len(results) == len(net.endpoints)


HCL_VALUES = ['[]', '{}', '1', '"x"', "var.x", '[1, "a"]', "aws_vpc.main", "null", "true", "-5", '"${var.x}-y"',
              "{a = 1}", "aws_subnet.app.id", '["0.0.0.0/0", 5]', "aws_subnet.app[0].id", "max(1, 2)", '"-1"', "65536"]


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_terraform_arguments_of_any_shape_never_crash_the_reader(tmp_path_factory, data):
    lines = (ROOT / "examples/network/terraform/main.tf").read_text().splitlines()
    arguments = [i for i, line in enumerate(lines) if " = " in line and not line.strip().startswith("#")]
    for i in data.draw(st.lists(st.sampled_from(arguments), min_size=1, max_size=3)):
        lines[i] = lines[i].split("=")[0] + "= " + data.draw(st.sampled_from(HCL_VALUES))
    path = tmp_path_factory.mktemp("fuzz") / "main.tf"
    path.write_text("\n".join(lines) + "\n")
    try:
        net = load_network(str(path))
    except InputError:
        return
    assert len(no_public_ingress(net, None, None, Deadline.after(10))) == len(net.endpoints)

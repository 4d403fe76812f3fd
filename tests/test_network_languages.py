"""The same network written in CloudFormation and in Terraform gets the same answers (random rules, routes, ACLs)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.deadline import Deadline
from verifier.network.load import load_network
from verifier.network.questions import can_reach, isolated, no_public_ingress

CIDRS = ["0.0.0.0/0", "0.0.0.0/0", "10.0.0.0/16", "10.0.1.0/24", "10.0.2.0/24", "52.0.0.0/8", "1.0.0.0/8"]
protocols = st.sampled_from(["tcp", "udp", "-1"])
ports = st.tuples(st.sampled_from([22, 80, 443, 1024]), st.sampled_from([22, 443, 65535])).map(lambda t: (min(t), max(t)))
peers = st.one_of(st.sampled_from(CIDRS), st.sampled_from(["sg:GroupX", "sg:GroupY"]))
group_rules = st.lists(st.tuples(protocols, ports, peers), max_size=4)
acl_entries = st.lists(st.tuples(st.integers(1, 4), st.booleans(), protocols, st.booleans(), st.sampled_from(CIDRS), ports),
                       max_size=4, unique_by=lambda e: (e[0], e[1]))
routes = st.lists(st.tuples(st.sampled_from(["0.0.0.0/0", "0.0.0.0/0", "52.0.0.0/8", "1.0.0.0/8"]),
                            st.sampled_from(["igw", "igw", "nat"])), min_size=1, max_size=2, unique_by=lambda r: r[0])


@st.composite
def networks(draw):
    return {
        "public": (draw(st.sampled_from([True, True, False])), draw(st.booleans())),
        "groups": {g: (draw(group_rules), draw(group_rules.filter(bool))) for g in ("GroupX", "GroupY")},
        "acls": {s: draw(st.one_of(st.none(), st.none(), acl_entries)) for s in ("S1", "S2")},
        "routes": {s: draw(routes) for s in ("S1", "S2")},
    }


def _cfn(n: dict) -> str:
    out = ["Resources:",
           "  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}",
           "  Igw: {Type: AWS::EC2::InternetGateway}",
           "  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}",
           "  NatIp: {Type: AWS::EC2::EIP}",
           "  Nat: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: !Ref S1, AllocationId: !GetAtt NatIp.AllocationId}}"]
    for k, s in enumerate(("S1", "S2")):
        out.append(f"  {s}: {{Type: AWS::EC2::Subnet, Properties: {{VpcId: !Ref Vpc, CidrBlock: 10.0.{k + 1}.0/24, "
                   f"MapPublicIpOnLaunch: {str(n['public'][k]).lower()}}}}}")
        out.append(f"  R{s}: {{Type: AWS::EC2::RouteTable, Properties: {{VpcId: !Ref Vpc}}}}")
        out.append(f"  A{s}: {{Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {{SubnetId: !Ref {s}, RouteTableId: !Ref R{s}}}}}")
        for i, (dest, target) in enumerate(n["routes"][s]):
            key = "GatewayId: !Ref Igw" if target == "igw" else "NatGatewayId: !Ref Nat"
            out.append(f"  R{s}{i}: {{Type: AWS::EC2::Route, Properties: {{RouteTableId: !Ref R{s}, DestinationCidrBlock: {dest}, {key}}}}}")
        if n["acls"][s] is not None:
            out.append(f"  L{s}: {{Type: AWS::EC2::NetworkAcl, Properties: {{VpcId: !Ref Vpc}}}}")
            out.append(f"  LA{s}: {{Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: {{SubnetId: !Ref {s}, NetworkAclId: !Ref L{s}}}}}")
            for i, (num, egress, proto, allow, cidr, (lo, hi)) in enumerate(n["acls"][s]):
                number = {"tcp": 6, "udp": 17, "-1": -1}[proto]
                out.append(f"  L{s}E{i}: {{Type: AWS::EC2::NetworkAclEntry, Properties: {{NetworkAclId: !Ref L{s}, "
                           f"RuleNumber: {num * 100}, Egress: {str(egress).lower()}, Protocol: {number}, "
                           f"RuleAction: {'allow' if allow else 'deny'}, CidrBlock: {cidr}, PortRange: {{From: {lo}, To: {hi}}}}}}}")
    for g, (ingress, egress) in n["groups"].items():
        def rules(items, side):
            text = []
            for proto, (lo, hi), peer in items:
                who = f"{side}SecurityGroupId: !Ref {peer[3:]}" if peer.startswith("sg:") else f"CidrIp: {peer}"
                text.append(f"{{IpProtocol: '{proto}', FromPort: {lo}, ToPort: {hi}, {who}}}")
            return "[" + ", ".join(text) + "]"
        out.append(f"  {g}: {{Type: AWS::EC2::SecurityGroup, Properties: {{GroupDescription: g, VpcId: !Ref Vpc, "
                   f"SecurityGroupIngress: {rules(ingress, 'Source')}, SecurityGroupEgress: {rules(egress, 'Destination')}}}}}")
    for e, s, g in (("X", "S1", "GroupX"), ("Y", "S2", "GroupY")):
        out.append(f"  {e}: {{Type: AWS::EC2::Instance, Properties: {{ImageId: ami-1, SubnetId: !Ref {s}, SecurityGroupIds: [!Ref {g}]}}}}")
    return "\n".join(out) + "\n"


def _tf(n: dict) -> str:
    out = ['resource "aws_vpc" "Vpc" {\n  cidr_block = "10.0.0.0/16"\n}',
           'resource "aws_internet_gateway" "Igw" {\n  vpc_id = aws_vpc.Vpc.id\n}',
           'resource "aws_eip" "NatIp" {\n  domain = "vpc"\n}',
           'resource "aws_nat_gateway" "Nat" {\n  subnet_id = aws_subnet.S1.id\n  allocation_id = aws_eip.NatIp.id\n}']
    for k, s in enumerate(("S1", "S2")):
        out.append(f'resource "aws_subnet" "{s}" {{\n  vpc_id = aws_vpc.Vpc.id\n  cidr_block = "10.0.{k + 1}.0/24"\n'
                   f'  map_public_ip_on_launch = {str(n["public"][k]).lower()}\n}}')
        blocks = "".join(f'  route {{\n    cidr_block = "{d}"\n    '
                         + ("gateway_id = aws_internet_gateway.Igw.id" if t == "igw" else "nat_gateway_id = aws_nat_gateway.Nat.id")
                         + "\n  }\n" for d, t in n["routes"][s])
        out.append(f'resource "aws_route_table" "R{s}" {{\n  vpc_id = aws_vpc.Vpc.id\n{blocks}}}')
        out.append(f'resource "aws_route_table_association" "A{s}" {{\n  subnet_id = aws_subnet.{s}.id\n'
                   f'  route_table_id = aws_route_table.R{s}.id\n}}')
        if n["acls"][s] is not None:
            entries = "".join(f'  {"egress" if egress else "ingress"} {{\n    rule_no = {num * 100}\n    protocol = "{proto}"\n'
                              f'    action = "{"allow" if allow else "deny"}"\n    cidr_block = "{cidr}"\n'
                              f'    from_port = {lo}\n    to_port = {hi}\n  }}\n'
                              for num, egress, proto, allow, cidr, (lo, hi) in n["acls"][s])
            out.append(f'resource "aws_network_acl" "L{s}" {{\n  vpc_id = aws_vpc.Vpc.id\n  subnet_ids = [aws_subnet.{s}.id]\n{entries}}}')
    for g, (ingress, egress) in n["groups"].items():
        def rules(items, kind):
            text = ""
            for proto, (lo, hi), peer in items:
                who = f"security_groups = [aws_security_group.{peer[3:]}.id]" if peer.startswith("sg:") else f'cidr_blocks = ["{peer}"]'
                text += f'  {kind} {{\n    protocol = "{proto}"\n    from_port = {lo}\n    to_port = {hi}\n    {who}\n  }}\n'
            return text
        out.append(f'resource "aws_security_group" "{g}" {{\n  vpc_id = aws_vpc.Vpc.id\n{rules(ingress, "ingress")}{rules(egress, "egress")}}}')
    for e, s, g in (("X", "S1", "GroupX"), ("Y", "S2", "GroupY")):
        out.append(f'resource "aws_instance" "{e}" {{\n  ami = "ami-1"\n  subnet_id = aws_subnet.{s}.id\n'
                   f'  vpc_security_group_ids = [aws_security_group.{g}.id]\n}}')
    return "\n".join(out) + "\n"


def _answers(path: str, x: str, y: str) -> list[str]:
    net = load_network(path)
    deadline = Deadline.after(30)
    out = [r.verdict.value for r in sorted(no_public_ingress(net, ((22, 22),), ((6, 6),), deadline), key=lambda r: r.target)]
    out.append(can_reach(net, x, y, ((443, 443),), ((6, 6),), deadline).verdict.value)
    out.append(isolated(net, x, y, deadline).verdict.value)
    return out


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_cloudformation_and_terraform_of_one_network_answer_alike(n):
    with tempfile.TemporaryDirectory() as tmp:
        cfn, tf = Path(tmp) / "t.yaml", Path(tmp) / "main.tf"
        cfn.write_text(_cfn(n))
        tf.write_text(_tf(n))
        assert _answers(str(cfn), "X", "Y") == _answers(str(tf), "aws_instance.X", "aws_instance.Y")

"""Read the network of a template file or Terraform module directory."""

from __future__ import annotations

from pathlib import Path

from verifier.errors import InputError
from verifier.network.ir import Network


def load_network(path: str) -> Network:
    """The network of a CloudFormation template (YAML or JSON), a .tf file, or a directory's .tf files."""
    p = Path(path)
    if not p.exists():
        raise InputError(path, 0, 0, "no such file or directory", "file")
    if p.is_dir():
        files = sorted(p.glob("*.tf"))
        if not files:
            raise InputError(path, 0, 0, "no .tf files in this directory (give a CloudFormation template by name)", "file")
        from verifier.network.terraform import read_network

        net = read_network(files)
        net.file = path
        return net
    if p.suffix == ".tf":
        from verifier.network.terraform import read_network

        return read_network([p])
    from verifier.network.cfn import read_network as read_cfn

    return read_cfn(path)


#: resource types that make a template a network description
NETWORK_TYPES = ("AWS::EC2::SecurityGroup", "AWS::EC2::NetworkAcl", "AWS::EC2::RouteTable", "AWS::EC2::Subnet",
                 "AWS::EC2::Instance", "AWS::ElasticLoadBalancingV2::LoadBalancer", '"aws_security_group',
                 '"aws_network_acl', '"aws_route_table', '"aws_subnet"', '"aws_instance"', '"aws_lb"')


def is_network_template(path: str) -> bool:
    """A CloudFormation template or .tf file that declares network resources (told by its content)."""
    p = Path(path)
    if p.suffix not in (".yaml", ".yml", ".json", ".template", ".tf") or not p.is_file():
        return False
    try:
        text = p.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(t in text for t in NETWORK_TYPES)

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

"""`verify network`: the three-tier example in both template languages, exit codes, JSON, bad input, --against."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import main
from verifier.network.addresses import is_internet, parse_address

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "network"
CFN = str(EXAMPLES / "three-tier.yaml")
FIXED = str(EXAMPLES / "three-tier-fixed.yaml")
TF = str(EXAMPLES / "terraform")
#: the same endpoints in both languages
NAMES = {CFN: ("WebLoadBalancer", "AppServer", "Database"), TF: ("aws_lb.web", "aws_instance.app", "aws_instance.database")}


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def verdicts(output: str) -> dict[str, str]:
    return {r["target"].rsplit(":", 1)[-1]: r["verdict"] for r in json.loads(output)["results"]}


@pytest.mark.parametrize("template", [CFN, TF], ids=["cloudformation", "terraform"])
def test_the_three_tier_example_exposes_the_database_and_the_load_balancer_only(template):
    lb, app, db = NAMES[template]
    code, out = run("network", "no-public-ingress", template, "--format", "json")
    assert code == 1 and verdicts(out) == {lb: "no", app: "yes", db: "no"}
    database = next(r for r in json.loads(out)["results"] if r["target"].endswith(db))
    packet, path = database["counterexample"]["request"], database["counterexample"]["path"]
    assert database["counterexample"]["confirmed"] and packet["destination port"] == 5432 and packet["protocol"] == "tcp"
    assert is_internet(parse_address(packet["source"]))
    assert all(hop["passed"] for hop in path)
    group = next(hop for hop in path if hop["hop"].startswith("security groups"))
    assert "0.0.0.0/0 tcp 5432" in group["rule"]
    text = Path(group["location"]["file"]).read_text().splitlines()[group["location"]["line"] - 1]
    assert "IpProtocol" in text or "ingress" in text  # the rule itself, in the template
    route = next(hop for hop in path if hop["hop"].startswith("route table"))
    assert "0.0.0.0/0 -> igw" in route["rule"] and route["location"]["line"] > 0


@pytest.mark.parametrize("template", [CFN, TF], ids=["cloudformation", "terraform"])
def test_the_admin_ports_are_closed_and_the_tiers_talk_as_designed(template):
    lb, app, db = NAMES[template]
    assert run("network", "no-public-ingress", template, "--port", "22,3389")[0] == 0
    code, out = run("network", "can-reach", lb, app, "--port", "8080", "-t", template)
    assert code == 0 and "reaches" in out and "8080" in out
    assert run("network", "can-reach", app, db, "--port", "5432", "-t", template)[0] == 0
    assert run("network", "can-reach", "internet", db, "--port", "5432", "-t", template)[0] == 0
    assert run("network", "can-reach", "internet", app, "--port", "8080", "-t", template)[0] == 1
    code, out = run("network", "isolated", lb, db, "-t", template, "--format", "json")
    result = json.loads(out)["results"][0]
    assert code == 1 and result["counterexample"]["request"]["from"] == lb
    assert result["counterexample"]["request"]["destination port"] == 5432


def test_the_mended_example_isolates_the_database_and_no_new_reachability_names_the_mistake():
    code, out = run("network", "no-public-ingress", FIXED, "--format", "json")
    assert code == 1 and verdicts(out) == {"WebLoadBalancer": "no", "AppServer": "yes", "Database": "yes"}
    assert run("network", "isolated", f"{FIXED}:WebLoadBalancer", f"{FIXED}:Database")[0] == 0
    code, out = run("network", "no-new-reachability", FIXED, CFN, "--format", "json")
    assert code == 1 and verdicts(out) == {"WebLoadBalancer": "yes", "AppServer": "yes", "Database": "no"}
    assert run("network", "no-new-reachability", CFN, FIXED)[0] == 0


def test_an_unreachable_answer_shows_where_the_packet_stops():
    code, out = run("network", "can-reach", "internet", "AppServer", "--port", "8080", "-t", CFN, "--format", "json")
    result = json.loads(out)["results"][0]
    assert code == 1 and result["verdict"] == "no" and result["certificate"]["checked_by"][0] == "z3"
    assert result["counterexample"]["path"] == [] and "no path at all" in result["message"]


def test_every_unreachable_answer_is_rechecked_by_cvc5():
    pytest.importorskip("cvc5")
    code, out = run("network", "no-public-ingress", FIXED, "--format", "json")
    for result in json.loads(out)["results"]:
        if result["verdict"] == "yes":
            assert result["certificate"]["checked_by"] == ["z3", "cvc5"]
    code, out = run("network", "isolated", "WebLoadBalancer", "Database", "-t", FIXED, "--format", "json")
    assert code == 0 and json.loads(out)["results"][0]["certificate"]["checked_by"] == ["z3", "cvc5"]


def test_a_parameter_makes_only_the_questions_that_depend_on_it_unknown(tmp_path):
    text = Path(CFN).read_text().replace("          CidrIp: 0.0.0.0/0\n      SecurityGroupEgress:",
                                         "          CidrIp: !Ref DatabaseClients\n      SecurityGroupEgress:")
    text = text.replace("Resources:", "Parameters:\n  DatabaseClients:\n    Type: String\nResources:", 1)
    path = tmp_path / "t.yaml"
    path.write_text(text)
    code, out = run("network", "no-public-ingress", str(path), "--format", "json")
    results = {r["target"].rsplit(":", 1)[-1]: r for r in json.loads(out)["results"]}
    assert code == 1 and results["WebLoadBalancer"]["verdict"] == "no" and results["AppServer"]["verdict"] == "yes"
    assert results["Database"]["verdict"] == "unknown"
    assert results["Database"]["reason"].startswith("unsupported:") and "DatabaseClients at line" in results["Database"]["reason"]
    assert run("network", "no-public-ingress", str(path), "--port", "22")[0] == 0
    code, out = run("network", "no-public-ingress", str(path), "--port", "5432")
    assert code == 3 and "DatabaseClients at line" in out


@pytest.mark.parametrize("args, message", [
    (("no-public-ingress", "missing.yaml"), "missing.yaml: error: no such file or directory"),
    (("no-public-ingress", CFN, "--port", "22-x"), "error: expected numbers or ranges"),
    (("no-public-ingress", CFN, "--protocol", "sctp"), 'error: unknown protocol "sctp"'),
    (("can-reach", "AppServer", "Nobody", "--port", "80", "-t", CFN), 'no instance or load balancer "Nobody"'),
    (("isolated", "AppServer", "Database"), "name the endpoints as PATH:ID"),
    (("no-new-reachability", CFN), "give OLD NEW, or NEW --against REV"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = CliRunner().invoke(main, ["network", *args])
    assert result.exit_code == 2 and message in result.output and len(result.output.strip().splitlines()) == 1


def test_a_template_that_does_not_parse_is_one_positioned_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  Vpc:\n    Type: [unclosed\n")
    code, out = run("network", "no-public-ingress", str(bad))
    assert code == 2 and out.startswith(f"{bad}:") and ": error: cannot read the template" in out
    tf = tmp_path / "bad.tf"
    tf.write_text('resource "aws_vpc" "x" {\n  cidr_block = \n')
    code, out = run("network", "no-public-ingress", str(tf))
    assert code == 2 and out.startswith(f"{tf}:") and "cannot parse HCL" in out


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_against_a_revision_reads_the_old_template_with_git(tmp_path):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    target = tmp_path / "network.yaml"
    target.write_text(Path(FIXED).read_text())
    git("add", "network.yaml")
    git("commit", "-qm", "fixed")
    assert run("network", "no-new-reachability", str(target), "--against", "HEAD")[0] == 0
    target.write_text(Path(CFN).read_text())
    code, out = run("network", "no-new-reachability", str(target), "--against", "HEAD", "--format", "json")
    assert code == 1 and verdicts(out)["Database"] == "no"
    fresh = tmp_path / "new.yaml"
    fresh.write_text(Path(FIXED).read_text())
    code, out = run("network", "no-new-reachability", str(fresh), "--against", "HEAD", "--format", "json")
    assert code == 1 and verdicts(out)["WebLoadBalancer"] == "no"  # absent before: everything it reaches is new


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_pre_commit_hook_refuses_new_reachability_and_open_admin_ports(tmp_path, monkeypatch, capsys):
    from verifier.hooks import main as hook

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    monkeypatch.chdir(tmp_path)
    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    (tmp_path / "network.yaml").write_text(Path(FIXED).read_text())
    (tmp_path / "notes.yaml").write_text("title: not a template\n")
    git("add", ".")
    git("commit", "-qm", "fixed")
    assert hook(["network", "network.yaml", "notes.yaml"]) == 0
    assert "checking 1 network template" in capsys.readouterr().out
    (tmp_path / "network.yaml").write_text(Path(CFN).read_text())
    assert hook(["network", "network.yaml"]) == 1
    assert "newly reaches Database" in capsys.readouterr().out
    bastion = Path(__file__).resolve().parent.parent / "bench" / "network" / "open-ssh.yaml"
    (tmp_path / "bastion.yaml").write_text(bastion.read_text())
    assert hook(["network", "bastion.yaml"]) == 1  # new: SSH open to the internet
    assert hook(["network", "notes.yaml"]) == 0
    assert "nothing checked" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_against_a_revision_reads_a_terraform_module_directory(tmp_path):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    module = tmp_path / "network"
    module.mkdir()
    text = (EXAMPLES / "terraform" / "main.tf").read_text()
    mended = text.replace('    from_port   = 5432\n    to_port     = 5432\n    cidr_blocks = ["0.0.0.0/0"]',
                          '    from_port   = 5432\n    to_port     = 5432\n    cidr_blocks = ["10.0.10.0/24"]')
    assert mended != text
    (module / "main.tf").write_text(mended)
    git("add", ".")
    git("commit", "-qm", "mended")
    assert run("network", "no-new-reachability", str(module), "--against", "HEAD")[0] == 0
    (module / "main.tf").write_text(text)
    code, out = run("network", "no-new-reachability", str(module), "--against", "HEAD", "--format", "json")
    assert code == 1 and verdicts(out) == {"aws_lb.web": "yes", "aws_instance.app": "yes", "aws_instance.database": "no"}

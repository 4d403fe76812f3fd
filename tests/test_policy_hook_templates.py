"""The verify-policy hook finds policies by content, checks templates, and says when it checked nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "templates"
PUBLIC_BUCKET = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}


def hook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.hooks", "policy", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    return tmp_path


def test_a_public_bucket_policy_is_found_by_its_content_whatever_its_name(tmp_path):
    project = repo(tmp_path)
    (project / "bucket.json").write_text(json.dumps(PUBLIC_BUCKET))
    (project / "package.json").write_text('{"name": "x"}')
    p = hook("bucket.json", "package.json", cwd=project)
    assert p.returncode == 1 and "grants public access" in p.stdout
    assert "checking 1 policy file(s)" in p.stdout


def test_a_hook_that_checked_nothing_says_so(tmp_path):
    project = repo(tmp_path)
    (project / "package.json").write_text('{"name": "x"}')
    (project / "values.yaml").write_text("replicas: 2\n")
    p = hook("package.json", "values.yaml", cwd=project)
    assert p.returncode == 0 and "nothing checked" in p.stdout


def test_templates_and_modules_are_checked_end_to_end(tmp_path):
    project = repo(tmp_path)
    for name in ("stack.yaml", "public-stack.yaml"):
        shutil.copy(EXAMPLES / name, project / name)
    shutil.copytree(EXAMPLES / "terraform", project / "infra")
    p = hook("stack.yaml", "infra/main.tf", "public-stack.yaml", cwd=project)
    assert p.returncode == 1 and "any holder of a token from" in p.stdout
    failing = [line for line in p.stdout.splitlines() if "✗ no" in line]
    assert len(failing) == 3 and all("public-stack.yaml" in line for line in failing)  # 2 public, 1 GitHub trust finding
    assert "infra/main.tf" in p.stdout and "checking 3 policy file(s)" in p.stdout

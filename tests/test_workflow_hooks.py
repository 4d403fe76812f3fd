"""The pre-commit hooks, with the real pre-commit package on throwaway git repositories.

The slow test installs the hooks from a snapshot of this checkout (pre-commit
clones a git repository at a commit, so the working tree -- committed or not --
is copied into a fresh repository first) and pip-installs verify into
pre-commit's own environment, under a private PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: what `pip install` of verify needs, plus the hook manifest
SNAPSHOT = ("pyproject.toml", "README.md", "verifier", "grammars", ".pre-commit-hooks.yaml")

PRIVATE_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "TeamRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-bucket/*"}
  ]
}
"""
PUBLIC_POLICY = PRIVATE_POLICY.replace('{"AWS": "arn:aws:iam::111122223333:root"}', '"*"')
SAFE_C = "void f(unsigned x, unsigned y) {\n    __VERIFIER_assert(x + y == y + x);\n}\n"
BUGGY_C = textwrap.dedent("""\
    int clamp(int x) {
        int y = x;
        if (x > 100) y = 100;
        if (x < 0) y = 0;
        __VERIFIER_assert(y > 0 && y <= 100);
        return y;
    }
""")


def git(*args: str, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check,
                          timeout=900)


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "-b", "main", cwd=path)
    git("config", "user.email", "dev@example.com", cwd=path)
    git("config", "user.name", "Dev", cwd=path)
    git("config", "commit.gpgsign", "false", cwd=path)
    return path


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """A git repository holding this checkout's working tree, and its commit."""
    repo = new_repo(tmp_path_factory.mktemp("verify-snapshot"))
    for name in SNAPSHOT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo, git("rev-parse", "HEAD", cwd=repo).stdout.strip()


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory) -> dict:
    """pre-commit's environment; its pip finds verify's dependencies already installed (`installed_dependencies`)
    instead of downloading them, and installs verify itself from the snapshot."""
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
               PYTHONPATH=str(installed_dependencies(tmp_path_factory.mktemp("dependencies"))))
    env.pop("PRE_COMMIT", None)
    return env


def installed_dependencies(into: Path) -> Path:
    """`into`, holding links to this environment's installed packages except verify's own (so the hook's
    environment imports the verify pip installed there from the snapshot, and only that)."""
    import z3

    for entry in Path(z3.__file__).resolve().parents[1].iterdir():  # the site-packages directory
        if not entry.name.startswith(("verify-", "verifier", "__editable__")) and entry.suffix != ".pth":
            (into / entry.name).symlink_to(entry)
    return into


def commit(project: Path, env: dict, message: str) -> subprocess.CompletedProcess:
    git("add", "-A", cwd=project)
    return git("commit", "-m", message, cwd=project, env=env, check=False)


def commits(project: Path) -> int:
    return int(git("rev-list", "--count", "HEAD", cwd=project).stdout)


@pytest.mark.slow
def test_pre_commit_rejects_public_bucket_and_assertion_bug_and_passes_clean_commits(tmp_path, hook_repo,
                                                                                    pre_commit_env):
    repo, rev = hook_repo
    project = new_repo(tmp_path / "project")
    (project / ".pre-commit-config.yaml").write_text(textwrap.dedent(f"""\
        repos:
          - repo: {repo}
            rev: {rev}
            hooks:
              - id: verify
              - id: verify-policy
    """))
    (project / "pyproject.toml").write_text('[tool.verify]\ntimeout = 20\npolicies = ["policies/*.json"]\n')
    (project / "policies").mkdir()
    (project / "policies" / "bucket.json").write_text(PRIVATE_POLICY)
    (project / "package.json").write_text('{"name": "not a policy"}\n')
    (project / "src").mkdir()
    (project / "src" / "commutes.c").write_text(SAFE_C)
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project, env=pre_commit_env,
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr

    clean = commit(project, pre_commit_env, "a private bucket and a correct function")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert commits(project) == 1

    (project / "policies" / "bucket.json").write_text(PUBLIC_POLICY)
    public = commit(project, pre_commit_env, "open the bucket")
    out = public.stdout + public.stderr
    assert public.returncode != 0 and commits(project) == 1, out
    assert "verify policy" in out and "Failed" in out
    assert "policy-no-public-access" in out and "grants public access" in out
    assert "s3:GetObject" in out and "arn:aws:s3:::team-bucket/" in out  # the offending request
    assert "policy-no-new-access" in out and "which HEAD:policies/bucket.json denies" in out
    assert "not a policy" not in out  # package.json is no policy

    (project / "policies" / "bucket.json").write_text(PRIVATE_POLICY)
    (project / "src" / "clamp.c").write_text(BUGGY_C)
    buggy = commit(project, pre_commit_env, "clamp")
    out = buggy.stdout + buggy.stderr
    assert buggy.returncode != 0 and commits(project) == 1, out
    assert "✗ no       assert       src/clamp.c:5:5" in out
    assert "counterexample (confirmed" in out

    (project / "src" / "clamp.c").write_text(BUGGY_C.replace("y > 0 &&", "y >= 0 &&"))
    fixed = commit(project, pre_commit_env, "clamp, fixed")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert commits(project) == 2
    assert ".verify_cache" not in git("status", "--porcelain", "--ignored=no", cwd=project).stdout


# ---- the hook entry points, in this environment (fast) ------------------------------------------


def hook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verifier.hooks", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_policy_hook_skips_no_new_access_for_a_new_file_and_non_policies(tmp_path):
    project = new_repo(tmp_path / "p")
    (project / "policies").mkdir()
    (project / "policies" / "new.json").write_text(PRIVATE_POLICY)
    (project / "tsconfig.json").write_text("{}\n")
    p = hook("policy", "policies/new.json", "tsconfig.json", cwd=project)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "policy-validate" in p.stdout and "policy-no-public-access" in p.stdout
    assert "policy-no-new-access" not in p.stdout and "tsconfig" not in p.stdout


def test_policy_hook_globs_from_args_override_the_config(tmp_path):
    project = new_repo(tmp_path / "p")
    (project / "pyproject.toml").write_text('[tool.verify]\npolicies = ["nothing/*.json"]\n')
    (project / "iam").mkdir()
    (project / "iam" / "s3.json").write_text(PUBLIC_POLICY)
    assert hook("policy", "iam/s3.json", cwd=project).returncode == 0  # not a policy by the config
    p = hook("policy", "--policies", "iam/*.json", "iam/s3.json", cwd=project)
    assert p.returncode == 1 and "grants public access" in p.stdout


def test_prove_hook_honours_exclude_and_passes_options(tmp_path):
    project = new_repo(tmp_path / "p")
    (project / "pyproject.toml").write_text('[tool.verify]\nexclude = ["legacy"]\n')
    (project / "legacy").mkdir()
    (project / "legacy" / "clamp.c").write_text(BUGGY_C)
    (project / "ok.c").write_text(SAFE_C)
    p = hook("prove", "--format", "json", "legacy/clamp.c", "ok.c", cwd=project)
    assert p.returncode == 0, p.stdout + p.stderr
    assert '"target": "ok.c:f"' in p.stdout and "clamp" not in p.stdout
    assert hook("prove", "legacy/clamp.c", cwd=project).returncode == 0  # nothing left to check

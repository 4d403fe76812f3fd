"""Bad policy input: one line `file:line:col: error: ...` on stderr, exit 2, never a traceback.

Each case gives the file's text and the expected diagnostic (position and message).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from verifier.cli_policy import policy

GOOD_STATEMENT = '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}'

CASES = [
    # malformed JSON
    ("trailing-comma", '{"Version": "2012-10-17",\n "Statement": [' + GOOD_STATEMENT + ",]}", "2:79: error: trailing comma"),
    ("missing-comma", '{"Version": "2012-10-17"\n "Statement": []}', "2:2: error: missing ','"),
    ("unclosed", '{"Statement": [' + GOOD_STATEMENT, "1:78: error: unexpected end of file"),
    ("single-quotes", "{'Statement': []}", "1:2: error: strings must use double quotes"),
    ("comment", "// policy\n{}", "1:1: error: comments are not allowed in JSON"),
    ("bare-word", '{"Statement": [{"Effect": Allow}]}', "1:27: error: unexpected word 'Allow'"),
    ("empty-file", "", "1:1: error: file is empty"),
    # wrong types
    ("effect-value", '{"Statement": [{"Effect": "allow", "Action": "s3:*", "Resource": "*"}]}',
     '1:27: error: "Effect" must be "Allow" or "Deny", got "allow"'),
    ("action-type", '{"Statement": [{"Effect": "Allow", "Action": 7, "Resource": "*"}]}',
     '1:46: error: "Action" must hold strings, got a number'),
    ("statement-type", '{"Statement": ["x"]}', "1:16: error: a statement must be a JSON object, got a string"),
    ("top-type", "[]", "1:1: error: a policy must be a JSON object, got a list"),
    ("principal-list", '{"Statement": [{"Effect": "Allow", "Principal": ["123"], "Action": "s3:*", "Resource": "*"}]}',
     '1:49: error: "Principal" must be "*" or an object'),
    ("numeric-value", '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", '
     '"Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}]}', '1:120: error: "NumericLessThan" takes a number, got "ten"'),
    # unknown elements and operators
    ("unknown-element", '{"Statement": [{"Effect": "Allow", "Actions": "s3:*", "Resource": "*"}]}',
     '1:36: error: unknown element "Actions" in a statement (did you mean "Action"?)'),
    ("unknown-top", '{"Statment": []}', '1:2: error: unknown element "Statment" at the top level of a policy (did you mean "Statement"?)'),
    ("unknown-operator", '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", '
     '"Condition": {"StringEqual": {"aws:username": "a"}}}]}',
     '1:85: error: unknown condition operator "StringEqual" (did you mean "StringEquals"?)'),
    ("unknown-set-operator", '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", '
     '"Condition": {"ForSomeValues:StringEquals": {"aws:TagKeys": "a"}}}]}', '1:85: error: unknown set operator "ForSomeValues"'),
    ("case-of-element", '{"statement": []}', '1:2: error: unknown element "statement" at the top level of a policy '
     '(did you mean "Statement"? names are case-sensitive)'),
    # empty or missing statements
    ("empty-statements", '{"Version": "2012-10-17", "Statement": []}', '1:40: error: "Statement" is an empty list'),
    ("no-statement", '{"Version": "2012-10-17"}', '1:1: error: missing "Statement"'),
    ("both-action-forms", '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:*", "Resource": "*"}]}',
     '1:54: error: a statement has either "Action" or "NotAction", not both'),
    ("duplicate-key", '{"Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "s3:*"}]}',
     '1:36: error: duplicate element "Effect" (first at 1:17)'),
    ("bad-version", '{"Version": "2012-10-18", "Statement": [' + GOOD_STATEMENT + "]}",
     '1:13: error: "Version" must be "2012-10-17" or "2008-10-17"'),
]


@pytest.mark.parametrize("name, text, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_policy_is_one_line_and_exit_2(tmp_path, name, text, expected):
    path = tmp_path / f"{name}.json"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(policy, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}:{expected.split(': error')[0]}: error:"), lines[0]
    assert expected.split(": error: ")[1] in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["validate", "no-public-access", "equiv", "no-new-access"])
def test_every_command_reports_bad_input_the_same_way(tmp_path, command):
    bad = tmp_path / "bad.json"
    bad.write_text('{"Statement": [{"Effect": "allow", "Action": "s3:*", "Resource": "*"}]}')
    args = [command, str(bad)] + ([str(bad)] if command in ("equiv", "no-new-access") else [])
    result = CliRunner().invoke(policy, args)
    assert result.exit_code == 2
    assert result.stderr.strip() == f'{bad}:1:27: error: "Effect" must be "Allow" or "Deny", got "allow"'


def test_missing_file(tmp_path):
    result = CliRunner().invoke(policy, ["validate", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.json'}: error: no such file"


def test_binary_file(tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(b"\x00\x01\x02")
    result = CliRunner().invoke(policy, ["validate", str(path)])
    assert result.exit_code == 2 and "binary file" in result.stderr


def test_one_bad_file_among_several_is_reported_and_the_rest_answered(tmp_path):
    good = tmp_path / "good.json"
    good.write_text('{"Version": "2012-10-17", "Statement": [' + GOOD_STATEMENT + "]}")
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    result = CliRunner().invoke(policy, ["validate", str(good), str(bad), "--format", "json"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"{bad}:1:2: error:")
    assert '"policy-validate"' in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--context", "novalue"], "expected KEY=VALUE"),
        (["--principal", "somebody"], "cannot tell what kind of principal"),
    ],
)
def test_bad_option_values(tmp_path, args, message):
    good = tmp_path / "good.json"
    good.write_text('{"Version": "2012-10-17", "Statement": [' + GOOD_STATEMENT + "]}")
    result = CliRunner().invoke(policy, ["allows", str(good), "--action", "s3:GetObject", "--resource", "*", *args])
    assert result.exit_code == 2 and message in result.stderr


def test_unknown_action_for_not_granted_is_a_usage_error(tmp_path):
    good = tmp_path / "good.json"
    good.write_text('{"Version": "2012-10-17", "Statement": [' + GOOD_STATEMENT + "]}")
    result = CliRunner().invoke(policy, ["not-granted", str(good), "--action", "s3:GetObjekt"])
    assert result.exit_code == 2 and "matches no action AWS documents" in result.stderr

"""An internal error (an exception in a worker) costs only its own file's open checks."""

from __future__ import annotations

import json

import verifier.proving
from verifier import errors
from verifier.workflow import prove_command


def test_an_internal_error_in_one_file_leaves_the_other_files_answered(tmp_path, monkeypatch, capsys):
    real = verifier.proving.prove_function

    def prove_function(program, name, *args, **kw):
        if program.path.endswith("bad.c"):
            raise RuntimeError("boom")
        return real(program, name, *args, **kw)

    monkeypatch.setattr(verifier.proving, "prove_function", prove_function)  # inherited by the forked workers
    monkeypatch.setattr(errors, "show_tracebacks", False)
    monkeypatch.chdir(tmp_path)
    for name in ("a.c", "bad.c", "z.c"):
        (tmp_path / name).write_text("int f(int x) { return x / 2; }\n")
    code = prove_command((str(tmp_path),), "div", None, None, 10.0, 2, True, "json", False, False)
    out = capsys.readouterr()
    verdicts = {(r["target"].rsplit("/", 1)[1], r["verdict"], r["reason"]) for r in json.loads(out.out)["results"]}
    assert verdicts == {("a.c:f", "yes", None), ("z.c:f", "yes", None),
                        ("bad.c:f", "unknown", "solver: internal error (RuntimeError: boom; please report it)")}
    assert code == 3  # an unknown, no no
    (line,) = [ln for ln in out.err.splitlines() if "INTERNAL ERROR" in ln]
    assert line.startswith(f"verify: error: INTERNAL ERROR while proving {tmp_path / 'bad.c'}: RuntimeError: boom")
    assert "Traceback" not in out.err

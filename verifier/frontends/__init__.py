"""Source frontends: C and Python text to the IR (`verifier.ir`), through Lark grammars.

Lark is imported here, before any frontend module, without two optional modules
it loads when it is imported and that verify never uses: `regex` (installed with
cfn-lint and python-hcl2; Lark needs it only for grammars built with
``regex=True``) and `interegular` (collision checks of terminals, made only while a
grammar is built). Loading them costs some 10 ms of every process that parses. A
later ``import regex`` (the user's module, replayed in a fork of the worker) still
finds it: only Lark's own import is told it is missing.
"""

import sys


def _import_lark() -> None:
    if "lark" in sys.modules:
        return
    absent = [name for name in ("regex", "interegular") if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # type: ignore[assignment]  # Lark's `import` of it raises ImportError
    try:
        import lark  # noqa: F401
    finally:
        for name in absent:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_import_lark()

"""Start-up without cyclic garbage collection: `verify` loads its modules with collection off and turns
it back on, over what it makes from then on, once its imports are done (`verifier.collecting`)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from verifier.collecting import resume_collecting

#: imports verifier.cli as the `verify` command does (argv[0] `verify`); prints the collector's state
AS_THE_COMMAND = """
import gc, json, sys
sys.argv = ["verify", "--help"]
before = gc.isenabled()
import verifier.cli
print(json.dumps({"before": before, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count(),
                  "click": "click" in sys.modules}))
"""


def test_resume_collecting_turns_collection_on_over_new_objects_only():
    frozen_before = gc.get_freeze_count()
    gc.disable()
    try:
        made_during_imports = [object() for _ in range(10)]
        resume_collecting()
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen_before  # what existed is left to the permanent generation
    finally:
        gc.unfreeze()
        gc.enable()
    assert made_during_imports


def test_resume_collecting_leaves_an_enabled_collector_alone():
    frozen_before = gc.get_freeze_count()
    resume_collecting()
    assert gc.isenabled() and gc.get_freeze_count() == frozen_before


def test_the_command_collects_again_once_its_modules_are_loaded():
    """As the command, verify.cli's module runs with collection off and ends with it on again, the
    objects of its imports frozen (a library import of verifier.cli leaves the collector as it was)."""
    p = subprocess.run([sys.executable, "-c", AS_THE_COMMAND], capture_output=True, text=True, timeout=120)
    state = json.loads(p.stdout)
    assert state["before"] and state["enabled"] and state["click"]
    assert state["frozen"] > 1000
    import verifier.cli  # noqa: F401  (in this process: a library import, not the command)

    assert gc.isenabled()

"""`verify equiv A[:F] B[:G]`: the click command (registered by `cli.py`)."""

from __future__ import annotations

import sys

import click

from .cli_options import common_options, data_model_option, guarded, int_semantics_option
from .config import DEFAULT_TIMEOUT


@click.command()
@click.argument("a_spec", metavar="A[:F]")
@click.argument("b_spec", metavar="B[:G]")
@click.option("--partial", is_flag=True,
              help="Equivalence modulo termination: agree on every input where both end (an input where one "
                   "runs forever is no difference). Default: total equivalence, where both must also end alike.")
@int_semantics_option
@data_model_option
@common_options
@guarded
def equiv(a_spec, b_spec, partial, semantics, data_model, fmt, timeout, quiet, verbose, **_ignored) -> None:
    """Do functions F of A and G of B agree on every input?

    Same signature required. B may be REV:PATH[:G], the file as it was at a
    git revision (e.g. HEAD:src/m.c:f). :F may be left out when the file
    defines one function (or, for B, a function named like A's)."""
    from .config import load_config
    from .equivalence import equiv as run_equiv
    from .report import emit

    config = load_config()
    semantics = semantics or config.int_semantics
    timeout = timeout if timeout is not None else (config.timeout or DEFAULT_TIMEOUT)
    results = run_equiv(a_spec, b_spec, semantics, timeout, data_model or config.data_model, partial=partial)
    sys.exit(emit(results, fmt, verbose=verbose, quiet=quiet))

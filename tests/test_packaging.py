"""The installed package is the whole package: a non-editable install (the README's) ships every subpackage."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_of_verifier_is_listed_for_setuptools() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(settings["packages"])
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "verifier").rglob("__init__.py")}
    assert on_disk - listed == set(), "subpackages a wheel would leave out"
    assert listed - on_disk == set(settings["package-dir"]), "listed packages with no directory of their own"

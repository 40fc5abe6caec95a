"""The environment's ``Project`` made an ``ArticlesProject``.

Sphinx (checked against 9.0.0-9.0.4) has no hook between finding the source
files and reading them, and makes its ``Project`` itself
(``BuildEnvironment.project``).  The category pages must be known, and the
generated pages added, before reading starts (``pages/discovery.py``), so
the instance's class is swapped for the subclass that does both when it
discovers.  Should Sphinx stop keeping a ``Project`` on the environment,
nothing is swapped and the generated pages are missing (the tests fail).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.project import Project

from ..pages.discovery import ArticlesProject


def applies(app: Sphinx) -> bool:
    return isinstance(getattr(app.env, "project", None), Project)


def install(app: Sphinx) -> None:
    """Make the environment's project discover generated pages too."""
    project = getattr(app.env, "project", None)
    if isinstance(project, Project):  # an ArticlesProject already after an incremental build's unpickling
        project.__class__ = ArticlesProject
        project.app = app


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", install)

"""A ``conf.py`` for an existing content folder, as ``sphinx-quickstart`` writes one.

``python -m sphinx_articles init PATH/TO/content`` (see ``__main__``) asks
``plan`` what to write and ``write`` writes it.  The file runs the project's
own ``conf.py`` (theme, templates, static files, catalogs: not copied, so
they stay the project's) with this site's values set first, then sets:

- ``project``: the site's name from its ``app.config``/``nuxt.config``
  beside or above the content folder (``nuxt_config``), else the folder's;
- ``language``: detected from the articles' text (``text_language``);
- ``articles_sections``: the ``title`` (or ``navigation.title``) of each
  folder's ``_dir.yml`` or ``.navigation.yml``, keyed by the folder's path
  as written (``docs/1.get-started``), in the folders' natural order;
- ``articles_public_dir``: the site's ``public/`` beside the content folder;
- ``html_baseurl``: the site's URL from its config, if it has one.

It goes to ``PATH/TO/_sphinx/conf.py`` (beside the content folder, never in
it unless asked) and never replaces a file unless forced.  Every value is
written with ``repr`` and the text is compiled before it is written, so a
site name with quotes, ``\"\"\"``, backslashes or line breaks stays a string.
Nothing here imports Sphinx.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import nuxt_config, text_language
from .names import route
from .site import natural_key

DEFAULT_CONF_DIR = "_sphinx"  # beside the content folder
FOLDER_FILES = ("_dir.yml", ".navigation.yml")  # Nuxt Content's folder metadata (v1/v2, v3)
SKIPPED_FOLDERS = {"node_modules"}
MAX_TITLE = 200  # characters; a longer "title" is not a section title
# Folder names that do not name a site: look one folder up (content/, content/ja/).
GENERIC_FOLDERS = {"content", "contents", "src", "source", "docs", "pages", "articles"}
# Sphinx settings read relative to the configuration folder: the project's
# conf.py meant its own folder, so the generated file makes them absolute.
CONFDIR_PATH_LISTS = ("templates_path", "html_static_path", "html_extra_path", "locale_dirs")
CONFDIR_PATHS = ("html_logo", "html_favicon", "articles_redirects_file", "articles_latex_emoji_font")


class InitError(Exception):
    """A request that cannot be carried out; the message says why."""


@dataclass
class Init:
    """The configuration file to write, its values and why each was chosen."""

    content: Path
    conf_dir: Path
    base_conf: Path
    project: str
    language: str
    sections: dict[str, str]
    public_dir: str | None  # as written into the file: relative to conf_dir when possible
    baseurl: str | None
    text: str = ""
    notes: list[str] = field(default_factory=list)  # one line per value, for the user
    command: str = ""  # the sphinx-build command to run next

    @property
    def path(self) -> Path:
        return self.conf_dir / "conf.py"


def project_conf() -> Path | None:
    """The project's conf.py: the repository's, beside ``extensions/``.  An
    installed wheel has no repository around it: None."""
    repo = Path(__file__).resolve().parents[3]
    conf = repo / "conf.py"
    return conf if conf.is_file() and (repo / "_templates").is_dir() else None


def plan(
    content: Path,
    *,
    conf_dir: Path | None = None,
    force: bool = False,
    language: str | None = None,
    base_conf: Path | None = None,
) -> Init:
    """Decide the file; nothing is written."""
    if not content.is_dir():
        raise InitError(f"the content folder {str(content)!r} does not exist")
    if base_conf is None:
        base_conf = project_conf()
        if base_conf is None:
            raise InitError(
                "the sphinx_articles project's conf.py (with _templates/, _static/ and locale/ beside it) was not "
                "found beside the installed package: the site's theme configuration is part of the project's "
                "repository, not of the package.  Install from a checkout (pip install -e PATH/TO/checkout) or "
                "name its conf.py with --base-conf"
            )
    elif not base_conf.is_file():
        raise InitError(f"--base-conf {str(base_conf)!r} is not a file")
    if conf_dir is None:  # beside the content folder, as the user named it (relative stays relative)
        conf_dir = Path(os.path.normpath(content / ".." / DEFAULT_CONF_DIR))
    target = conf_dir / "conf.py"
    if target.exists() and not force:
        raise InitError(f"{str(target)!r} already exists; nothing was written (--force replaces it)")
    if conf_dir.exists() and not conf_dir.is_dir():
        raise InitError(f"{str(conf_dir)!r} is a file, not a folder")

    notes: list[str] = []
    configs = nuxt_config.read_values(nuxt_config.config_files(content))
    project, why = site_project(content, configs)
    notes.append(f"project:      {project!r} ({why})")
    url = nuxt_config.site_url(configs)
    baseurl = None
    if url is not None:
        baseurl = url.text.strip()
        baseurl = baseurl if baseurl.endswith("/") else baseurl + "/"
        notes.append(f"html_baseurl: {baseurl!r} ({'.'.join(url.path)} in {url.file.name})")
    else:
        notes.append("html_baseurl: (no site URL in a Nuxt config: the sitemap says https://example.org/; set it)")

    if language is None:
        detected = text_language.detect_files(article_files(content))
        language = detected.language
        notes.append(f"language:     {language} (detected in {detected.files} files: {detected.reason})")
    else:
        notes.append(f"language:     {language} (given)")

    sections = section_titles(content)
    shown = ", ".join(f"{k!r}: {v!r}" for k, v in sections.items()) or "none"
    notes.append(f"sections:     {shown} (from _dir.yml / .navigation.yml titles)")

    public = content.absolute().parent / "public"
    public_dir = None
    if public.is_dir():
        public_dir = _relative(public, conf_dir)
        notes.append(f"public dir:   {public_dir!r} (the site's public/, relative to conf.py's folder)")
    else:
        notes.append("public dir:   (no public/ beside the content folder: images by site paths will be missing)")

    init = Init(content, conf_dir, base_conf, project, language, sections, public_dir, baseurl, notes=notes)
    init.text = render(init)
    compile(init.text, str(target), "exec")  # a value that broke the file would stop here, before writing
    init.command = build_command(content, conf_dir)
    return init


def write(init: Init, *, force: bool = False) -> None:
    """Write the file: created, or replaced only when *force*."""
    init.conf_dir.mkdir(parents=True, exist_ok=True)
    try:
        with init.path.open("w" if force else "x", encoding="utf-8", newline="\n") as file:
            file.write(init.text)
    except FileExistsError:
        raise InitError(f"{str(init.path)!r} already exists; nothing was written (--force replaces it)") from None


# -- what the site says ----------------------------------------------------------


def site_project(content: Path, found: list[nuxt_config.Value]) -> tuple[str, str]:
    """The site's name (from the values *found* in its Nuxt config, else its
    folder's name) and where it comes from."""
    name = nuxt_config.site_name(found)
    if name is not None:
        return name.text.strip(), f"{'.'.join(name.path)} in {name.file.name}"
    folder = content.resolve()
    for _ in range(2):
        if folder.name.lower() not in GENERIC_FOLDERS and not _language_code(folder.name):
            break
        folder = folder.parent
    return folder.name or str(folder), "the folder's name: no site name in an app.config or nuxt.config"


def _language_code(name: str) -> bool:
    """``ja``, ``en``, ``zh-tw``, ``pt_BR``: a content folder per language."""
    parts = name.replace("_", "-").split("-")
    return len(parts[0]) == 2 and parts[0].isalpha() and parts[0].isascii() and len(parts) <= 2


def _published(name: str) -> bool:
    return not name.startswith(("_", ".")) and name not in SKIPPED_FOLDERS


def _folders(content: Path) -> list[tuple[str, Path]]:
    """Every folder that can hold pages, as (its path in the content folder, itself), in natural order."""
    found: list[tuple[str, Path]] = []
    for root, dirs, _files in os.walk(content):
        dirs[:] = [d for d in dirs if _published(d)]
        relative = Path(root).relative_to(content)
        if relative.parts:
            found.append((PurePosixPath(*relative.parts).as_posix(), Path(root)))
    found.sort(key=lambda item: [natural_key(part) for part in item[0].split("/")])
    return found


def article_files(content: Path) -> list[Path]:
    """The Markdown files that are pages, in natural order of their paths."""
    files: list[Path] = []
    for root, dirs, names in os.walk(content):
        dirs[:] = [d for d in dirs if _published(d)]
        files.extend(Path(root) / n for n in names if n.endswith(".md") and _published(n))
    files.sort(key=lambda p: [natural_key(part) for part in p.relative_to(content).parts])
    return files


def section_titles(content: Path) -> dict[str, str]:
    """Folder → title from its ``_dir.yml``/``.navigation.yml``, in natural order."""
    titles: dict[str, str] = {}
    for key, folder in _folders(content):
        for name in FOLDER_FILES:
            title = folder_title(folder / name)
            if title:
                titles[route(key)] = title  # the section's key is its route: no N. prefixes
                break
    return titles


def folder_title(path: Path) -> str | None:
    """``navigation.title`` (nested or dotted), else ``title``, of a folder's YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    navigation: Any = data.get("navigation")
    candidates = [
        navigation.get("title") if isinstance(navigation, dict) else None,
        data.get("navigation.title"),
        data.get("title"),
    ]
    for value in candidates:
        if isinstance(value, str) and value.strip() and len(value.strip()) <= MAX_TITLE:
            return value.strip()
    return None


# -- the file ----------------------------------------------------------------------

HEADER = '''\
"""Sphinx configuration for a folder of Nuxt Content articles.

Written by `python -m sphinx_articles init`; edit the values below freely
(or run init again with --force).  Build the site with

    sphinx-build -c <this folder> <the content folder: CONTENT below> <output folder>

The theme, templates (_templates/), static files (_static/), message
catalogs (locale/) and every other setting come from the sphinx_articles
project's own conf.py (BASE_CONF below), which this file runs first with
this site's values.  Those are files of the project's repository, not of
the installed package: keep the checkout (installed with
`pip install -e PATH/TO/checkout`) where BASE_CONF says, or change it.
"""

from pathlib import Path

'''

RUN_BASE = """
if not BASE_CONF.is_file():
    raise FileNotFoundError(
        f"{BASE_CONF} is missing: this configuration runs the sphinx_articles project's conf.py "
        "(a checkout of its repository); point BASE_CONF at it"
    )
_file = __file__
__file__ = str(BASE_CONF)  # the project's conf.py finds its templates and catalogs from here
exec(compile(BASE_CONF.read_bytes(), __file__, "exec"))
__file__ = _file

# Sphinx reads these relative to this folder; the project's conf.py meant its own.
for _name in LISTS:
    if _name in globals():
        globals()[_name] = [str(BASE_CONF.parent / p) for p in globals()[_name]]
for _name in PATHS:
    if globals().get(_name) and "://" not in globals()[_name]:
        globals()[_name] = str(BASE_CONF.parent / globals()[_name])
del _file, _name
"""


def render(init: Init) -> str:
    lines = [HEADER]
    lines.append(f"CONTENT = {str(init.content.absolute())!r}  # the content folder this was written for")
    lines.append(f"BASE_CONF = Path({str(init.base_conf.absolute())!r})  # the sphinx_articles project's conf.py")
    lines.append("")
    lines.append("# This site's own values, set before the project's conf.py runs: the values it")
    lines.append("# derives from them (page, PDF and EPUB titles, catalogs, language tags) follow.")
    lines.append(f"project = {init.project!r}")
    lines.append("author = project")
    lines.append("copyright = project")
    lines.append(f"language = {init.language!r}")
    lines.append(RUN_BASE.replace("LISTS", repr(CONFDIR_PATH_LISTS)).replace("PATHS", repr(CONFDIR_PATHS)))
    lines.append("# Section titles, in navigation order: folder (as in the content folder) -> title.")
    if init.sections:
        lines.append("articles_sections = {")
        lines.extend(f"    {key!r}: {title!r}," for key, title in init.sections.items())
        lines.append("}")
    else:
        lines.append("articles_sections = {}")
    if init.public_dir is not None:
        lines.append("# Nuxt's public/ folder (served at the site's root), relative to this folder.")
        lines.append(f"articles_public_dir = {init.public_dir!r}")
    if init.baseurl is not None:
        lines.append("# The published site's URL (the sitemap's, the feeds', canonical links).")
        lines.append(f"html_baseurl = {init.baseurl!r}")
    return "\n".join(lines) + "\n"


def _relative(path: Path, start: Path) -> str:
    try:
        return os.path.relpath(path.absolute(), start.absolute())
    except ValueError:  # another drive (Windows)
        return str(path.absolute())


def build_command(content: Path, conf_dir: Path) -> str:
    """The sphinx-build command for the new configuration, quoted for a POSIX shell."""
    beside = Path(sys.executable).parent / "sphinx-build"
    program = str(beside) if beside.is_file() else (shutil.which("sphinx-build") or "sphinx-build")
    out = conf_dir / "_build" / "html"
    return shlex.join([program, "-c", str(conf_dir), str(content), str(out)])

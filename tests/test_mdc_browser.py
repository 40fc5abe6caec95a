"""MDC components as a reader uses them, in headless Chromium (Playwright).

The test-mdc root (built like tests/test_mdc.py, with its options) at a
phone's (390 px) and a desktop's (1280 px) width:

- tabs (``::code-group``, ``::tabs``, sphinx-design tab sets): the first
  tab's content shows and the others' are hidden; clicking a label switches;
  the keyboard reaches a tab set with Tab (sphinx-design's tabs are radio
  buttons: one tab stop per set, its label outlined) and switches with the
  arrow keys;
- cards: the card with ``to`` has a link, on top and clickable, that leads to
  its URL (the external site is answered locally, never loaded);
- no guide page is wider than a phone's screen (code blocks scroll inside
  themselves) and nothing in an article is cut off by it;
- admonition titles are shown;
- axe-core (as tests/test_accessibility.py, needs ``npm ci`` or
  ``AXE_CORE_JS``) finds no serious or critical violation in the tab sets
  and cards, in the light and the dark colour scheme.

The browser fixtures are in conftest.py.
"""

from __future__ import annotations

import pytest
import test_mdc
from test_accessibility import SETTLED, axe_source, blocking, report  # noqa: F401 - axe_source is a fixture

from conftest import PHONE, build, served

DESKTOP = 1280
WIDTHS = [PHONE, DESKTOP]
GUIDE_PAGES = sorted(f"guide/{path.stem}.html" for path in test_mdc.SRC.glob("guide/*.md"))
OFFICE = "https://example.org/office"  # the card's `to` in guide/cards.md


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    result = build(test_mdc.SRC, tmp_path_factory.mktemp("mdc-browser") / "html", *test_mdc.OPTIONS)
    assert result.returncode == 0, result.stderr[-3000:]
    with served(result.outdir) as url:
        yield url


@pytest.fixture
def open_page(contexts, site_url):
    """``open_page(path, width, scheme="light")``: a new page of the test-mdc site, loaded."""
    pages = []

    def opener(path: str, width: int, scheme: str = "light"):
        page = contexts(width, scheme).new_page()
        pages.append(page)
        page.goto(f"{site_url}/{path}", wait_until="load")
        return page

    yield opener
    for page in pages:
        page.close()


def tab_sets(page) -> list:
    sets = page.locator("article .sd-tab-set").all()
    assert len(sets) == 2, "guide/tabs.md has a ::code-group and a ::tabs"
    return sets


def shown(tab_set) -> list[bool]:
    """Which of the set's contents are visible, in order."""
    return [content.is_visible() for content in tab_set.locator(":scope > .sd-tab-content").all()]


def checked(tab_set) -> list[bool]:
    return [radio.is_checked() for radio in tab_set.locator(":scope > input[type=radio]").all()]


def on_top(locator) -> bool:
    """Whether the element's centre is really it (not covered by another)."""
    return locator.evaluate(
        """el => { const r = el.getBoundingClientRect();
                   const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                   return r.width > 0 && r.height > 0 && hit !== null && (el === hit || el.contains(hit)); }"""
    )


# -- tabs ----------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_first_tab_shown_the_others_hidden(open_page, width):
    page = open_page("guide/tabs.html", width)
    for tab_set in tab_sets(page):
        assert shown(tab_set)[:2] == [True, False] and not any(shown(tab_set)[2:])
        labels = tab_set.locator(":scope > label.sd-tab-label")
        assert [label.is_visible() for label in labels.all()] == [True] * len(labels.all())


@pytest.mark.parametrize("width", WIDTHS)
def test_clicking_a_label_switches_tabs(open_page, width):
    page = open_page("guide/tabs.html", width)
    code_group, tabs = tab_sets(page)
    for tab_set, other in ((code_group, tabs), (tabs, code_group)):
        second = tab_set.locator(":scope > label.sd-tab-label").nth(1)
        assert on_top(second), f"the label {second.inner_text()!r} is covered"
        second.click()
        assert shown(tab_set)[:2] == [False, True]
        assert shown(other)[:2] in ([True, False], [False, True])  # its own choice, untouched
        tab_set.locator(":scope > label.sd-tab-label").first.click()
        assert shown(tab_set)[:2] == [True, False]
    texts = [" ".join(c.inner_text().split()) for c in tabs.locator(":scope > .sd-tab-content").all()]
    tabs.locator(":scope > label.sd-tab-label").nth(1).click()
    assert tabs.locator(":scope > .sd-tab-content").nth(1).inner_text().strip() == texts[1]
    assert "活動中心" in texts[1]


def focus_by_tab(page, selector: str, limit: int = 60) -> bool:
    """Press Tab until the focused element matches *selector*."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement !== null && document.activeElement.matches(s)", selector):
            return True
    return False


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reaches_and_switches_tabs(open_page, width):
    """sphinx-design's tabs are native radio buttons under their labels: Tab
    focuses the checked one (its label is outlined), the arrow keys choose
    another; Enter and Space on a label do nothing (a label takes no focus)."""
    page = open_page("guide/tabs.html", width)
    code_group, tabs = tab_sets(page)
    first_radio = "article .sd-tab-set > input[type=radio]"
    assert focus_by_tab(page, first_radio), "Tab never reaches a tab set"
    focused = page.evaluate("document.activeElement.id")
    assert focused == code_group.locator(":scope > input").first.get_attribute("id")
    label = code_group.locator(":scope > label.sd-tab-label").first
    assert label.evaluate("el => getComputedStyle(el).outlineStyle") != "none", "the focused tab is not outlined"

    page.keyboard.press("ArrowRight")
    assert checked(code_group) == [False, True]
    assert shown(code_group) == [False, True]
    second = code_group.locator(":scope > label.sd-tab-label").nth(1)
    assert second.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("ArrowLeft")
    assert shown(code_group) == [True, False]
    page.keyboard.press("ArrowDown")
    assert shown(code_group) == [False, True]

    # The next tab stop after the code group leads on to the second set (one stop per set).
    assert focus_by_tab(page, first_radio, limit=10)
    assert page.evaluate("document.activeElement.id") == tabs.locator(":scope > input").first.get_attribute("id")
    page.keyboard.press("ArrowRight")
    assert shown(tabs)[:2] == [False, True]
    assert shown(code_group) == [False, True]  # the other set kept its choice


# -- cards ---------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_card_with_a_link_leads_to_its_url(open_page, width):
    page = open_page("guide/cards.html", width)
    card = page.locator("article .sd-card").filter(has_text="里辦公處")
    assert card.count() == 1
    link = card.locator("a[href]")
    assert link.count() == 1, "the card's `to` is one link"
    assert link.get_attribute("href") == OFFICE
    assert link.is_visible() and on_top(link)
    page.context.route("https://example.org/**", lambda route: route.fulfill(status=200, body="<title>office</title>"))
    with page.expect_popup() as opened:  # target: _blank
        card.click()  # anywhere on the card, not only its title: a stretched link
    opened.value.wait_for_url(OFFICE, timeout=5000)
    opened.value.close()
    # the cards without `to` have no link
    assert page.locator("article .sd-card").filter(has_text="社區圖書室").locator("a").count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_cards_do_not_overlap(open_page, width):
    page = open_page("guide/cards.html", width)
    boxes = [card.bounding_box() for card in page.locator("article .sd-card").all()]
    assert len(boxes) == 3
    for i, a in enumerate(boxes):
        assert a["width"] > 100 and a["height"] > 20, a
        assert a["x"] >= 0 and a["x"] + a["width"] <= width, a
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            )  # fmt: skip
            assert apart, (a, b)


# -- layout ----------------------------------------------------------------------

# Elements of the article reaching past the screen's right edge, unless inside
# something that scrolls sideways (a code block) or clips on purpose.
CUT_OFF = """() => {
    const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX; if (x === 'auto' || x === 'scroll') return true; }
        return false; };
    const out = [];
    for (const el of document.querySelectorAll('article.bd-article *')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > innerWidth + 1 && !scrolls(el))
            out.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' right=' + Math.round(r.right));
    }
    return out; }"""


@pytest.mark.parametrize("path", GUIDE_PAGES)
def test_nothing_wider_than_a_phone(open_page, path):
    page = open_page(path, PHONE)
    widths = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"{path} scrolls sideways: {widths}"
    assert page.evaluate(CUT_OFF) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_admonition_titles_shown(open_page, width):
    page = open_page("guide/admonitions.html", width)
    titles = page.locator("article .admonition > p.admonition-title").all()
    assert len(titles) == 7
    for title in titles:
        assert title.is_visible()
        box = title.bounding_box()
        assert box["height"] >= 10 and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert title.evaluate("el => getComputedStyle(el).color") != title.evaluate(
            "el => getComputedStyle(el).backgroundColor"
        )
    texts = [title.inner_text().strip() for title in titles]
    assert {"省水小撇步", "颱風天注意"} <= set(texts)


def test_no_admonition_title_is_empty(open_page):
    page = open_page("guide/admonitions.html", PHONE)
    empty = [
        title.evaluate("el => el.parentElement.className")
        for title in page.locator("article .admonition > p.admonition-title").all()
        if not title.inner_text().strip()
    ]
    assert empty == []


# -- accessibility ---------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("path", "component"), [("guide/tabs.html", ".sd-tab-set"), ("guide/cards.html", ".sd-card")])
def test_components_accessible(open_page, axe_source, path, component, width, scheme):  # noqa: F811
    page = open_page(path, width, scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    assert page.locator(f"article {component}").count() >= 2
    page.wait_for_function(SETTLED, timeout=5000)
    page.add_script_tag(content=axe_source)
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    options["resultTypes"] = ["violations"]
    results = page.evaluate("([sel, o]) => axe.run({include: [[sel]]}, o)", [f"article {component}", options])
    found = blocking(results)
    assert not found, report(found, f"{path} {component} at {width}px, {scheme}", results["testEngine"]["version"])

"""MDC components rendered as Sphinx content, in every builder.

``mdc_syntax`` parses Nuxt Content's component syntax into ``mdc_*``
tokens.  Here they become what a Sphinx site has for them:

- components that are Markdown in disguise (``read-more``, ``nuxt-link``,
  ``nuxt-img``, ``video``, ``youtube``) are rewritten into Markdown's own
  tokens before rendering (`rewrite_components`), so their links, images
  and media take the path Markdown's do: public folder, warnings, books;
- prose components become admonitions, sphinx-design tabs and cards,
  badges and keyboard keys (`MdcRenderer`);
- code fences show their MDC file name as a caption and highlight lines;
- ``articles_mdc_components`` maps a component to any directive;
- any other component keeps its content in an element with class
  ``mdc-<name>`` and is reported once per file (`components.report_unknown`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from sphinx_design.shared import create_component

from ..report import warn
from .components import css_class, kebab, report_unknown
from .nuxtcomponents import IMAGE_SCHEMES, LINK_SCHEMES, VIDEO_ID, YOUTUBE, image_node, kind, link_node, safe_url

ADMONITIONS: dict[str, type[nodes.Admonition]] = {
    "note": nodes.note,
    "tip": nodes.tip,
    "warning": nodes.warning,
    "caution": nodes.caution,
    "important": nodes.important,
    "danger": nodes.danger,
}
# ::alert{type=…} (Docus) and ::callout{color=…} (Nuxt UI)
ALERT_TYPES = {
    "info": "note",
    "primary": "note",
    "neutral": "note",
    "success": "tip",
    "error": "danger",
    "red": "danger",
}
BADGE_COLOURS = {"info": "info", "success": "success", "warning": "warning", "danger": "danger", "error": "danger"}
TAB_SETS = {"code-group", "tabs"}
TAB_WRAPPERS = {"div", "tab", "tabs-item", "tab-item", "code-group-item"}
DECORATIVE = {"icon", "u-icon"}  # an icon font this site does not have: nothing to show
TRANSPARENT = {"div", "span", "code-collapse"}  # their content, with their classes
URL_PROPS = ("to", "href", "src", "url")  # an unknown component's link (``:sandbox{src=…}``)
TITLE_PROPS = ("title", "label", "name")
TEXT_PROPS = ("title", "headline", "description", "label", "text")  # shown for unknown components


def name_of(token: Token | SyntaxTreeNode) -> str:
    return kebab(str((token.meta or {}).get("name", "")))


def props_of(token: Token | SyntaxTreeNode) -> dict[str, Any]:
    props = (token.meta or {}).get("props")
    return props if isinstance(props, dict) else {}


def text_prop(props: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = props.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return ""


# -- Markdown in disguise: rewritten into Markdown tokens ---------------------


def rewrite_components(state: StateCore) -> None:
    state.tokens = list(_rewrite(state.tokens, block=True))
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = list(_rewrite(token.children, block=False))


def _rewrite(tokens: list[Token], block: bool) -> Iterator[Token]:
    opening = "mdc_block_open" if block else "mdc_inline_open"
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != opening or _rewriter(name_of(token)) is None:
            yield token
            index += 1
            continue
        end = _closing(tokens, index)
        inner = tokens[index + 1 : end]
        yield from _rewriter(name_of(token))(token, inner, block)  # type: ignore[misc]
        index = end + 1


def _rewriter(name: str) -> Callable[[Token, list[Token], bool], list[Token]] | None:
    """The components ``nuxtcomponents`` knows, by kind (images: `MdcRenderer._render_image`)."""
    found = kind(name)
    return {"link": _link, "video": _video, "youtube": _youtube}.get(found or "")


def _closing(tokens: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _link(token: Token, inner: list[Token], block: bool) -> list[Token]:
    props = props_of(token)
    target = text_prop(props, "to", "href", "link")
    label, rest = _label(inner, block)
    if not label:
        text = text_prop(props, "title", "label", "text")
        if text or ":" in target or not target:  # MyST titles a link to a page of the site itself
            label = [_text(text or target or name_of(token))]
    if target and not safe_url(target, LINK_SCHEMES):
        problem = _problem(
            f"'{name_of(token)}' to a {target.partition(':')[0]!r} URL: not a link, its text kept", token
        )
        return [problem, *_paragraph(label, token, css_class(name_of(token))), *rest] if block else [problem, *label]
    if target:
        attrs = {"href": target}
        if text_prop(props, "target"):
            attrs["target"] = text_prop(props, "target")
        label = [Token("link_open", "a", 1, attrs=attrs), *label, Token("link_close", "a", -1)]
    return _paragraph(label, token, css_class(name_of(token))) + rest if block else label


def _label(inner: list[Token], block: bool) -> tuple[list[Token], list[Token]]:
    """Inline content for a link: a block component's first paragraph."""
    if not block:
        return inner, []
    if len(inner) >= 3 and inner[0].type == "paragraph_open" and inner[1].type == "inline":
        return list(inner[1].children or []), inner[3:]
    return [], inner


def _video(token: Token, inner: list[Token], block: bool) -> list[Token]:
    """HTML5 video; ``rawblocks`` adds the link the books show instead."""
    props = props_of(token)
    sources = [(text_prop(props, "src"), text_prop(props, "type"))]
    listed = props.get("sources")
    if isinstance(listed, list):
        sources += [(text_prop(s, "src"), text_prop(s, "type")) for s in listed if isinstance(s, dict)]
    for child in _flatten(inner):
        if child.type in ("mdc_inline_open", "mdc_block_open") and name_of(child) == "source":
            sources.append((text_prop(props_of(child), "src"), text_prop(props_of(child), "type")))
    rest = _without_source_paragraphs(inner)
    sources = [(src, media) for src, media in sources if src and safe_url(src, IMAGE_SCHEMES)]
    if not sources:
        problem = _problem(f"'{name_of(token)}' without a usable 'src': no video", token)
        return [problem, *rest]
    poster = text_prop(props, "poster") if safe_url(text_prop(props, "poster"), IMAGE_SCHEMES) else ""
    opening = '<video controls preload="metadata"' + (f' poster="{escape(poster)}"' if poster else "") + ">"
    tags = "".join(
        f'<source src="{escape(src)}"' + (f' type="{escape(media)}"' if media else "") + ">" for src, media in sources
    )
    html = f"{opening}{tags}</video>"
    if block:
        raw = Token("html_block", "", 0, content=html + "\n", map=token.map)
        return [raw, *rest]
    return [Token("html_inline", "", 0, content=html)]


def _without_source_paragraphs(tokens: list[Token]) -> list[Token]:
    """Paragraphs of ``:source{…}`` components (and spaces) carry nothing else."""
    kept: list[Token] = []
    index = 0
    while index < len(tokens):
        paragraph = tokens[index : index + 3]
        if [t.type for t in paragraph] == ["paragraph_open", "inline", "paragraph_close"] and not any(
            c.type == "text" and c.content.strip() for c in _flatten(paragraph[1].children or [])
        ):
            index += 3
            continue
        kept.append(tokens[index])
        index += 1
    return kept


def _flatten(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _flatten(token.children or [])


def _youtube(token: Token, inner: list[Token], block: bool) -> list[Token]:
    props = props_of(token)
    video = text_prop(props, "id", "video-id", "videoid", "video_id", "src", "url")
    if VIDEO_ID.match(video):
        video = YOUTUBE + video
    elif not (video.startswith(("https://", "http://")) and safe_url(video, LINK_SCHEMES)):
        problem = _problem(f"'{name_of(token)}' without a usable video id: not a link", token)
        return [problem, *inner]
    label, rest = _label(inner, block)
    title = text_prop(props, "title", "playlabel", "label")
    link = [
        Token("link_open", "a", 1, attrs={"href": video}),
        *(label or [_text(title or video)]),  # no words of one language here
        Token("link_close", "a", -1),
    ]
    return _paragraph(link, token, "mdc-youtube") + rest if block else link


def _problem(message: str, origin: Token) -> Token:
    """Reported by the renderer, which knows the file (`MdcRenderer.render_mdc_problem`)."""
    return Token("mdc_problem", "", 0, content=message, map=origin.map)


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _paragraph(children: list[Token], origin: Token, css: str = "") -> list[Token]:
    opening = Token("paragraph_open", "p", 1, map=origin.map, block=True)
    if css:
        opening.attrs["class"] = css
    inline = Token("inline", "", 0, map=origin.map, block=True, children=children)
    return [opening, inline, Token("paragraph_close", "p", -1, block=True)]


# -- prose components: rendered ------------------------------------------------


class MdcRenderer(SphinxRenderer):
    """Render methods for ``mdc_*`` tokens and fences with MDC meta."""

    def render_mdc_block(self, token: SyntaxTreeNode) -> None:
        name = name_of(token)
        directive = self._mapped_directive(name)
        if directive:
            self._render_as_directive(token, directive)
        elif name in ADMONITIONS or name in ("alert", "callout"):
            self._render_admonition(token, name)
        elif name in TAB_SETS:
            self._render_tabs(token)
        elif name == "card":
            self._render_card(token)
        elif name == "card-group":
            self._render_card_group(token)
        elif name in TRANSPARENT:
            self._render_container(token, nodes.container(classes=self._classes(token)))
        elif name == "badge":
            paragraph = nodes.paragraph()
            with self.current_node_context(paragraph, append=True):
                self.render_mdc_inline(token)
        elif name in DECORATIVE:
            pass
        elif kind(name) == "image":
            paragraph = nodes.paragraph()
            self.add_line_and_source_path(paragraph, token)
            with self.current_node_context(paragraph, append=True):
                self._render_image(token, token_line(token, 0))
        else:
            self._render_unknown(token, name, token_line(token, 0))

    def render_mdc_problem(self, token: SyntaxTreeNode) -> None:
        line = token_line(token, 0) if token.map else self._inline_line(token)
        warn(token.content, (self.sphinx_env.docname, line), "mdc")

    def render_mdc_slot(self, token: SyntaxTreeNode) -> None:
        slot = css_class(str(token.meta.get("name", ""))).replace("mdc-", "mdc-slot-", 1)
        self._render_container(token, nodes.container(classes=[slot]))

    def render_mdc_inline(self, token: SyntaxTreeNode) -> None:
        name = name_of(token)
        props = props_of(token)
        unknown = False
        if name == "badge":
            colour = BADGE_COLOURS.get(text_prop(props, "type", "color"), "primary")
            node: nodes.Element = nodes.inline(classes=["sd-badge", f"sd-bg-{colour}", f"sd-bg-text-{colour}"])
        elif name == "kbd":
            node = nodes.literal(classes=["kbd"])
        elif name in DECORATIVE:
            return
        elif kind(name) == "image":
            self._render_image(token, self._inline_line(token))
            return
        elif name == "br":  # rawblocks gives it a LaTeX twin
            self.current_node += nodes.raw("", "<br />", format="html")
            return
        elif name == "span":
            node = nodes.inline(classes=self._classes(token))
        else:
            report_unknown(self.document, name, self._inline_line(token))
            node, unknown = nodes.inline(classes=[css_class(name)]), True
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)
            text = text_prop(props, "value", "label", "text", "title")
            if unknown and (link := _url_link(props, text)):
                node += link
            elif not token.children and text:
                node += nodes.Text(text)

    def render_mdc_span(self, token: SyntaxTreeNode) -> None:
        node = nodes.inline(classes=self._classes(token))
        if anchor := nodes.make_id(text_prop(props_of(token), "id")):  # [text]{#id}: a link target
            node["ids"].append(anchor)
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def render_fence(self, token: SyntaxTreeNode) -> None:
        """Code with its MDC file name as a caption, like ``code-block :caption:``."""
        before = len(self.current_node.children)
        super().render_fence(token)
        meta = token.meta or {}
        added = self.current_node.children[before:]
        if len(added) != 1 or not isinstance(added[0], nodes.literal_block):
            return
        code = added[0]
        if meta.get("highlight"):
            code.setdefault("highlight_args", {})["hl_lines"] = list(meta["highlight"])
        if meta.get("filename"):
            filename = str(meta["filename"])
            wrapper = nodes.container("", literal_block=True, classes=["literal-block-wrapper"])
            wrapper += nodes.caption(filename, filename)
            self.add_line_and_source_path_r([wrapper], token)
            code.replace_self(wrapper)
            wrapper += code

    # -- helpers ----------------------------------------------------------------

    def _classes(self, token: SyntaxTreeNode) -> list[str]:
        return text_prop(props_of(token), "class").split()

    def _render_container(self, token: SyntaxTreeNode, node: nodes.Element) -> None:
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def _split_slots(self, token: SyntaxTreeNode) -> tuple[list[SyntaxTreeNode], dict[str, SyntaxTreeNode]]:
        default = [child for child in token.children if child.type != "mdc_slot"]
        slots = {kebab(str(c.meta.get("name", ""))): c for c in token.children if c.type == "mdc_slot"}
        return default, slots

    def _render_nodes(self, children: list[SyntaxTreeNode], into: nodes.Element) -> None:
        holder = SyntaxTreeNode()
        holder.children = children  # render_children warns about unknown tokens, as MyST does
        with self.current_node_context(into):
            self.render_children(holder)

    def _title(self, token: SyntaxTreeNode, slots: dict[str, SyntaxTreeNode], *keys: str) -> list[nodes.Node]:
        """Inline nodes of a title given as a prop or as a slot."""
        for key in keys:
            if key in slots:
                holder = nodes.paragraph()
                self._render_nodes(slots.pop(key).children, holder)
                paragraphs = list(holder.findall(nodes.paragraph, include_self=False))
                return list(paragraphs[0].children) if paragraphs else [nodes.Text(holder.astext())]
            if text := text_prop(props_of(token), key):
                return [nodes.Text(text)]
        return []

    def _render_admonition(self, token: SyntaxTreeNode, name: str) -> None:
        props = props_of(token)
        if name in ("alert", "callout"):
            kind = text_prop(props, "type", "color")
            name = kind if kind in ADMONITIONS else ALERT_TYPES.get(kind, "note")
        default, slots = self._split_slots(token)
        title = self._title(token, slots, "title", "summary")
        if title:
            node: nodes.Element = nodes.admonition(classes=[name, css_class(name_of(token))])
            node += nodes.title("", "", *title)
        else:
            node = ADMONITIONS[name](classes=[css_class(name_of(token))])
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)
        self._render_nodes(default + list(slots.values()), node)
        if target := text_prop(props, "to"):
            self._append_link(token, node, target, text_prop(props, "label") or target)

    def _append_link(
        self, token: SyntaxTreeNode, into: nodes.Element, target: str, label: str, attrs: dict[str, str] | None = None
    ) -> None:
        """A Markdown link to *target*, at *token*'s line (for its warnings)."""
        opening = Token("link_open", "a", 1, attrs={"href": target, **(attrs or {})})
        link = [opening, _text(label), Token("link_close", "a", -1)]
        tree = SyntaxTreeNode(_paragraph(link, Token("text", "", 0, map=token.map)), create_root=True)
        self._render_nodes(tree.children, into)

    def _render_tabs(self, token: SyntaxTreeNode) -> None:
        tab_set = create_component("tab-set", classes=["sd-tab-set"])
        self.add_line_and_source_path(tab_set, token)
        loose: nodes.Element = nodes.container()
        for number, child in enumerate(token.children, start=1):
            label = self._tab_label(child, number)
            if label is None:  # prose between tabs: with the tab before it
                target = tab_set.children[-1].children[1] if tab_set.children else loose
                self._render_nodes([child], target)
                continue
            content = create_component("tab-content", classes=["sd-tab-content"])
            _drop_label(child)  # shown as the tab's label, not again inside it
            wrapper = child.type == "mdc_block" and name_of(child) in TAB_WRAPPERS
            self._render_nodes(child.children if wrapper else [child], content)
            rubric = nodes.rubric(label, label, classes=["sd-tab-label"])
            tab_set += create_component("tab-item", classes=["sd-tab-item"], children=[rubric, content])
        self.current_node.extend(loose.children)
        if tab_set.children:
            tab_set.children[0]["selected"] = True
            self.current_node.append(tab_set)

    def _tab_label(self, child: SyntaxTreeNode, number: int) -> str | None:
        if child.type == "fence":
            language = child.info.split()[0] if child.info.strip() else ""
            return str((child.meta or {}).get("filename") or language or number)
        if child.type == "mdc_block":
            return text_prop(props_of(child), *TITLE_PROPS, "filename") or name_of(child)
        return None

    def _render_card(self, token: SyntaxTreeNode, classes: tuple[str, ...] = ()) -> None:
        props = props_of(token)
        default, slots = self._split_slots(token)
        card = create_component("card", classes=["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", *classes])
        body = create_component("card-body", classes=["sd-card-body"])
        card += body
        self.add_line_and_source_path(card, token)
        if title := self._title(token, slots, "title"):
            target = text_prop(props, "to", "href")
            if target:  # the whole card is the link, as sphinx-design's (and Nuxt's) cards are
                opens = {"target": text_prop(props, "target")} if text_prop(props, "target") else {}
                self._append_link(token, body, target, nodes.Element("", *title).astext(), opens)
                body[-1]["classes"] += ["sd-card-title", "sd-font-weight-bold"]
                for reference in body[-1].findall(nodes.reference):
                    reference["classes"].append("sd-stretched-link")
                card["classes"].append("sd-card-hover")
            else:
                body += nodes.paragraph("", "", *title, classes=["sd-card-title", "sd-font-weight-bold"])
        if description := self._title(token, slots, "description"):
            body += nodes.paragraph("", "", *description, classes=["sd-card-text"])
        self.current_node.append(card)
        self._render_nodes(default + list(slots.values()), body)

    def _render_card_group(self, token: SyntaxTreeNode) -> None:
        grid = create_component("grid-container", classes=["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"])
        row = create_component("grid-row", classes=["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-g-3"])
        grid += row
        self.add_line_and_source_path(grid, token)
        self.current_node.append(grid)
        for child in token.children:
            item = create_component("grid-item", classes=["sd-col", "sd-d-flex-row"])
            row += item
            with self.current_node_context(item):
                if child.type == "mdc_block" and name_of(child) == "card":
                    self._render_card(child, ("sd-w-100",))
                else:
                    self._render_nodes([child], item)

    def _render_image(self, token: SyntaxTreeNode, line: int | None) -> None:
        """``:nuxt-img{src alt width}``: the image a raw ``<nuxt-img>`` gives (the public folder)."""
        problems: list[str] = []
        attributes = {key: str(value) for key, value in props_of(token).items() if not isinstance(value, dict | list)}
        image = image_node(attributes, problems, name_of(token))
        for problem in problems:
            warn(problem, (self.sphinx_env.docname, line), "mdc")
        if image is not None:
            self.add_line_and_source_path(image, token)
            self.current_node += image
        elif alt := text_prop(props_of(token), "alt"):
            self.current_node += nodes.Text(alt)
        self.render_children(token)

    def _render_unknown(self, token: SyntaxTreeNode, name: str, line: int) -> None:
        report_unknown(self.document, name, line)
        node = nodes.container(classes=[css_class(name)])
        self.add_line_and_source_path(node, token)
        props = props_of(token)
        for key in TEXT_PROPS:  # visible text given as props is content too
            if text := text_prop(props, key):
                node += nodes.paragraph(text, text, classes=[f"mdc-prop-{key}"])
        if link := _url_link(props, text_prop(props, *TEXT_PROPS)):
            node += nodes.paragraph("", "", link)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def _mapped_directive(self, name: str) -> str:
        env = self.sphinx_env
        mapping = env.config.articles_mdc_components if env is not None else {}
        return str(mapping.get(name) or mapping.get(name.replace("-", "_")) or "")

    def _render_as_directive(self, token: SyntaxTreeNode, directive: str) -> None:
        """``articles_mdc_components``: the component's text goes to a directive."""
        from docutils.parsers.rst import directives

        props = props_of(token)
        directive_class, _ = directives.directive(directive, self.language_module_rst, self.document)
        known = getattr(directive_class, "option_spec", None) or {}
        options = {k: str(v) for k, v in props.items() if k in known and not isinstance(v, dict | list)}
        argument = text_prop(props, *TITLE_PROPS) if directive_class and directive_class.required_arguments else ""
        line = token_line(token, 0)
        content = str((token.meta or {}).get("content", ""))
        self.current_node.extend(self.run_directive(directive, argument, content, line, additional_options=options))

    def _inline_line(self, token: SyntaxTreeNode) -> int | None:
        """The line of an inline token: its block's, plus the line breaks before it.

        Line numbers as MyST gives nodes (``token_line``): Sphinx reports them as they are."""
        breaks = 0
        node: SyntaxTreeNode | None = token
        while node is not None and not node.map:
            parent = node.parent
            if parent is not None:
                for sibling in parent.children[: parent.children.index(node)]:
                    breaks += sum(1 for t in sibling.walk() if t.type in ("softbreak", "hardbreak"))
            node = parent
        return node.map[0] + breaks if node is not None and node.map else None


def _drop_label(child: SyntaxTreeNode) -> None:
    if child.type == "fence":
        (child.meta or {}).pop("filename", None)
    elif child.type == "mdc_block":
        props = props_of(child)
        for key in (*TITLE_PROPS, "filename"):
            props.pop(key, None)


def _url_link(props: dict[str, Any], label: str) -> nodes.Element | None:
    """A link to the URL an unknown component was given, so that it is not lost."""
    url = text_prop(props, *URL_PROPS)
    if not url or not safe_url(url, LINK_SCHEMES):
        return None
    return link_node({"href": url}, [nodes.Text(label or url)], [])


def attach_content(state: StateCore) -> None:
    """The source text inside each block component, for mapped directives."""
    lines = state.src.split("\n")
    for token in state.tokens:
        if token.type == "mdc_block_open" and token.map:
            start, end = token.map
            inner = lines[start + 1 : end]
            if inner and inner[-1].strip().strip(":") == "" and inner[-1].strip():
                inner = inner[:-1]  # the closing colons
            if inner and inner[0].strip() == "---":  # the YAML props block
                closing = next((i for i in range(1, len(inner)) if inner[i].strip() == "---"), 0)
                inner = inner[closing + 1 :]
            token.meta["content"] = "\n".join(inner)


def mdc_rendering_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("mdc_content", attach_content)
    md.core.ruler.push("mdc_markdown", rewrite_components)

"""``python -m sphinx_articles init CONTENT``: a conf.py for an existing content folder.

Tiny content folders written here (one per case) check what the command
decides: the language from the text, the site's name and URL from a Nuxt
config, section titles from ``_dir.yml``/``.navigation.yml``, ``public/``,
refusing to replace a file.  Every generated file is compiled and run (it
runs the project's conf.py) and its values compared with the ones meant,
hostile ones included.  The two real Nuxt sites in ``../shared/nuxt-sites``
are detected, and the Japanese one is built with ``sphinx-build -c``.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, snapshot

sys.path.insert(0, str(REPO / "extensions"))
from sphinx_articles.__main__ import main  # noqa: E402
from sphinx_articles.content import init_site, nuxt_config, text_language  # noqa: E402

SITES = (REPO.parent / "shared" / "nuxt-sites").resolve()
needs_sites = pytest.mark.skipif(not SITES.is_dir(), reason=f"{SITES} not present")

ARTICLE = "---\ntitle: {title}\n---\n\n{body}\n"
TEXTS = {
    "ja": ("お知らせ", "今日は公園で清掃活動を行いました。たくさんの方に参加していただき、ありがとうございました。"),
    "zh_CN": ("社区新闻", "这个周末我们在公园进行了清洁活动，来参加的居民说这样的活动应该经常举办。"),
    "zh_TW": ("社區新聞", "這個週末我們在公園進行了清潔活動，來參加的居民說這樣的活動應該經常舉辦。"),
    "ko": ("공지사항", "이번 주말에 공원에서 청소 활동을 했습니다. 많은 주민들이 참여해 주셔서 감사합니다."),
    "en": ("News", "This weekend we cleaned up the park. Many residents came along, thank you all for helping."),
}


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def articles(language: str, count: int = 3) -> dict[str, str]:
    title, body = TEXTS[language]
    return {f"news/{n:03}.md": ARTICLE.format(title=title, body=body) for n in range(1, count + 1)}


def init(content: Path, *args: str, capsys=None) -> tuple[int, str, str]:
    code = main(["init", str(content), *args])
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


def checkout_env() -> dict[str, str]:
    """This checkout's package, whatever the installed one points at."""
    path = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def run_conf(conf: Path) -> dict:
    """The generated conf.py, compiled and run as Sphinx runs it."""
    text = conf.read_text(encoding="utf-8")
    namespace = {"__file__": str(conf)}
    cwd = os.getcwd()
    try:
        os.chdir(conf.parent)  # Sphinx runs conf.py in its folder
        exec(compile(text, str(conf), "exec"), namespace)
    finally:
        os.chdir(cwd)
    return namespace


# -- language ---------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_language_of_each_script(tmp_path, language, capsys):
    content = write(tmp_path / "site" / "content", articles(language))
    assert init(content, capsys=capsys)[0] == 0
    conf = run_conf(tmp_path / "site" / "_sphinx" / "conf.py")
    assert conf["language"] == language
    assert conf["epub_language"] == language.replace("_", "-")


def test_language_reason_is_printed(tmp_path, capsys):
    content = write(tmp_path / "content", articles("ja"))
    code, out, _ = init(content, capsys=capsys)
    assert code == 0
    line = next(line for line in out.splitlines() if "language:" in line)
    assert "ja (detected in 3 files" in line and "kana" in line


def test_language_ignores_code_and_a_few_words():
    english_with_words = "We visited 東京 and ate すし. " * 3 + "The rest of the article is English prose. " * 20
    assert text_language.detect([english_with_words])[0] == "en"
    # Japanese prose among much code is still Japanese: code blocks are not counted.
    code = "```js\n" + "export default defineNuxtConfig({ modules: ['@nuxt/content'] })\n" * 200 + "```\n"
    assert text_language.detect([code + TEXTS["ja"][1] * 2])[0] == "ja"
    # Traditional text with one Simplified quotation stays Traditional.
    assert text_language.detect([TEXTS["zh_TW"][1] * 3 + "「这」"])[0] == "zh_TW"
    assert text_language.detect([""])[0] == "en"


def test_language_given(tmp_path, capsys):
    content = write(tmp_path / "content", articles("ja"))
    assert init(content, "--language", "zh_TW", capsys=capsys)[0] == 0
    assert run_conf(tmp_path / "_sphinx" / "conf.py")["language"] == "zh_TW"


def test_sample_is_spread_and_deterministic():
    files = [Path(f"{n}.md") for n in range(1000)]
    chosen = text_language.sample(files, 10)
    assert chosen == text_language.sample(files, 10) and len(chosen) == 10
    assert chosen[0] == files[0] and chosen[-1] == files[900]


# -- site name and URL ------------------------------------------------------------

NUXT_CONFIG = """\
// site: { name: 'a comment' }
export default defineNuxtConfig({
  modules: ['@nuxt/content', ['@nuxtjs/seo', { name: 'in an array' }]],
  app: { head: { title: 'Head title', meta: [{ name: 'description', content: 'x' }] } },
  site: {
    url: process.env.NUXT_PUBLIC_SITE_URL || 'https://news.example.com',
    name: "Example \\"News\\"",
  },
})
"""


def test_site_name_and_url_from_nuxt_config(tmp_path, capsys):
    site = tmp_path / "site"
    write(site, {"nuxt.config.ts": NUXT_CONFIG, "package.json": "{}"})
    code, out, _ = init(write(site / "content", articles("en")), capsys=capsys)
    assert code == 0
    conf = run_conf(site / "_sphinx" / "conf.py")
    assert conf["project"] == 'Example "News"'
    assert conf["html_title"] == conf["html_theme_options"]["logo"]["text"] == 'Example "News"'
    assert conf["author"] == conf["copyright"] == conf["epub_title"] == 'Example "News"'
    assert conf["html_baseurl"] == "https://news.example.com/"
    assert "site.name in nuxt.config.ts" in out and "site.url in nuxt.config.ts" in out


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "app.config.ts",
            "export default defineAppConfig({ docus: { title: 'Docus Site', url: 'http://d.example' } })",
            "Docus Site",
        ),
        (
            "app/app.config.ts",
            "export default defineAppConfig({ seo: { siteName: `Seo Name` }, header: { title: 'No' } })",
            "Seo Name",
        ),
        ("nuxt.config.js", "module.exports = { head: { title: 'Nuxt 2 site' } }", "Nuxt 2 site"),
        ("nuxt.config.mjs", "export default { name: 'Plain name', title: `computed ${x}` }", "Plain name"),
    ],
)
def test_site_name_from_each_config(tmp_path, name, text, expected):
    site = write(tmp_path / "site", {name: text})
    content = write(site / "content" / "ja", articles("ja"))  # two levels down, as website-v2's content/ja
    found = nuxt_config.read_values(nuxt_config.config_files(content))
    assert init_site.site_project(content, found)[0] == expected


def test_site_name_from_folder(tmp_path):
    assert init_site.site_project(write(tmp_path / "town-news" / "content", articles("en")), [])[0] == "town-news"
    assert init_site.site_project(write(tmp_path / "my-site" / "content" / "ja", articles("ja")), [])[0] == "my-site"
    assert init_site.site_project(write(tmp_path / "articles-2026", articles("en")), [])[0] == "articles-2026"


def test_no_url_leaves_the_default(tmp_path, capsys):
    content = write(tmp_path / "content", articles("en"))
    write(tmp_path, {"nuxt.config.ts": "export default { site: { url: '/relative/' } }"})
    code, out, _ = init(content, capsys=capsys)
    text = (tmp_path / "_sphinx" / "conf.py").read_text(encoding="utf-8")
    assert code == 0 and "html_baseurl" not in text.split("del _file")[1]
    assert run_conf(tmp_path / "_sphinx" / "conf.py")["html_baseurl"] == "https://example.org/"
    assert "no site URL" in out


# -- sections and public/ -----------------------------------------------------------


def test_section_titles_from_folder_files(tmp_path, capsys):
    content = write(
        tmp_path / "content",
        {
            "10.later/_dir.yml": "title: 十番\n",
            "10.later/a.md": ARTICLE.format(title="a", body="b"),
            "2.news/_dir.yml": "title: ニュース\nnavigation:\n  title: 最新ニュース\n",
            "2.news/a.md": ARTICLE.format(title="a", body="b"),
            "2.news/1.sub/_dir.yml": "navigation.title: 下の階層\n",
            "events/.navigation.yml": "title: Events\nicon: i-lucide-calendar\n",
            "plain/a.md": ARTICLE.format(title="a", body="b"),  # no title: not listed
            "broken/_dir.yml": "title: [unclosed\n",
            "notitle/_dir.yml": "navigation: false\n",
            "_partials/_dir.yml": "title: never a section\n",
            ".hidden/_dir.yml": "title: never a section\n",
        },
    )
    assert init(content, capsys=capsys)[0] == 0
    sections = run_conf(tmp_path / "_sphinx" / "conf.py")["articles_sections"]
    # keyed by route (N. prefixes gone, as page names are), in the folders' natural order
    assert sections == {"news": "最新ニュース", "news/sub": "下の階層", "later": "十番", "events": "Events"}
    assert list(sections) == ["news", "news/sub", "later", "events"]


def test_public_folder(tmp_path, capsys):
    content = write(tmp_path / "site" / "content", articles("en"))
    (tmp_path / "site" / "public" / "images").mkdir(parents=True)
    assert init(content, capsys=capsys)[0] == 0
    conf_dir = tmp_path / "site" / "_sphinx"
    public = run_conf(conf_dir / "conf.py")["articles_public_dir"]
    assert public == "../public" and (conf_dir / public).resolve() == (tmp_path / "site" / "public").resolve()
    # Elsewhere, still the same folder (relative to conf.py, as Sphinx reads it).
    other = tmp_path / "elsewhere" / "deep"
    assert init(content, "--conf-dir", str(other), capsys=capsys)[0] == 0
    public = run_conf(other / "conf.py")["articles_public_dir"]
    assert (other / public).resolve() == (tmp_path / "site" / "public").resolve()


def test_no_public_folder(tmp_path, capsys):
    content = write(tmp_path / "content", articles("en"))
    assert init(content, capsys=capsys)[0] == 0
    assert "articles_public_dir" not in run_conf(tmp_path / "_sphinx" / "conf.py")  # the extension's default


# -- the file -------------------------------------------------------------------------

HOSTILE = [
    'He said "hi"',
    "it's",
    '"""; import os; os.remove("x"); """',
    "'''\nraise SystemExit\n'''",
    "back\\slash\\",
    "line\nbreak\r\nand\x0bvertical\u2028separator",
    "社區 ニュース 뉴스 ✨ \U0001f600",
    "{project} %s ${x}",
    "# not a comment",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_stay_values(tmp_path, hostile, capsys):
    site = tmp_path / "site"
    write(site, {"app.config.ts": f"export default defineAppConfig({{ site: {{ name: {js_string(hostile)} }} }})"})
    folder = "f" + hostile.replace("/", "_")
    content = write(
        site / "content",
        {f"{folder}/_dir.yml": yaml.safe_dump({"title": hostile}, allow_unicode=True), **articles("en")},
    )
    assert init(content, capsys=capsys)[0] == 0
    conf = run_conf(site / "_sphinx" / "conf.py")
    assert conf["project"] == conf["html_title"] == hostile.strip()
    assert conf["articles_sections"] == {folder: hostile.strip()}


def js_string(value: str) -> str:
    """*value* as a JavaScript string literal: quotes, backslashes and line breaks escaped."""
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{{{ord(c):x}}}" for c in value)
    return f'"{escaped}"'


def test_hostile_folder_name(tmp_path, capsys):
    name = 'site """\n\'\\ 網站'
    content = write(tmp_path / name / "content", articles("zh_TW"))
    assert init(content, capsys=capsys)[0] == 0
    conf = run_conf(tmp_path / name / "_sphinx" / "conf.py")
    assert conf["project"] == name and conf["CONTENT"] == str(content)
    assert conf["language"] == "zh_TW"


def test_generated_conf_reuses_the_project_configuration(tmp_path, capsys):
    content = write(tmp_path / "content", articles("en"))
    assert init(content, capsys=capsys)[0] == 0
    conf = run_conf(tmp_path / "_sphinx" / "conf.py")
    assert conf["extensions"] == ["sphinx_articles"] and conf["html_theme"] == "sphinx_book_theme"
    assert conf["templates_path"] == [str(REPO / "_templates")]
    assert conf["html_static_path"] == [str(REPO / "_static")]
    assert conf["html_logo"] == str(REPO / "_static" / "logo.svg")
    assert Path(conf["locale_dirs"][0]).is_absolute() and callable(conf["setup"])
    assert "_file" not in conf and "_name" not in conf


def test_refuses_to_overwrite(tmp_path, capsys):
    content = write(tmp_path / "content", articles("en"))
    conf = tmp_path / "_sphinx" / "conf.py"
    conf.parent.mkdir()
    conf.write_text("# mine\n", encoding="utf-8")
    code, out, err = init(content, capsys=capsys)
    assert code == 1 and "already exists" in err and "--force" in err
    assert conf.read_text(encoding="utf-8") == "# mine\n"
    assert init(content, "--force", capsys=capsys)[0] == 0
    assert run_conf(conf)["project"] == tmp_path.name  # "content" names no site: its parent does


def test_nothing_written_into_the_content_folder(tmp_path, capsys):
    content = write(tmp_path / "site" / "content", {**articles("ja"), "docs/_dir.yml": "title: 文書\n"})
    before = snapshot(content)
    code, out, _ = init(content, capsys=capsys)
    assert code == 0 and snapshot(content) == before
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["_sphinx", "content"]
    assert out.splitlines()[0] == str(tmp_path / "site" / "_sphinx" / "conf.py")


def test_missing_content_folder(tmp_path, capsys):
    code, _, err = init(tmp_path / "nope", capsys=capsys)
    assert code == 1 and "does not exist" in err
    assert not (tmp_path / "_sphinx").exists()


def test_cli_prints_the_build_command(tmp_path):
    write(tmp_path / "my site" / "content", articles("ko"))
    env = checkout_env()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_articles", "init", "content"],
        cwd=tmp_path / "my site", capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "_sphinx/conf.py"  # as the user named the folder: relative stays relative
    assert "language:     ko" in result.stdout
    command = shlex.split(lines[-1])
    assert Path(command[0]).name == "sphinx-build"
    assert command[1:] == ["-c", "_sphinx", "content", "_sphinx/_build/html"]


# -- the real sites ---------------------------------------------------------------------


@needs_sites
@pytest.mark.parametrize(("name", "language"), [("nuxt.com", "en"), ("website-v2-ja", "ja")])
def test_real_site_language(name, language):
    detected = text_language.detect_files(init_site.article_files(SITES / name))
    assert detected.language == language, detected.reason


@needs_sites
def test_real_japanese_site_builds(tmp_path, capsys):
    """init, then exactly the printed sphinx-build command (in a subprocess)."""
    conf_dir = tmp_path / "conf"
    code, out, _ = init(SITES / "website-v2-ja", "--conf-dir", str(conf_dir), capsys=capsys)
    assert code == 0
    assert not (SITES / "_sphinx").exists()
    command = shlex.split(out.splitlines()[-1])
    assert command[-4:] == ["-c", str(conf_dir), str(SITES / "website-v2-ja"), str(conf_dir / "_build" / "html")]
    env = checkout_env()
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", *command[1:], "-q", "-j", "auto"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    out_dir = conf_dir / "_build" / "html"
    pages = [out_dir / "index.html", out_dir / "docs" / "index.html", *sorted(out_dir.glob("tutorials/*.html"))]
    assert len(pages) > 3
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == "ja", page
        assert soup.title.get_text().endswith("website-v2-ja"), page
    assert (out_dir / "_static" / "logo.svg").is_file()  # the project's static files, found from its conf.py
    # searched in Japanese: Sphinx's ja splitter, the word as a reader types it
    index = (out_dir / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[len("Search.setIndex(") : -1])["terms"]
    assert "インストール" in terms and len(terms["インストール"]) > 5

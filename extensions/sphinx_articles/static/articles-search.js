/* Search results that read like a news search (the search page only; see
 * extensions/sphinx_articles/web/search.py).
 *
 * Sphinx's searchtools.js (checked against Sphinx 9.0) fetches each found
 * page and makes its snippet from the page's [role="main"], which with
 * sphinx-book-theme begins with the header bar, the breadcrumbs and the
 * title.  Here the snippet comes from the article's own text, without its
 * title, byline, facts and related-articles list, and the article's date
 * is shown under its title.  Should Search.htmlToText or
 * Search.makeSearchSummary be gone, the results stay as Sphinx makes them.
 * Which URL a result links and fetches stays Sphinx's choice (news/n001.html,
 * or news/n001/ with the dirhtml builder): only the fetched page is read here.
 */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText || !Search.makeSearchSummary) return;
  const NOT_BODY = ".headerlink, script, style, h1, .article-byline, .article-tags, .article-source, .article-facts, .no-search";
  const stockText = Search.htmlToText;
  const stockSummary = Search.makeSearchSummary;
  // Each found page is read twice (its text, then its date): parsed once.
  let last = { html: null, page: null };
  const parse = (html) => {
    if (last.html !== html) last = { html, page: new DOMParser().parseFromString(html, "text/html") };
    return last.page;
  };

  Search.htmlToText = (html, anchor) => {
    const found = parse(html).querySelector("article.bd-article");
    if (!found || anchor) return stockText(html, anchor);
    const article = found.cloneNode(true); // the parsed page stays whole for the date
    article.querySelectorAll(NOT_BODY).forEach((element) => element.remove());
    return article.textContent.replace(/\s+/g, " ").trim() || stockText(html, anchor);
  };

  Search.makeSearchSummary = (html, keywords, anchor) => {
    const summary = stockSummary(html, keywords, anchor);
    const date = parse(html).querySelector("article.bd-article .article-byline .article-date");
    if (!summary || !date) return summary;
    const both = document.createDocumentFragment();
    const line = both.appendChild(document.createElement("p"));
    line.className = "search-result-date";
    line.textContent = date.textContent;
    both.appendChild(summary);
    return both;
  };
});

/* Site script (conf.py: html_js_files).
 *
 * ☰ between 960 and 992 px.  pydata-sphinx-theme shows the sidebar as a
 * column from 960 px; sphinx-book-theme makes ☰ collapse that column only
 * from 992 px (its own breakpoint) and below lets ☰ open the narrow-screen
 * menu, which then floated over the page beside the visible column.  In
 * between, ☰ collapses the column too (site.css hides it).
 */
document.addEventListener(
  "click",
  (event) => {
    const button = event.target.closest && event.target.closest(".primary-toggle");
    const sidebar = document.getElementById("pst-primary-sidebar");
    if (!button || !sidebar || !window.matchMedia("(min-width: 960px) and (max-width: 991.98px)").matches) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation(); // before the themes' handlers on the button
    sidebar.classList.toggle("pst-sidebar-hidden");
    button.blur();
  },
  true,
);

// standalone_assets.cc — the standalone page's stylesheet and script, inlined so that it works from disk.
#include "standalone_assets.h"

namespace notes {

const std::string_view kStandaloneCss = R"css(
:root {
  --text: #1f2328; --muted: #59636e; --line: #d8dee4; --accent: #0969da;
  --chip: #eef2f6; --chip-text: #24292f; --mark: #fff3a3; --paper: #ffffff; --page: #f6f8fa;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--text);
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Hiragino Kaku Gothic ProN",
    "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic UI", "Yu Gothic", Meiryo,
    "IPAexGothic", sans-serif;
  font-size: 16px; line-height: 1.75; overflow-wrap: anywhere;
}
.page { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
header.results { border-bottom: 1px solid var(--line); margin-bottom: 1.25rem; padding-bottom: 1rem; }
header.results h1 { font-size: 1.5rem; line-height: 1.4; margin: 0 0 .5rem; }
.summary-line { color: var(--muted); margin: 0 0 .75rem; }
.summary-line .query { color: var(--text); font-weight: 600; }
.summary-line .count { color: var(--text); font-weight: 600; }
.correction { color: var(--muted); margin: -.5rem 0 .75rem; font-size: .9em; }
.facets { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.chip {
  display: inline-flex; align-items: center; gap: .35rem; padding: .1rem .65rem;
  border-radius: 999px; background: var(--chip); color: var(--chip-text);
  border: 1px solid var(--line); font-size: .85rem; line-height: 1.6;
}
.chip .chip-count {
  background: #fff; border-radius: 999px; padding: 0 .45rem; font-size: .75rem; color: var(--muted);
}
.note {
  background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: .85rem 1rem; margin: 0 0 .9rem;
}
.note .button {
  display: inline-block; margin: 0 .3rem .3rem 0; padding: 0 .5rem; border-radius: 4px;
  background: var(--chip); color: var(--accent); font-size: .8rem; line-height: 1.7;
}
.note .issue_date { display: block; color: var(--muted); font-size: .8rem; }
.note a { color: var(--accent); font-weight: 600; font-size: 1.05rem; text-decoration: none; }
.note a:hover { text-decoration: underline; }
.note .snippet { display: block; margin-top: .45rem; font-size: .93rem; }
.note .snippet > span:first-child {
  display: inline-block; margin-right: .5rem; padding: 0 .4rem; border-radius: 4px;
  background: #ddf4ff; color: #0550ae; font-size: .75rem; font-weight: 600;
}
.note img { display: block; max-width: 100%; height: auto; margin-top: .6rem; border-radius: 4px; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
.hidden-content { display: none; }
.more-button, .hide-button {
  font: inherit; font-size: .95rem; cursor: pointer; padding: .35rem 1.2rem;
  border: 1px solid var(--line); border-radius: 6px; background: var(--paper); color: var(--accent);
}
.more-button:hover, .hide-button:hover { background: var(--chip); }
.empty { color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
)css";

const std::string_view kStandaloneScript = R"js(
// Shows the i-th group of hidden notes and swaps its "more" button for its "hide" button.
function showMore(i) {
  var hidden = document.querySelectorAll('.hidden-content')[i];
  var more = document.querySelectorAll('.more-button')[i];
  if (!hidden) return;
  hidden.style.display = 'block';
  if (more) more.style.display = 'none';
  var hide = hidden.querySelector('.hide-button');
  if (hide) hide.style.display = 'inline-block';
}
// Hides the i-th group again and brings its "more" button back into view.
function hideContent(i) {
  var hidden = document.querySelectorAll('.hidden-content')[i];
  var more = document.querySelectorAll('.more-button')[i];
  if (!hidden) return;
  hidden.style.display = 'none';
  var hide = hidden.querySelector('.hide-button');
  if (hide) hide.style.display = 'none';
  if (more) {
    more.style.display = 'inline-block';
    more.scrollIntoView({block: 'nearest'});
  }
}
// Images that cannot be loaded (offline, moved) are left out instead of shown broken.
(function () {
  var images = document.querySelectorAll('.note img');
  for (var k = 0; k < images.length; k++) {
    if (images[k].complete && images[k].naturalWidth === 0) images[k].style.display = 'none';
    else images[k].addEventListener('error', function () { this.style.display = 'none'; });
  }
})();
)js";

}  // namespace notes

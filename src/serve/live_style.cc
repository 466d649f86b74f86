// live_style.cc — the live page's stylesheet, on top of the standalone page's (the site's look).
#include "live_assets.h"

namespace notes::serve {

const std::string_view kLiveCss = R"css(
.live-head { margin-bottom: 1rem; }
.live-head h1 { font-size: 1.1rem; margin: 0 0 .6rem; }
.live-head h1 a { color: var(--muted); text-decoration: none; }
form.search { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
form.search input, form.search select, form.search button {
  font: inherit; font-size: .95rem; color: var(--text); background: var(--paper);
  border: 1px solid var(--line); border-radius: 6px; padding: .35rem .6rem;
}
form.search #q { flex: 1 1 100%; font-size: 1.15rem; padding: .55rem .8rem; }
form.search #q:focus { outline: 2px solid var(--accent); outline-offset: 0; }
form.search .range { display: inline-flex; align-items: center; gap: .3rem; }
form.search .range-dash { color: var(--muted); }
form.search .range input { width: 10.5rem; min-width: 0; }
form.search .go { cursor: pointer; color: var(--accent); }
.suggest { display: flex; flex-wrap: wrap; gap: .35rem; margin-top: .5rem; font-size: .85rem; }
.suggest[hidden] { display: none; }
.suggest button {
  font: inherit; cursor: pointer; padding: 0 .6rem; border-radius: 999px;
  border: 1px dashed var(--line); background: transparent; color: var(--accent);
}
.results-head { border-bottom: 1px solid var(--line); margin-bottom: 1rem; padding-bottom: .75rem; }
.facet-row { display: flex; gap: .5rem; align-items: flex-start; margin: .4rem 0; }
.facet-label { flex: 0 0 2.2rem; color: var(--muted); font-size: .8rem; line-height: 1.9; }
a.chip { text-decoration: none; cursor: pointer; }
a.chip:hover { border-color: var(--accent); }
a.chip.pressed { background: var(--accent); color: #fff; border-color: var(--accent); }
a.chip.pressed .chip-count { color: var(--accent); }
.notice { margin: .3rem 0; padding: .35rem .7rem; border-radius: 6px; background: var(--chip); font-size: .9rem; }
.notice a { color: var(--accent); font-weight: 600; }
.notice.problem { color: #cf222e; border: 1px solid #cf222e; background: transparent; }
.note a.button { font-weight: 400; font-size: .8rem; }
.note a.button:hover { text-decoration: none; outline: 1px solid var(--accent); }
.note.selected { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent); }
.note a:focus { outline: none; text-decoration: underline; }
.note img.broken { display: none; }
.more { margin: 1rem 0; }
a.more-button { display: inline-block; text-decoration: none; }
.results.loading { opacity: .6; transition: opacity .2s; }
@media (max-width: 520px) {
  form.search .range { flex: 1 1 100%; min-width: 0; }
  form.search .range input { flex: 1 1 0; width: 0; }
  .facet-row { flex-direction: column; gap: .2rem; }
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e6edf3; --muted: #9198a1; --line: #3d444d; --accent: #4493f8;
    --chip: #262c36; --chip-text: #d1d7e0; --mark: #5c4b00; --paper: #151b23; --page: #0d1117;
  }
  .chip .chip-count { background: var(--page); }
  .note .snippet > span:first-child { background: #0c2d6b; color: #a5d6ff; }
  .notice a { color: var(--accent); font-weight: 600; }
.notice.problem { color: #ff7b72; border-color: #ff7b72; }
}
)css";

}  // namespace notes::serve

// live_script.cc — the live page's script: the server writes every result's markup (GET
// /results), the script only asks for it, drops late answers and keeps the state in the URL.
#include "live_assets.h"

namespace notes::serve {

const std::string_view kLiveScript = R"js('use strict';
(function () {
  const DEBOUNCE_MS = 150;
  const $ = (id) => document.getElementById(id);
  const form = $('search'), box = $('q'), sort = $('sort'), from = $('from'), to = $('to');
  const results = $('results'), suggest = $('suggest');
  let seq = 0;            // the newest request's number: an answer to an older one is dropped
  let controller = null;  // and the older request itself is aborted
  let timer = 0, suggestTimer = 0, suggestSeq = 0;
  let typing = false;     // this history entry was made by typing: the next keys replace it

  function stateOf(search) {
    const p = new URLSearchParams(search);
    return { q: p.get('q') || '', tags: p.getAll('tag').filter(Boolean), date: p.get('date') || '',
             sort: p.get('sort') || 'relevance' };
  }
  function searchOf(s) {
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    s.tags.forEach((t) => p.append('tag', t));
    if (s.date) p.set('date', s.date);
    if (s.sort !== 'relevance') p.set('sort', s.sort);
    const text = p.toString();
    return text ? '?' + text : '';
  }
  let state = stateOf(location.search);

  // As the server fills the month fields: 2023 -> 2023-01 .. 2023-12.
  function monthOf(date, end) {
    if (/^\d{4}$/.test(date)) return date + (end ? '-12' : '-01');
    const m = /^(\d{4}-\d{2})/.exec(date);
    return m ? m[1] : '';
  }
  function hidden(name, value) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  // The form's fields as `s` says (after a link, a chip or the back button).
  function show(s) {
    if (box.value !== s.q) box.value = s.q;
    sort.value = s.sort;
    const dots = s.date.indexOf('..');
    from.value = monthOf(dots < 0 ? s.date : s.date.slice(0, dots), false);
    to.value = monthOf(dots < 0 ? s.date : s.date.slice(dots + 2), true);
    form.querySelectorAll('input[type=hidden]').forEach((e) => e.remove());
    s.tags.forEach((t) => hidden('tag', t));
    hidden('date', s.date);
  }
  function title(s) {
    document.title = s.q ? '「' + s.q + '」の検索結果 — notes-search' : 'notes-search';
  }

  // Asks for the results of `s` and shows them unless a newer request was made meanwhile.
  // how: 'push' (a new history entry), 'replace' (typing on), 'none' (the back button).
  async function load(s, how) {
    const n = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    const search = searchOf(s);
    if (how === 'push') history.pushState(null, '', '/' + search);
    if (how === 'replace') history.replaceState(null, '', '/' + search);
    state = s;
    title(s);
    results.classList.add('loading');
    try {
      const answer = await fetch('/results' + search, { signal: controller.signal });
      const html = await answer.text();
      if (n !== seq) return;
      results.innerHTML = html;  // written and escaped by the server
      results.dataset.query = search;
    } catch (e) {
      if (n !== seq) return;
      results.textContent = '';
      const p = document.createElement('p');
      p.className = 'notice problem';
      p.textContent = 'サーバーに接続できません: ' + e.message;
      results.appendChild(p);
    } finally {
      if (n === seq) results.classList.remove('loading');
    }
  }

  // "more": the next page's notes added below these, and its own "more" in place of this one.
  async function more(link) {
    const n = seq;
    const answer = await fetch('/results' + link.getAttribute('href').slice(1));
    const doc = new DOMParser().parseFromString(await answer.text(), 'text/html');
    if (n !== seq) return;
    const hits = results.querySelector('.hits');
    doc.querySelectorAll('.hits .note').forEach((note) => hits.appendChild(document.adoptNode(note)));
    const next = doc.querySelector('p.more');
    const old = link.closest('p.more');
    if (next) old.replaceWith(document.adoptNode(next)); else old.remove();
  }

  function lastWord(text) {
    const m = /(\S*)$/.exec(text.replace(/\u3000/g, ' '));
    return m ? m[1] : '';
  }
  function suggestButton(label, onclick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onclick);
    suggest.appendChild(b);
  }
  // Completions of the word being typed: words of the index, and tags (a click filters by it).
  async function complete(text) {
    const n = ++suggestSeq;
    const word = lastWord(text);
    if (!word) { suggest.hidden = true; return; }
    let answer;
    try {
      answer = await (await fetch('/api/suggest?q=' + encodeURIComponent(text))).json();
    } catch (e) { return; }
    if (n !== suggestSeq) return;
    suggest.textContent = '';
    const head = text.slice(0, text.length - word.length);
    (answer.words || []).filter((w) => w !== word.toLowerCase()).slice(0, 6).forEach((w) =>
      suggestButton(w, () => { box.value = head + w + ' '; box.focus(); typed(); }));
    (answer.tags || []).slice(0, 4).forEach((t) => suggestButton('#' + t.name, () => {
      box.value = head.trimEnd();
      typing = false;
      const s = Object.assign({}, state, { q: box.value, tags: state.tags.concat([t.name]) });
      show(s);
      suggest.hidden = true;
      load(s, 'push');
    }));
    suggest.hidden = suggest.childElementCount === 0;
  }

  function typed() {
    clearTimeout(timer);
    clearTimeout(suggestTimer);
    timer = setTimeout(() => {
      load(Object.assign({}, state, { q: box.value }), typing ? 'replace' : 'push');
      typing = true;
    }, DEBOUNCE_MS);
    suggestTimer = setTimeout(() => complete(box.value), DEBOUNCE_MS);
  }
  function navigate(s) {
    clearTimeout(timer);
    typing = false;
    show(s);
    load(s, 'push');
  }

  box.addEventListener('input', typed);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    suggest.hidden = true;
    navigate(Object.assign({}, state, { q: box.value }));
  });
  sort.addEventListener('change', () => navigate(Object.assign({}, state, { q: box.value, sort: sort.value })));
  const range = () => (from.value || to.value ? (from.value || '') + '..' + (to.value || '') : '');
  from.addEventListener('change', () => navigate(Object.assign({}, state, { q: box.value, date: range() })));
  to.addEventListener('change', () => navigate(Object.assign({}, state, { q: box.value, date: range() })));

  // Links to a page address (chips, a note's tags, did-you-mean, more) are followed here; the
  // notes' own links open as links.
  results.addEventListener('click', (e) => {
    const a = e.target.closest('a');
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const href = a.getAttribute('href') || '';
    if (!href.startsWith('/?') && href !== '/') return;
    e.preventDefault();
    if (a.classList.contains('more-button')) more(a); else navigate(stateOf(href.slice(1)));
  });
  window.addEventListener('popstate', () => {
    clearTimeout(timer);
    typing = false;
    const s = stateOf(location.search);
    show(s);
    load(s, 'none');
  });

  // Keys: / focuses the box; the arrows move through the notes (from the box too); Enter on a
  // note's title opens it, as a link does.
  const isField = (el) => el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA');
  function select(notes, i) {
    notes.forEach((note) => note.classList.remove('selected'));
    if (i < 0) { box.focus(); return; }
    const note = notes[i];
    note.classList.add('selected');
    const link = note.querySelector('a:not(.button)');
    if (link && link.hasAttribute('href')) link.focus(); else { note.tabIndex = -1; note.focus(); }
    note.scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', (e) => {
    const active = document.activeElement;
    if (e.key === '/' && !isField(active)) {
      e.preventDefault();
      box.focus();
      box.select();
    } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && (!isField(active) || active === box)) {
      const notes = Array.from(results.querySelectorAll('.hits .note'));
      if (notes.length === 0) return;
      e.preventDefault();
      const at = notes.findIndex((note) => note.contains(active));
      select(notes, e.key === 'ArrowDown' ? Math.min(at + 1, notes.length - 1) : at - 1);
    } else if (e.key === 'Escape' && active === box) {
      suggest.hidden = true;
    }
  });

  // Images that cannot be loaded (offline, moved) are left out instead of shown broken: those
  // that failed before this script ran, and those that fail later.
  document.addEventListener('error', (e) => {
    if (e.target && e.target.tagName === 'IMG') e.target.classList.add('broken');
  }, true);
  results.querySelectorAll('.note img').forEach((img) => {
    if (img.complete && img.naturalWidth === 0) img.classList.add('broken');
  });
})();
)js";

}  // namespace notes::serve

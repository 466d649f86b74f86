// serve_page_test.js — the live page of notes-search serve in headless Chromium: types a query
// key by key and sees the results come, narrows by a facet chip, goes back and sees them
// restored, opens an address directly, uses the keys; saves a screenshot.
// Usage: node serve_page_test.js URL SHOT.png [QUERY]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.NOTES_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
}

async function count(page) {
  const text = await page.locator('.results-head .count').first().textContent();
  return parseInt(text, 10);
}

async function main() {
  if (process.argv.length < 4) {
    console.error('usage: node serve_page_test.js URL SHOT.png [QUERY]');
    return 2;
  }
  const base = process.argv[2].replace(/\/$/, '');
  const shotPath = path.resolve(process.argv[3]);
  const query = process.argv[4] || 'LoRA 量子化';
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-serve-test-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS,
      viewport: { width: 1000, height: 900 }, locale: 'ja-JP',
    });
    // Only the server itself: the notes' images are refused, so the test never leaves the machine.
    await context.route('**/*', (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort());
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(8000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' && !/ERR_FAILED|net::/.test(m.text())) errors.push(m.text()); });

    await page.goto(base + '/', { waitUntil: 'load' });
    check((await page.locator('.facets .chip').count()) > 0, 'the empty page offers the tags as chips');

    // Type the query key by key, as a reader does; the results follow without a submit.
    await page.locator('#q').click();
    await page.keyboard.type(query, { delay: 40 });
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, query);
    await page.waitForFunction(() => document.querySelectorAll('.hits .note').length > 0 &&
      !document.getElementById('results').classList.contains('loading'));
    const before = await count(page);
    const notes = await page.locator('.hits .note').count();
    check(before > 0 && notes > 0, `typing "${query}" shows results (${before} found, ${notes} shown)`);
    check((await page.locator('.hits mark').count()) > 0, 'the matched words are marked');
    check(new URL(page.url()).searchParams.get('q') === query, 'the query is in the address');

    // A tag chip that narrows: one counting fewer notes than the results.
    const chips = page.locator('[data-facet=tags] a.chip[aria-pressed=false]');
    let chosen = -1;
    for (let i = 0; i < await chips.count(); i += 1) {
      const n = parseInt(await chips.nth(i).locator('.chip-count').textContent(), 10);
      if (n < before) { chosen = i; break; }
    }
    check(chosen >= 0, 'a tag chip narrows the results');
    if (chosen >= 0) {
      const chip = chips.nth(chosen);
      const tag = (await chip.locator('.chip-tag').textContent()).replace(/^#/, '');
      const expected = parseInt(await chip.locator('.chip-count').textContent(), 10);
      await chip.click();
      await page.waitForFunction((t) => new URLSearchParams(location.search).getAll('tag').includes(t), tag);
      await page.waitForFunction((n) => parseInt(document.querySelector('.results-head .count').textContent, 10) === n, expected);
      check(await count(page) === expected, `clicking #${tag} narrows ${before} -> ${expected}`);
      check(await page.locator('[data-facet=tags] a.chip[aria-pressed=true]').count() === 1, 'its chip is pressed');

      await page.goBack();
      await page.waitForFunction((n) => parseInt(document.querySelector('.results-head .count').textContent, 10) === n, before);
      check(await count(page) === before, `back: the ${before} results are restored`);
      check(await page.locator('#q').inputValue() === query, 'back: the box holds the query again');
      check(!new URL(page.url()).searchParams.has('tag'), 'back: no tag in the address');

      await page.goForward();
      await page.waitForFunction((n) => parseInt(document.querySelector('.results-head .count').textContent, 10) === n, expected);
      await page.locator('[data-facet=tags] a.chip[aria-pressed=true]').click();
      await page.waitForFunction((n) => parseInt(document.querySelector('.results-head .count').textContent, 10) === n, before);
      check(await count(page) === before, 'clicking the pressed chip widens again');
    }

    // Keys: / focuses the box from anywhere, the arrows walk the notes.
    await page.locator('footer').click();
    await page.keyboard.press('/');
    check(await page.evaluate(() => document.activeElement.id === 'q'), '/ focuses the search box');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    check(await page.evaluate(() => document.querySelectorAll('.note.selected').length === 1 &&
      document.querySelector('.hits .note:nth-child(2)').classList.contains('selected')),
    'the arrows move through the results');
    check(await page.evaluate(() => document.activeElement.closest('.note') !== null &&
      /^https?:/.test(document.activeElement.getAttribute('href') || '')), 'the selected note\'s link has the focus (Enter opens it)');

    // An address opened directly renders its results, the filter pressed.
    const direct = context.pages().length ? await context.newPage() : page;
    await direct.goto(base + '/?q=' + encodeURIComponent(query) + '&sort=newest', { waitUntil: 'load' });
    check(await direct.locator('.hits .note').count() > 0, 'an address opened directly shows its results');
    check(await direct.locator('#sort').inputValue() === 'newest', 'and its sort order');
    await direct.close();

    check(errors.length === 0, `no script or policy errors${errors.length ? ': ' + errors.join('; ') : ''}`);
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shotPath });
    check(fs.existsSync(shotPath) && fs.statSync(shotPath).size > 0, `screenshot saved to ${shotPath}`);
  } catch (e) {
    check(false, `the page could be driven to the end: ${e && e.message ? e.message.split('\n')[0] : e}`);
  } finally {
    if (context) await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(`browser test: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 1;
});

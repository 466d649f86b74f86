// standalone_page_test.js — opens a standalone results page in headless Chromium, checks that the
// hidden notes are not displayed until "more" is clicked (and again after "hide"), saves a
// screenshot. Usage: node standalone_page_test.js PAGE.html SHOT.png
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.NOTES_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) {
    passed += 1;
    console.log(`ok - ${what}`);
  } else {
    failed += 1;
    console.log(`not ok - ${what}`);
  }
}

async function allVisible(locator, expected) {
  const n = await locator.count();
  for (let i = 0; i < n; i += 1) {
    if ((await locator.nth(i).isVisible()) !== expected) return false;
  }
  return n > 0;
}

async function main() {
  if (process.argv.length !== 4) {
    console.error('usage: node standalone_page_test.js PAGE.html SHOT.png');
    return 2;
  }
  const pagePath = path.resolve(process.argv[2]);
  const shotPath = path.resolve(process.argv[3]);
  if (!fs.existsSync(pagePath)) {
    console.error(`cannot open ${pagePath}: no such file`);
    return 2;
  }

  // A new, empty profile for every run, removed afterwards.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-browser-test-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1000, height: 800 },
      locale: 'ja-JP',
    });
    // The page must work from disk alone: anything but file: (the notes' images) is refused, so
    // the test never touches the network and shows what an offline reader sees.
    await context.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort());

    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(5000);  // a click on a button that is not there fails fast
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    await page.goto(pathToFileURL(pagePath).href, { waitUntil: 'load' });

    check((await page.evaluate(() => document.characterSet)) === 'UTF-8', 'the page is read as UTF-8');
    check((await page.evaluate(() => document.compatMode)) === 'CSS1Compat', 'the page is in standards mode');

    const visibleNotes = page.locator('.visible-content .note');
    const hiddenNotes = page.locator('.hidden-content .note');
    const more = page.getByRole('button', { name: /^more\b/ });
    const hide = page.getByRole('button', { name: 'hide' });

    check(await allVisible(visibleNotes, true), 'the first notes are displayed');
    const hiddenCount = await hiddenNotes.count();
    check(hiddenCount > 0, `the page has notes behind "more" (${hiddenCount})`);
    check(await allVisible(hiddenNotes, false), 'the hidden notes are not displayed');
    check(await hide.isHidden(), 'the hide button is not displayed');

    await more.click();
    check(await allVisible(hiddenNotes, true), 'after clicking "more" the hidden notes are displayed');
    check(await more.isHidden(), 'after clicking "more" the more button is gone');
    check(await hide.isVisible(), 'after clicking "more" the hide button is displayed');

    await hide.click();
    check(await allVisible(hiddenNotes, false), 'after clicking "hide" the notes are hidden again');
    check(await more.isVisible(), 'after clicking "hide" the more button is back');

    await more.click();
    const broken = await page.evaluate(() => Array.from(document.querySelectorAll('img'))
      .filter((img) => img.offsetParent !== null && img.naturalWidth === 0).length);
    check(broken === 0, `no broken image is displayed (${broken})`);
    check(errors.length === 0, `no script errors${errors.length ? ': ' + errors.join('; ') : ''}`);

    const marks = await page.locator('mark').count();
    const chips = await page.locator('.facets .chip').count();
    console.log(`# ${await visibleNotes.count()} + ${hiddenCount} notes, ${chips} facet chips, ${marks} marks`);

    await page.mouse.move(0, 0);  // no hover underline in the picture
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shotPath, fullPage: true });
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

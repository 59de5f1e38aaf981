// Drives code-server in headless Chromium: opens the workspace's Dockerfile,
// waits for a dockerls APT diagnostic, screenshots it, saves with Ctrl+S
// (the workspace enables source.fixAll.dockerls on save) and checks that the
// fix reached the file on disk; then types a node stage, completes its RUN's cache mount
// and shows the hover on `npm` (screenshots of both). Run by run-e2e.sh, which sets the variables
// below; exits 0 on success, 1 on failure (after a failure screenshot).
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const url = env('E2E_URL');
const workspace = env('E2E_WORKSPACE');
const dockerfile = `${workspace}/Dockerfile`;
const shotDiagnostic = env('E2E_SHOT_DIAGNOSTIC');
const shotFixed = env('E2E_SHOT_FIXED');
const shotCompletion = env('E2E_SHOT_COMPLETION');
const shotHover = env('E2E_SHOT_HOVER');
const shotFailure = env('E2E_SHOT_FAILURE');
const shotError = env('E2E_SHOT_ERROR');
const settingsFile = `${workspace}/.vscode/settings.json`;
const expected = env('E2E_EXPECT');
const chromiumPath = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const T = Number(process.env.E2E_STEP_TIMEOUT_MS || 60000);

const t0 = Date.now();
const step = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

/** Polls `fn` until it returns a truthy value, at most `ms` milliseconds. */
async function until(what, fn, ms = T, every = 250) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  timeout: T,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
});
let page;
let ok = false;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  page = await context.newPage();
  page.setDefaultTimeout(T);
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));

  step(`open ${url}`);
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: T });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: T });
  // The explorer shows the workspace once the file service is up.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: T });
  step('workbench ready');

  // Open the Dockerfile as a person would: double-click it in the Explorer;
  // fall back to Quick Open (waiting for its result before pressing Enter).
  const editorTab = page.locator('.tabs-container .tab', { hasText: /^Dockerfile$/ });
  const explorerRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^Dockerfile$/ }).first();
  try {
    await explorerRow.waitFor({ state: 'visible', timeout: T / 2 });
    await explorerRow.dblclick();
    await editorTab.waitFor({ state: 'visible', timeout: 10000 });
  } catch (e) {
    step(`opening from the Explorer failed (${e.message.split('\n')[0]}); trying Quick Open`);
  }
  for (let attempt = 1; !(await editorTab.isVisible()); attempt++) {
    if (attempt > 3) throw new Error('could not open the Dockerfile');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: T });
    await input.fill('Dockerfile');
    const result = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dockerfile' }).first();
    try {
      await result.waitFor({ state: 'visible', timeout: T / 2 });
    } catch (e) {
      step(`quick open attempt ${attempt}: no result (${e.message.split('\n')[0]})`);
      continue;
    }
    await page.keyboard.press('Enter');
    await editorTab.waitFor({ state: 'visible', timeout: 10000 }).catch((e) => {
      step(`quick open attempt ${attempt}: no editor tab (${e.message.split('\n')[0]})`);
    });
  }
  const editor = page.locator('.editor-group-container .monaco-editor', { has: page.locator('.view-lines') }).first();
  await editor.locator('.view-lines').filter({ hasText: 'apt-get' }).waitFor({ state: 'visible', timeout: T });
  step('Dockerfile open in an editor');

  // The language mode must be the dockerfile language ("Docker"), so the extension attaches.
  const mode = page.locator('[id="status.editor.mode"]');
  await until('the Docker language mode in the status bar', async () => /Docker/.test((await mode.innerText().catch(() => '')) || ''));

  // Wait for a squiggle in the editor and an APT entry in the Problems panel.
  await editor.locator('.view-overlays [class*="squiggly-"]').first().waitFor({ state: 'attached', timeout: 2 * T });
  step('squiggle rendered');
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /APT\d+/ }).first();
  await problem.waitFor({ state: 'visible', timeout: T });
  const problemText = (await problem.innerText()).replace(/\s+/g, ' ');
  step(`Problems panel: ${problemText}`);
  if (!/dockerls/.test(problemText)) throw new Error(`the APT problem does not come from dockerls: ${problemText}`);

  // Show the finding's hover as a person would see it, then screenshot.
  await editor.locator('.view-lines').click({ position: { x: 700, y: 120 } });
  const squiggle = editor.locator('.view-overlays [class*="squiggly-"]').first();
  const box = await squiggle.boundingBox();
  if (box) {
    await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
    await page.locator('.monaco-hover', { hasText: /APT\d+/ }).first().waitFor({ state: 'visible', timeout: 10000 }).catch(() => {
      step('no hover appeared (screenshot without it)');
    });
    await sleep(300);
  }
  await page.screenshot({ path: shotDiagnostic });
  step(`screenshot ${shotDiagnostic}`);

  // Save: the workspace settings enable source.fixAll.dockerls on save.
  await page.mouse.move(900, 700);
  await editor.locator('.view-lines').click({ position: { x: 700, y: 120 } });
  const before = readFileSync(dockerfile, 'utf8');
  if (before.includes(expected)) throw new Error('the Dockerfile already contains the fix before saving');
  await page.keyboard.press('Control+S');
  step('pressed Ctrl+S');
  const after = await until('the fix on disk', () => {
    const text = readFileSync(dockerfile, 'utf8');
    return text !== before && text.includes(expected) ? text : undefined;
  });
  step('fix written to disk:\n' + after);

  // Let the editor and the Problems panel catch up, then screenshot.
  await editor.locator('.view-lines').filter({ hasText: 'type=cache' }).waitFor({ state: 'visible', timeout: T });
  await until('the editor to be clean (saved)', async () => !(await page.locator('.tabs-container .tab.dirty').count()), 15000);
  await sleep(1500);
  await page.mouse.move(900, 700);
  await page.screenshot({ path: shotFixed });
  step(`screenshot ${shotFixed}`);

  // Writing a mount by hand: a node stage typed below, the completion of RUN's flags with a
  // ready cache mount for `npm ci` as user node (with its uid and gid), then the hover on `npm`.
  await editor.locator('.view-lines').click({ position: { x: 700, y: 120 } });
  await page.keyboard.press('Control+End');
  for (const line of ['', 'FROM node:20 AS web', 'USER node', 'RUN npm ci']) {
    await page.keyboard.type(line, { delay: 10 });
    await page.keyboard.press('Escape'); // no word suggestion may take the Enter
    if (line !== 'RUN npm ci') await page.keyboard.press('Enter');
  }
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight'); // RUN |npm ci
  const completionLabel = '--mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000';
  const rowsShown = page.locator('.suggest-widget .monaco-list-row');
  await until('the completion of RUN flags', async () => {
    await page.keyboard.press('Control+Space');
    return rowsShown.filter({ hasText: completionLabel }).first()
      .waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
  }, T, 500);
  const rows = (await rowsShown.allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
  step(`completion offered: ${rows.join(' | ')}`);
  for (const want of ['--mount', '--network', '--security']) {
    if (!rows.some((row) => row.startsWith(want))) throw new Error(`no ${want} among ${rows.join(' | ')}`);
  }
  // Down to the ready cache mount, then Ctrl+Space again: the details pane (whose cache, why uid and gid).
  const focused = page.locator('.suggest-widget .monaco-list-row.focused');
  for (let i = 0; i < rows.length && !(await focused.innerText()).includes(completionLabel); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Control+Space');
  await page.locator('.suggest-details', { hasText: 'uid 1000, gid 1000: BuildKit creates the mount owned by root' }).first()
    .waitFor({ state: 'visible', timeout: 10000 });
  // The pane is sized when an item is focused: focus away and back to size it for this one.
  await page.keyboard.press('ArrowDown');
  await sleep(300);
  await page.keyboard.press('ArrowUp');
  await sleep(500);
  if (!(await focused.innerText()).includes(completionLabel)) throw new Error('the ready cache mount lost the focus');
  await page.screenshot({ path: shotCompletion });
  step(`screenshot ${shotCompletion}`);
  await page.keyboard.press('Tab');
  const completed = `RUN ${completionLabel} npm ci`;
  await until('the completion in the buffer', async () =>
    (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ').includes(completed));
  step(`completed: ${completed}`);

  await page.keyboard.press('End');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft'); // on `npm`
  const hover = page.locator('.monaco-hover', { hasText: 'keeps its cache in' }).first();
  await until('the hover on npm', async () => {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    return hover.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
  }, T, 500);
  const hoverText = (await hover.innerText()).replace(/\s+/g, ' ');
  step(`hover: ${hoverText}`);
  for (const want of ['npm keeps its cache in /home/node/.npm', 'mounted by this RUN']) {
    if (!hoverText.includes(want)) throw new Error(`the hover lacks "${want}": ${hoverText}`);
  }
  await sleep(300);
  await page.screenshot({ path: shotHover });
  step(`screenshot ${shotHover}`);
  await page.keyboard.press('Escape');

  // A configuration change restarts the server; a server that cannot be found,
  // or exits at once, is reported in a notification that says what to do.
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  const toast = (re) => page.locator('.notifications-toasts .notification-toast', { hasText: re }).first();
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'dockerls.path': ['/nonexistent/dockerls', 'serve'] }, null, 2));
  await toast(/not found: `\/nonexistent\/dockerls` does not exist/).waitFor({ state: 'visible', timeout: T });
  step('missing server reported');
  const crash = [process.execPath, '-e', 'console.error("no serve here"); process.exit(3)'];
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'dockerls.path': crash }, null, 2));
  await toast(/exited with code 3 right after starting.*no serve here/).waitFor({ state: 'visible', timeout: T });
  await page.screenshot({ path: shotError });
  step(`early exit reported (screenshot ${shotError})`);
  if (process.env.E2E_CHECK_HANG === '1') {
    // Optional (adds ~30 s): a program that never answers `initialize`.
    const hang = [process.execPath, '-e', 'setInterval(() => {}, 1000)'];
    writeFileSync(settingsFile, JSON.stringify({ ...settings, 'dockerls.path': hang }, null, 2));
    await toast(/did not answer within/).waitFor({ state: 'visible', timeout: 2 * T });
    step('unresponsive server reported');
  }
  ok = true;
} catch (err) {
  console.error(`[e2e] FAILED: ${err.stack || err}`);
  if (page) await page.screenshot({ path: shotFailure }).catch(() => {});
  console.error(`[e2e] failure screenshot: ${shotFailure}`);
} finally {
  await browser.close().catch(() => {});
}
process.exit(ok ? 0 : 1);

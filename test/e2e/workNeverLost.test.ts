/** Work is never lost: storage refused or full, a render crash, two tabs editing one scenario. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Download, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, type Engine, type WindowRequest } from '../../src/ui/engine';
import { memoryStorage, type EngineStorage } from '../../src/ui/engineStorage';
import type { StorageNotice } from '../../src/ui/engineTypes';
import { cell, cellText, openBrowser, openScenario, pageUrl, screenshot, waitForScenario, waitSaved, type BrowserSession } from './browser';
import { CHROMIUM_ARGS, REPO_ROOT } from './paths';

const texts = { 'scenarios/tiny.json': readFileSync(join(REPO_ROOT, 'test/fixtures/tiny.json'), 'utf8') };
const inputs: WindowRequest = { sheet: 'Inputs', whole: false, top: 0, left: 0, rows: 20, cols: 5 };
/** Inputs!B2 of the tiny preset: the Volume input, 100 as it ships. */
const volume = (engine: Engine) => engine.window('tiny', inputs)?.values[1]?.[1];
const setVolume = (engine: Engine, value: number) => engine.setCells('tiny', [{ sheet: 'Inputs', row: 1, col: 1, content: value }], null);

interface StoredRecord {
  current: { sheets: Record<string, unknown[][]> };
}
const storedVolume = async (storage: EngineStorage) => ((await storage.get('data:tiny')) as StoredRecord | undefined)?.current.sheets.Inputs?.[1]?.[1];

/** A storage whose writes the test can refuse, as a full disk refuses them. */
function diskThatFills(storage: EngineStorage): EngineStorage & { full: boolean } {
  const refuse = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
  const disk = {
    ...storage,
    full: false,
    set: (key: string, value: unknown) => (disk.full ? refuse() : storage.set(key, value)),
    update: (key: string, change: (stored: unknown) => unknown, alongside?: Readonly<Record<string, unknown>>) => (disk.full ? refuse() : storage.update(key, change, alongside)),
  };
  return disk;
}

describe('the engine keeps work it cannot store, and never stores over another tab', () => {
  const channels: BroadcastChannel[] = [];
  const channel = () => {
    const opened = new BroadcastChannel('tradesheet-work-test');
    channels.push(opened);
    return opened;
  };
  const heard = (engine: Engine) => {
    const notices: StorageNotice[] = [];
    engine.watchStorage((notice) => notices.push(notice));
    return notices;
  };

  afterEach(() => {
    for (const opened of channels.splice(0)) opened.close();
  });

  it('a refused write keeps the edit in memory, says why, and stores it with the next write once the disk has room', async () => {
    const disk = diskThatFills(memoryStorage());
    const engine = createEngine(texts, { storage: disk, saveDelay: () => 0 });
    const notices = heard(engine);
    await engine.init();
    await engine.open('tiny', inputs);
    disk.full = true;
    setVolume(engine, 300);
    expect(await engine.whenSaved()).toEqual({ ok: false, problem: 'The browser’s storage for this page is full.' });
    expect(notices.at(-1)).toEqual({ kind: 'health', problem: 'The browser’s storage for this page is full.' });
    expect(volume(engine)).toBe(300);
    expect(JSON.parse(engine.downloadScenario('tiny').text).sheets.Inputs[1][1]).toBe(300);
    disk.full = false;
    engine.setCells('tiny', [{ sheet: 'Inputs', row: 6, col: 0, content: 'a later edit' }], null);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(notices.at(-1)).toEqual({ kind: 'health', problem: null });
    expect(await storedVolume(disk)).toBe(300);
  });

  it('a storage that cannot be opened is reported at start, and the scenarios still open and edit', async () => {
    const refused = new DOMException('The user denied permission to access the database.', 'UnknownError');
    const storage: EngineStorage = { kind: 'indexeddb', get: () => Promise.reject(refused), getMany: () => Promise.reject(refused), set: () => Promise.reject(refused), update: () => Promise.reject(refused) };
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    const notices = heard(engine);
    expect((await engine.init()).problems).toEqual([]);
    expect(notices.at(-1)).toEqual({ kind: 'health', problem: 'The browser refused to store the work: The user denied permission to access the database.' });
    await engine.open('tiny', inputs);
    setVolume(engine, 250);
    expect(volume(engine)).toBe(250);
    expect((await engine.whenSaved()).ok).toBe(false);
  });

  it('a tab told by the channel that another tab stored the scenario does not store over it until the person chooses', async () => {
    const storage = memoryStorage();
    const first = createEngine(texts, { storage, saveDelay: () => 0, channel: channel() });
    const second = createEngine(texts, { storage, saveDelay: () => 0, channel: channel() });
    const firstHeard = heard(first);
    await Promise.all([first.init(), second.init()]);
    await first.open('tiny', inputs);
    setVolume(first, 300);
    await first.whenSaved();
    await second.open('tiny', inputs);
    expect(volume(second)).toBe(300);
    setVolume(second, 400);
    await second.whenSaved();
    await expect.poll(() => firstHeard.some((notice) => notice.kind === 'conflict' && notice.conflicted)).toBe(true);
    setVolume(first, 500);
    expect(await first.whenSaved()).toEqual({ ok: false, problem: expect.stringMatching(/changed in another tab/) });
    expect(await storedVolume(storage)).toBe(400);
    first.forgetLocal('tiny');
    expect(firstHeard.at(-1)).toEqual({ kind: 'conflict', docId: 'tiny', conflicted: false });
    await first.open('tiny', inputs);
    expect(volume(first)).toBe(400);
  });

  it('without the channel, the stamp on the stored record still stops a tab writing over a newer save', async () => {
    const storage = memoryStorage();
    const first = createEngine(texts, { storage, saveDelay: () => 0 });
    const second = createEngine(texts, { storage, saveDelay: () => 0 });
    const firstHeard = heard(first);
    await Promise.all([first.init(), second.init()]);
    await Promise.all([first.open('tiny', inputs), second.open('tiny', inputs)]);
    setVolume(second, 400);
    await second.whenSaved();
    setVolume(first, 500);
    expect((await first.whenSaved()).ok).toBe(false);
    expect(firstHeard.at(-1)).toEqual({ kind: 'conflict', docId: 'tiny', conflicted: true });
    expect(await storedVolume(storage)).toBe(400);
  });

  it('"save mine as a new scenario" keeps both: the other tab’s save and this tab’s edits under the new name', async () => {
    const storage = memoryStorage();
    const first = createEngine(texts, { storage, saveDelay: () => 0, channel: channel() });
    const second = createEngine(texts, { storage, saveDelay: () => 0, channel: channel() });
    const secondHeard = heard(second);
    await Promise.all([first.init(), second.init()]);
    await Promise.all([first.open('tiny', inputs), second.open('tiny', inputs)]);
    setVolume(second, 400);
    await second.whenSaved();
    setVolume(first, 500);
    await first.whenSaved();
    expect(await first.saveAs('tiny', 'Mine')).toEqual({ ok: true, docId: 'u:mine' });
    expect(await first.whenSaved()).toEqual({ ok: true });
    expect(await storedVolume(storage)).toBe(400);
    expect(((await storage.get('data:u:mine')) as StoredRecord).current.sheets.Inputs?.[1]?.[1]).toBe(500);
    // The other tab hears of the new scenario, and the stored list holds both tabs' work.
    await expect.poll(() => secondHeard.some((notice) => notice.kind === 'scenarios')).toBe(true);
    expect(second.listScenarios().map((entry) => entry.docId)).toContain('u:mine');
    expect(Object.keys((await storage.get('index')) as object).sort()).toEqual(['tiny', 'u:mine']);
  });
});

describe('the stored work of a scenario', () => {
  /** Storage that notes every value a write's check reads: the check should need the stamp, not the sheets. */
  function checkedStorage(): { storage: EngineStorage; checked: unknown[] } {
    const inner = memoryStorage();
    const checked: unknown[] = [];
    const storage: EngineStorage = {
      ...inner,
      update: (key, change, alongside) => inner.update(key, (stored) => (checked.push(stored), change(stored)), alongside),
    };
    return { storage, checked };
  }

  /** A new tab's engine with the tiny preset open, its Volume set to `value` and stored. */
  async function tabThatStored(storage: EngineStorage, value: number): Promise<Engine> {
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await engine.init();
    await engine.open('tiny', inputs);
    setVolume(engine, value);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    return engine;
  }

  async function tabThatOpens(storage: EngineStorage, docId: string) {
    const engine = createEngine(texts, { storage, saveDelay: () => 0 });
    await engine.init();
    return { engine, opened: await engine.open(docId, inputs) };
  }

  it('is checked before each save by a record that holds no sheets: the sheets are written beside it, never read back', async () => {
    const { storage, checked } = checkedStorage();
    const engine = await tabThatStored(storage, 300);
    setVolume(engine, 350);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    const checkedRecords = checked.filter((stored) => typeof stored === 'object' && stored !== null && 'format' in stored);
    expect(checkedRecords).toHaveLength(1);
    expect(Object.keys(checkedRecords[0] as object).sort()).toEqual(['format', 'meta', 'stamp', 'structureTouched', 'version']);
    expect(await storedVolume(storage)).toBe(350);
    const { engine: reopened } = await tabThatOpens(storage, 'tiny');
    expect(volume(reopened)).toBe(350);
  });

  it('stored by an earlier version, with the sheets inside the record, still opens, and its next save stores them apart', async () => {
    const storage = memoryStorage();
    await tabThatStored(storage, 300);
    const [record, data] = (await storage.getMany(['doc:tiny', 'data:tiny'])) as [Record<string, unknown>, { current: unknown; base: unknown }];
    await storage.set('doc:tiny', { ...record, version: 1, current: data.current, base: data.base });
    await storage.update('data:tiny', () => undefined);

    const { engine } = await tabThatOpens(storage, 'tiny');
    expect(volume(engine)).toBe(300);
    setVolume(engine, 320);
    expect(await engine.whenSaved()).toEqual({ ok: true });
    expect(await storage.get('doc:tiny')).toMatchObject({ version: 2 });
    expect(await storage.get('doc:tiny')).not.toHaveProperty('current');
    expect(await storedVolume(storage)).toBe(320);
  });

  it('whose sheets are missing is not opened, and says so', async () => {
    const storage = memoryStorage();
    const writer = await tabThatStored(storage, 300);
    expect(await writer.saveAs('tiny', 'Mine')).toEqual({ ok: true, docId: 'u:mine' });
    await writer.whenSaved();
    await storage.update('data:u:mine', () => undefined);
    const { opened } = await tabThatOpens(storage, 'u:mine');
    expect(opened.ok).toBe(false);
    expect(!opened.ok && opened.problems.join('\n')).toMatch(/Stored work for "u:mine" is incomplete/);
  });

  it('is removed whole when the person discards it', async () => {
    const storage = memoryStorage();
    const engine = await tabThatStored(storage, 300);
    await engine.discard('tiny');
    expect(await storage.getMany(['doc:tiny', 'data:tiny'])).toEqual([undefined, undefined]);
  });
});

/** Downloads what `start` makes the page save, and reads the scenario file. */
async function downloadedScenario(page: Page, start: () => Promise<void>): Promise<{ name: string; sheets: Record<string, unknown[][]> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  const json = JSON.parse(readFileSync(await (download as Download).path(), 'utf8')) as { sheets: Record<string, unknown[][]> };
  return { name: (download as Download).suggestedFilename(), sheets: json.sheets };
}

async function typeInto(page: Page, address: string, text: string): Promise<void> {
  await cell(page, address).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect.poll(() => cellText(page, address)).toBe(text);
}

const outputValues = (page: Page) => page.locator('.output-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-value')));

/**
 * Put in front of the engine worker's script as the test server sends it: IndexedDB refuses every write
 * with QuotaExceededError while the page says the disk is full, as a full disk does.
 */
const FULL_DISK = `{
  const control = new BroadcastChannel('test-disk');
  let full = false;
  control.onmessage = (event) => {
    full = event.data === 'full';
    control.postMessage('now ' + event.data);
  };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
}
`;

async function setDisk(page: Page, state: 'full' | 'room'): Promise<void> {
  await page.evaluate(
    (wanted) =>
      new Promise<void>((resolve) => {
        const control = new BroadcastChannel('test-disk');
        control.onmessage = (event) => {
          if (event.data !== `now ${wanted}`) return;
          control.close();
          resolve();
        };
        control.postMessage(wanted);
      }),
    state,
  );
}

describe('storage the browser refuses', () => {
  let profile: string;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'tradesheet-blocked-'));
    mkdirSync(join(profile, 'Default'));
    // Chromium's "Don't allow sites to save data" setting: IndexedDB refuses to open, as in a locked-down browser.
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
    // The headless shell of @sparticuz/chromium reads no Preferences; a file where the profile keeps its
    // databases makes it refuse IndexedDB too ("Internal error opening backing store"), as a broken profile would.
    writeFileSync(join(profile, 'Default', 'IndexedDB'), 'not a folder');
    const context = await chromium.launchPersistentContext(profile, { executablePath: inject('chromePath'), headless: true, args: [...CHROMIUM_ARGS], viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = context.pages()[0] ?? (await context.newPage());
    close = async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    };
  });

  afterAll(async () => {
    await close();
  });

  it('says so from the start, keeps editing in memory, and downloads the scenario with the edit', async () => {
    await page.goto(pageUrl('#car-quota/Summary'));
    await waitForScenario(page, 'car-quota', 'Summary');
    const banner = page.locator('[data-banner="storage"]');
    await expect.poll(() => banner.textContent()).toMatch(/not being saved in this browser.*The browser refused to store the work: .+kept in this tab only/s);
    await typeInto(page, 'D3', 'only in this tab');
    await expect.poll(() => page.locator('.save-status').getAttribute('data-status')).toBe('problem');
    await screenshot(page, 'work-storage-refused');
    const file = await downloadedScenario(page, () => banner.getByRole('button', { name: 'Download scenario' }).click());
    expect(file.name).toBe('car-quota.json');
    expect(file.sheets.Summary?.[2]?.[3]).toBe('only in this tab');
    expect(await banner.isVisible()).toBe(true);
  });
});

describe('a full disk, then room again', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
    await session.context.route('**/*engine.worker*.js', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: FULL_DISK + (await response.text()) });
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the banner while writes fail, keeps every edit, and drops the banner once a write succeeds', async () => {
    await openScenario(page, 'car-quota', 'Summary');
    await setDisk(page, 'full');
    await typeInto(page, 'D3', 'typed while the disk was full');
    const banner = page.locator('[data-banner="storage"]');
    await expect.poll(() => banner.textContent()).toMatch(/not being saved in this browser\. The browser’s storage for this page is full\..*kept in this tab only/s);
    // Everything keeps working in memory: an input still moves the outputs.
    const before = await outputValues(page);
    await page.locator('#input-CarUnitValue').fill('30000');
    await page.locator('#input-CarUnitValue').press('Enter');
    await expect.poll(() => outputValues(page)).not.toEqual(before);
    await screenshot(page, 'work-storage-full');
    const file = await downloadedScenario(page, () => banner.getByRole('button', { name: 'Download scenario' }).click());
    expect(file.sheets.Summary?.[2]?.[3]).toBe('typed while the disk was full');

    await setDisk(page, 'room');
    await typeInto(page, 'D4', 'typed once there was room');
    await banner.waitFor({ state: 'detached' });
    await waitSaved(page);
    await page.reload();
    await waitForScenario(page, 'car-quota', 'Summary');
    expect(await cellText(page, 'D3')).toBe('typed while the disk was full');
    expect(await cellText(page, 'D4')).toBe('typed once there was room');
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});

describe('a render crash', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser();
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows what failed with Reload and Download, and the work comes back after the reload', async () => {
    await openScenario(page, 'car-quota', 'Summary');
    await typeInto(page, 'D3', 'before the crash');
    await page.evaluate(() => {
      window.tradesheetTestCrash = 'Test crash: the side panel could not render';
    });
    await cell(page, 'D4').click();
    await page.keyboard.type('the edit that crashed the page');
    await page.keyboard.press('Enter');
    const crash = page.locator('.crash');
    await crash.waitFor();
    expect(await crash.getByRole('heading').textContent()).toBe('Part of the page stopped working');
    expect(await crash.locator('.crash-error').textContent()).toBe('Test crash: the side panel could not render');
    await screenshot(page, 'work-render-crash');
    const file = await downloadedScenario(page, () => crash.getByRole('button', { name: 'Download scenario' }).click());
    expect(file.sheets.Summary?.[2]?.[3]).toBe('before the crash');
    expect(file.sheets.Summary?.[3]?.[3]).toBe('the edit that crashed the page');

    // The reload starts a new page, without the message.
    await Promise.all([page.waitForEvent('load'), crash.getByRole('button', { name: 'Reload' }).click()]);
    await waitForScenario(page, 'car-quota', 'Summary');
    expect(await cellText(page, 'D3')).toBe('before the crash');
    expect(await cellText(page, 'D4')).toBe('the edit that crashed the page');
    // React reports the error it caught; nothing else went wrong.
    expect(session.problems.filter((problem) => !problem.includes('Test crash'))).toEqual([]);
  });
});

describe('two tabs on one scenario', () => {
  let session: BrowserSession;
  let first: Page;
  let second: Page;
  const conflict = (page: Page): Locator => page.locator('[data-banner="conflict"]');

  beforeAll(async () => {
    session = await openBrowser();
    first = session.page;
    second = await session.context.newPage();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('the other tab is told, does not save over the new version, and can keep its edits as a new scenario', async () => {
    await openScenario(first, 'car-quota', 'Summary');
    await typeInto(first, 'D3', 'from the first tab');
    await waitSaved(first);
    await openScenario(second, 'car-quota', 'Summary');
    expect(await cellText(second, 'D3')).toBe('from the first tab');
    await typeInto(second, 'D3', 'from the second tab');
    await waitSaved(second);

    await expect.poll(() => conflict(first).textContent()).toMatch(/This scenario was changed in another tab/);
    await typeInto(first, 'D5', 'first tab, after the second saved');
    await expect.poll(() => first.locator('.save-status').getAttribute('data-status')).toBe('problem');
    await screenshot(first, 'work-two-tabs-conflict');
    await second.reload();
    await waitForScenario(second, 'car-quota', 'Summary');
    expect(await cellText(second, 'D3')).toBe('from the second tab');
    expect(await cellText(second, 'D5')).toBe('');

    await conflict(first).getByRole('button', { name: 'Save mine as a new scenario' }).click();
    await first.getByRole('dialog').getByLabel('Name').fill('First tab version');
    await first.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await waitForScenario(first, 'u:first-tab-version');
    expect(await cellText(first, 'D3')).toBe('from the first tab');
    expect(await cellText(first, 'D5')).toBe('first tab, after the second saved');
    expect(await conflict(first).count()).toBe(0);
    // The second tab's list shows the new scenario without a reload.
    await second.locator('.scenario-button').click();
    await second.locator('.scenario-list a[data-doc-id="u:first-tab-version"]').waitFor();
    await second.keyboard.press('Escape');
  });

  it('"Reload it" shows what the other tab saved', async () => {
    await openScenario(first, 'car-quota', 'Summary');
    expect(await cellText(first, 'D3')).toBe('from the second tab');
    expect(await conflict(first).count()).toBe(0);
    await typeInto(second, 'D6', 'saved again in the second tab');
    await waitSaved(second);
    await conflict(first).waitFor();
    await conflict(first).getByRole('button', { name: 'Reload it' }).click();
    await expect.poll(() => cellText(first, 'D6')).toBe('saved again in the second tab');
    expect(await conflict(first).count()).toBe(0);
  });

  it('logs no console errors', () => {
    expect(session.problems).toEqual([]);
  });
});

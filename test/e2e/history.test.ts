/** Version history in the browser: the History panel lists versions, restores the preset as one undo step, saves and deletes a named version, opens one read-only, compares one, and keeps them across a reload. */
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { MOD, cell, cellText, openBrowser, openScenario, screenshot, waitForScenario, waitSaved, type BrowserSession } from './browser';

const sessions: BrowserSession[] = [];
async function browser(): Promise<BrowserSession> {
  const session = await openBrowser();
  sessions.push(session);
  return session;
}

afterEach(async () => {
  for (const session of sessions.splice(0)) {
    expect(session.problems).toEqual([]);
    await session.close();
  }
});

function historyPanel(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Version history' });
}

async function openHistory(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'More', exact: true }).click();
  await page.getByRole('button', { name: /^Version history…/ }).click();
  const panel = historyPanel(page);
  await panel.getByRole('list', { name: 'Versions, newest first' }).waitFor();
  return panel;
}

/** A version in the panel's list, by the name it shows. */
function version(panel: Locator, name: string): Locator {
  return panel.getByRole('listitem').filter({ has: panel.page().locator('strong', { hasText: name }) });
}

/** Types into a cell of the grid, as a person does, waits for the edit to be stored, and gives what the cell then shows. */
async function typeInto(page: Page, address: string, text: string): Promise<string> {
  const before = await cellText(page, address);
  await cell(page, address).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await waitSaved(page);
  // The entry closes before the engine's answer is drawn: the cell is blank for a moment.
  await expect.poll(async () => [before, ''].includes(await cellText(page, address))).toBe(false);
  return cellText(page, address);
}

describe('version history', () => {
  it('restores the preset as one undo step, saves a named version, and keeps both across a reload', async () => {
    const { page } = await browser();
    await openScenario(page, 'baseline', 'Inputs');
    const preset = await cellText(page, 'B2');
    const edited = await typeInto(page, 'B2', '1000000');

    let panel = await openHistory(page);
    // The preset is always the oldest version; opening the history is a pause in the editing, so the edit is the newest automatic version.
    await expect.poll(() => panel.getByRole('listitem').last().locator('strong').textContent()).toBe('The preset as it ships');
    await version(panel, 'Automatic').waitFor();
    expect(await version(panel, 'Automatic').locator('.history-changes').textContent()).toBe('1 cell changed; input JpCarsToUsBase since the version before');
    await screenshot(page, 'history-panel');

    await version(panel, 'The preset as it ships').getByRole('button', { name: 'Restore' }).click();
    await panel.waitFor({ state: 'detached' });
    await expect.poll(() => cellText(page, 'B2')).toBe(preset);
    await page.locator('.banner-info').filter({ hasText: 'Restored “The preset as it ships”. Undo brings back what was there before.' }).waitFor();
    await page.keyboard.press(`${MOD}+z`);
    await expect.poll(() => cellText(page, 'B2')).toBe(edited);
    await waitSaved(page);

    panel = await openHistory(page);
    await panel.getByLabel('Version name').fill('Before the review');
    await panel.getByRole('button', { name: 'Save version' }).click();
    await version(panel, 'Before the review').waitFor();
    const names = await panel.getByRole('listitem').locator('strong').allTextContents();
    expect(names[0]).toMatch(/^Before the review, /);
    expect(await version(panel, 'Before the review').locator('.history-changes').textContent()).toBe('No change since the version before it');
    await version(panel, 'Automatic').getByText('Which cells').click();
    await screenshot(page, 'history-named');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    await page.reload();
    await waitForScenario(page, 'baseline', 'Inputs');
    expect(await cellText(page, 'B2')).toBe(edited);
    panel = await openHistory(page);
    await version(panel, 'Before the review').waitFor();
    await version(panel, 'Automatic').waitFor();
    await version(panel, 'The preset as it ships').waitFor();

    // Deleting a named version asks first.
    await version(panel, 'Before the review').getByRole('button', { name: 'Delete' }).click();
    await version(panel, 'Before the review').getByRole('button', { name: 'Delete for good' }).click();
    await version(panel, 'Before the review').waitFor({ state: 'detached' });
    expect(await panel.getByRole('list', { name: 'Versions, newest first' }).locator(':scope > li').count()).toBe(2);
  });

  it('opens a version read-only, refusing edits, and compares it with the scenario as it stands', async () => {
    const { page } = await browser();
    await openScenario(page, 'baseline', 'Inputs');
    const preset = await cellText(page, 'B2');
    await typeInto(page, 'B2', '1000000');
    let panel = await openHistory(page);
    await panel.getByLabel('Version name').fill('Million cars');
    await panel.getByLabel('Version name').press('Enter');
    await version(panel, 'Million cars').waitFor();
    await page.keyboard.press('Escape');
    await typeInto(page, 'B2', '1200000');

    panel = await openHistory(page);
    await version(panel, 'Million cars').getByRole('button', { name: 'Open' }).click();
    const banner = page.locator('[data-banner="version"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('An earlier version, read-only:');
    // The panel and the top bar say what it is, not that it was edited or saved.
    expect(await page.locator('.about-kind').textContent()).toBe('Earlier version · read-only');
    expect(await page.locator('.save-status').textContent()).toBe('Read-only');
    await expect.poll(() => cellText(page, 'B2')).not.toBe(preset);
    const versionValue = await cellText(page, 'B2');
    await cell(page, 'B2').click();
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await page.locator('.banner-problem').filter({ hasText: 'This is an earlier version, shown read-only' }).waitFor();
    await screenshot(page, 'history-version-open');
    // The refused entry stays open, as any refused entry does, for the person to see what was refused; Escape drops it.
    await page.keyboard.press('Escape');
    await expect.poll(() => cellText(page, 'B2')).toBe(versionValue);

    await banner.getByRole('button', { name: 'Back to the scenario' }).click();
    await waitForScenario(page, 'baseline');
    await expect.poll(() => cellText(page, 'B2')).not.toBe(versionValue);

    panel = await openHistory(page);
    await version(panel, 'Million cars').getByRole('button', { name: 'Compare' }).click();
    const table = page.locator('.compare-table');
    await table.waitFor();
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toHaveLength(3);
    expect(headers[1]).toContain('Baseline');
    expect(headers[2]).toMatch(/^Baseline.* · Million cars, /);
    await screenshot(page, 'history-compare');
  });
});

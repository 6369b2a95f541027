// What a person does on the dashboard, step by step, for the browser tests.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Person } from './dashboard-server.ts';

const screenshotDir = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

export async function signIn(page: Page, person: Person): Promise<void> {
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Opens `path`, signing in on the way (the login page sends one back to it). */
export async function openSignedIn(page: Page, person: Person, path = '/inbox'): Promise<void> {
  await page.goto(path);
  await signIn(page, person);
  await page.waitForURL((url) => url.pathname + url.search === path);
}

export function taskRow(page: Page, title: string) {
  return page.locator('.task-row', { has: page.getByRole('link', { name: title, exact: true }) });
}

/** Waits until the inbox's selection (the row j and k move) is the task titled `title`. */
export async function selected(page: Page, title: string): Promise<void> {
  await page.locator('.task-row[aria-current="true"] .task-title').filter({ hasText: new RegExp(`^${escapeRegExp(title)}$`) }).waitFor();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: false });
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The DOM types are for the functions that run in the page, through page.evaluate.)
import type { Page } from 'playwright-core';
import { andWaitForPage } from './browser';
import { MAIN_BUTTON, optionSelector, type Hands } from './citizen';

export interface FocusState {
  /** The focused element, for messages: `a.govuk-link "Change"`. */
  description: string;
  /** Focus has left the page's elements (it is on the document itself). */
  onDocument: boolean;
  /** The focused element looks different from when it is not focused, and is on screen. */
  visible: boolean;
  /** What changed when focused, e.g. `background-color, box-shadow`. */
  indicator: string;
}

/**
 * Whether a person can see where focus is: the focused element's look (or, for govuk-frontend's radios
 * and checkboxes, whose real input is transparent, its label's drawn circle or box) must differ from its
 * unfocused look — govuk-frontend's yellow focus style, or any other outline, shadow or colour — and it
 * must be on screen. Compared by blurring and focusing the element again.
 */
export async function focusState(page: Page): Promise<FocusState> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body || element === document.documentElement)
      return { description: 'the page itself', onDocument: true, visible: false, indicator: '' };
    const text = (element.innerText || element.getAttribute('value') || element.getAttribute('name') || '')
      .trim()
      .slice(0, 40);
    const description = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${[
      ...element.classList,
    ]
      .map((name) => `.${name}`)
      .join('')} "${text}"`;
    const drawnBy = element.matches('.govuk-radios__input, .govuk-checkboxes__input')
      ? document.querySelector<HTMLElement>(`label[for="${element.id}"]`)
      : null;
    const transparent = (colour: string) => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
    const look = () => {
      const styles: Array<[string, CSSStyleDeclaration]> = [['', getComputedStyle(element)]];
      if (drawnBy) styles.push(['label::before ', getComputedStyle(drawnBy, '::before')]);
      const properties: Record<string, string> = {};
      for (const [where, style] of styles) {
        const outlined =
          style.outlineStyle !== 'none' &&
          parseFloat(style.outlineWidth) > 0 &&
          !transparent(style.outlineColor);
        properties[`${where}outline`] = outlined ? `${style.outlineWidth} ${style.outlineColor}` : 'none';
        properties[`${where}box-shadow`] = style.boxShadow;
        properties[`${where}background-color`] = style.backgroundColor;
        properties[`${where}border-color`] = style.borderColor;
        properties[`${where}border-width`] = style.borderWidth;
        properties[`${where}color`] = style.color;
        properties[`${where}text-decoration`] =
          `${style.textDecorationLine} ${style.textDecorationThickness}`;
      }
      return properties;
    };
    const focused = look();
    element.blur();
    const unfocused = look();
    element.focus({ preventScroll: true });
    const changed = Object.keys(focused).filter((property) => focused[property] !== unfocused[property]);
    const box = (drawnBy ?? element).getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
    return {
      description,
      onDocument: false,
      visible: changed.length > 0 && onScreen,
      indicator: changed.join(', '),
    };
  });
}

/** Asserts the focused element shows its focus, and returns it. */
export async function expectVisibleFocus(page: Page): Promise<FocusState> {
  const focus = await focusState(page);
  if (!focus.onDocument && !focus.visible)
    throw new Error(`Focus is not visible on ${focus.description} (${page.url()})`);
  return focus;
}

/**
 * Presses Tab until the focused element matches `selector`, asserting at every stop that focus is
 * visible. Fails with the whole route focus took if it never gets there.
 */
export async function tabTo(page: Page, selector: string, what = selector): Promise<FocusState> {
  const route: string[] = [];
  const matches = () => page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector);
  if (await matches()) return expectVisibleFocus(page);
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab');
    const focus = await expectVisibleFocus(page);
    route.push(focus.description);
    if (await matches()) return focus;
  }
  throw new Error(
    `Pressing Tab 60 times never reached ${what} on ${page.url()}; focus went:\n${route.join('\n')}`,
  );
}

async function activeValue(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null;
    return { value: element?.value ?? '', checked: element?.checked ?? false };
  });
}

/** Only the keyboard: Tab to move, arrows within a radio group, Space to choose, Enter to go. */
export const keyboard: Hands = {
  name: 'keyboard',
  async fill(page, entries) {
    for (const entry of entries) {
      if (entry.kind === 'choose') {
        // Tab enters a radio group once (on its checked radio, else its first); arrows move within it.
        await tabTo(page, `[name="${entry.name}"]`, `the "${entry.name}" radios`);
        for (let presses = 0; (await activeValue(page)).value !== entry.value; presses++) {
          if (presses > 20) throw new Error(`Arrow keys never reached "${entry.value}" in "${entry.name}"`);
          await page.keyboard.press('ArrowDown');
          await expectVisibleFocus(page);
        }
        await page.keyboard.press('Space');
        if (!(await activeValue(page)).checked)
          throw new Error(`Space did not choose "${entry.value}" for "${entry.name}"`);
      } else if (entry.kind === 'tick') {
        const selector = optionSelector(entry.name, entry.value);
        await tabTo(page, selector, `the "${entry.value}" checkbox of "${entry.name}"`);
        if (!(await activeValue(page)).checked) await page.keyboard.press('Space');
        if (!(await activeValue(page)).checked)
          throw new Error(`Space did not tick "${entry.value}" for "${entry.name}"`);
      } else {
        await tabTo(page, `[name="${entry.name}"]`, `the "${entry.name}" field`);
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type(entry.value);
      }
    }
  },
  async submit(page) {
    await tabTo(page, MAIN_BUTTON, 'the main button');
    await andWaitForPage(page, () => page.keyboard.press('Enter'));
  },
  async follow(page, selector) {
    await tabTo(page, selector);
    await andWaitForPage(page, () => page.keyboard.press('Enter'));
  },
  /**
   * The error summary has focus (checks.ts asserts it); Tab reaches its first link, and Enter on it
   * puts focus in the field with the problem (govuk-frontend's error summary does this).
   */
  async afterErrors(page) {
    const link = page.locator('.govuk-error-summary a').first();
    const href = (await link.getAttribute('href')) ?? '';
    await tabTo(page, '.govuk-error-summary a', 'the first link in the error summary');
    await page.keyboard.press('Enter');
    await page
      .waitForFunction((id) => document.activeElement?.id === id, href.slice(1), { timeout: 10_000 })
      .catch(() => {
        throw new Error(`Following the error summary link ${href} did not put focus on the field`);
      });
    await expectVisibleFocus(page);
  },
};

// What every console page must be, checked in the browser: nothing wider than the screen, no text left
// in the other language, no raw JSON, and no time without its zone. User data (names, notes, titles)
// is exempt from the language rule when it is marked translate="no" or carries its own lang. A time is
// labelled when an ancestor carries data-zone or its own text names the zone.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

/** Screenshots are kept here (gitignored) as the test's artifacts. */
export const SCREENSHOT_DIR = fileURLToPath(new URL("../../.artifacts/console/", import.meta.url));

export interface PageFindings {
  overflowPx: number;
  otherLanguage: string[];
  rawJson: string[];
  unlabelledTimes: string[];
}

// Runs in the page (a string: this project type-checks without the DOM library).
const CHECK_IN_PAGE = `(() => {
  const lang = document.documentElement.lang;
  const overflowPx = Math.max(0, document.documentElement.scrollWidth - window.innerWidth);
  const exempt = (el, rule) => {
    for (let e = el; e; e = e.parentElement) {
      if (e.tagName === "SCRIPT" || e.tagName === "STYLE" || e.tagName === "CODE") return true;
      if (rule === "lang" && (e.getAttribute("translate") === "no" || (e.hasAttribute("lang") && e !== document.documentElement))) return true;
      if (rule === "time" && e.hasAttribute("data-zone")) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const otherLanguage = [], rawJson = [], unlabelledTimes = [];
  const cjk = /[\\u3400-\\u9fff]/;
  const englishWords = /\\b[A-Za-z]{3,}\\s+[A-Za-z]{2,}\\b/;
  // A time whose own text names its zone ("10:00 (Asia/Shanghai)", "10:00 GMT+8") is labelled.
  const namesZone = /\\b[A-Z][A-Za-z_]+\\/[A-Z][A-Za-z_]+\\b|\\b(UTC|GMT)([+-]\\d{1,2}(:\\d{2})?)?\\b/;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent || "").trim();
    if (!text) continue;
    const parent = n.parentElement;
    if (parent && parent.closest("script,style")) continue;
    if (parent && !parent.getClientRects().length && !parent.closest("option")) continue;
    if (!exempt(parent, "lang")) {
      if (lang === "en" && cjk.test(text)) otherLanguage.push(text.slice(0, 80));
      if (lang === "zh-CN" && englishWords.test(text)) otherLanguage.push(text.slice(0, 80));
    }
    if (/[{[]\\s*"[^"]+"\\s*:/.test(text)) rawJson.push(text.slice(0, 80));
    if (!exempt(parent, "time") && !namesZone.test(text) && (/\\b\\d{1,2}:\\d{2}\\b/.test(text) || /\\d{4}-\\d{2}-\\d{2}T\\d{2}/.test(text))) unlabelledTimes.push(text.slice(0, 80));
  }
  return { overflowPx, otherLanguage, rawJson, unlabelledTimes };
})()`;

/** Every finding on the page (empty lists and 0 overflow when the page is clean). */
export async function checkConsolePage(page: Page): Promise<PageFindings> {
  return (await page.evaluate(CHECK_IN_PAGE)) as PageFindings;
}

/** A full-page screenshot named for the page and width, kept for people to look at. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const path = join(SCREENSHOT_DIR, `${name}-${width}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/**
 * Debian's chromium driven by playwright-core: nothing is downloaded. CI installs the package
 * (`apt-get install chromium`, see .ci/run); a machine without it skips the browser tests, saying so.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser with a fresh profile (--user-data-dir), closed and removed by `close`. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = await mkdtemp(path.join(os.tmpdir(), "hromada-chromium-"));
  // launchPersistentContext passes the profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, locale: "uk-UA" });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A script for page.evaluate (this project compiles without the DOM's types): the elements sticking out
 * of a `width`-px viewport, and those whose content is wider than their own box (overflowing text).
 */
export function overflowProbe(width: number): string {
  return `(() => {
    const width = ${Number(width)};
    const offenders = [];
    const hidden = (el) => {
      for (let a = el; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.position === "absolute" && a.clientWidth <= 1 && style.overflow === "hidden") return true;
      }
      return false;
    };
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " «" + (el.textContent || "").trim().slice(0, 40) + "»";
    if (document.documentElement.scrollWidth > width) offenders.push("the page is " + document.documentElement.scrollWidth + "px wide");
    for (const el of document.body.querySelectorAll("*")) {
      if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue; // a chart's marks: the svg's box counts
      if (hidden(el)) continue; // visually hidden for screen readers only (a phone's table headers)
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) offenders.push(name(el) + " spans " + Math.round(box.left) + "–" + Math.round(box.right) + "px");
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) offenders.push(name(el) + ": content " + el.scrollWidth + "px in " + el.clientWidth + "px");
    }
    return offenders;
  })()`;
}

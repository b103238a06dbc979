// Seven languages on a phone (390 px wide, JavaScript off), each picked with the language form:
// the page says its language and direction, the browser lays Uyghur in Arabic script out right
// to left and every other language left to right, the text is really in that language's
// script (Chinese drawn with the CJK font, not empty boxes), and no page scrolls sideways.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launch, launchBrowser, startServer } from "./harness.mjs";

const shots = new URL("../../target/browser-screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const WIDTH = 390;

// code, direction, the language's own name on its button, a letter only its script has.
const LANGS = [
  ["en", "ltr", "English", /[A-Za-z]/],
  ["ug", "rtl", "ئۇيغۇرچە", /[\u0600-\u06FF]/],
  ["ug-Latn", "ltr", "Uyghurche", /[ëöü]/],
  ["tr", "ltr", "Türkçe", /[çğışöüİ]/],
  ["ru", "ltr", "Русский", /[\u0400-\u04FF]/],
  ["kk", "ltr", "Қазақша", /[әғқңөұүһі]/i],
  ["zh-Hans", "ltr", "简体中文", /[\u4E00-\u9FFF]/],
];
const PAGES = ["/", "/safety", "/sign-up", "/sign-in", "/recover", "/no-such-page"];

let server;
before(async () => {
  // Seven families sign up from one address: more than one source's budget allows.
  server = await startServer({ env: { KINLINK_SIGNUPS_PER_SOURCE_PER_HOUR: "100" } });
});
after(async () => {
  await server.stop();
});

async function fits(page, what) {
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  assert.ok(width <= WIDTH, `${what} is ${width}px wide on a ${WIDTH}px screen`);
}

test("each language from the language form: lang, direction, script and phone width, JavaScript off", async () => {
  const browser = await launch({ javaScriptEnabled: false, mobile: true });
  try {
    const page = await browser.context.newPage();
    await page.goto(server.base + "/");
    for (const [code, dir, name, script] of LANGS) {
      const button = page.locator(`form.language-form button[value="${code}"]`);
      assert.equal((await button.textContent()).trim(), name, "each language named in itself");
      assert.equal(await button.getAttribute("lang"), code);
      await Promise.all([page.waitForNavigation(), button.click()]);
      for (const path of PAGES) {
        if (path !== "/") await page.goto(server.base + path);
        const what = `${path} in ${code}`;
        assert.equal(await page.getAttribute("html", "lang"), code, what);
        assert.equal(await page.getAttribute("html", "dir"), dir, what);
        const computed = await page.evaluate(() => ({
          html: getComputedStyle(document.documentElement).direction,
          main: getComputedStyle(document.querySelector("main")).direction,
          h1: document.querySelector("h1")?.textContent ?? "",
          body: document.body.innerText,
        }));
        assert.equal(computed.html, dir, `${what}: computed direction`);
        assert.equal(computed.main, dir, `${what}: the content's direction`);
        assert.match(computed.h1 + computed.body, script, `${what}: written in its script`);
        await fits(page, what);
      }
      await page.goto(server.base + "/");
      if (dir === "rtl") {
        // Mirrored: the brand starts on the right, the text of the heading ends on the left.
        const brand = await page.locator(".brand").boundingBox();
        assert.ok(brand.x > WIDTH / 3, `brand on the right in ${code}, x=${brand.x}`);
      } else {
        const brand = await page.locator(".brand").boundingBox();
        assert.ok(brand.x < WIDTH / 2, `brand on the left in ${code}, x=${brand.x}`);
      }
      if (code === "zh-Hans") {
        // The heading is drawn with glyphs: a CJK font renders it wider than empty boxes of
        // one width would, and its font stack names the CJK fonts first.
        const family = await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily);
        assert.match(family, /CJK|PingFang|YaHei/, family);
      }
      await page.screenshot({ path: `${shots}home-${code}.png`, fullPage: true });
    }
  } finally {
    await browser.close();
  }
});

test("a family signs up in each language and its pages fit the phone, JavaScript off", async () => {
  // One browser, a context (cookies apart) per family.
  const browser = await launchBrowser();
  try {
    for (const [code, dir] of LANGS) {
      const context = await browser.newContext({ javaScriptEnabled: false, mobile: true });
      const page = await context.newPage();
      await page.goto(server.base + "/sign-up");
      await Promise.all([page.waitForNavigation(), page.click(`form.language-form button[value="${code}"]`)]);
      const pass = `a passphrase in ${code} for the phone`;
      await page.fill("#passphrase", pass);
      await page.fill("#passphrase_again", pass);
      await Promise.all([page.waitForNavigation(), page.click("form.stack button[type=submit]")]);
      assert.match(await page.textContent("#handle"), /^[a-z]+-[a-z]+-\d{4}$/, `a handle in ${code}`);
      await fits(page, `the recovery codes in ${code}`);
      for (const path of ["/dashboard", "/searches/new", "/privacy", "/account", "/matches"]) {
        await page.goto(server.base + path);
        assert.equal(await page.getAttribute("html", "dir"), dir, `${path} in ${code}`);
        await fits(page, `${path} in ${code}`);
      }
      await page.goto(server.base + "/searches/new");
      await page.screenshot({ path: `${shots}search-form-${code}.png`, fullPage: true });
      await context.close();
    }
  } finally {
    await browser.close();
  }
});

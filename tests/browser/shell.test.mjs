// The web shell as a person meets it: English home page, switching to right-to-left Uyghur with
// JavaScript off, the safety page, error pages, and the quick exit with and without JavaScript.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launch, startServer } from "./harness.mjs";

const shots = new URL("../../target/browser-screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

test("home page in English, then Uyghur right to left, with JavaScript off", async () => {
  const browser = await launch({ javaScriptEnabled: false });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(server.base + "/");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.getAttribute("html", "dir"), "ltr");
    assert.ok((await page.textContent("h1")).length > 3);
    await page.screenshot({ path: shots + "home-en.png", fullPage: true });

    await page.click('form.language-form button[value="ug"]');
    await page.waitForLoadState();
    assert.equal(await page.getAttribute("html", "lang"), "ug");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    const h1 = await page.textContent("h1");
    assert.match(h1, /[\u0600-\u06FF]/, "the heading is in Arabic script");
    // Mirrored layout: the brand sits on the right in RTL.
    const brand = await page.locator(".brand").boundingBox();
    assert.ok(brand.x > 390 / 3, `brand should be on the right, x=${brand.x}`);
    await page.screenshot({ path: shots + "home-ug.png", fullPage: true });

    // Remembered on the next page.
    await page.click('a[href="/safety"] >> nth=0');
    await page.waitForLoadState();
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    await page.screenshot({ path: shots + "safety-ug.png", fullPage: true });
    assert.deepEqual(errors, [], "no console errors (CSP violations show up here)");
  } finally {
    await browser.close();
  }
});

test("error pages are translated pages, not bare text", async () => {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    const res = await page.goto(server.base + "/no-such-page?lang=ug");
    assert.equal(res.status(), 404);
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.ok(await page.isVisible("#quick-exit"));
  } finally {
    await browser.close();
  }
});

for (const javaScriptEnabled of [false, true]) {
  test(`quick exit leaves for a neutral site (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const browser = await launch({ javaScriptEnabled });
    try {
      // The neutral site is outside this machine's reach; answer it locally.
      await browser.context.route("https://www.bbc.com/**", (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: "<title>Weather</title>" }),
      );
      const page = await browser.context.newPage();
      await page.goto(server.base + "/safety");
      const exit = page.locator("#quick-exit");
      assert.ok(await exit.isVisible());
      const before = javaScriptEnabled ? await page.evaluate(() => history.length) : 0;
      await Promise.all([page.waitForURL("https://www.bbc.com/**"), exit.click()]);
      assert.equal(await page.title(), "Weather");
      if (javaScriptEnabled) {
        // With JavaScript the exit replaces the history entry, so Back does not return.
        assert.equal(await page.evaluate(() => history.length), before);
      }
    } finally {
      await browser.close();
    }
  });
}

test("static assets load under the CSP with JavaScript on", async () => {
  const browser = await launch({ javaScriptEnabled: true, mobile: false });
  try {
    const page = await browser.context.newPage();
    const violations = [];
    page.on("console", (m) => violations.push(m.text()));
    await page.goto(server.base + "/");
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector(".quick-exit")).backgroundColor);
    assert.notEqual(bg, "rgba(0, 0, 0, 0)", "the stylesheet applied");
    assert.deepEqual(violations.filter((v) => /Content Security Policy/i.test(v)), []);
  } finally {
    await browser.close();
  }
});

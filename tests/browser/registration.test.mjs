// Registering as a new user would, on a phone-sized window with JavaScript off, in Uyghur:
// about me, then two sought relatives, one of them with a name in Chinese characters.
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

async function submit(page, selector = "form button.primary") {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test("register yourself and two sought relatives in Uyghur, JavaScript off", async () => {
  const browser = await launch({ javaScriptEnabled: false, mobile: true });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.base}/sign-up`);
    await submit(page, 'form.language-form button[value="ug"]');
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    const pass = "ئۇيغۇرچە ئۇزۇن مەخپىي ئىبارە";
    await page.fill("#passphrase", pass);
    await page.fill("#passphrase_again", pass);
    await submit(page, "form.stack button[type=submit]");
    assert.match((await page.textContent("#handle")).trim(), /^[a-z]+-[a-z]+-\d{4}$/);
    await submit(page, 'a.button[href="/dashboard"]');

    // About me.
    await page.goto(`${server.base}/about-me`);
    await page.fill("#names", "ئابدۇرېھىم تۇرسۇن\nAbdurehim Tursun");
    await page.fill("#father_name", "تۇرسۇن");
    await page.selectOption("#birth_kind", "range");
    await page.fill("#birth_from", "1958");
    await page.fill("#birth_to", "1963");
    await page.fill("#birthplace_text", "قەشقەر");
    await page.selectOption("#birthplace_region", "653101");
    await submit(page);
    assert.ok(page.url().includes("/dashboard"), page.url());

    // Two relatives, one written in Chinese characters.
    const relatives = [
      { names: "تۇرسۇن مەمەت", relation: "father", year: "1935" },
      { names: "阿依古丽·吐尔逊\nAygül Tursun", relation: "sister", year: "1966" },
    ];
    for (const r of relatives) {
      await page.goto(`${server.base}/searches/new`);
      await page.fill("#names", r.names);
      await page.selectOption("#relation", r.relation);
      await page.selectOption("#birth_kind", "year");
      await page.fill("#birth_year", r.year);
      await page.fill("#last_contact_year", "2017");
      await page.selectOption("#circumstances", "detained");
      await submit(page);
      assert.ok(page.url().includes("/dashboard"), page.url());
    }
    const items = await page.locator(".search-list li").allTextContents();
    assert.equal(items.length, 2);
    assert.ok(items.some((t) => t.includes("阿依古丽·吐尔逊")), items.join(" | "));
    assert.ok(items.some((t) => t.includes("تۇرسۇن مەمەت")));
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    // Nothing overflows the phone-sized width.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide`);
    await page.screenshot({ path: `${shots}dashboard-ug.png`, fullPage: true });
    await page.goto(`${server.base}/searches/new`);
    await page.screenshot({ path: `${shots}search-form-ug.png`, fullPage: true });
  } finally {
    await browser.close();
  }
});

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
    // Birth is one choice: a choice's fields show only once it is chosen (CSS, no script).
    assert.equal(await page.isChecked("#birth_kind_none"), true);
    for (const id of ["#birth_date", "#birth_year", "#birth_from", "#birth_to"]) {
      assert.equal(await page.isVisible(id), false, `${id} hidden until its choice`);
    }
    await page.check("#birth_kind_range");
    assert.equal(await page.isVisible("#birth_from"), true);
    assert.equal(await page.isVisible("#birth_year"), false, "only the chosen fields show");
    // Number and date inputs are styled like the others: full height, a readable width.
    const box = await page.locator("#birth_from").boundingBox();
    assert.ok(box.height >= 40 && box.width >= 120, `year input is ${box.width}x${box.height}`);
    // Regions in the page's script only (no Latin, no Chinese in a Uyghur list).
    const labels = await page.locator("#birthplace_region option").allTextContents();
    assert.ok(labels.length > 100);
    for (const l of labels.slice(1)) assert.doesNotMatch(l, /[A-Za-z\u4e00-\u9fff]/, l);
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
      await page.check("#birth_kind_year");
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

    // The menu is the signed-in one, and a healthy service (jobs and matcher running) shows
    // no banner.
    assert.equal(await page.locator('nav a[href="/sign-in"]').count(), 0);
    assert.equal(await page.locator(".jobs-banner").count(), 0);

    // Deleting a relative: a page of its own says what it undoes; nothing goes without the box.
    await page.goto(`${server.base}/dashboard`);
    await submit(page, ".search-list li:first-child a");
    await submit(page, 'a.button.danger');
    assert.match(page.url(), /\/searches\/[^/]+\/delete$/);
    await page.screenshot({ path: `${shots}search-delete-ug.png`, fullPage: true });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `delete page is ${wide}px wide`);
    await page.check("input[name=confirm]");
    await submit(page, "form button.danger");
    assert.ok(page.url().includes("/dashboard"), page.url());
    assert.equal(await page.locator(".search-list li").count(), 1);

    // Ways to reach: one row, and "save and add another" gives the next one.
    await page.goto(`${server.base}/contact-card`);
    assert.equal(await page.locator(".channel").count(), 1);
    await page.selectOption("#kind0", "caseworker");
    await submit(page, 'button[name="then"][value="add"]');
    assert.equal(await page.locator(".channel").count(), 2);
    assert.equal(await page.inputValue("#kind0"), "caseworker");
    const w2 = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w2 <= 390, `contact page is ${w2}px wide`);
    await page.screenshot({ path: `${shots}contact-card-ug.png`, fullPage: true });
  } finally {
    await browser.close();
  }
});

// Accounts as a new user meets them, with JavaScript off, on a phone-sized window: sign up,
// note the account name, sign out, sign in, change the passphrase, sign out everywhere — in
// English and in Uyghur.
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

for (const lang of ["en", "ug"]) {
  test(`account life cycle with JavaScript off (${lang})`, async () => {
    const browser = await launch({ javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      const pass = `a long ${lang} passphrase for the browser`;
      const newPass = `another ${lang} passphrase for the browser`;
      await page.goto(`${server.base}/?lang=${lang}`);
      if (lang === "ug") {
        await page.click('form.language-form button[value="ug"]');
        await page.waitForLoadState();
      }
      assert.equal(await page.getAttribute("html", "lang"), lang);

      await page.click('a[href="/sign-up"]');
      await page.fill("#passphrase", pass);
      await page.fill("#passphrase_again", pass);
      await Promise.all([page.waitForNavigation(), page.click("form.stack button[type=submit]")]);
      const handle = (await page.textContent("#handle")).trim();
      assert.match(handle, /^[a-z]+-[a-z]+-\d{4}$/);
      assert.equal(await page.locator("ol.codes li").count(), 8);
      await page.screenshot({ path: `${shots}account-created-${lang}.png`, fullPage: true });

      await Promise.all([page.waitForNavigation(), page.click('a.button[href="/dashboard"]')]);
      assert.ok(page.url().endsWith("/dashboard"));
      await page.goto(`${server.base}/account`);
      assert.ok((await page.content()).includes(handle), "the account page shows the handle");

      // Sign out from the header, then sign in with the noted handle.
      await Promise.all([page.waitForNavigation(), page.click("form.inline-form button")]);
      assert.ok(page.url().includes("/sign-in"));
      await page.fill("#login", handle);
      await page.fill("#passphrase", pass);
      await Promise.all([page.waitForNavigation(), page.click("form.stack button[type=submit]")]);
      assert.ok(page.url().endsWith("/dashboard"), page.url());

      // Change the passphrase.
      await page.goto(`${server.base}/account`);
      await page.fill("#current", pass);
      await page.fill("#new", newPass);
      await page.fill("#new_again", newPass);
      await Promise.all([page.waitForNavigation(), page.click('form[action="/account/passphrase"] button')]);
      assert.ok(page.url().includes("done=passphrase"));
      assert.equal(await page.locator(".notice").count(), 1);
      await page.screenshot({ path: `${shots}account-${lang}.png`, fullPage: true });

      // Sign out everywhere: back to the sign-in page, and the account page is closed.
      await Promise.all([page.waitForNavigation(), page.click('form[action="/account/sign-out-everywhere"] button')]);
      assert.ok(page.url().includes("/sign-in"));
      await page.goto(`${server.base}/account`);
      assert.ok(page.url().includes("/sign-in"), "signed out everywhere");
      assert.equal(await page.getAttribute("html", "dir"), lang === "ug" ? "rtl" : "ltr");

      // The new passphrase works.
      await page.fill("#login", handle);
      await page.fill("#passphrase", newPass);
      await Promise.all([page.waitForNavigation(), page.click("form.stack button[type=submit]")]);
      assert.ok(page.url().endsWith("/dashboard"));
    } finally {
      await browser.close();
    }
  });
}

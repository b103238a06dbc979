// The first five minutes on a phone (390 px wide, JavaScript off), in English and in Uyghur:
// the recovery codes shown once must each sit whole in their own box, and no page may be wider
// than the screen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launch, startServer } from "./harness.mjs";

const shots = new URL("../../target/browser-screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const WIDTH = 390;
let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** Every recovery code's box, its text and its list, as the browser laid them out. */
async function codeBoxes(page) {
  return page.evaluate(() => {
    const list = document.querySelector("ol.codes");
    const r = (e) => {
      const b = e.getBoundingClientRect();
      return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    };
    return {
      list: r(list),
      viewport: document.documentElement.clientWidth,
      codes: Array.from(list.querySelectorAll("li")).map((li) => {
        const code = li.querySelector("code");
        return {
          text: code.textContent,
          item: r(li),
          box: r(code),
          // Text wider than its box spills out of it.
          spills: code.scrollWidth > code.clientWidth + 1,
        };
      }),
    };
  });
}

function overlaps(a, b) {
  return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
}

/** Fails if the page scrolls sideways on the phone. */
async function assertFits(page, what) {
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  assert.ok(width <= WIDTH, `${what} is ${width}px wide on a ${WIDTH}px screen`);
}

for (const lang of ["en", "ug"]) {
  test(`recovery codes and every page fit a phone, JavaScript off (${lang})`, async () => {
    const browser = await launch({ javaScriptEnabled: false, mobile: true });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.base}/sign-up`);
      if (lang === "ug") {
        await submit(page, 'form.language-form button[value="ug"]');
      }
      assert.equal(await page.getAttribute("html", "dir"), lang === "ug" ? "rtl" : "ltr");
      const pass = `a phone passphrase in ${lang} for the test`;
      await page.fill("#passphrase", pass);
      await page.fill("#passphrase_again", pass);
      await submit(page, "form.stack button[type=submit]");

      const { list, viewport, codes } = await codeBoxes(page);
      await page.screenshot({ path: `${shots}codes-${lang}.png`, fullPage: true });
      assert.ok(codes.length >= 8, `${codes.length} codes`);
      assert.ok(list.left >= 0 && list.right <= viewport, `the list sits on screen: ${JSON.stringify(list)}`);
      for (const c of codes) {
        assert.match(c.text, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/, c.text);
        assert.ok(!c.spills, `${c.text} spills out of its box`);
        for (const [name, rect] of [["box", c.box], ["line", c.item]]) {
          assert.ok(
            rect.left >= list.left - 0.5 && rect.right <= list.right + 0.5,
            `${c.text}: its ${name} leaves the list (${JSON.stringify(rect)} in ${JSON.stringify(list)})`,
          );
          assert.ok(rect.left >= 0 && rect.right <= viewport, `${c.text}: its ${name} is off screen`);
        }
      }
      for (let i = 0; i < codes.length; i++) {
        for (let j = i + 1; j < codes.length; j++) {
          assert.ok(!overlaps(codes[i].box, codes[j].box), `${codes[i].text} overlaps ${codes[j].text}`);
        }
        if (i > 0) {
          assert.ok(codes[i].box.top >= codes[i - 1].box.bottom - 0.5, "one code per line, in order");
        }
      }
      await assertFits(page, "the page with the recovery codes");

      // Every page a new family meets, signed in and out.
      const signedIn = [
        "/dashboard",
        "/about-me",
        "/searches/new",
        "/contact-card",
        "/preconsent-card",
        "/verification-facts",
        "/privacy",
        "/account",
        "/delete",
        "/matches",
        "/access-log",
        "/no-such-page",
      ];
      for (const path of signedIn) {
        await page.goto(server.base + path);
        await assertFits(page, path);
      }
      await page.goto(`${server.base}/searches/new`);
      await page.screenshot({ path: `${shots}search-form-phone-${lang}.png`, fullPage: true });
      await submit(page, "form.inline-form button");
      for (const path of ["/", "/safety", "/sign-in", "/sign-up", "/recover"]) {
        await page.goto(server.base + path);
        await assertFits(page, path);
      }
    } finally {
      await browser.close();
    }
  });
}

// The whole journey of issue 14 through the pages, on a phone-sized window, once with
// JavaScript on and once off: two families sign up (one in Uyghur, one in English) and register
// the same man in different scripts, each with a contact card; the matcher proposes them;
// caseworker 1 (invited, enrolled and signed in with TOTP on the pages) claims, opens with a
// reason, vets and approves; caseworker 2 approves (four eyes); both families say yes on their
// match pages and then see each other's contact card. axe-core checks every page visited.
// Only the staff set-up (the first admin from the CLI, an organization and two invite codes)
// goes through the API: those are an operator's steps, not the journey's.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { BIN, launchBrowser, startServer } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const shots = new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const STAFF_PASS = "a long staff passphrase for the journey";

let chromium;
before(async () => {
  chromium = await launchBrowser();
});
after(async () => {
  await chromium.close();
});

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for the step `stepsAhead` steps from now. */
function totp(secretBase32, stepsAhead = 0) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secretBase32.replace(/[=\s]+/g, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + stepsAhead));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, "0");
}

function apiOf(server) {
  return async function api(method, path, token, body) {
    const res = await fetch(`${server.base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** The operator's part: the first admin, an organization, its admin, and two caseworker invite codes. */
async function inviteCodes(server) {
  const api = apiOf(server);
  const signIn = async (login) => (await api("POST", "/api/v1/sessions", null, { login, passphrase: STAFF_PASS })).token;
  const enrol = async (token) => {
    const { secret } = await api("POST", "/api/v1/me/totp", token, {});
    return (await api("POST", "/api/v1/me/totp/confirm", token, { code: totp(secret) })).token;
  };
  const file = join(server.dir, "admin-pass");
  writeFileSync(file, `${STAFF_PASS}\n`);
  const out = execFileSync(BIN, ["admin", "create-admin", "--passphrase-file", file], {
    cwd: server.dir,
    env: { PATH: process.env.PATH, KINLINK_LOG_LEVEL: "warn" },
  }).toString();
  const admin = await enrol(await signIn(out.match(/handle: (\S+)/)[1]));
  const org = await api("POST", "/api/v1/admin/organizations", admin, { name: "Partner" });
  const { code } = await api("POST", "/api/v1/invites", admin, { role: "org_admin", organization_id: org.id });
  const { handle } = await api("POST", `/api/v1/invites/${code}/accept`, null, { passphrase: STAFF_PASS });
  const orgAdmin = await enrol(await signIn(handle));
  const caseworker = async () => (await api("POST", "/api/v1/invites", orgAdmin, { role: "caseworker" })).code;
  return [await caseworker(), await caseworker()];
}

/**
 * One person's browser tab, which runs axe-core on every page it lands on. With JavaScript on,
 * axe runs in the page itself. With it off, axe.run closes the page here (Debian's Chromium,
 * scripts disabled by Playwright or by CDP alike), so the page's HTML as it stands is audited
 * in a JavaScript-enabled auditor tab at the same URL and width, with app.js blocked so the
 * DOM stays the one a browser without JavaScript has.
 */
async function person(js, who) {
  const context = await chromium.newContext({ javaScriptEnabled: js, bypassCSP: true });
  const page = await context.newPage();
  let auditor;
  const audited = [];
  async function audit(label) {
    let target = page;
    if (!js) {
      if (!auditor) {
        auditor = await (await chromium.newContext({ javaScriptEnabled: true, bypassCSP: true, mobile: true })).newPage();
        await auditor.route("**/static/app*.js", (r) => r.abort());
      }
      const html = await page.content();
      const url = page.url();
      await auditor.route((u) => u.href === url, (r) => r.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }), { times: 1 });
      await auditor.goto(url);
      target = auditor;
    }
    await target.evaluate((src) => (0, eval)(src), AXE);
    const { violations } = await target.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
    const bad = violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(bad, [], `axe on ${who}'s ${label} (${page.url()})`);
    audited.push(label);
  }
  return {
    page,
    audited,
    audit,
    /** Go somewhere by a click or a goto, then audit where it lands. */
    async go(label, action) {
      await action();
      await page.waitForLoadState();
      await audit(label);
    },
    async submit(label, selector) {
      await Promise.all([page.waitForNavigation(), page.click(selector)]);
      await audit(label);
    },
    async shot(name, lang) {
      if (!js) await page.screenshot({ path: `${shots}${name}-${lang}.png`, fullPage: true });
    },
    async close() {
      await context.close();
      if (auditor) await auditor.context().close();
    },
  };
}

/** Sign up through the pages; returns the handle. */
async function signUp(p, base, lang, pass) {
  await p.go("home", () => p.page.goto(`${base}/`));
  if (lang === "ug") await p.submit("home", 'form.language-form button[value="ug"]');
  await p.shot("home", lang);
  await p.submit("sign-up", 'nav a[href="/sign-up"]');
  assert.equal(await p.page.getAttribute("html", "lang"), lang);
  assert.equal(await p.page.getAttribute("html", "dir"), lang === "ug" ? "rtl" : "ltr");
  await p.shot("sign-up", lang);
  await p.page.fill("#passphrase", pass);
  await p.page.fill("#passphrase_again", pass);
  await p.submit("account created", "form.stack button[type=submit]");
  const handle = (await p.page.textContent("#handle")).trim();
  await p.submit("dashboard", 'a.button[href="/dashboard"]');
  await p.shot("dashboard", lang);
  return handle;
}

/** Fill the person fields; with JavaScript on, pick the birthplace through the filter box. */
async function personFields(p, js, { names, birthYear, regionQuery }) {
  const { page } = p;
  await page.fill("#names", names);
  await page.selectOption("#gender", "male");
  await page.check("#birth_kind_year");
  await page.fill("#birth_year", birthYear);
  assert.equal(await page.locator("input.region-filter").count(), js ? 1 : 0, "the filter box is JavaScript's");
  if (js) {
    await page.fill("input.region-filter", regionQuery);
    assert.equal(await page.locator('#birthplace_region option[value="654002"]').evaluate((o) => o.hidden), false);
    assert.equal(await page.locator('#birthplace_region option[value="650102"]').evaluate((o) => o.hidden), true);
  }
  await page.selectOption("#birthplace_region", "654002");
}

async function contactCard(p, base, lang, kind, value) {
  await p.go("contact card", () => p.page.goto(`${base}/contact-card`));
  await p.shot("contact-card", lang);
  await p.page.selectOption("#kind0", kind);
  await p.page.fill("#value0", value);
  await p.submit("dashboard after the card", "form button.primary");
  assert.ok(p.page.url().includes("done=saved"), p.page.url());
}

/** A caseworker from an invite code: accept it, enrol TOTP, sign out, sign in with a code. */
async function caseworker(p, base, lang, code) {
  const { page } = p;
  await p.go("accept invite", () => page.goto(`${base}/invite`));
  if (lang === "ug") await p.submit("accept invite", 'form.language-form button[value="ug"]');
  await p.shot("accept-invite", lang);
  await page.fill("#code", code);
  await page.fill("#passphrase", STAFF_PASS);
  await page.fill("#passphrase_again", STAFF_PASS);
  await p.submit("staff account created", "form.stack button[type=submit]");
  const handle = (await page.textContent("#handle")).trim();

  await p.go("second factor", () => page.goto(`${base}/staff/second-factor`));
  await p.submit("second factor enrolment", 'form[action="/staff/second-factor"] button');
  await p.shot("second-factor", lang);
  const secret = (await page.textContent("code.secret")).trim();
  await page.fill("#code", totp(secret));
  await p.submit("account after enrolment", 'form[action="/staff/second-factor/confirm"] button');
  assert.ok(page.url().includes("done=second_factor"), page.url());

  // Sign out, and back in with handle, passphrase and a fresh code. The next step's code (inside
  // the one-step skew) is used, since the enrolment's own step may not be used twice.
  // Staff sign in on the staff page, the only one with a code field.
  await p.submit("signed out", "form.inline-form button");
  await p.go("staff sign in", () => page.goto(`${base}/staff/sign-in`));
  await p.shot("sign-in", lang);
  await page.fill("#login", handle);
  await page.fill("#passphrase", STAFF_PASS);
  await page.fill("#totp", totp(secret, 1));
  await p.submit("account after sign in", "form.stack button[type=submit]");
  assert.ok(page.url().endsWith("/account"), `a staff member lands on the account page: ${page.url()}`);
}

/** Claim the only candidate and open it with a reason; returns its id. */
async function claimAndOpen(p, base, lang) {
  const { page } = p;
  await p.go("review queue", () => page.goto(`${base}/review`));
  assert.equal(await page.locator("ul.queue li").count(), 1, "one candidate in the queue");
  const id = (await page.getAttribute("ul.queue li", "id")).replace("candidate-", "");
  await p.submit("review queue, claimed", `form[action="/review/${id}/claim"] button`);
  await p.shot("review-queue", lang);
  await page.selectOption(`#reason-${id}`, "match_review");
  await p.submit("candidate opened", `form[action="/review/${id}/open"] button`);
  return id;
}

for (const js of [true, false]) {
  test(`the whole journey at phone width, JavaScript ${js ? "on" : "off"}`, async (t) => {
    const server = await startServer();
    const base = server.base;
    const people = [];
    try {
      const [code1, code2] = await inviteCodes(server);
      const a = await person(js, "A");
      const b = await person(js, "B");
      const cw1 = await person(js, "caseworker 1");
      const cw2 = await person(js, "caseworker 2");
      people.push(a, b, cw1, cw2);

      // A, in Uyghur, looks for her father, written in Arabic script.
      await signUp(a, base, "ug", "ئۇيغۇرچە ئۇزۇن مەخپىي ئىبارە");
      await a.go("new search", () => a.page.goto(`${base}/searches/new`));
      await a.page.selectOption("#relation", "father");
      await personFields(a, js, { names: "ئابدۇرېھىم تۇرسۇن", birthYear: "1961", regionQuery: "غۇلجا" });
      await a.shot("search", "ug");
      await a.submit("dashboard after the search", "form button.primary");
      assert.ok(a.page.url().includes("done=saved"), a.page.url());
      await contactCard(a, base, "ug", "signal", "+90 555 123 4567");

      // B, in English, registers himself in Latin letters.
      await signUp(b, base, "en", "the father's own long passphrase");
      await b.go("about me", () => b.page.goto(`${base}/about-me`));
      await personFields(b, js, { names: "Abdurehim Tursun", birthYear: "1961", regionQuery: "Ghulja" });
      await b.shot("about-me", "en");
      await b.submit("dashboard after about me", "form button.primary");
      assert.ok(b.page.url().includes("done=saved"), b.page.url());
      await contactCard(b, base, "en", "email", "father@example.net");

      // Two caseworkers, one working in English and one in Uyghur.
      await caseworker(cw1, base, "en", code1);
      await caseworker(cw2, base, "ug", code2);

      // The matcher runs inside the server; wait for its candidate to reach the queue.
      for (let i = 0; i < 100; i++) {
        await cw1.page.goto(`${base}/review`);
        if ((await cw1.page.locator("ul.queue li").count()) > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await a.go("matches before approval", () => a.page.goto(`${base}/matches`));
      assert.equal(await a.page.locator("section.match").count(), 0, "nothing shows before approval");

      // Caseworker 1 reviews: both names with their readings, then vets A's side and approves.
      const id = await claimAndOpen(cw1, base, "en");
      const names = await cw1.page.textContent("main");
      assert.ok(names.includes("ئابدۇرېھىم تۇرسۇن") && names.includes("Abdurehim Tursun"), "both sides' names");
      await cw1.shot("review-case", "en");
      const sideA = cw1.page.locator("section.side", { hasText: "ئابدۇرېھىم تۇرسۇن" });
      await Promise.all([cw1.page.waitForNavigation(), sideA.locator('form[action$="/vet"] button').click()]);
      await cw1.audit("review queue, vetted");
      assert.ok(cw1.page.url().includes("done=vetted"), cw1.page.url());
      await cw1.page.selectOption(`#reason-${id}`, "match_review");
      await cw1.submit("candidate reopened", `form[action="/review/${id}/open"] button`);
      await cw1.submit("review queue, approved", `form[action="/review/${id}/approve"] button`);
      assert.ok(cw1.page.url().includes("done=approved"), cw1.page.url());
      assert.equal(await a.page.reload().then(() => a.page.locator("section.match").count()), 0, "one approval is not enough");

      // Caseworker 2, in Uyghur, approves as the second pair of eyes.
      await claimAndOpen(cw2, base, "ug");
      await cw2.shot("review-case", "ug");
      await cw2.submit("review queue, approved", `form[action="/review/${id}/approve"] button`);
      assert.ok(cw2.page.url().includes("done=approved"), cw2.page.url());

      // A is asked first (her side was vetted): the dashboard says so; she says yes.
      await a.go("dashboard with an update", () => a.page.goto(`${base}/dashboard`));
      await a.submit("matches, asked", 'p.notice a[href="/matches"]');
      assert.ok((await a.page.textContent("section.match h2")).includes("ئابدۇرېھىم تۇرسۇن"));
      assert.ok(!(await a.page.content()).includes("father@example.net"), "nothing of his card before consent");
      await a.shot("match-asked", "ug");
      await a.submit("matches, answered", 'form[action$="/answer"] button.primary');
      assert.ok(a.page.url().includes("done=answered"), a.page.url());

      // Then B is asked, and says yes.
      await b.go("dashboard with an update", () => b.page.goto(`${base}/dashboard`));
      await b.submit("matches, asked", 'p.notice a[href="/matches"]');
      assert.ok(!(await b.page.content()).includes("555 123 4567"), "nothing of her card before consent");
      await b.shot("match-asked", "en");
      await b.submit("matches, disclosed", 'form[action$="/answer"] button.primary');

      // Both see the other's contact card, and the page still fits the phone.
      const hisView = await b.page.textContent("section.match ul.channels");
      assert.ok(hisView.includes("+90 555 123 4567"), hisView);
      await b.shot("match-disclosed", "en");
      await a.go("matches, disclosed", () => a.page.goto(`${base}/matches`));
      const herView = await a.page.textContent("section.match ul.channels");
      assert.ok(herView.includes("father@example.net"), herView);
      await a.shot("match-disclosed", "ug");
      for (const p of people) {
        const width = await p.page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${p.page.url()} is ${width}px wide`);
      }
      t.diagnostic(`axe: no serious or critical violation on ${people.reduce((n, p) => n + p.audited.length, 0)} pages`);
    } finally {
      for (const p of people) await p.close();
      await server.stop();
    }
  });
}


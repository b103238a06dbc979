// A family's whole side of a match, as a new user meets it, on a phone-sized window with
// JavaScript off, in Uyghur: sign up, look for her father, give a contact card; then, once two
// caseworkers have approved (through the API, as staff tools would), see the update, answer
// yes, see the other family's contact card after they also say yes, and close the match.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, launch, startServer } from "./harness.mjs";

const shots = new URL("../../target/browser-screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const STAFF_PASS = "a long staff passphrase for the browser test";

async function api(method, path, token, body) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as a staff member's authenticator app computes it. */
function totp(secretBase32) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secretBase32.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, "0");
}

async function signIn(login, passphrase) {
  return (await api("POST", "/api/v1/sessions", null, { login, passphrase })).token;
}

/** Enrol a second factor; the session it returns is a staff session. */
async function enrol(token) {
  const { secret } = await api("POST", "/api/v1/me/totp", token, {});
  return (await api("POST", "/api/v1/me/totp/confirm", token, { code: totp(secret) })).token;
}

async function invite(by, role, organizationId) {
  const body = organizationId ? { role, organization_id: organizationId } : { role };
  const { code } = await api("POST", "/api/v1/invites", by, body);
  const { handle } = await api("POST", `/api/v1/invites/${code}/accept`, null, { passphrase: STAFF_PASS });
  return enrol(await signIn(handle, STAFF_PASS));
}

async function staff() {
  const file = join(server.dir, "admin-pass");
  writeFileSync(file, `${STAFF_PASS}\n`);
  const out = execFileSync(BIN, ["admin", "create-admin", "--passphrase-file", file], {
    cwd: server.dir,
    env: { PATH: process.env.PATH, KINLINK_LOG_LEVEL: "warn" },
  }).toString();
  const handle = out.match(/handle: (\S+)/)[1];
  const admin = await enrol(await signIn(handle, STAFF_PASS));
  const org = await api("POST", "/api/v1/admin/organizations", admin, { name: "Partner" });
  const orgAdmin = await invite(admin, "org_admin", org.id);
  return { cw1: await invite(orgAdmin, "caseworker"), cw2: await invite(orgAdmin, "caseworker") };
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test("a family's whole side of a match in Uyghur, JavaScript off", async () => {
  const { cw1, cw2 } = await staff();
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
    await submit(page, 'a.button[href="/dashboard"]');

    // She looks for her father, and says how to reach her.
    await page.goto(`${server.base}/searches/new`);
    await page.fill("#names", "ئابدۇرېھىم تۇرسۇن");
    await page.selectOption("#relation", "father");
    await page.selectOption("#gender", "male");
    await page.check("#birth_kind_year");
    await page.fill("#birth_year", "1961");
    await page.selectOption("#birthplace_region", "654002");
    await submit(page, "form button.primary");
    await page.goto(`${server.base}/contact-card`);
    await page.selectOption("#kind0", "signal");
    await page.fill("#value0", "+90 555 123 4567");
    await submit(page, "form button.primary");

    // The other family registers through the API: the father, in Chinese characters.
    const b = await api("POST", "/api/v1/accounts", null, { passphrase: "the father's own passphrase" });
    const bToken = await signIn(b.handle, "the father's own passphrase");
    await api("PUT", "/api/v1/me/profile", bToken, {
      names: ["阿不都热依木·吐尔逊"], gender: "male", birth: { year: 1961 }, birthplace: { region: "654002" },
    });
    await api("PUT", "/api/v1/me/contact-card", bToken, {
      channels: [{ kind: "email", value: "father@example.net" }], message: "",
    });

    // The matcher (in this process) proposes it; nothing shows to her yet.
    let candidate;
    for (let i = 0; i < 100 && !candidate; i++) {
      candidate = (await api("GET", "/api/v1/review/queue", cw1)).candidates[0];
      if (!candidate) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(candidate, "a candidate in the queue");
    await page.goto(`${server.base}/matches`);
    assert.equal(await page.locator("section.match").count(), 0, "nothing before approval");

    // Two caseworkers approve; her side is vetted, so she is asked first.
    const id = candidate.id;
    await api("POST", `/api/v1/review/candidates/${id}/claim`, cw1, {});
    const view = await api("POST", `/api/v1/review/candidates/${id}/open`, cw1, { reason: "match_review" });
    const hers = view.sides.find((s) => s.person && s.person.kind === "sought");
    await api("POST", `/api/v1/review/registrations/${hers.registration_id}/vet`, cw1, {});
    await api("POST", `/api/v1/review/candidates/${id}/approve`, cw1, {});
    await api("POST", `/api/v1/review/candidates/${id}/claim`, cw2, {});
    await api("POST", `/api/v1/review/candidates/${id}/open`, cw2, { reason: "match_review" });
    assert.equal((await api("POST", `/api/v1/review/candidates/${id}/approve`, cw2, {})).state, "consent_requested");

    // Her dashboard says there is an update; the matches page asks her.
    await page.goto(`${server.base}/dashboard`);
    assert.equal(await page.locator('p.notice a[href="/matches"]').count(), 1, "the update notice");
    await submit(page, 'p.notice a[href="/matches"]');
    const heading = await page.textContent("section.match h2");
    assert.ok(heading.includes("ئابدۇرېھىم تۇرسۇن"), heading);
    assert.ok(!(await page.content()).includes("阿不都热依木"), "nothing of him before consent");
    await page.screenshot({ path: `${shots}match-asked-ug.png`, fullPage: true });
    await submit(page, 'form[action$="/answer"] button.primary');
    assert.ok(page.url().includes("done=answered"), page.url());
    assert.equal(await page.locator("section.match .notice").count(), 1, "she said yes");

    // He says yes too: she sees his contact card, and only that.
    await api("POST", `/api/v1/me/matches/${id}/answer`, bToken, { answer: "yes" });
    await page.goto(`${server.base}/matches`);
    const card = await page.textContent("section.match ul.channels");
    assert.ok(card.includes("father@example.net"), card);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide`);
    await page.screenshot({ path: `${shots}match-disclosed-ug.png`, fullPage: true });
    const his = await api("GET", "/api/v1/me/matches", bToken);
    assert.ok(JSON.stringify(his.matches[0].other).includes("+90 555 123 4567"));

    // She closes it for herself.
    await page.selectOption("section.match select[name=outcome]", "reunited");
    await submit(page, 'form[action$="/close"] button');
    assert.equal(await page.locator("section.match").count(), 0);
  } finally {
    await browser.close();
  }
});

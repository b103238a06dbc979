//! The account pages as a person uses them with JavaScript off: plain form posts carrying the
//! synchronizer token, in English and in Uyghur.

use crate::helpers::{TestApp, spawn_app};

const PASS: &str = "a long and private passphrase";

pub fn csrf_of(html: &str) -> String {
    let start = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a token")
        + 19;
    html[start..start + 64].to_string()
}

pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let s = html.find(start).expect(start) + start.len();
    let e = html[s..].find(end).expect(end) + s;
    &html[s..e]
}

/// A browser with JavaScript off: it keeps every cookie itself (the session cookie is
/// `Secure`, which the test client would keep for HTTPS only) and follows no redirects.
pub struct Browser<'a> {
    app: &'a TestApp,
    pub client: reqwest::Client,
    cookies: std::collections::BTreeMap<String, String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Browser {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Default::default(),
        }
    }

    /// Use a session made elsewhere (as the cookie a sign-in sets).
    pub fn with_session(mut self, token: &str) -> Self {
        self.cookies
            .insert("__Host-kinlink".to_string(), token.to_string());
        self
    }

    pub fn with_cookie(mut self, name: &str, value: &str) -> Self {
        self.cookies.insert(name.to_string(), value.to_string());
        self
    }

    /// Choose the page language with the language form, as a person would.
    pub async fn choose_language(&mut self, lang: &str) {
        let res = self
            .client
            .post(self.app.url("/language"))
            .header("origin", self.app.address.clone())
            .header("sec-fetch-site", "same-origin")
            .header("cookie", self.cookie_header())
            .form(&[("lang", lang), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        self.keep_cookies(&res);
    }

    pub fn signed_in(&self) -> bool {
        self.cookies.contains_key("__Host-kinlink")
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn keep_cookies(&mut self, res: &reqwest::Response) {
        for c in res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            let pair = c.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || c.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        let res = self
            .client
            .get(self.app.url(path))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep_cookies(&res);
        res
    }

    pub async fn get_html(&mut self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.text().await.unwrap()
    }

    /// Submit a form found on `page`, as a browser would (same origin).
    pub async fn post(
        &mut self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let html = self.get_html(page).await;
        let token = csrf_of(&html);
        let mut form: Vec<(&str, &str)> = vec![("csrf", &token)];
        form.extend_from_slice(fields);
        let res = self
            .client
            .post(self.app.url(action))
            .header("origin", self.app.address.clone())
            .header("sec-fetch-site", "same-origin")
            .header("cookie", self.cookie_header())
            .form(&form)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&res);
        res
    }
}

#[tokio::test]
async fn sign_up_sign_out_sign_in_change_passphrase_sign_out_everywhere() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let res = b
        .post(
            "/sign-up",
            "/sign-up",
            &[
                ("passphrase", PASS),
                ("passphrase_again", PASS),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(b.signed_in(), "signed in after sign-up");
    let html = res.text().await.unwrap();
    let handle = between(&html, "<code id=\"handle\">", "</code>").to_string();
    assert_eq!(
        html.matches("<li><code>").count(),
        8,
        "eight recovery codes shown once"
    );

    let account = b.get_html("/account").await;
    assert!(account.contains(&handle));

    let res = b.post("/account", "/sign-out", &[]).await;
    assert_eq!(res.status(), 303);
    assert!(!b.signed_in());
    let res = b.get("/account").await;
    assert_eq!(res.status(), 303, "signed-out pages send people to sign in");
    assert_eq!(res.headers()["location"], "/sign-in");

    let res = b
        .post(
            "/sign-in",
            "/sign-in",
            &[
                ("login", &handle),
                ("passphrase", "not the passphrase"),
                ("totp", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("The account name or passphrase is not right")
    );
    app.clock.advance(std::time::Duration::from_millis(1100));
    let res = b
        .post(
            "/sign-in",
            "/sign-in",
            &[("login", &handle), ("passphrase", PASS), ("totp", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/dashboard");

    let new_pass = "another long private passphrase";
    let res = b
        .post(
            "/account",
            "/account/passphrase",
            &[
                ("current", PASS),
                ("new", new_pass),
                ("new_again", new_pass),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = b.get_html("/account?done=passphrase").await;
    assert!(page.contains("Your passphrase is changed"));

    let res = b
        .post("/account", "/account/sign-out-everywhere", &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(b.get("/account").await.status(), 303);
}

#[tokio::test]
async fn forms_without_a_valid_token_are_refused() {
    let app = spawn_app().await;
    // Get the form cookie, then post with a wrong token.
    app.get("/sign-in").await;
    let res = app
        .client
        .post(app.url("/sign-in"))
        .form(&[
            ("csrf", "0".repeat(64).as_str()),
            ("login", "x"),
            ("passphrase", "y"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("Request refused"));
    // A token from another browser (another form cookie) does not work either.
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let html = other
        .get(app.url("/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_of(&html);
    let res = app
        .client
        .post(app.url("/sign-in"))
        .form(&[
            ("csrf", token.as_str()),
            ("login", "x"),
            ("passphrase", "y"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_account_pages_work_in_uyghur() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    // The language form is the one form without a token: it only sets a preference cookie.
    let res = b
        .client
        .post(app.url("/language"))
        .form(&[("lang", "ug"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    b.keep_cookies(&res);
    for path in ["/sign-up", "/sign-in", "/recover", "/invite"] {
        let html = b.get_html(path).await;
        assert!(html.contains("dir=\"rtl\""), "{path}");
    }
    let res = b
        .post(
            "/sign-up",
            "/sign-up",
            &[
                ("passphrase", "short"),
                ("passphrase_again", "short"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("form-error") && html.contains("dir=\"rtl\""));
    let res = b
        .post(
            "/sign-up",
            "/sign-up",
            &[
                ("passphrase", PASS),
                ("passphrase_again", PASS),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = b.get_html("/account").await;
    assert!(html.contains("lang=\"ug\" dir=\"rtl\""));
}

#[tokio::test]
async fn recovery_with_a_code_through_the_pages() {
    let app = spawn_app().await;
    let (handle, codes) = app.sign_up(PASS).await;
    let mut b = Browser::new(&app);
    let new_pass = "recovered through the page";
    let res = b
        .post(
            "/recover",
            "/recover",
            &[
                ("login", &handle),
                ("code", &codes[0]),
                ("kind", "recovery_code"),
                ("new_passphrase", new_pass),
                ("new_passphrase_again", new_pass),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/sign-in?done=recovered");
    app.sign_in(&handle, new_pass).await;
    // The email route answers the same page whether or not the account has an email.
    let a = b
        .post("/recover", "/recover/email", &[("login", &handle)])
        .await
        .text()
        .await
        .unwrap();
    let z = b
        .post(
            "/recover",
            "/recover/email",
            &[("login", "nobody-here-1234")],
        )
        .await
        .text()
        .await
        .unwrap();
    let strip = |h: &str| h.replace(&handle, "").replace("nobody-here-1234", "");
    let (a, z) = (strip(&a), strip(&z));
    assert_eq!(a.len(), z.len(), "same page either way");
}

#[tokio::test]
async fn staff_set_up_a_second_factor_and_invite_through_the_pages() {
    let app = spawn_app().await;
    let pass_file = app.settings.data_dir.join("admin-pass");
    std::fs::write(&pass_file, format!("{PASS}\n")).unwrap();
    let out = app.cli(&[
        "admin",
        "create-admin",
        "--passphrase-file",
        pass_file.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let admin = stdout
        .lines()
        .find_map(|l| l.strip_prefix("handle: "))
        .unwrap()
        .to_string();

    let mut b = Browser::new(&app);
    let res = b
        .post(
            "/sign-in",
            "/sign-in",
            &[("login", &admin), ("passphrase", PASS), ("totp", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let account = b.get_html("/account").await;
    assert!(
        account.contains("href=\"/staff/second-factor\""),
        "staff are sent to set up a second factor"
    );
    // Staff pages stay closed until then.
    assert_eq!(b.get("/staff/invites").await.status(), 403);

    let res = b
        .post("/staff/second-factor", "/staff/second-factor", &[])
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("<svg"), "the QR code is drawn on the server");
    let secret = between(&html, "<code class=\"secret\">", "</code>").to_string();
    let code = {
        let s = totp_rs::Secret::try_from_base32(&secret).unwrap();
        totp_rs::Builder::new()
            .with_secret(s.to_vec())
            .build()
            .unwrap()
            .generate(app.now())
            .to_string()
    };
    let res = b
        .post(
            "/staff/second-factor",
            "/staff/second-factor/confirm",
            &[("code", &code)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/account?done=second_factor");

    let res = b
        .post(
            "/staff/invites",
            "/staff/organizations",
            &[("name", "Partner <script>alert(1)</script>")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = b.get_html("/staff/invites").await;
    assert!(
        page.contains("Partner &#60;script&#62;") || page.contains("Partner &lt;script&gt;"),
        "names show as text"
    );
    let select = between(&page, "<select id=\"organization_id\"", "</select>");
    let org_option = &select[select.find("<option value=\"\"").unwrap() + 16..];
    let org_id = between(org_option, "<option value=\"", "\"").to_string();
    assert_eq!(org_id.len(), 36, "an organization id: {org_id}");
    let res = b
        .post(
            "/staff/invites",
            "/staff/invites",
            &[("role", "org_admin"), ("organization_id", &org_id)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let invite = between(&html, "<code id=\"invite-code\">", "</code>").to_string();

    let mut newcomer = Browser::new(&app);
    let pass = "organization admin passphrase";
    let res = newcomer
        .post(
            "/invite",
            "/invite",
            &[
                ("code", &invite),
                ("passphrase", pass),
                ("passphrase_again", pass),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(newcomer.signed_in());
    let again = newcomer
        .post(
            "/invite",
            "/invite",
            &[
                ("code", &invite),
                ("passphrase", pass),
                ("passphrase_again", pass),
            ],
        )
        .await;
    assert_eq!(again.status(), 400, "an invitation works once");
}

/// The text of a page's form error.
fn form_error_of(html: &str) -> &str {
    between(html, "<p class=\"form-error\" role=\"alert\">", "</p>")
}

async fn sign_in_page(b: &mut Browser<'_>, login: &str, passphrase: &str) -> reqwest::Response {
    b.post(
        "/sign-in",
        "/sign-in",
        &[("login", login), ("passphrase", passphrase), ("totp", "")],
    )
    .await
}

/// A typo or three never holds back the right passphrase; past them, a wrong try is answered
/// with how long to wait (429 and `Retry-After`), never with "wrong passphrase", and in the
/// very same words for an account that exists and one that does not.
#[tokio::test]
async fn a_throttled_sign_in_says_how_long_to_wait_the_same_for_any_account_name() {
    let app = spawn_app().await;
    let (handle, _) = app.sign_up(PASS).await;

    let mut b = Browser::new(&app);
    for typo in [
        "a long and private passphrsae",
        "a long and privte passphrase",
        "a lon and private passphrase",
    ] {
        let res = sign_in_page(&mut b, &handle, typo).await;
        assert_eq!(res.status(), 401);
        assert!(res.headers().get("retry-after").is_none());
    }
    let res = sign_in_page(&mut b, &handle, PASS).await;
    assert_eq!(res.status(), 303, "three typos cost no wait");
    assert!(b.signed_in());

    let (other, _) = app.sign_up(PASS).await;
    let mut said = Vec::new();
    for login in [other.as_str(), "amber-river-0000"] {
        let mut b = Browser::new(&app);
        for i in 0..4 {
            let res = sign_in_page(&mut b, login, &format!("wrong passphrase {i}")).await;
            assert_eq!(res.status(), 401, "{login}");
            let html = res.text().await.unwrap();
            assert!(form_error_of(&html).contains("is not right"), "{login}");
        }
        let res = sign_in_page(&mut b, login, PASS).await;
        assert_eq!(res.status(), 429, "{login}");
        assert_eq!(res.headers()["retry-after"], "1", "{login}");
        let html = res.text().await.unwrap();
        let error = form_error_of(&html).to_string();
        assert!(
            error.contains("Please wait 1 second, then try again."),
            "{error}"
        );
        assert!(
            error.contains("your passphrase may well be right"),
            "{error}"
        );
        assert!(!error.contains("is not right"), "{error}");
        said.push(error);

        // The same in Uyghur.
        b.choose_language("ug").await;
        let res = sign_in_page(&mut b, login, PASS).await;
        assert_eq!(res.status(), 429);
        let html = res.text().await.unwrap();
        let error = form_error_of(&html).to_string();
        assert!(error.contains("سېكۇنت ساقلاپ"), "{error}");
        assert!(!error.contains("try again"), "{error}");
        said.push(error);
    }
    assert_eq!(said[0], said[2], "nothing tells whether the account exists");
    assert_eq!(said[1], said[3]);
}

/// The sign-up budget answers with `Retry-After` and a page saying how long to wait.
#[tokio::test]
async fn a_full_sign_up_budget_says_how_long_to_wait() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(&dir);
    settings.signups_per_minute = 1;
    let app = crate::helpers::spawn_app_with(settings, dir).await;
    let fields = [
        ("passphrase", PASS),
        ("passphrase_again", PASS),
        ("email", ""),
    ];
    let mut first = Browser::new(&app);
    assert_eq!(
        first.post("/sign-up", "/sign-up", &fields).await.status(),
        200
    );
    for (lang, words) in [("en", "seconds, then try again."), ("ug", "سېكۇنت ساقلاپ")] {
        let mut b = Browser::new(&app);
        b.choose_language(lang).await;
        let res = b.post("/sign-up", "/sign-up", &fields).await;
        assert_eq!(res.status(), 429, "{lang}");
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(!b.signed_in());
        let html = res.text().await.unwrap();
        let error = form_error_of(&html);
        assert!(error.contains(words), "{lang}: {error}");
        assert!(error.contains(&wait.to_string()), "{lang}: {error}");
    }
}

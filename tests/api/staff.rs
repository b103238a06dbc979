//! Staff: the first admin from the command line, the mandatory second factor, organizations,
//! invitations, and single use of each TOTP step.

use serde_json::{Value, json};

use crate::helpers::{
    create_admin, create_admin_with_codes, enrol, error_code, spawn_app, totp_code,
};

use crate::helpers::STAFF_PASS as PASS;

#[tokio::test]
async fn staff_need_a_second_factor_and_each_code_works_once() {
    let app = spawn_app().await;
    let (admin, codes) = create_admin_with_codes(&app);
    let token = app.sign_in(&admin, PASS).await;
    let me = app.me(&token).await;
    assert_eq!(me["role"], "admin");
    assert_eq!(me["second_factor"], false);

    // No staff route works before the second factor is confirmed.
    let res = app
        .post_json(
            "/api/v1/admin/organizations",
            &json!({"name": "Partner A"}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "second_factor_required");
    let res = app
        .post_json("/api/v1/invites", &json!({"role": "auditor"}), Some(&token))
        .await;
    assert_eq!(res.status(), 403);

    let (token, secret) = enrol(&app, &token).await;
    let res = app
        .post_json(
            "/api/v1/admin/organizations",
            &json!({"name": "Partner A"}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), 201);

    // Signing in now needs the code; the next step's code works once, then is a replay.
    let res = app.try_sign_in(&admin, PASS).await;
    assert_eq!(error_code(res).await, "totp_required");
    let code = totp_code(&secret, app.now() + 30);
    let res = app
        .post_json(
            "/api/v1/sessions",
            &json!({"login": admin, "passphrase": PASS, "totp": code}),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .post_json(
            "/api/v1/sessions",
            &json!({"login": admin, "passphrase": PASS, "totp": code}),
            None,
        )
        .await;
    assert_eq!(res.status(), 401, "a replayed code fails");
    let old = totp_code(&secret, app.now() - 30);
    let res = app
        .post_json(
            "/api/v1/sessions",
            &json!({"login": admin, "passphrase": PASS, "totp": old}),
            None,
        )
        .await;
    assert_eq!(res.status(), 401, "an older step after a newer one fails");

    // Recovery sets a new passphrase but never removes the second factor.
    let new_pass = "recovered staff passphrase";
    let res = app
        .post_json(
            "/api/v1/recovery",
            &json!({"login": admin, "recovery_code": codes[0], "new_passphrase": new_pass}),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    let res = app.try_sign_in(&admin, new_pass).await;
    assert_eq!(error_code(res).await, "totp_required");
}

#[tokio::test]
async fn admins_invite_org_admins_who_invite_caseworkers() {
    let app = spawn_app().await;
    let admin = create_admin(&app);
    let (admin_token, _) = enrol(&app, &app.sign_in(&admin, PASS).await).await;
    let org: Value = app
        .post_json(
            "/api/v1/admin/organizations",
            &json!({"name": "Partner B"}),
            Some(&admin_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let org_id = org["id"].as_str().unwrap();

    // An org admin invite needs an organization that exists.
    let res = app
        .post_json(
            "/api/v1/invites",
            &json!({"role": "org_admin"}),
            Some(&admin_token),
        )
        .await;
    assert_eq!(error_code(res).await, "organization_required");
    let res = app
        .post_json(
            "/api/v1/invites",
            &json!({"role": "org_admin", "organization_id": "00000000-0000-4000-8000-000000000000"}),
            Some(&admin_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_json(
            "/api/v1/invites",
            &json!({"role": "caseworker"}),
            Some(&admin_token),
        )
        .await;
    assert_eq!(error_code(res).await, "role_not_allowed");

    let invite: Value = app
        .post_json(
            "/api/v1/invites",
            &json!({"role": "org_admin", "organization_id": org_id}),
            Some(&admin_token),
        )
        .await
        .json()
        .await
        .unwrap();
    let code = invite["code"].as_str().unwrap();
    let accept = format!("/api/v1/invites/{code}/accept");
    let res = app
        .post_json(
            &accept,
            &json!({"passphrase": "org admin passphrase"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 201);
    let org_admin = res.json::<Value>().await.unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_string();
    // Single use.
    let res = app
        .post_json(
            &accept,
            &json!({"passphrase": "org admin passphrase"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_json(
            "/api/v1/invites/NOT-A-CODE/accept",
            &json!({"passphrase": "org admin passphrase"}),
            None,
        )
        .await;
    assert_eq!(res.status(), 404);

    let oa_token = app.sign_in(&org_admin, "org admin passphrase").await;
    let me = app.me(&oa_token).await;
    assert_eq!(me["role"], "org_admin");
    assert_eq!(me["organization_id"], org_id);
    let (oa_token, _) = enrol(&app, &oa_token).await;
    let res = app
        .post_json(
            "/api/v1/invites",
            &json!({"role": "caseworker"}),
            Some(&oa_token),
        )
        .await;
    assert_eq!(res.status(), 201);
    let cw_code = res.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .post_json(
            &format!("/api/v1/invites/{cw_code}/accept"),
            &json!({"passphrase": "caseworker passphrase"}),
            None,
        )
        .await;
    let cw = res.json::<Value>().await.unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_string();
    let cw_token = app.sign_in(&cw, "caseworker passphrase").await;
    let me = app.me(&cw_token).await;
    assert_eq!(me["role"], "caseworker");
    assert_eq!(me["organization_id"], org_id);
    // Org admins cannot create organizations; registrants do not even see staff routes.
    let res = app
        .post_json(
            "/api/v1/admin/organizations",
            &json!({"name": "X"}),
            Some(&oa_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let (registrant, _) = app.sign_up("registrant passphrase").await;
    let r_token = app.sign_in(&registrant, "registrant passphrase").await;
    let res = app
        .post_json(
            "/api/v1/admin/organizations",
            &json!({"name": "X"}),
            Some(&r_token),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_json("/api/v1/me/totp", &json!({}), Some(&r_token))
        .await;
    assert_eq!(res.status(), 404);
}

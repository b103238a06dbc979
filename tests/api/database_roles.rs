//! T17 on PostgreSQL: with `KINLINK_MIGRATION_DATABASE_URL` the tables belong to a migration role
//! and the service connects as a role of its own, which may append to the audit trail and read
//! it, but not edit, delete, truncate it or drop its triggers. Needs PostgreSQL roles, so these
//! are ignored in plain `cargo test`; `.ci/run` runs them with `--ignored` against its cluster.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use kinlink::config::DatabaseUrl;

use crate::consent::{answer, approve, my_matches, setup_with};
use crate::helpers::postgres_admin_url;

/// Turn settings that name a fresh test database (as its superuser) into the two-role setup:
/// the superuser migrates, a new login role without privileges serves.
fn split_roles(settings: &mut kinlink::config::Settings) {
    let admin = postgres_admin_url()
        .expect("these tests need PostgreSQL: set KINLINK_TEST_POSTGRES_URL (scripts/pg-start.sh)");
    let DatabaseUrl::Postgres(owner_url) = settings.database_url.clone() else {
        panic!("test_settings gave a SQLite database although KINLINK_TEST_POSTGRES_URL is set");
    };
    let role = format!("kinlink_app_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::establish(&admin).expect("admin connection");
    conn.batch_execute(&format!("CREATE ROLE {role} LOGIN NOSUPERUSER"))
        .expect("create role");
    let mut app_url = url::Url::parse(&owner_url).unwrap();
    app_url.set_username(&role).unwrap();
    settings.migration_database_url = Some(DatabaseUrl::Postgres(owner_url));
    settings.database_url = DatabaseUrl::Postgres(app_url.to_string());
}

#[tokio::test]
#[ignore = "needs PostgreSQL roles: .ci/run runs it with --ignored against its cluster"]
async fn the_service_role_runs_a_whole_consent_flow_but_can_only_append_to_the_audit_trail() {
    let c = setup_with(split_roles).await;
    let (app, id) = (&c.app, &c.candidate);
    // Every table the service touches works under the narrower role: sign-ups, registrations,
    // the matcher, review (with its audited views), consent and disclosure, the mail outbox.
    approve(&c).await;
    app.run_jobs().await;
    assert_eq!(answer(app, &c.a, id, "yes").await.status(), 200);
    app.run_jobs().await;
    assert_eq!(answer(app, &c.b, id, "yes").await.status(), 200);
    app.run_jobs().await;
    assert_eq!(my_matches(app, &c.a).await[0]["state"], "disclosed");

    let DatabaseUrl::Postgres(app_url) = &app.settings.database_url else {
        unreachable!()
    };
    let mut conn = PgConnection::establish(app_url).expect("service role connection");
    let refused = |conn: &mut PgConnection, sql: &str| match conn.batch_execute(sql) {
        Ok(()) => panic!("the service role could run: {sql}"),
        Err(e) => e.to_string(),
    };
    for sql in [
        "UPDATE audit_log SET outcome = 'denied' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 1",
        "TRUNCATE audit_log",
    ] {
        // Refused by privilege, before any trigger fires.
        let e = refused(&mut conn, sql);
        assert!(e.contains("permission denied"), "{sql}: {e}");
    }
    for sql in [
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete",
        "DROP TRIGGER audit_log_no_update_delete ON audit_log",
        "DROP TABLE audit_log",
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('29990101000000')",
    ] {
        let e = refused(&mut conn, sql);
        assert!(
            e.contains("must be owner") || e.contains("permission denied"),
            "{sql}: {e}"
        );
    }
    // Reading and appending stay allowed (the chain is verified by the service role's reads).
    conn.batch_execute("SELECT count(*) FROM audit_log")
        .unwrap();
    let out = app.cli(&["audit", "verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A restart under the same two roles migrates nothing and serves again.
    let again =
        crate::helpers::spawn_app_with(app.settings.clone(), tempfile::tempdir().unwrap()).await;
    assert_eq!(again.get("/readyz").await.status(), 200);
}

#[tokio::test]
#[ignore = "needs PostgreSQL roles: .ci/run runs it with --ignored against its cluster"]
async fn a_service_role_that_owns_the_tables_is_refused_in_the_two_role_setup() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::test_settings(&dir);
    split_roles(&mut settings);
    // The same role for both is the single-role setup under another name: refuse it.
    settings.database_url = settings.migration_database_url.clone().unwrap();
    let err = match kinlink::context::Context::open(settings, kinlink::clock::Clock::shifted()) {
        Ok(_) => panic!("started with one role for both URLs"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        err.contains("neither owns the tables nor is a superuser"),
        "{err}"
    );
}

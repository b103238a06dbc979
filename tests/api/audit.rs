//! The audit trail: append-only for the application, and `kinlink audit verify` finds the exact
//! sequence number of an edited, deleted or reordered row (threat T17).

use kinlink::audit::{Actor, Event};

use crate::helpers::{TestApp, spawn_app};

async fn append(app: &TestApp, n: usize) {
    for i in 0..n {
        let audit = app.ctx.audit.clone();
        app.ctx
            .db
            .write(move |conn| {
                let id = format!("obj-{i}");
                audit.record(
                    conn,
                    &Event {
                        actor: if i % 2 == 0 {
                            Actor::Staff {
                                id: "6f1c0d1e-staff",
                                role: "caseworker",
                            }
                        } else {
                            Actor::Registrant {
                                account_id: "acct-1",
                            }
                        },
                        action: "record.view",
                        object_type: "registration",
                        object_id: Some(&id),
                        case_id: None,
                        reason_code: Some("match_review"),
                        outcome: "ok",
                    },
                )
            })
            .await
            .unwrap();
    }
}

fn verify(app: &TestApp, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["audit", "verify"];
    args.extend_from_slice(extra);
    let out = app.cli(&args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn disable_guard(app: &TestApp) {
    // An insider with administrator rights first removes the append-only guard.
    if app.is_postgres() {
        app.admin_sql("ALTER TABLE audit_log DISABLE TRIGGER USER");
    } else {
        app.admin_sql("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
    }
}

#[tokio::test]
async fn an_intact_log_verifies() {
    let app = spawn_app().await;
    append(&app, 12).await;
    let (ok, out) = verify(&app, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("12 entries, last seq 12"), "{out}");
}

#[tokio::test]
async fn the_application_cannot_update_or_delete_audit_rows() {
    let app = spawn_app().await;
    append(&app, 2).await;
    use diesel::connection::SimpleConnection;
    let mut conn = app.ctx.db.get().unwrap();
    assert!(
        conn.batch_execute("UPDATE audit_log SET outcome = 'denied' WHERE seq = 1")
            .is_err()
    );
    assert!(
        conn.batch_execute("DELETE FROM audit_log WHERE seq = 2")
            .is_err()
    );
    drop(conn);
    assert!(verify(&app, &[]).0);
}

#[tokio::test]
async fn an_edited_row_is_reported_at_its_sequence_number() {
    let app = spawn_app().await;
    append(&app, 10).await;
    disable_guard(&app);
    app.admin_sql("UPDATE audit_log SET reason_code = 'curiosity' WHERE seq = 7");
    let (ok, out) = verify(&app, &[]);
    assert!(!ok);
    assert!(out.contains("broken at seq 7"), "{out}");
}

#[tokio::test]
async fn a_deleted_row_is_reported_at_its_sequence_number() {
    let app = spawn_app().await;
    append(&app, 10).await;
    disable_guard(&app);
    app.admin_sql("DELETE FROM audit_log WHERE seq = 4");
    let (ok, out) = verify(&app, &[]);
    assert!(!ok);
    assert!(out.contains("broken at seq 4"), "{out}");
}

#[tokio::test]
async fn reordered_rows_are_reported() {
    let app = spawn_app().await;
    append(&app, 10).await;
    disable_guard(&app);
    // Swap the positions of rows 5 and 6.
    app.admin_sql(
        "UPDATE audit_log SET seq = -5 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6; \
         UPDATE audit_log SET seq = 6 WHERE seq = -5;",
    );
    let (ok, out) = verify(&app, &[]);
    assert!(!ok);
    assert!(out.contains("broken at seq 5"), "{out}");
}

#[tokio::test]
async fn checkpoints_catch_rows_removed_from_the_end() {
    let app = spawn_app().await;
    append(&app, 6).await;
    let out = app.cli(&["audit", "checkpoint"]);
    assert!(out.status.success());
    let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(line.starts_with("kinlink-checkpoint v1 seq=6 "), "{line}");
    let file = app.settings.data_dir.join("checkpoints.txt");
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let cp = file.to_str().unwrap();
    append(&app, 2).await;
    let (ok, out) = verify(&app, &["--checkpoint", cp]);
    assert!(ok, "{out}");
    assert!(out.contains("1 checkpoints confirmed"), "{out}");

    // Without a checkpoint, cutting the tail leaves a valid-looking chain; with it, it does not.
    disable_guard(&app);
    app.admin_sql("DELETE FROM audit_log WHERE seq >= 5");
    assert!(verify(&app, &[]).0);
    let (ok, out) = verify(&app, &["--checkpoint", cp]);
    assert!(!ok);
    assert!(out.contains("broken at seq 5"), "{out}");

    // A forged checkpoint line is refused.
    std::fs::write(&file, line.replace("seq=6", "seq=5")).unwrap();
    let out = app.cli(&["audit", "verify", "--checkpoint", cp]);
    assert!(!out.status.success());
}

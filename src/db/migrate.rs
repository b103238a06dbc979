//! Embedded migrations, one folder per backend with identical names (checked by a test).

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConn;

pub const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Apply every pending migration; returns the names applied. On PostgreSQL a session advisory
/// lock makes instances starting together migrate one after the other.
pub fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    match conn {
        DbConn::Sqlite(c) => Ok(names(c.run_pending_migrations(SQLITE)?)),
        DbConn::Postgres(c) => {
            use diesel::RunQueryDsl;
            // Diesel's harness begins with CREATE TABLE IF NOT EXISTS, which a service role
            // without CREATE (the two-role setup) may not run even when nothing is pending.
            if !postgres_has_pending(c)? {
                return Ok(Vec::new());
            }
            diesel::sql_query("SELECT pg_advisory_lock(7171002)").execute(c)?;
            let result = c.run_pending_migrations(POSTGRES).map(names);
            diesel::sql_query("SELECT pg_advisory_unlock(7171002)").execute(c)?;
            result
        }
    }
}

/// Whether an embedded migration is not yet recorded as applied, read with plain SELECTs.
fn postgres_has_pending(c: &mut diesel::PgConnection) -> Result<bool, BoxError> {
    use diesel::RunQueryDsl;
    use diesel::migration::MigrationSource;
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    let table: Exists =
        diesel::sql_query("SELECT to_regclass('__diesel_schema_migrations') IS NOT NULL AS exists")
            .get_result(c)?;
    if !table.exists {
        return Ok(true);
    }
    let applied: std::collections::HashSet<String> =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
            .load::<Version>(c)?
            .into_iter()
            .map(|v| v.version)
            .collect();
    let embedded = MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES)?;
    Ok(embedded
        .iter()
        .any(|m| !applied.contains(&m.name().version().to_string())))
}

fn names(versions: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    versions.into_iter().map(|v| v.to_string()).collect()
}

/// Revert every applied migration (used by tests and by operators rebuilding a database).
pub fn revert_all(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let reverted = match conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE)?,
        DbConn::Postgres(c) => c.revert_all_migrations(POSTGRES)?,
    };
    Ok(reverted.into_iter().map(|v| v.to_string()).collect())
}

/// Names of applied migrations, oldest first.
pub fn applied(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let mut names = match conn {
        DbConn::Sqlite(c) => c.applied_migrations()?,
        DbConn::Postgres(c) => c.applied_migrations()?,
    }
    .into_iter()
    .map(|v| v.to_string())
    .collect::<Vec<_>>();
    names.sort();
    Ok(names)
}

#[derive(diesel::QueryableByName)]
struct RoleRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    superuser: bool,
}

/// The role a PostgreSQL connection acts as, and whether it is a superuser (for whom no
/// privilege or trigger is a barrier).
pub fn current_role(conn: &mut DbConn) -> Result<(String, bool), BoxError> {
    use diesel::RunQueryDsl;
    let row: RoleRow = diesel::sql_query(
        "SELECT current_user::text AS name, rolsuper AS superuser \
         FROM pg_roles WHERE rolname = current_user",
    )
    .get_result(conn)?;
    Ok((row.name, row.superuser))
}

/// Whether `role` owns `audit_log` (and so could drop its append-only triggers).
pub fn owns_audit_log(conn: &mut DbConn, role: &str) -> Result<bool, BoxError> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Owner {
        #[diesel(sql_type = diesel::sql_types::Text)]
        owner: String,
    }
    let rows: Vec<Owner> = diesel::sql_query(
        "SELECT tableowner::text AS owner FROM pg_tables \
         WHERE tablename = 'audit_log' AND schemaname = current_schema()",
    )
    .load(conn)?;
    Ok(rows.iter().any(|r| r.owner == role))
}

/// Run as the tables' owner after migrating: give the application's role what the service
/// needs on every table, but only `SELECT` and `INSERT` on `audit_log` (the application never
/// edits the trail, and a role that does not own the table cannot drop its triggers either) and
/// only `SELECT` on the migrations table. Repeated at every start, so tables that later
/// migrations add are covered.
pub fn grant_application_role(owner: &mut DbConn, app_role: &str) -> Result<(), BoxError> {
    use diesel::RunQueryDsl;
    use diesel::connection::SimpleConnection;
    #[derive(diesel::QueryableByName)]
    struct Schema {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let schema: Schema =
        diesel::sql_query("SELECT current_schema()::text AS name").get_result(owner)?;
    let (role, schema) = (quote_ident(app_role), quote_ident(&schema.name));
    owner.batch_execute(&format!(
        "GRANT USAGE ON SCHEMA {schema} TO {role}; \
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}; \
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}; \
         REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM {role}; \
         REVOKE ALL ON __diesel_schema_migrations FROM {role}; \
         GRANT SELECT ON __diesel_schema_migrations TO {role};"
    ))?;
    Ok(())
}

/// A PostgreSQL identifier in double quotes (role names come from the server, but may hold any
/// character).
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::quote_ident;

    #[test]
    fn identifiers_are_quoted_and_inner_quotes_doubled() {
        assert_eq!(quote_ident("kinlink_app"), "\"kinlink_app\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}

//! Rows of `jobs`: when each job is next due and who holds it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::jobs;

/// Make the job's row if it has none (due at once).
pub fn ensure(conn: &mut DbConn, name: &str, now: NaiveDateTime) -> QueryResult<()> {
    let row = (
        jobs::name.eq(name),
        jobs::next_run_at.eq(now),
        jobs::lease_until.eq(None::<NaiveDateTime>),
        jobs::holder.eq(None::<String>),
    );
    match conn {
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(jobs::table)
            .values(row)
            .execute(c)?,
        DbConn::Postgres(c) => diesel::insert_into(jobs::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(())
}

/// Take the job if it is due and unheld: true when this caller got it.
pub fn claim(
    conn: &mut DbConn,
    name: &str,
    holder: &str,
    now: NaiveDateTime,
    next_run_at: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        jobs::table
            .find(name)
            .filter(jobs::next_run_at.le(now))
            .filter(jobs::lease_until.is_null().or(jobs::lease_until.lt(now))),
    )
    .set((
        jobs::next_run_at.eq(next_run_at),
        jobs::lease_until.eq(Some(lease_until)),
        jobs::holder.eq(Some(holder)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn release(conn: &mut DbConn, name: &str, holder: &str) -> QueryResult<usize> {
    diesel::update(jobs::table.find(name).filter(jobs::holder.eq(holder)))
        .set(jobs::lease_until.eq(None::<NaiveDateTime>))
        .execute(conn)
}

/// Record that `name` ran (or, for the matcher, is alive) now: it is next due at
/// `next_run_at`. The lease is left alone.
pub fn mark_ran(
    conn: &mut DbConn,
    name: &str,
    now: NaiveDateTime,
    next_run_at: NaiveDateTime,
) -> QueryResult<()> {
    ensure(conn, name, now)?;
    diesel::update(jobs::table.find(name))
        .set(jobs::next_run_at.eq(next_run_at))
        .execute(conn)?;
    Ok(())
}

/// When each job (and the matcher's heartbeat) is next due.
pub fn due_times(conn: &mut DbConn) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    jobs::table
        .select((jobs::name, jobs::next_run_at))
        .load(conn)
}

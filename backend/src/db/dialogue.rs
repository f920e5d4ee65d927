//! Where a user or organisation takes part in market dialogue, across challenges: for "my
//! dialogue" (questions, registrations, bookings) and the coordinator's dashboard.

use crate::on_db;

use super::Db;

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Challenges (newest activity first) where `orgs` asked questions, `user_id` holds an active
/// event registration, or `orgs` booked meetings.
pub async fn challenges_taken_part_in(
    db: &Db,
    user_id: i64,
    orgs: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    let org_list = if orgs.is_empty() {
        "NULL".to_owned()
    } else {
        id_list(orgs)
    };
    let sql = format!(
        "SELECT challenge_id, MAX(at) AS last FROM (
           SELECT challenge_id, asked_at AS at FROM questions WHERE org_id IN ({org_list})
           UNION ALL
           SELECT e.challenge_id, r.registered_at AS at FROM event_registrations r JOIN events e ON e.id = r.event_id
             WHERE r.user_id = $1 AND r.cancelled_at IS NULL
           UNION ALL
           SELECT challenge_id, starts_at AS at FROM meeting_slots WHERE booked_org IN ({org_list})
         ) taken GROUP BY challenge_id ORDER BY last DESC, challenge_id DESC LIMIT 200"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(&*sql)).bind(user_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id, _)| id).collect())
}

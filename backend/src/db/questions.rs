//! Questions on challenges and their answers (market dialogue).

use sqlx::FromRow;

use crate::on_db;

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub challenge_id: i64,
    pub org_id: i64,
    pub asked_by: Option<i64>,
    pub text: String,
    pub asked_at: i64,
    pub public_question: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
}

const COLUMNS: &str =
    "id, challenge_id, org_id, asked_by, text, asked_at, public_question, answer, answered_at";

pub async fn insert(
    db: &Db,
    challenge_id: i64,
    org_id: i64,
    user_id: i64,
    text: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO questions (challenge_id, org_id, asked_by, text, asked_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql)
        .bind(challenge_id).bind(org_id).bind(user_id).bind(text).bind(now)
        .fetch_one(pool).await)
}

pub async fn find(db: &Db, challenge_id: i64, id: i64) -> Result<Option<QuestionRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM questions WHERE id = $1 AND challenge_id = $2");
    on_db!(db, pool => sqlx::query_as::<_, QuestionRow>(sqlx::AssertSqlSafe(&*sql)).bind(id).bind(challenge_id).fetch_optional(pool).await)
}

/// Every question of a challenge, oldest first; the caller decides who sees what.
pub async fn for_challenge(db: &Db, challenge_id: i64) -> Result<Vec<QuestionRow>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM questions WHERE challenge_id = $1 ORDER BY asked_at, id");
    on_db!(db, pool => sqlx::query_as::<_, QuestionRow>(sqlx::AssertSqlSafe(&*sql)).bind(challenge_id).fetch_all(pool).await)
}

/// Publishes (or corrects) the answer and the public wording of a question. The first answer's
/// time is kept as the publication time.
pub async fn answer(
    db: &Db,
    id: i64,
    public_question: &str,
    answer: &str,
    user_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE questions SET public_question = $1, answer = $2, answered_by = $3,
                 answered_at = COALESCE(answered_at, $4)
               WHERE id = $5";
    on_db!(db, pool => sqlx::query(sql).bind(public_question).bind(answer).bind(user_id).bind(now).bind(id)
        .execute(pool).await.map(|_| ()))
}

pub async fn count_for_challenge(db: &Db, challenge_id: i64) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM questions WHERE challenge_id = $1")
        .bind(challenge_id).fetch_one(pool).await)
}

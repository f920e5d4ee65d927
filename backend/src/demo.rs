//! Demo and benchmark data: `kehto seed-demo` loads `backend/demo/demo.json` (realistic
//! organisations, people and challenges in three languages) into an empty database;
//! `kehto seed-bench` generates many challenges for load tests.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Timelike, Utc};
use kehto_shared::Lang;
use kehto_shared::challenge::{
    ChallengeInput, ChallengeStatus, ChallengeTranslation, CooperationModel, ProcurementNotice,
    Theme,
};
use kehto_shared::org::{OrgKind, Role};
use serde::Deserialize;

use crate::cli::GlobalArgs;
use crate::db::challenges::ChallengeWrite;
use crate::db::{self, Db};
use crate::server::open_database;

const DEMO_JSON: &str = include_str!("../demo/demo.json");

#[derive(Debug, Deserialize)]
pub struct DemoFile {
    pub password: String,
    pub organisations: Vec<DemoOrg>,
    pub users: Vec<DemoUser>,
    pub challenges: Vec<DemoChallenge>,
}

#[derive(Debug, Deserialize)]
pub struct DemoOrg {
    pub key: String,
    pub kind: OrgKind,
    pub name: String,
    pub business_id: String,
    pub website: Option<String>,
    /// The organisation's profile (see `demo_profiles`).
    #[serde(default)]
    pub profile: Option<kehto_shared::profile::OrgProfileInput>,
}

#[derive(Debug, Deserialize)]
pub struct DemoUser {
    pub email: String,
    pub display_name: String,
    pub lang: Lang,
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub memberships: Vec<DemoMembership>,
}

#[derive(Debug, Deserialize)]
pub struct DemoMembership {
    /// A region code or an organisation key.
    pub org: String,
    pub role: Role,
}

#[derive(Debug, Deserialize)]
pub struct DemoChallenge {
    pub regions: Vec<String>,
    pub status: ChallengeStatus,
    pub content_lang: Lang,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub themes: Vec<Theme>,
    pub trl_min: u8,
    pub trl_max: u8,
    pub model: CooperationModel,
    pub budget_min_eur: Option<i64>,
    pub budget_max_eur: Option<i64>,
    pub published_days_ago: Option<i64>,
    pub questions_close_in_days: Option<i64>,
    pub proposals_close_in_days: Option<i64>,
    pub decision_target_in_days: Option<i64>,
    pub contact_name: String,
    pub contact_email: String,
    pub cancel_reason: Option<String>,
    #[serde(default)]
    pub translations: Vec<ChallengeTranslation>,
    #[serde(default)]
    pub evaluation_criteria: String,
    #[serde(default)]
    pub procurement_notice: Option<ProcurementNotice>,
    /// Changes made after publication, each a new version in the change log.
    #[serde(default)]
    pub revisions: Vec<DemoRevision>,
    /// Info sessions and meeting slots.
    #[serde(default)]
    pub dialogue: Option<crate::demo_dialogue::DemoDialogue>,
    /// The criteria set, submitted proposals and evaluation panel (a challenge past its deadline).
    #[serde(default)]
    pub evaluation: Option<crate::demo_evaluation::DemoEvaluation>,
}

/// A change to a published demo challenge.
#[derive(Debug, Deserialize)]
pub struct DemoRevision {
    pub days_after_publication: i64,
    pub reason: String,
    #[serde(default)]
    pub proposals_close_in_days: Option<i64>,
    #[serde(default)]
    pub summary: Option<String>,
}

pub fn demo_file() -> anyhow::Result<DemoFile> {
    Ok(serde_json::from_str(DEMO_JSON)?)
}

/// Loads the demo data unless the database already has users or challenges.
pub async fn seed_demo(global: &GlobalArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&global.data_dir)?;
    let db = open_database(&global.database_url(), 4).await?;
    let demo = demo_file()?;
    if db::users::count_users(&db).await? > 0 || db::challenges::count_all(&db).await? > 0 {
        println!("The database already has data; demo data not loaded.");
    } else {
        let counts = load(&db, &demo, Utc::now()).await?;
        println!(
            "Demo data loaded: {} organisations, {} users, {} challenges.",
            counts.0, counts.1, counts.2
        );
    }
    print_sign_ins(&demo);
    db.close().await;
    Ok(())
}

fn print_sign_ins(demo: &DemoFile) {
    println!("Demo sign-ins (password for all: {}):", demo.password);
    for u in &demo.users {
        let roles: Vec<String> = u
            .memberships
            .iter()
            .map(|m| format!("{} @ {}", m.role.code(), m.org))
            .collect();
        let admin = if u.is_admin { " [platform admin]" } else { "" };
        println!("  {:<40} {}{}", u.email, roles.join(", "), admin);
    }
}

/// Inserts everything in `demo` with dates relative to `now`; returns (organisations, users,
/// challenges) inserted.
pub async fn load(
    db: &Db,
    demo: &DemoFile,
    now: DateTime<Utc>,
) -> anyhow::Result<(usize, usize, usize)> {
    let ts = now.timestamp();
    let mut org_ids: HashMap<String, i64> = HashMap::new();
    for r in db::orgs::list_regions(db).await? {
        if let Some(code) = r.region_code.clone() {
            org_ids.insert(code, r.id);
        }
    }
    for o in &demo.organisations {
        let id = kehto_shared::business_id::BusinessId::parse(&o.business_id).ok_or_else(|| {
            anyhow::anyhow!("demo organisation {} has an invalid business ID", o.key)
        })?;
        let new = db::orgs::NewOrg {
            kind: o.kind,
            name: &o.name,
            business_id: id.as_str(),
            website: o.website.as_deref(),
            now: ts,
        };
        let org_id = db::orgs::insert_org(db, &new)
            .await?
            .ok_or_else(|| anyhow::anyhow!("duplicate business ID {}", o.business_id))?;
        org_ids.insert(o.key.clone(), org_id);
        if let Some(p) = &o.profile {
            crate::demo_profiles::load(db, org_id, &o.name, p, ts).await?;
        }
    }
    let hash = crate::auth::password::hash_password(&demo.password)?;
    let mut coordinator_of: HashMap<i64, i64> = HashMap::new();
    // e-mail → (user id, first company or research organisation), for the dialogue data.
    let mut people: HashMap<String, (i64, Option<i64>)> = HashMap::new();
    let mut user_ids: HashMap<String, i64> = HashMap::new();
    let mut first_user = 0;
    for u in &demo.users {
        let new = db::users::NewUser {
            email: &u.email,
            password_hash: &hash,
            display_name: &u.display_name,
            lang: u.lang.code(),
            verified_at: Some(ts),
            is_admin: u.is_admin,
            now: ts,
        };
        let id = db::users::insert_user(db, &new)
            .await?
            .ok_or_else(|| anyhow::anyhow!("duplicate demo user {}", u.email))?;
        if first_user == 0 {
            first_user = id;
        }
        user_ids.insert(u.email.clone(), id);
        for m in &u.memberships {
            let org = *org_ids
                .get(&m.org)
                .ok_or_else(|| anyhow::anyhow!("unknown organisation {} for {}", m.org, u.email))?;
            db::orgs::set_membership(db, org, id, m.role.code(), ts).await?;
            if m.role == Role::Coordinator {
                coordinator_of.entry(org).or_insert(id);
            }
            if matches!(m.role, Role::CompanyOwner | Role::CompanyMember) {
                let entry = people.entry(u.email.clone()).or_insert((id, None));
                entry.1.get_or_insert(org);
            }
        }
    }
    // Deadlines fall on the hour, as people set them.
    let base = now
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .unwrap_or(now)
        + Duration::hours(1);
    let day = |n: Option<i64>| n.map(|d| base + Duration::days(d));
    for c in &demo.challenges {
        let region_ids = c
            .regions
            .iter()
            .map(|code| {
                org_ids
                    .get(code)
                    .copied()
                    .ok_or_else(|| anyhow::anyhow!("unknown region {code}"))
            })
            .collect::<anyhow::Result<Vec<i64>>>()?;
        let input = ChallengeInput {
            content_lang: c.content_lang,
            title: c.title.clone(),
            summary: c.summary.clone(),
            description: c.description.clone(),
            region_ids: region_ids.clone(),
            themes: c.themes.clone(),
            trl_min: c.trl_min,
            trl_max: c.trl_max,
            model: c.model,
            budget_min_eur: c.budget_min_eur,
            budget_max_eur: c.budget_max_eur,
            questions_close_at: day(c.questions_close_in_days),
            proposals_close_at: day(c.proposals_close_in_days),
            decision_target_at: day(c.decision_target_in_days),
            contact_name: c.contact_name.clone(),
            contact_email: c.contact_email.clone(),
            translations: c.translations.clone(),
            evaluation_criteria: c.evaluation_criteria.clone(),
            procurement_notice: c.procurement_notice.clone(),
            change_reason: None,
        };
        input
            .validate_draft()
            .map_err(|e| anyhow::anyhow!("demo challenge {:?} is invalid: {e:?}", c.title))?;
        let names: Vec<String> = db::orgs::refs_by_ids(db, &region_ids)
            .await?
            .into_iter()
            .flat_map(|r| [r.name_fi, r.name_sv, r.name_en])
            .collect();
        // The stored status of a challenge past its deadline is what it was before closing.
        let stored = if c.status == ChallengeStatus::Closed {
            ChallengeStatus::ProposalsOpen
        } else {
            c.status
        };
        let published = c
            .published_days_ago
            .filter(|_| c.status != ChallengeStatus::Draft)
            .map(|d| (base - Duration::days(d)).timestamp());
        let write = ChallengeWrite {
            input: &input,
            initial_status: stored,
            initial_published_at: published,
            description_html: crate::markdown::render(&input.description),
            criteria_html: crate::markdown::render(&input.evaluation_criteria),
            translation_html: input
                .translations
                .iter()
                .map(|t| crate::markdown::render(&t.description))
                .collect(),
            keys: crate::search::challenge_keys(&input, &names),
            now: ts,
        };
        let author = region_ids
            .iter()
            .find_map(|r| coordinator_of.get(r).copied())
            .unwrap_or(first_user);
        let id = db::challenges::insert(db, &write, (author != 0).then_some(author)).await?;
        let criteria_json = c
            .evaluation
            .as_ref()
            .map(crate::demo_evaluation::criteria_json)
            .transpose()?;
        let first_content = match &criteria_json {
            Some(set) => crate::routes::challenges::version_content(&input, Some(set))
                .map_err(|e| anyhow::anyhow!("demo version content: {e:?}"))?,
            None => serde_json::to_string(&input)?,
        };
        let first_version = db::challenges::VersionWrite {
            content_json: first_content,
            changed: String::new(),
            reason: None,
            user_id: (author != 0).then_some(author),
        };
        if c.status != ChallengeStatus::Draft {
            db::challenges::add_version(db, id, &first_version, published.unwrap_or(ts)).await?;
        }
        let mut current = input.clone();
        for (n, rev) in c.revisions.iter().enumerate() {
            let mut next = current.clone();
            if let Some(days) = rev.proposals_close_in_days {
                next.proposals_close_at = day(Some(days));
            }
            if let Some(summary) = &rev.summary {
                next.summary = summary.clone();
            }
            let changed = kehto_shared::challenge::changed_fields(&current, &next);
            let at = published.unwrap_or(ts) + rev.days_after_publication * 86_400;
            let version = db::challenges::VersionWrite {
                content_json: serde_json::to_string(&next)?,
                changed: changed
                    .iter()
                    .map(|f| f.code())
                    .collect::<Vec<_>>()
                    .join(","),
                reason: Some(&rev.reason),
                user_id: (author != 0).then_some(author),
            };
            let write = ChallengeWrite {
                input: &next,
                initial_status: stored,
                initial_published_at: published,
                description_html: crate::markdown::render(&next.description),
                criteria_html: crate::markdown::render(&next.evaluation_criteria),
                translation_html: next
                    .translations
                    .iter()
                    .map(|t| crate::markdown::render(&t.description))
                    .collect(),
                keys: crate::search::challenge_keys(&next, &names),
                now: at,
            };
            let base = 1 + n as i64;
            db::challenges::update(db, id, stored.code(), &write, Some((&version, base))).await?;
            current = next;
        }
        if let Some(reason) = &c.cancel_reason {
            db::challenges::set_status(
                db,
                id,
                &db::challenges::StatusChange {
                    from: stored.code(),
                    to: stored,
                    reason: Some(reason),
                    now: ts,
                    first_version: None,
                    expected_updated_at: None,
                },
            )
            .await?;
        }
        if let (Some(e), Some(set)) = (&c.evaluation, &criteria_json) {
            db::challenges::set_criteria_set(db, id, stored.code(), set, None, ts).await?;
            let deadline = current
                .proposals_close_at
                .ok_or_else(|| anyhow::anyhow!("demo evaluation without a deadline"))?;
            let criteria =
                kehto_shared::proposals::criteria_from_text(&current.evaluation_criteria);
            let who = crate::demo_evaluation::DemoDirectory {
                people: &people,
                users: &user_ids,
                orgs: &org_ids,
                coordinator: author,
            };
            crate::demo_evaluation::load(db, id, (&criteria, deadline.timestamp(), ts), e, &who)
                .await?;
        }
        let created = published.map(|p| p - 7 * 86_400).unwrap_or(ts);
        db::challenges::set_timestamps(db, id, created, published).await?;
        if let Some(d) = &c.dialogue {
            let who = crate::demo_dialogue::DemoPeople {
                users: &people,
                coordinator: author,
            };
            crate::demo_dialogue::load(db, id, d, &who, now).await?;
        }
    }
    Ok((
        demo.organisations.len(),
        demo.users.len(),
        demo.challenges.len(),
    ))
}

/// Words the generated benchmark challenges are made of (Finnish, inflected as in real texts).
const BENCH_TOPICS: &[&str] = &[
    "kotihoidon etäseuranta",
    "nuorten mielenterveyden tuki",
    "omaishoitajien jaksaminen",
    "lääkehoidon ohjaus",
    "päivystyksen hoidon tarpeen arviointi",
    "ikääntyneiden kaatumisten ehkäisy",
    "kuntoutuksen etäpalvelut",
    "henkilöstön perehdytys",
    "päihdetyön jalkautuminen",
    "vammaispalvelujen asiointi",
    "yöaikainen turvallisuus kotona",
    "lasten ja perheiden palveluohjaus",
];
const BENCH_SENTENCES: &[&str] = &[
    "Etsimme ratkaisua, joka vähentää hoitajien manuaalista kirjaamista ja vapauttaa aikaa asiakastyöhön.",
    "Ratkaisun tulee integroitua potilastietojärjestelmään ja noudattaa tietosuoja-asetusta.",
    "Tarjoamme testiympäristön, asiakasraadin ja kehittäjäkumppanin koko pilotin ajaksi.",
    "Hyvinvointialue hakee kumppania yhteiskehittämiseen ja pilotointiin aidossa toimintaympäristössä.",
    "Ratkaisun vaikutuksia arvioidaan asiakastyytyväisyyden, kustannusten ja potilasturvallisuuden näkökulmista.",
    "Palvelun on oltava saavutettava ja toimittava suomeksi ja ruotsiksi.",
];

/// Generates `count` challenges spread over regions, themes, statuses and deadlines.
pub async fn seed_bench(global: &GlobalArgs, count: usize) -> anyhow::Result<()> {
    std::fs::create_dir_all(&global.data_dir)?;
    let db = open_database(&global.database_url(), 4).await?;
    let regions = db::orgs::list_regions(&db).await?;
    let now = Utc::now();
    let statuses = [
        ChallengeStatus::Published,
        ChallengeStatus::ProposalsOpen,
        ChallengeStatus::Evaluation,
        ChallengeStatus::Decided,
    ];
    let inputs: Vec<ChallengeInput> = (0..count)
        .map(|i| {
            let topic = BENCH_TOPICS[i % BENCH_TOPICS.len()];
            let region = &regions[(i * 7) % regions.len()];
            let description: Vec<&str> = (0..4)
                .map(|k| BENCH_SENTENCES[(i + k) % BENCH_SENTENCES.len()])
                .collect();
            ChallengeInput {
                content_lang: Lang::Fi,
                title: format!("Ratkaisuja: {topic} ({})", i + 1),
                summary: format!("{} hakee ratkaisuja aiheeseen {topic}.", region.name_fi),
                description: description.join("\n\n"),
                region_ids: vec![region.id],
                themes: vec![Theme::ALL[i % Theme::ALL.len()]],
                trl_min: 4 + (i % 3) as u8,
                trl_max: 7 + (i % 3) as u8,
                model: CooperationModel::ALL[i % CooperationModel::ALL.len()],
                budget_min_eur: Some(20_000),
                budget_max_eur: Some(200_000),
                questions_close_at: Some(now + Duration::days((i % 60) as i64 - 10)),
                proposals_close_at: Some(now + Duration::days((i % 90) as i64 - 5)),
                decision_target_at: Some(now + Duration::days((i % 90) as i64 + 60)),
                contact_name: "Benchmark Coordinator".to_owned(),
                contact_email: "bench@kehto.invalid".to_owned(),
                translations: vec![],
                evaluation_criteria: String::new(),
                procurement_notice: None,
                change_reason: None,
            }
        })
        .collect();
    let started = std::time::Instant::now();
    for (chunk_no, chunk) in inputs.chunks(500).enumerate() {
        let writes: Vec<ChallengeWrite<'_>> = chunk
            .iter()
            .enumerate()
            .map(|(k, input)| ChallengeWrite {
                input,
                initial_status: statuses[(chunk_no * 500 + k) % statuses.len()],
                initial_published_at: Some(
                    now.timestamp() - ((chunk_no * 500 + k) % 365) as i64 * 86_400,
                ),
                description_html: crate::markdown::render(&input.description),
                criteria_html: String::new(),
                translation_html: vec![],
                keys: crate::search::challenge_keys(input, &[]),
                now: now.timestamp(),
            })
            .collect();
        db::challenges::insert_batch(&db, &writes, None).await?;
    }
    db.maintain().await?;
    println!(
        "Generated {count} challenges in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    db.close().await;
    Ok(())
}

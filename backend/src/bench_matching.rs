//! `kehto bench-matching` (hidden; run by `cargo xtask bench matching`): matchmaking at scale on
//! a real database. Generates — deterministically, into an empty database — organisations with
//! public profiles and challenges from the hand-judged evaluation set (`backend/matching/eval`),
//! each copy varied with words drawn from the set's own vocabulary so that term statistics are
//! not those of a few texts repeated. Then it measures, through the functions the API handlers
//! call (`matchmaking::service`, after the same database reads the handlers do):
//!
//! - the start-up build of the index (`matchmaking::build`: every fact read, analysed, weighed);
//! - p50/p95 of the top-20 recommended challenges for a company and organisations suggested for
//!   a challenge (plus similar challenges), each including its database reads;
//! - the cost of updating the index when a profile or a challenge changes (re-read + replace),
//!   a catch-up with those changes, and the re-weighing.

use std::time::{Duration, Instant};

use chrono::Utc;
use kehto_matching::eval::{EvalSet, default_dir};
use kehto_shared::Lang;
use kehto_shared::challenge::{ChallengeInput, ChallengeStatus};
use kehto_shared::org::OrgKind;
use kehto_shared::profile::{MedicalDeviceClass, OrgProfileInput, SizeClass, SolutionOffering};

use crate::cli::GlobalArgs;
use crate::db::challenges::ChallengeWrite;
use crate::db::orgs::NewOrg;
use crate::db::profiles::ProfileWrite;
use crate::db::{self, Db};
use crate::routes::challenge_view::to_input;
use crate::search::{ProfileTexts, profile_keys};
use crate::server::open_database;
use crate::state::{AppState, Settings};

/// A small deterministic generator (64-bit LCG), so every run seeds the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A valid business ID (Y-tunnus) for the `n`-th generated organisation.
fn business_id(n: usize) -> String {
    const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];
    (3_000_000 + n as u32 * 2..)
        .find_map(|k| {
            let digits = format!("{:07}", k % 10_000_000);
            let sum: u32 = digits
                .chars()
                .zip(WEIGHTS)
                .map(|(d, w)| d.to_digit(10).unwrap_or(0) * w)
                .sum();
            match sum % 11 {
                0 => Some(format!("{digits}-0")),
                1 => None,
                r => Some(format!("{digits}-{}", 11 - r)),
            }
        })
        .unwrap_or_default()
}

/// `k` words drawn from `pool`, as a sentence.
fn words(rng: &mut Lcg, pool: &[String], k: usize) -> String {
    (0..k)
        .map(|_| pool[rng.below(pool.len())].as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn vocabulary(set: &EvalSet) -> Vec<String> {
    let mut pool: Vec<String> = set
        .challenges
        .iter()
        .flat_map(|(_, c)| {
            c.texts
                .iter()
                .flat_map(|t| [t.summary.clone(), t.description.clone()])
        })
        .chain(set.orgs.iter().flat_map(|(_, o)| {
            std::iter::once(o.description.clone())
                .chain(o.offerings.iter().map(|x| x.description.clone()))
        }))
        .flat_map(|t| {
            t.split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 5)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    pool.sort();
    pool.dedup();
    pool
}

/// Seeds `orgs` organisations with public profiles and `challenges` challenges.
async fn seed(db: &Db, set: &EvalSet, orgs: usize, challenges: usize) -> anyhow::Result<()> {
    let pool = vocabulary(set);
    let regions = db::orgs::list_regions(db).await?;
    // Everything was written a day ago: a catch-up then re-reads only what the run changes.
    let now = Utc::now().timestamp() - 86_400;
    let mut rng = Lcg(20_260_302);
    let started = Instant::now();
    let mut done = 0;
    while done < orgs {
        let n = (orgs - done).min(500);
        let names: Vec<(String, String, OrgKind)> = (done..done + n)
            .map(|i| {
                let (_, base) = &set.orgs[i % set.orgs.len()];
                let kind = if base.kind == kehto_matching::OrgKindFact::Research {
                    OrgKind::Research
                } else {
                    OrgKind::Company
                };
                (format!("{} {}", base.name, i + 1), business_id(i), kind)
            })
            .collect();
        let new: Vec<NewOrg<'_>> = names
            .iter()
            .map(|(name, bid, kind)| NewOrg {
                kind: *kind,
                name,
                business_id: bid,
                website: None,
                now,
            })
            .collect();
        let ids = db::orgs::insert_orgs(db, &new).await?;
        let inputs: Vec<(i64, usize, OrgProfileInput)> = ids
            .iter()
            .enumerate()
            .filter_map(|(k, id)| Some(((*id)?, done + k)))
            .map(|(id, i)| {
                let (_, base) = &set.orgs[i % set.orgs.len()];
                let extra = words(&mut rng, &pool, 8);
                let input = OrgProfileInput {
                    size_class: Some(SizeClass::ALL[i % SizeClass::ALL.len()]),
                    summary: base.summary.clone(),
                    description: format!("{} {extra}", base.description),
                    themes: base.themes.clone(),
                    capabilities: base.capabilities.clone(),
                    offerings: base
                        .offerings
                        .iter()
                        .map(|o| SolutionOffering {
                            id: None,
                            name: o.name.clone(),
                            description: format!("{} {}", o.description, words(&mut rng, &pool, 4)),
                            trl: (i64::from(o.trl) + rng.below(3) as i64 - 1).clamp(1, 9) as u8,
                            medical_device_class: MedicalDeviceClass::NotMedicalDevice,
                            ce_marked: false,
                            references: String::new(),
                            languages: o.languages.clone(),
                            regions_served: o.regions_served.clone(),
                        })
                        .collect(),
                    contact_name: "Bench Contact".into(),
                    contact_email: format!("contact{i}@bench.invalid"),
                    contact_phone: None,
                    website: None,
                    languages: base.languages.clone(),
                    public: true,
                };
                (id, i, input)
            })
            .collect();
        let writes: Vec<ProfileWrite<'_>> = inputs
            .iter()
            .map(|(id, i, input)| ProfileWrite {
                org_id: *id,
                input,
                description_html: crate::markdown::render(&input.description),
                offering_html: input
                    .offerings
                    .iter()
                    .map(|o| crate::markdown::render(&o.description))
                    .collect(),
                keys: profile_keys(&ProfileTexts {
                    name: &names[i - done].0,
                    input,
                }),
                user_id: None,
                now,
            })
            .collect();
        db::profiles::save_many(db, &writes).await?;
        done += n;
    }
    println!(
        "Generated {orgs} organisations with public profiles in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let statuses = [
        (ChallengeStatus::Published, 6),
        (ChallengeStatus::ProposalsOpen, 1),
        (ChallengeStatus::Evaluation, 1),
        (ChallengeStatus::Decided, 2),
    ];
    let cycle: Vec<ChallengeStatus> = statuses
        .iter()
        .flat_map(|(s, n)| std::iter::repeat_n(*s, *n))
        .collect();
    let inputs: Vec<(ChallengeStatus, ChallengeInput)> = (0..challenges)
        .map(|i| {
            let (_, base) = &set.challenges[i % set.challenges.len()];
            let region = &regions[(i * 7) % regions.len()];
            let status = cycle[i % cycle.len()];
            let t = &base.texts[0];
            let open = matches!(
                status,
                ChallengeStatus::Published | ChallengeStatus::ProposalsOpen
            );
            let days = if open {
                10 + (i % 80) as i64
            } else {
                -(30 + (i % 300) as i64)
            };
            let close = chrono::DateTime::from_timestamp(now + days * 86_400, 0);
            let input = ChallengeInput {
                content_lang: base.content_lang,
                title: format!("{} ({})", t.title, i + 1),
                summary: t.summary.clone(),
                description: format!("{}\n\n{}", t.description, words(&mut rng, &pool, 12)),
                region_ids: vec![region.id],
                themes: base.themes.clone(),
                trl_min: base.trl_min,
                trl_max: base.trl_max,
                model: base.model,
                budget_min_eur: None,
                budget_max_eur: None,
                questions_close_at: None,
                proposals_close_at: close,
                decision_target_at: None,
                contact_name: "Bench Coordinator".into(),
                contact_email: "bench@kehto.invalid".into(),
                translations: vec![],
                evaluation_criteria: String::new(),
                procurement_notice: None,
                change_reason: None,
            };
            (status, input)
        })
        .collect();
    for chunk in inputs.chunks(500) {
        let writes: Vec<ChallengeWrite<'_>> = chunk
            .iter()
            .map(|(status, input)| ChallengeWrite {
                input,
                initial_status: *status,
                initial_published_at: Some(now),
                description_html: crate::markdown::render(&input.description),
                criteria_html: String::new(),
                translation_html: vec![],
                keys: crate::search::challenge_keys(input, &[]),
                now,
            })
            .collect();
        db::challenges::insert_batch(db, &writes, None).await?;
    }
    println!(
        "Generated {challenges} challenges in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    db.maintain().await?;
    Ok(())
}

/// p50, p95 and the largest of some timings.
fn summary(mut t: Vec<Duration>) -> (Duration, Duration, Duration) {
    t.sort();
    let at = |p: f64| t[((t.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.95), at(1.0))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn row(name: &str, t: Vec<Duration>) {
    let n = t.len();
    if n == 0 {
        println!("{name:<46} (no samples)");
        return;
    }
    let (p50, p95, max) = summary(t);
    println!(
        "{name:<46} {:>10} {:>10} {:>10}   n={n}",
        ms(p50),
        ms(p95),
        ms(max)
    );
}

/// Seeds (into an empty database) and measures; see the module documentation.
pub async fn run(
    global: &GlobalArgs,
    orgs: usize,
    challenges: usize,
    samples: usize,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(&global.data_dir)?;
    let db = open_database(&global.database_url(), 8).await?;
    let set = EvalSet::load(default_dir()).map_err(|e| anyhow::anyhow!(e))?;
    if db::challenges::count_all(&db).await? == 0 {
        seed(&db, &set, orgs, challenges).await?;
    } else {
        println!("The database has challenges already: measuring what is there.");
    }
    let now = Utc::now().timestamp();
    let started = Instant::now();
    let index = crate::matchmaking::build(&db, now).await?;
    let build = started.elapsed();
    let (n_challenges, n_orgs) = index.len();
    let started = Instant::now();
    let facts = (
        db::match_facts::challenges(&db, db::match_facts::Which::Indexable).await?,
        db::match_facts::orgs(&db, db::match_facts::Which::Indexable).await?,
    );
    let read = started.elapsed();
    // A second instance's index, to measure its catch-up with the changes made below.
    let other = crate::matchmaking::build(&db, now).await?;
    let state = AppState {
        db: db.clone(),
        clock: std::sync::Arc::new(crate::clock::SystemClock),
        mailer: std::sync::Arc::new(crate::mail::Mailer::outbox(
            global.data_dir.join("outbox"),
            "Kehto <no-reply@kehto.invalid>",
        )?),
        settings: std::sync::Arc::new(Settings {
            base_url: "http://127.0.0.1".into(),
            trust_proxy: false,
            static_dir: None,
        }),
        instance: AppState::new_instance_name(),
        storage: std::sync::Arc::new(crate::storage::LocalDirStorage::new(
            global.data_dir.join("blobs"),
        )?),
        matching: std::sync::Arc::new(index),
    };
    println!(
        "\nIndex: {n_challenges} challenges and {n_orgs} organisations in the matcher (engine {:?}).",
        db.engine()
    );
    println!(
        "Start-up build: {} (of which reading the facts ≈ {})",
        ms(build),
        ms(read)
    );

    // Deterministic samples spread over the ids.
    let org_ids: Vec<i64> = facts.1.iter().map(|o| o.row.org_id).collect();
    let challenge_ids: Vec<i64> = facts
        .0
        .iter()
        .filter(|c| c.row.status == "published")
        .map(|c| c.row.id)
        .collect();
    let pick = |ids: &[i64], n: usize| -> Vec<i64> {
        let step = (ids.len() / n.max(1)).max(1);
        ids.iter().step_by(step).take(n).copied().collect()
    };
    let orgs_sample = pick(&org_ids, samples);
    let challenges_sample = pick(&challenge_ids, samples);
    drop(facts);
    println!("\nLatency through the API's code path (top 20; database reads included):");
    println!("{:<46} {:>10} {:>10} {:>10}", "", "p50", "p95", "max");
    let mut company = Vec::new();
    let mut results = 0;
    for (k, id) in orgs_sample.iter().enumerate() {
        let t = Instant::now();
        let org = db::orgs::find(&state.db, *id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("org"))?;
        let view = crate::matchmaking::service::recommendations(&state, &org, Lang::Fi, 20)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        if k >= 5 {
            company.push(t.elapsed());
        }
        results += view.items.len();
    }
    row("company → challenges (recommendations)", company);
    let mut coordinator = Vec::new();
    let mut similar = Vec::new();
    for (k, id) in challenges_sample.iter().enumerate() {
        let t = Instant::now();
        let rec = db::challenges::find(&state.db, *id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("challenge"))?;
        let items = crate::matchmaking::service::suggestions(&state, &rec, Lang::Fi, 20)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let _ = crate::matchmaking::service::invitations(&state, *id).await;
        if k >= 5 {
            coordinator.push(t.elapsed());
        }
        results += items.len();
        let t = Instant::now();
        let rec = db::challenges::find(&state.db, *id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("challenge"))?;
        let items = crate::matchmaking::service::similar(&state, &rec, Lang::Fi, 20)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        if k >= 5 {
            similar.push(t.elapsed());
        }
        results += items.len();
    }
    row("challenge → organisations (suggestions)", coordinator);
    row("similar challenges of other regions", similar);
    let mut scan_company = Vec::new();
    for id in orgs_sample.iter().skip(5) {
        let id = *id;
        let t = Instant::now();
        let n = crate::matchmaking::service::scan(&state, move |ix| {
            ix.matcher
                .challenges_for_org(id, 25, |c| {
                    ix.challenges.get(&c).is_some_and(|m| m.open_at(now))
                })
                .len()
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        scan_company.push(t.elapsed());
        results += n;
    }
    row("  of which the index scan, company", scan_company);
    let mut scan_coordinator = Vec::new();
    for id in challenges_sample.iter().skip(5) {
        let id = *id;
        let t = Instant::now();
        let n = crate::matchmaking::service::scan(&state, move |ix| {
            ix.matcher.orgs_for_challenge(id, 25).len()
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        scan_coordinator.push(t.elapsed());
        results += n;
    }
    row("  of which the index scan, coordinator", scan_coordinator);
    println!("({results} results in all; the first 5 queries of each kind are warm-up)");

    println!("\nUpdating the index (re-read from the database + replace in the matcher):");
    println!("{:<46} {:>10} {:>10} {:>10}", "", "p50", "p95", "max");
    let mut save_profile = Vec::new();
    let mut index_profile = Vec::new();
    for id in orgs_sample.iter().take(50) {
        let stored = db::profiles::load(&state.db, *id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("profile"))?;
        let org = db::orgs::find(&state.db, *id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("org"))?;
        let mut input = crate::routes::profiles::stored_input(&org, &stored);
        input.summary = format!("{} päivitetty", input.summary);
        let t = Instant::now();
        let write = ProfileWrite {
            org_id: *id,
            input: &input,
            description_html: crate::markdown::render(&input.description),
            offering_html: input
                .offerings
                .iter()
                .map(|o| crate::markdown::render(&o.description))
                .collect(),
            keys: profile_keys(&ProfileTexts {
                name: &org.name_fi,
                input: &input,
            }),
            user_id: None,
            now: Utc::now().timestamp(),
        };
        db::profiles::save(&state.db, &write).await?;
        save_profile.push(t.elapsed());
        let t = Instant::now();
        state.matching.refresh_orgs(&state.db, &[*id]).await?;
        index_profile.push(t.elapsed());
    }
    row("profile saved (database, as the API does)", save_profile);
    row("profile → index update", index_profile);
    let mut index_challenge = Vec::new();
    for id in challenges_sample.iter().take(50) {
        let rec = db::challenges::find(&state.db, *id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("challenge"))?;
        let mut input = to_input(&rec);
        input.title = format!("{} (päivitetty)", input.title);
        let write = ChallengeWrite {
            input: &input,
            initial_status: ChallengeStatus::Draft,
            initial_published_at: None,
            description_html: crate::markdown::render(&input.description),
            criteria_html: String::new(),
            translation_html: vec![],
            keys: crate::search::challenge_keys(&input, &[]),
            now: Utc::now().timestamp(),
        };
        db::challenges::update(&state.db, *id, &rec.row.status, &write, None).await?;
        let t = Instant::now();
        state.matching.refresh_challenges(&state.db, &[*id]).await?;
        index_challenge.push(t.elapsed());
    }
    row("challenge → index update", index_challenge);
    let t = Instant::now();
    state.matching.reweigh();
    println!(
        "{:<46} {:>10}",
        "re-weighing everything (after those changes)",
        ms(t.elapsed())
    );
    let caught = other.catch_up(&db, Utc::now().timestamp()).await?;
    println!(
        "{:<46} {:>10}   ({} challenges, {} organisations changed)",
        "another instance's catch-up with them",
        format!("{} ms", caught.millis),
        caught.challenges,
        caught.orgs
    );
    let idle = other.catch_up(&db, Utc::now().timestamp()).await?;
    println!(
        "{:<46} {:>10}",
        "an idle catch-up (the same rows re-read)",
        format!("{} ms", idle.millis)
    );
    db.close().await;
    Ok(())
}

//! `cargo run -p kehto-matching --release --bin match-eval [-- --verbose | --explain KEY | --grid | --holdout | --speed]`
//!
//! Prints precision@5 and nDCG@10 of the evaluation set (`eval/`) for the baseline, the final
//! configuration and an ablation table. `--verbose` lists the weakest queries of the final
//! configuration; `--explain KEY` prints the top matches, with reasons, for a challenge or an
//! organisation key; `--grid` tries neighbouring weights; `--holdout` tunes on half of the
//! challenges and tests on the other half; `--speed` times the engine at
//! 5,000 challenges and 20,000 organisations.

use std::process::ExitCode;

use kehto_matching::eval::{EvalSet, Figures, default_dir, evaluate, evaluate_on};
use kehto_matching::{Config, Lang, Reader};

fn row(name: &str, f: &Figures) {
    println!(
        "{name:<44} {:>6.3} {:>6.3}   {:>6.3} {:>6.3}   {:>6.3} {:>6.3}",
        f.company_to_challenge.precision_at_5,
        f.company_to_challenge.ndcg_at_10,
        f.challenge_to_org.precision_at_5,
        f.challenge_to_org.ndcg_at_10,
        f.similar_challenges.precision_at_5,
        f.similar_challenges.ndcg_at_10,
    );
}

fn header() {
    println!(
        "{:<44} {:>13}   {:>13}   {:>13}",
        "", "company→chall", "chall→org", "similar"
    );
    println!(
        "{:<44} {:>6} {:>6}   {:>6} {:>6}   {:>6} {:>6}",
        "configuration", "P@5", "nDCG10", "P@5", "nDCG10", "P@5", "nDCG10"
    );
}

/// The ablation rows: what the final configuration loses without each choice, and what the
/// baseline gains as the choices are added one by one.
fn ablations() -> Vec<(&'static str, Config)> {
    let f = Config::FINAL;
    let b = Config::BASELINE;
    let step1 = Config {
        boilerplate: true,
        ..b
    };
    let step2 = Config {
        synonyms: true,
        ..step1
    };
    let step3 = Config {
        themes: f.themes,
        similar_themes: f.similar_themes,
        ..step2
    };
    let step4 = Config {
        capabilities: f.capabilities,
        ..step3
    };
    let step5 = Config { trl: true, ..step4 };
    let step6 = Config {
        language_miss: f.language_miss,
        ..step5
    };
    let step7 = Config {
        region_miss: f.region_miss,
        ..step6
    };
    let step8 = Config {
        model: true,
        ..step7
    };
    vec![
        (
            "final − synonyms",
            Config {
                synonyms: false,
                ..f
            },
        ),
        (
            "final − boilerplate words dropped",
            Config {
                boilerplate: false,
                ..f
            },
        ),
        (
            "final − themes",
            Config {
                themes: 0.0,
                similar_themes: 0.0,
                ..f
            },
        ),
        (
            "final − capabilities",
            Config {
                capabilities: 0.0,
                ..f
            },
        ),
        ("final − TRL", Config { trl: false, ..f }),
        (
            "final − languages",
            Config {
                language_miss: 1.0,
                ..f
            },
        ),
        (
            "final − regions",
            Config {
                region_miss: 1.0,
                ..f
            },
        ),
        ("final − cooperation model", Config { model: false, ..f }),
        (
            "final − profile text in offerings",
            Config {
                profile_text: false,
                ..f
            },
        ),
        ("baseline + boilerplate words dropped", step1),
        ("  + synonyms (concept table)", step2),
        ("  + themes", step3),
        ("  + capabilities", step4),
        ("  + TRL", step5),
        ("  + languages", step6),
        ("  + regions", step7),
        ("  + cooperation model (= final)", step8),
        (
            "baseline + themes only",
            Config {
                themes: f.themes,
                similar_themes: f.similar_themes,
                ..b
            },
        ),
    ]
}

/// The grid of weights that `--grid` and `--holdout` search.
fn grid_configs() -> Vec<(String, Config)> {
    let mut out = Vec::new();
    for themes in [0.0, 0.05, 0.1, 0.15, 0.25] {
        for capabilities in [0.0, 0.05, 0.1] {
            for language_miss in [0.45, 0.6, 0.75, 1.0] {
                for similar_themes in [0.1, 0.3] {
                    let cfg = Config {
                        themes,
                        capabilities,
                        language_miss,
                        similar_themes,
                        ..Config::FINAL
                    };
                    out.push((
                        format!("th {themes} cap {capabilities} lang {language_miss} sim {similar_themes}"),
                        cfg,
                    ));
                }
            }
        }
    }
    out
}

/// Split-half check of the weight choice: pick the grid's best configuration on one half of
/// the challenges (by mean nDCG@10 of the three directions) and report it on the other half,
/// beside the baseline and the final configuration on that half.
fn holdout(set: &EvalSet) {
    let keys: Vec<String> = set.challenges.iter().map(|(k, _)| k.clone()).collect();
    let half = |k: &str, odd: bool| {
        keys.iter()
            .position(|x| x == k)
            .is_some_and(|i| (i % 2 == 1) == odd)
    };
    let score = |f: &Figures| {
        f.company_to_challenge.ndcg_at_10
            + f.challenge_to_org.ndcg_at_10
            + f.similar_challenges.ndcg_at_10
    };
    for odd in [false, true] {
        let tune = |k: &str| half(k, odd);
        let test = |k: &str| half(k, !odd);
        let mut best: Option<(f64, String, Config)> = None;
        for (name, cfg) in grid_configs() {
            let (f, _) = evaluate_on(set, cfg, &tune);
            let s = score(&f);
            if best.as_ref().is_none_or(|(b, _, _)| s > *b) {
                best = Some((s, name, cfg));
            }
        }
        let Some((_, name, cfg)) = best else { return };
        println!(
            "\ntuned on the {} half, tested on the other:",
            if odd { "odd" } else { "even" }
        );
        header();
        row("baseline", &evaluate_on(set, Config::BASELINE, &test).0);
        row(
            &format!("best on tuning half ({name})"),
            &evaluate_on(set, cfg, &test).0,
        );
        row("final", &evaluate_on(set, Config::FINAL, &test).0);
    }
}

/// Tries a small grid of weights around the final configuration (for tuning, not for CI).
fn grid(set: &EvalSet) {
    header();
    for (name, cfg) in grid_configs() {
        let (f, _) = evaluate(set, cfg);
        row(&name, &f);
    }
}

/// Times the engine on the evaluation set copied up to 5,000 challenges and 20,000
/// organisations (copies share texts, so the IDF is not realistic, but document sizes are).
fn speed(set: &EvalSet) {
    use std::time::Instant;
    let mut m = kehto_matching::Matcher::new(Config::FINAL);
    let t = Instant::now();
    let mut n_challenges = 0;
    for copy in 0..(5_000 / set.challenges.len() + 1) {
        for (_, c) in &set.challenges {
            if n_challenges == 5_000 {
                break;
            }
            let mut c = c.clone();
            c.id += copy as i64 * 100_000;
            m.upsert_challenge(c);
            n_challenges += 1;
        }
    }
    let challenges_time = t.elapsed();
    let t = Instant::now();
    let mut n_orgs = 0;
    for copy in 0..(20_000 / set.orgs.len() + 1) {
        for (_, o) in &set.orgs {
            if n_orgs == 20_000 {
                break;
            }
            let mut o = o.clone();
            o.id += copy as i64 * 100_000;
            m.upsert_org(o);
            n_orgs += 1;
        }
    }
    let orgs_time = t.elapsed();
    let t = Instant::now();
    m.reweigh();
    let reweigh_time = t.elapsed();
    let t = Instant::now();
    for (_, o) in set.orgs.iter().take(20) {
        std::hint::black_box(m.challenges_for_org(o.id, 10, |_| true));
    }
    let company = t.elapsed() / 20;
    let t = Instant::now();
    for (_, c) in set.challenges.iter().take(20) {
        std::hint::black_box(m.orgs_for_challenge(c.id, 10));
    }
    let coordinator = t.elapsed() / 20;
    let t = Instant::now();
    for (_, c) in set.challenges.iter().take(20) {
        std::hint::black_box(m.similar_challenges(c.id, 10));
    }
    let similar = t.elapsed() / 20;
    println!(
        "{n_challenges} challenges prepared in {challenges_time:.2?} ({:.2?} each)",
        challenges_time / n_challenges as u32
    );
    println!(
        "{n_orgs} organisations prepared in {orgs_time:.2?} ({:.2?} each)",
        orgs_time / n_orgs as u32
    );
    println!("reweigh all: {reweigh_time:.2?}");
    println!(
        "one query: company→challenges {company:.2?}, challenge→organisations {coordinator:.2?}, similar challenges {similar:.2?}"
    );
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let set = match EvalSet::load(default_dir()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("match-eval: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.iter().any(|a| a == "--speed") {
        speed(&set);
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--holdout") {
        holdout(&set);
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--grid") {
        grid(&set);
        return ExitCode::SUCCESS;
    }
    if let Some(i) = args.iter().position(|a| a == "--explain") {
        let Some(key) = args.get(i + 1) else {
            eprintln!("--explain needs a challenge or organisation key");
            return ExitCode::FAILURE;
        };
        explain(&set, key);
        return ExitCode::SUCCESS;
    }
    let judged = set.judgments.len();
    println!(
        "evaluation set: {} challenges, {} organisations, {} judgments, {} similarity judgments",
        set.challenges.len(),
        set.orgs.len(),
        judged,
        set.similar.len()
    );
    let (base, _) = evaluate(&set, Config::BASELINE);
    let (fin, per_query) = evaluate(&set, Config::FINAL);
    println!(
        "queries: company→challenge {}, challenge→org {}, similar {}; attainable P@5: {:.3} / {:.3} / {:.3}\n",
        fin.company_to_challenge.queries,
        fin.challenge_to_org.queries,
        fin.similar_challenges.queries,
        fin.company_to_challenge.attainable_precision_at_5,
        fin.challenge_to_org.attainable_precision_at_5,
        fin.similar_challenges.attainable_precision_at_5,
    );
    header();
    row("baseline (TF-IDF text, no synonyms)", &base);
    row("final", &fin);
    println!();
    header();
    for (name, cfg) in ablations() {
        let (f, _) = evaluate(&set, cfg);
        row(name, &f);
    }
    if args.iter().any(|a| a == "--verbose") {
        for (title, results) in ["company→challenge", "challenge→org", "similar"]
            .iter()
            .zip(per_query)
        {
            println!("\nweakest {title} queries (final):");
            let mut r = results;
            r.sort_by(|a, b| a.ndcg_at_10.total_cmp(&b.ndcg_at_10));
            for q in r.iter().take(8) {
                let top: Vec<String> = q
                    .top
                    .iter()
                    .take(6)
                    .map(|(k, g)| format!("{k}:{g}"))
                    .collect();
                println!(
                    "  {:<22} P@5 {:.2} nDCG {:.2}  {}",
                    q.query,
                    q.precision_at_5,
                    q.ndcg_at_10,
                    top.join(" ")
                );
            }
        }
    }
    ExitCode::SUCCESS
}

fn explain(set: &EvalSet, key: &str) {
    let m = set.matcher(Config::FINAL);
    let name_of_c = |id: i64| {
        set.challenges
            .iter()
            .find(|(_, f)| f.id == id)
            .map(|(k, _)| k.clone())
            .unwrap_or_default()
    };
    let name_of_o = |id: i64| {
        set.orgs
            .iter()
            .find(|(_, f)| f.id == id)
            .map(|(k, _)| k.clone())
            .unwrap_or_default()
    };
    if let Some(id) = set.challenge_id(key) {
        println!("organisations for {key}:");
        for x in m.orgs_for_challenge(id, 10) {
            println!(
                "  {:.3} {:<20} {}",
                x.score,
                name_of_o(x.id),
                x.reasons.render(Lang::En, Reader::Coordinator)
            );
        }
        println!("similar challenges of other regions:");
        for x in m.similar_challenges(id, 5) {
            println!(
                "  {:.3} {:<20} {}",
                x.score,
                name_of_c(x.id),
                x.reasons.render(Lang::En, Reader::SimilarChallenge)
            );
        }
    } else if let Some(id) = set.org_id(key) {
        println!("challenges for {key}:");
        for x in m.challenges_for_org(id, 10, |_| true) {
            println!(
                "  {:.3} {:<20} {}",
                x.score,
                name_of_c(x.id),
                x.reasons.render(Lang::Fi, Reader::Company)
            );
        }
    } else {
        eprintln!("unknown key {key}");
    }
}

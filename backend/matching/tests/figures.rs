//! Regression guard: the evaluation figures of `Config::FINAL` must not fall below what was
//! reached when the configuration was chosen, minus a small margin. If a change moves them
//! up, raise the floors here (and the table in the crate documentation).

use kehto_matching::Config;
use kehto_matching::eval::{EvalSet, default_dir, evaluate};

/// Figures reached (see `src/lib.rs`), as (P@5, nDCG@10).
const COMPANY_TO_CHALLENGE: (f64, f64) = (0.324, 0.904);
const CHALLENGE_TO_ORG: (f64, f64) = (0.720, 0.911);
const SIMILAR: (f64, f64) = (0.280, 0.900);
/// Allowed drop before the test fails.
const MARGIN: f64 = 0.02;

#[test]
fn final_figures_hold_and_beat_the_baseline() {
    let set = EvalSet::load(default_dir()).expect("evaluation set loads");
    assert!(set.challenges.len() >= 30 && set.orgs.len() >= 100);
    let (f, _) = evaluate(&set, Config::FINAL);
    let (b, _) = evaluate(&set, Config::BASELINE);
    for (name, got, base, floor) in [
        (
            "company→challenge",
            f.company_to_challenge,
            b.company_to_challenge,
            COMPANY_TO_CHALLENGE,
        ),
        (
            "challenge→org",
            f.challenge_to_org,
            b.challenge_to_org,
            CHALLENGE_TO_ORG,
        ),
        (
            "similar",
            f.similar_challenges,
            b.similar_challenges,
            SIMILAR,
        ),
    ] {
        assert!(
            got.precision_at_5 >= floor.0 - MARGIN,
            "{name} P@5 {:.3} < {:.3}",
            got.precision_at_5,
            floor.0
        );
        assert!(
            got.ndcg_at_10 >= floor.1 - MARGIN,
            "{name} nDCG@10 {:.3} < {:.3}",
            got.ndcg_at_10,
            floor.1
        );
        assert!(
            got.ndcg_at_10 > base.ndcg_at_10 + 0.1,
            "{name}: final must clearly beat the baseline"
        );
    }
}

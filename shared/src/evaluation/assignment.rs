//! Who evaluates which proposal: the balanced assignment of `k` evaluators per proposal, as a
//! pure function so that the server and its tests agree on it exactly.
//!
//! [`balanced_assignment`] tops the current assignments up: every proposal gets evaluators until
//! it has `k` (or until nobody eligible is left), never an evaluator who declared a conflict of
//! interest with it, each time the least loaded eligible evaluators. It is deterministic (the
//! order of the input does not matter), keeps every existing assignment, and running it again
//! on its own result adds nothing. Starting from no assignments and no conflicts, with
//! `k ≤ evaluators`, the evaluators' loads differ by at most one.

use std::collections::{BTreeMap, BTreeSet};

/// The most evaluators per proposal a coordinator can ask for.
pub const PER_PROPOSAL_MAX: u32 = 20;

/// The outcome of a balanced assignment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BalancedOutcome {
    /// New (proposal, evaluator) pairs, by proposal then evaluator id.
    pub added: Vec<(i64, i64)>,
    /// Proposals left with fewer than `k` evaluators (too few eligible), with how many they have.
    pub short: Vec<(i64, usize)>,
}

/// Tops `existing` up to `per_proposal` evaluators per proposal; see the module documentation.
///
/// `existing` and `conflicts` are (proposal, evaluator) pairs; pairs naming a proposal or an
/// evaluator outside the lists are ignored (they neither count as load nor as assignment).
pub fn balanced_assignment(
    proposals: &[i64],
    evaluators: &[i64],
    per_proposal: usize,
    existing: &[(i64, i64)],
    conflicts: &[(i64, i64)],
) -> BalancedOutcome {
    let proposals: BTreeSet<i64> = proposals.iter().copied().collect();
    let evaluators: BTreeSet<i64> = evaluators.iter().copied().collect();
    let conflicts: BTreeSet<(i64, i64)> = conflicts.iter().copied().collect();
    let mut on: BTreeMap<i64, BTreeSet<i64>> =
        proposals.iter().map(|p| (*p, BTreeSet::new())).collect();
    let mut load: BTreeMap<i64, usize> = evaluators.iter().map(|e| (*e, 0)).collect();
    for &(p, e) in existing.iter().collect::<BTreeSet<_>>() {
        if let (Some(set), Some(n)) = (on.get_mut(&p), load.get_mut(&e))
            && set.insert(e)
        {
            *n += 1;
        }
    }
    let eligible = |p: i64, e: i64| !conflicts.contains(&(p, e));
    // The most constrained proposals first (fewest eligible evaluators), then by id.
    let mut order: Vec<i64> = proposals.iter().copied().collect();
    order.sort_by_key(|&p| (evaluators.iter().filter(|&&e| eligible(p, e)).count(), p));
    let mut added = vec![];
    let mut short = vec![];
    for p in order {
        let assigned = on.get(&p).cloned().unwrap_or_default();
        let needed = per_proposal.saturating_sub(assigned.len());
        let mut candidates: Vec<(usize, i64)> = evaluators
            .iter()
            .filter(|&&e| eligible(p, e) && !assigned.contains(&e))
            .map(|&e| (load.get(&e).copied().unwrap_or(0), e))
            .collect();
        candidates.sort_unstable();
        let mut has = assigned.len();
        for &(_, e) in candidates.iter().take(needed) {
            added.push((p, e));
            if let Some(n) = load.get_mut(&e) {
                *n += 1;
            }
            has += 1;
        }
        if has < per_proposal {
            short.push((p, has));
        }
    }
    added.sort_unstable();
    short.sort_unstable();
    BalancedOutcome { added, short }
}

/// Every evaluator on every proposal, except where a conflict was declared: the pairs not yet
/// in `existing`, sorted.
pub fn all_to_all(
    proposals: &[i64],
    evaluators: &[i64],
    existing: &[(i64, i64)],
    conflicts: &[(i64, i64)],
) -> Vec<(i64, i64)> {
    let proposals: BTreeSet<i64> = proposals.iter().copied().collect();
    let evaluators: BTreeSet<i64> = evaluators.iter().copied().collect();
    let skip: BTreeSet<(i64, i64)> = existing.iter().chain(conflicts).copied().collect();
    proposals
        .iter()
        .flat_map(|&p| evaluators.iter().map(move |&e| (p, e)))
        .filter(|pair| !skip.contains(pair))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::collection::{btree_set, vec};
    use proptest::prelude::*;

    fn loads(pairs: &[(i64, i64)], evaluators: &[i64]) -> Vec<usize> {
        evaluators
            .iter()
            .map(|e| pairs.iter().filter(|(_, x)| x == e).count())
            .collect()
    }

    #[test]
    fn seven_proposals_three_evaluators_two_each() {
        let out = balanced_assignment(&[1, 2, 3, 4, 5, 6, 7], &[10, 11, 12], 2, &[], &[]);
        assert_eq!(out.added.len(), 14);
        assert!(out.short.is_empty());
        let l = loads(&out.added, &[10, 11, 12]);
        assert_eq!(
            l.iter().max().unwrap() - l.iter().min().unwrap(),
            1,
            "{l:?}"
        );
        for p in 1..=7 {
            assert_eq!(out.added.iter().filter(|(q, _)| *q == p).count(), 2);
        }
    }

    #[test]
    fn conflicts_are_never_assigned_and_shortfalls_are_reported() {
        let conflicts = [(1, 10), (1, 11), (2, 10)];
        let out = balanced_assignment(&[1, 2], &[10, 11], 2, &[], &conflicts);
        assert_eq!(out.added, [(2, 11)]);
        assert_eq!(out.short, [(1, 0), (2, 1)]);
        assert_eq!(all_to_all(&[1, 2], &[10, 11], &[], &conflicts), [(2, 11)]);
    }

    #[test]
    fn existing_assignments_are_kept_and_counted() {
        let existing = [(1, 10), (2, 10)];
        let out = balanced_assignment(&[1, 2, 3], &[10, 11], 1, &existing, &[]);
        assert_eq!(out.added, [(3, 11)]);
        // Pairs outside the lists neither count nor block.
        let out = balanced_assignment(&[1], &[10, 11], 1, &[(9, 10), (1, 99)], &[]);
        assert_eq!(out.added, [(1, 10)]);
        assert_eq!(all_to_all(&[1], &[10, 11], &[(1, 10)], &[]), [(1, 11)]);
    }

    #[test]
    fn nothing_to_assign() {
        assert_eq!(
            balanced_assignment(&[], &[1], 2, &[], &[]),
            BalancedOutcome::default()
        );
        assert_eq!(balanced_assignment(&[5], &[], 2, &[], &[]).short, [(5, 0)]);
        assert!(
            balanced_assignment(&[5], &[1], 0, &[], &[])
                .added
                .is_empty()
        );
    }

    /// Proposals, evaluators, `k` and some (proposal, evaluator) pairs among them.
    type Case = (Vec<i64>, Vec<i64>, usize, Vec<(i64, i64)>);

    fn case() -> impl Strategy<Value = Case> {
        (
            btree_set(1i64..200, 0..25),
            btree_set(1000i64..1040, 1..12),
            1usize..6,
        )
            .prop_flat_map(|(p, e, k)| {
                let (p, e): (Vec<i64>, Vec<i64>) =
                    (p.into_iter().collect(), e.into_iter().collect());
                let pairs = if p.is_empty() {
                    Just(vec![]).boxed()
                } else {
                    vec((0..p.len(), 0..e.len()), 0..20)
                        .prop_map({
                            let (p, e) = (p.clone(), e.clone());
                            move |ix| ix.into_iter().map(|(i, j)| (p[i], e[j])).collect()
                        })
                        .boxed()
                };
                (Just(p), Just(e), Just(k), pairs)
            })
    }

    proptest! {
        #[test]
        fn loads_differ_by_at_most_one_without_conflicts((p, e, k, _) in case()) {
            let k = k.min(e.len());
            let out = balanced_assignment(&p, &e, k, &[], &[]);
            prop_assert_eq!(out.added.len(), p.len() * k);
            prop_assert!(out.short.is_empty());
            let l = loads(&out.added, &e);
            prop_assert!(l.iter().max().unwrap() - l.iter().min().unwrap() <= 1, "{:?}", l);
        }

        #[test]
        fn never_a_conflicted_evaluator_and_every_proposal_as_full_as_possible(
            (p, e, k, conflicts) in case()
        ) {
            let out = balanced_assignment(&p, &e, k, &[], &conflicts);
            let pairs: BTreeSet<(i64, i64)> = out.added.iter().copied().collect();
            prop_assert_eq!(pairs.len(), out.added.len(), "no pair twice");
            for pair in &out.added {
                prop_assert!(!conflicts.contains(pair));
            }
            for q in &p {
                let eligible = e.iter().filter(|x| !conflicts.contains(&(*q, **x))).count();
                let got = out.added.iter().filter(|(r, _)| r == q).count();
                prop_assert_eq!(got, k.min(eligible));
                prop_assert_eq!(out.short.iter().any(|(r, _)| r == q), got < k);
            }
        }

        #[test]
        fn deterministic_and_stable_when_re_run((p, e, k, conflicts) in case()) {
            let out = balanced_assignment(&p, &e, k, &[], &conflicts);
            let (mut rp, mut re, mut rc) = (p.clone(), e.clone(), conflicts.clone());
            rp.reverse();
            re.reverse();
            rc.reverse();
            prop_assert_eq!(&balanced_assignment(&rp, &re, k, &[], &rc), &out);
            let again = balanced_assignment(&p, &e, k, &out.added, &conflicts);
            prop_assert!(again.added.is_empty());
            prop_assert_eq!(again.short, out.short);
        }

        #[test]
        fn all_to_all_is_everything_but_conflicts((p, e, _, conflicts) in case()) {
            let pairs = all_to_all(&p, &e, &[], &conflicts);
            let distinct_conflicts: BTreeSet<_> = conflicts.iter().collect();
            prop_assert_eq!(pairs.len(), p.len() * e.len() - distinct_conflicts.len());
            prop_assert!(all_to_all(&p, &e, &pairs, &conflicts).is_empty());
        }
    }
}

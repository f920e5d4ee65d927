//! Corpus statistics and weighted term vectors (TF-IDF, cosine).
//!
//! Terms are interned to `u32` ids. A document's *counts* are fixed once it is analysed; its
//! *vector* is `(1 + ln count) × idf` per term, L2-normalised, with
//! `idf = ln(1 + N / df)` over the `N` documents (challenges and organisations) known to the
//! corpus. Cosine similarity is then a merge of two sorted sparse vectors.
//!
//! Updating one document costs its analysis plus `O(distinct terms)` for the document
//! frequencies; the other documents' vectors keep the IDF they were weighed with until the next
//! `reweigh` (`O(total terms)`, milliseconds for tens of thousands of documents), which the
//! server can run after a batch of changes or on a timer. IDF moves slowly, so slightly stale
//! weights change rankings very little.

use std::collections::HashMap;

/// A sparse vector: `(term id, weight)`, sorted by term id.
pub type Sparse = Vec<(u32, f32)>;

/// The vocabulary and document frequencies.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    ids: HashMap<String, u32>,
    terms: Vec<String>,
    df: Vec<u32>,
    docs: u32,
}

impl Corpus {
    /// The id of `term`, interning it.
    pub fn intern(&mut self, term: &str) -> u32 {
        if let Some(id) = self.ids.get(term) {
            return *id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_owned(), id);
        self.terms.push(term.to_owned());
        self.df.push(0);
        id
    }

    /// The id of `term` if the corpus has seen it (no interning: for queries).
    pub fn lookup(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    /// The text of a term id.
    pub fn term(&self, id: u32) -> &str {
        self.terms.get(id as usize).map_or("", String::as_str)
    }

    /// Counts a document with these distinct terms.
    pub fn add_doc(&mut self, distinct_terms: &[u32]) {
        self.docs += 1;
        for t in distinct_terms {
            if let Some(d) = self.df.get_mut(*t as usize) {
                *d += 1;
            }
        }
    }

    /// Forgets a document counted by `add_doc` with the same terms.
    pub fn remove_doc(&mut self, distinct_terms: &[u32]) {
        self.docs = self.docs.saturating_sub(1);
        for t in distinct_terms {
            if let Some(d) = self.df.get_mut(*t as usize) {
                *d = d.saturating_sub(1);
            }
        }
    }

    /// Inverse document frequency of a term.
    pub fn idf(&self, id: u32) -> f32 {
        let df = self.df.get(id as usize).copied().unwrap_or(0).max(1) as f32;
        (1.0 + self.docs.max(1) as f32 / df).ln()
    }

    /// The normalised TF-IDF vector of a document's counts (sorted by term id).
    pub fn weigh(&self, counts: &Sparse) -> Sparse {
        let mut v: Sparse = counts
            .iter()
            .map(|(t, c)| (*t, (1.0 + c.max(1.0).ln()) * self.idf(*t)))
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v
    }
}

/// Dot product of two sorted sparse vectors (their cosine when both are normalised).
pub fn dot(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// The `n` shared terms contributing most to `dot(a, b)`, largest first.
pub fn top_shared(a: &Sparse, b: &Sparse, n: usize) -> Vec<(u32, f32)> {
    let (mut i, mut j) = (0, 0);
    let mut shared = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared.push((a[i].0, a[i].1 * b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    shared.sort_by(|x, y| y.1.total_cmp(&x.1));
    shared.truncate(n);
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_weighted_vectors() {
        let mut c = Corpus::default();
        let (a, b, x) = (c.intern("a"), c.intern("b"), c.intern("x"));
        c.add_doc(&[a, b]);
        c.add_doc(&[a, x]);
        c.add_doc(&[a]);
        let d1 = c.weigh(&vec![(a, 1.0), (b, 3.0)]);
        let d2 = c.weigh(&vec![(a, 1.0), (b, 1.0)]);
        let d3 = c.weigh(&vec![(x, 1.0)]);
        assert!((dot(&d1, &d1) - 1.0).abs() < 1e-5);
        assert!(dot(&d1, &d2) > 0.5);
        assert_eq!(dot(&d1, &d3), 0.0);
        assert!(c.idf(b) > c.idf(a), "rarer terms weigh more");
        assert_eq!(top_shared(&d1, &d2, 1)[0].0, b);
        assert_eq!(c.lookup("b"), Some(b));
        assert_eq!(c.lookup("never seen"), None);
        c.remove_doc(&[a, x]);
        assert!(c.idf(x) > 0.0);
    }
}

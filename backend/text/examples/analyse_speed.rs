//! Prints how fast `kehto-text` analyses text: the demo challenges' Finnish, Swedish and English
//! texts, repeated to about 2,000 words per document. Figures, not a test; run by
//! `cargo xtask bench` (or `cargo run --release -p kehto-text --example analyse_speed`).

use std::time::Instant;

use kehto_shared::Lang;

const DEMO: &str = include_str!("../../demo/demo.json");

/// The value of every `"description"` field in the demo file, without a JSON parser.
fn descriptions() -> String {
    let mut out = String::new();
    for part in DEMO.split("\"description\": \"").skip(1) {
        let mut text = String::new();
        let mut escaped = false;
        for ch in part.chars() {
            match (escaped, ch) {
                (true, 'n') => text.push('\n'),
                (true, c) => text.push(c),
                (false, '\\') => {
                    escaped = true;
                    continue;
                }
                (false, '"') => break,
                (false, c) => text.push(c),
            }
            escaped = false;
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

fn main() {
    let source = descriptions();
    let mut doc = String::new();
    while doc.split_whitespace().count() < 2000 {
        doc.push_str(&source);
    }
    let words = doc.split_whitespace().count();
    let rounds = 300u32;
    let mut keys = 0;
    let start = Instant::now();
    for _ in 0..rounds {
        keys = std::hint::black_box(kehto_text::index_keys(Lang::Fi, &[(&doc, 1)])).len();
    }
    let per_doc = start.elapsed() / rounds;
    let words_per_sec = f64::from(u32::try_from(words).unwrap_or(u32::MAX)) / per_doc.as_secs_f64();
    println!(
        "text analysis: {words}-word document in {per_doc:.2?} ({words_per_sec:.0} words/s, {keys} keys)"
    );
    let start = Instant::now();
    for _ in 0..10_000 {
        std::hint::black_box(kehto_text::query_keys("kotihoidon etäseuranta nuorille"));
    }
    println!(
        "query analysis: 3-word query in {:.2?}",
        start.elapsed() / 10_000
    );
}

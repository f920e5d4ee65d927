//! Checks the Swedish and English interface strings (`i18n/sv.json`, `i18n/en.json`, loaded by
//! the app when that language is chosen) against the fields of `Texts` (`src/i18n/texts.rs`):
//! every field, in the struct's order, and nothing else, so a missing or misplaced translation
//! fails the build. Also writes `Texts::from_array`, which fills the struct from the strings in
//! that order.

use std::fmt;
use std::fs;
use std::path::Path;

use serde::Deserializer as _;
use serde::de::{MapAccess, Visitor};

/// The keys and values of a JSON object, in the file's order.
struct Entries(Vec<(String, String)>);

impl<'de> Visitor<'de> for Entries {
    type Value = Vec<(String, String)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of strings")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        while let Some(entry) = map.next_entry::<String, String>()? {
            self.0.push(entry);
        }
        Ok(self.0)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=src/i18n/texts.rs");
    let texts = fs::read_to_string("src/i18n/texts.rs")?;
    let fields: Vec<&str> = texts
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.strip_suffix(": &'static str,"))
        .collect();
    if fields.is_empty() {
        return Err("no fields found in src/i18n/texts.rs".into());
    }

    for lang in ["sv", "en"] {
        let path = format!("i18n/{lang}.json");
        println!("cargo:rerun-if-changed={path}");
        let text = fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let entries = serde_json::Deserializer::from_str(&text)
            .deserialize_map(Entries(Vec::new()))
            .map_err(|e| format!("{path}: {e}"))?;
        for (i, field) in fields.iter().enumerate() {
            match entries.get(i) {
                Some((key, _)) if key == field => {}
                Some((key, _)) => return Err(format!(
                    "{path}: entry {} is \"{key}\", but the field of Texts there is \"{field}\" \
                     (the file must list every field of src/i18n/texts.rs in its order)",
                    i + 1
                )
                .into()),
                None => return Err(format!("{path}: \"{field}\" is missing").into()),
            }
        }
        if let Some((key, _)) = entries.get(fields.len()) {
            return Err(format!("{path}: \"{key}\" is not a field of Texts").into());
        }
    }

    let mut out = String::new();
    out.push_str(&format!(
        "/// How many strings [`Texts`] holds.\npub const COUNT: usize = {};\n\n",
        fields.len()
    ));
    out.push_str(
        "impl Texts {\n    /// The strings in the order of the fields (as in `i18n/*.json`).\n    \
         #[inline(never)]\n    pub fn from_array(s: &[&'static str; COUNT]) -> Self {\n        Texts {\n",
    );
    for (i, field) in fields.iter().enumerate() {
        out.push_str(&format!("            {field}: s[{i}],\n"));
    }
    out.push_str("        }\n    }\n}\n");
    let dest = Path::new(&std::env::var("OUT_DIR")?).join("texts_array.rs");
    fs::write(dest, out)?;
    Ok(())
}

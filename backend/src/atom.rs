//! A small writer of Atom 1.0 feeds (RFC 4287): escaped text, RFC 3339 times, stable tag URIs.

use chrono::{DateTime, SecondsFormat, Utc};

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than breaking the feed.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub struct Entry {
    /// A tag URI, stable for the life of the item.
    pub id: String,
    pub title: String,
    pub link: String,
    pub updated: DateTime<Utc>,
    pub published: Option<DateTime<Utc>>,
    pub summary: String,
    /// Plain-text content, when the summary is not all.
    pub content: Option<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
}

pub struct Feed {
    pub id: String,
    pub title: String,
    /// The feed's own address.
    pub self_link: String,
    /// The page the feed mirrors.
    pub alternate: String,
    pub lang: &'static str,
    pub updated: DateTime<Utc>,
    pub entries: Vec<Entry>,
}

/// The host part of a base URL, for tag URIs (`tag:host,2026:…`).
pub fn tag_authority(base_url: &str) -> String {
    let after = base_url.split("://").nth(1).unwrap_or(base_url);
    after
        .split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("kehto.invalid")
        .to_owned()
}

pub fn render(feed: &Feed) -> String {
    let mut x = String::with_capacity(4096 + feed.entries.len() * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        feed.lang
    ));
    x.push_str(&format!("  <id>{}</id>\n", escape(&feed.id)));
    x.push_str(&format!("  <title>{}</title>\n", escape(&feed.title)));
    x.push_str(&format!("  <updated>{}</updated>\n", time(feed.updated)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&feed.self_link)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&feed.alternate)
    ));
    x.push_str("  <author><name>Kehto</name></author>\n  <generator>Kehto</generator>\n");
    for e in &feed.entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
        x.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&e.link)
        ));
        x.push_str(&format!("    <updated>{}</updated>\n", time(e.updated)));
        if let Some(p) = e.published {
            x.push_str(&format!("    <published>{}</published>\n", time(p)));
        }
        for a in &e.authors {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(a)
            ));
        }
        for c in &e.categories {
            x.push_str(&format!("    <category term=\"{}\"/>\n", escape(c)));
        }
        x.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape(&e.summary)
        ));
        if let Some(c) = &e.content {
            x.push_str(&format!(
                "    <content type=\"text\">{}</content>\n",
                escape(c)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(
            tag_authority("https://kehto.example.fi/x"),
            "kehto.example.fi"
        );
        assert_eq!(tag_authority("http://127.0.0.1:8080"), "127.0.0.1");
    }
}

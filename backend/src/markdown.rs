//! Markdown written by coordinators, rendered to HTML that is safe to insert into pages.

use pulldown_cmark::{Options, Parser, html};

/// CommonMark with tables and strikethrough, then sanitised by ammonia: no scripts, no event
/// handlers, no `javascript:` links; links get `rel="noopener noreferrer"`.
pub fn render(markdown: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, opts));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_sanitises() {
        let html = render(
            "## Tausta\n\n* yksi\n* kaksi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h2>Tausta</h2>"));
        assert!(html.contains("<li>yksi</li>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(
            html.contains("<a rel=\"noopener noreferrer\">x</a>"),
            "{html}"
        );
        assert!(!html.contains("onerror"));
    }
}

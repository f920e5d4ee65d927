//! The application state every handler receives: database, clock, mailer, settings and the
//! matchmaking index.

use std::path::PathBuf;
use std::sync::Arc;

use crate::clock::Clock;
use crate::db::Db;
use crate::mail::Mailer;

/// Settings that shape request handling (from the command line or environment).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address users reach the service at, e.g. `https://kehto.example.fi`; used in e-mail
    /// links, the CSRF origin check and to decide whether cookies are `Secure`.
    pub base_url: String,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_proxy: bool,
    /// The built front end (`frontend/dist`), served for every non-API path.
    pub static_dir: Option<PathBuf>,
}

impl Settings {
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// `scheme://host[:port]` of the base URL, as browsers send it in `Origin`.
    pub fn origin(&self) -> &str {
        let url = self.base_url.trim_end_matches('/');
        let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
        match url[after_scheme..].find('/') {
            Some(slash) => &url[..after_scheme + slash],
            None => url,
        }
    }

    /// An absolute link into the front end.
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path_and_query)
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub mailer: Arc<Mailer>,
    pub settings: Arc<Settings>,
    /// This server instance's name in job and e-mail leases (unique per process start).
    pub instance: Arc<str>,
    /// Where attachment bytes are kept.
    pub storage: Arc<dyn crate::storage::BlobStorage>,
    /// This instance's matchmaking index (`matchmaking`).
    pub matching: Arc<crate::matchmaking::MatchIndex>,
}

impl AppState {
    /// A fresh instance name: host-independent and random, so two instances never share one.
    pub fn new_instance_name() -> Arc<str> {
        format!("kehto-{}", &crate::auth::tokens::new_token()[..12]).into()
    }

    /// The current time as Unix seconds, from the injectable clock.
    pub fn now_ts(&self) -> i64 {
        self.clock.now().timestamp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_strips_path() {
        let s = |u: &str| Settings {
            base_url: u.into(),
            trust_proxy: false,
            static_dir: None,
        };
        assert_eq!(
            s("https://kehto.example.fi/").origin(),
            "https://kehto.example.fi"
        );
        assert_eq!(s("http://127.0.0.1:8080").origin(), "http://127.0.0.1:8080");
        assert_eq!(s("https://x.fi/kehto/").origin(), "https://x.fi");
        assert!(s("https://x.fi").secure_cookies());
    }
}

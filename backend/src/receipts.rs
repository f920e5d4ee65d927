//! The digest that a proposal receipt carries, and checking it again later.
//!
//! The digest is SHA-256 over a canonical text: a format line, the proposal's id, the time of
//! receipt (Unix seconds), the submitted content exactly as stored (JSON), and for each
//! attachment its SHA-256, size and name in the order submitted. The attachments' own SHA-256s
//! are computed from their bytes, so verifying re-reads every attachment from storage: a byte
//! changed anywhere — content, attachment, time — gives another digest.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::storage::BlobStorage;

const FORMAT: &str = "kehto-proposal-receipt-v1";

/// One attachment as a receipt's manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub attachment_id: i64,
    pub storage_key: String,
    pub file_name: String,
    pub size_bytes: u64,
    pub sha256: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The receipt digest of `content` (JSON as stored) and `manifest`.
pub fn digest(
    proposal_id: i64,
    received_at: i64,
    content: &str,
    manifest: &[ManifestEntry],
) -> String {
    let mut h = Sha256::new();
    h.update(format!("{FORMAT}\nproposal {proposal_id}\nreceived_at {received_at}\n").as_bytes());
    h.update(format!("content {}\n", content.len()).as_bytes());
    h.update(content.as_bytes());
    h.update(format!("\nattachments {}\n", manifest.len()).as_bytes());
    for a in manifest {
        h.update(format!("{} {} {}\n", a.sha256, a.size_bytes, a.file_name).as_bytes());
    }
    hex::encode(h.finalize())
}

/// Recomputes a stored receipt's digest, re-reading and re-hashing every attachment; returns
/// the recomputed digest (equal to the stored one when nothing was changed).
pub async fn recompute(
    storage: &dyn BlobStorage,
    proposal_id: i64,
    received_at: i64,
    content: &str,
    manifest: &[ManifestEntry],
) -> std::io::Result<String> {
    let mut current = Vec::with_capacity(manifest.len());
    for a in manifest {
        let bytes = storage.get(&a.storage_key).await?;
        current.push(ManifestEntry {
            sha256: sha256_hex(&bytes),
            size_bytes: bytes.len() as u64,
            ..a.clone()
        });
    }
    Ok(digest(proposal_id, received_at, content, &current))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sha: &str) -> ManifestEntry {
        ManifestEntry {
            attachment_id: 1,
            storage_key: "k".into(),
            file_name: "tarjous.pdf".into(),
            size_bytes: 10,
            sha256: sha.into(),
        }
    }

    #[test]
    fn every_part_changes_the_digest() {
        let base = digest(7, 1_770_000_000, "{\"title\":\"A\"}", &[entry("aa")]);
        assert_eq!(base.len(), 64);
        assert_eq!(
            base,
            digest(7, 1_770_000_000, "{\"title\":\"A\"}", &[entry("aa")])
        );
        for other in [
            digest(8, 1_770_000_000, "{\"title\":\"A\"}", &[entry("aa")]),
            digest(7, 1_770_000_001, "{\"title\":\"A\"}", &[entry("aa")]),
            digest(7, 1_770_000_000, "{\"title\":\"B\"}", &[entry("aa")]),
            digest(7, 1_770_000_000, "{\"title\":\"A\"}", &[entry("ab")]),
            digest(7, 1_770_000_000, "{\"title\":\"A\"}", &[]),
        ] {
            assert_ne!(base, other);
        }
    }
}

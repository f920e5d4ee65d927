//! Organisation profiles in the demo data: each demo organisation's profile (most public, one
//! private), saved through the same validation, rendering and indexing as the API uses.

use kehto_shared::profile::OrgProfileInput;

use crate::db::profiles::ProfileWrite;
use crate::db::{self, Db};
use crate::search::{ProfileTexts, profile_keys};

/// Validates and stores `profile` for the demo organisation `org_id` named `name`.
pub async fn load(
    db: &Db,
    org_id: i64,
    name: &str,
    profile: &OrgProfileInput,
    now: i64,
) -> anyhow::Result<()> {
    profile
        .validate()
        .map_err(|e| anyhow::anyhow!("demo profile of {name} is invalid: {e:?}"))?;
    let write = ProfileWrite {
        org_id,
        input: profile,
        description_html: crate::markdown::render(&profile.description),
        offering_html: profile
            .offerings
            .iter()
            .map(|o| crate::markdown::render(&o.description))
            .collect(),
        keys: profile_keys(&ProfileTexts {
            name,
            input: profile,
        }),
        user_id: None,
        now,
    };
    if let Some(i) = db::profiles::save(db, &write).await? {
        anyhow::bail!("demo profile of {name}: offering {i} must not carry an id");
    }
    Ok(())
}

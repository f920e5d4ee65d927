//! Password hashing (argon2id with OWASP's recommended parameters) and the refusal of passwords
//! that are easy to guess.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// argon2id, m = 19 MiB, t = 2, p = 1 (OWASP Password Storage Cheat Sheet).
fn hasher() -> Argon2<'static> {
    // The parameters are constants known to be valid; `Params::DEFAULT` is the fallback.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    hasher()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// At most this many hashes are computed at once: each takes 19 MiB and a core for tens of
/// milliseconds, so a flood of sign-ins queues here instead of exhausting memory.
fn hashing_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        tokio::sync::Semaphore::new(cores * 2)
    })
}

/// `hash_password` on a blocking thread, within the concurrency cap.
pub async fn hash_password_limited(password: String) -> anyhow::Result<String> {
    let _permit = hashing_permits().acquire().await?;
    tokio::task::spawn_blocking(move || hash_password(&password)).await?
}

/// `verify_password` on a blocking thread, within the concurrency cap.
pub async fn verify_password_limited(password: String, stored: String) -> anyhow::Result<bool> {
    let _permit = hashing_permits().acquire().await?;
    Ok(tokio::task::spawn_blocking(move || verify_password(&password, &stored)).await?)
}

/// A hash of a random password, verified against when the account does not exist, so that a
/// sign-in takes as long whether or not the address is registered.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-real-password-0b5c8e").unwrap_or_default())
}

/// Words that make a password guessable here: the service's own vocabulary, common Finnish and
/// Swedish password words, and the user's own address and name.
const LOCAL_WORDS: &[&str] = &[
    "salasana",
    "lösenord",
    "losenord",
    "kehto",
    "hyvinvointialue",
    "välfärdsområde",
    "suomi",
    "finland",
    "helsinki",
    "tampere",
    "oulu",
    "turku",
    "kesä",
    "talvi",
    "kissa",
    "koira",
    "perkele",
    "sisu",
    "hoitaja",
    "innovaatio",
    "terveys",
    "sote",
    "password",
    "qwerty",
    "asdfghjkl",
    "qwertyuiopå",
];

/// Whether a password is among the most common or trivially patterned ones: zxcvbn's estimate of
/// guesses stays under 10^8 (score 0–2: a common password or word with digits and capitals
/// added) with the local words and the user's own details counted as known.
pub fn is_too_common(password: &str, email: &str, display_name: &str) -> bool {
    let local_part = email.split('@').next().unwrap_or_default().to_lowercase();
    let joined_name: String = display_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("")
        .to_lowercase();
    let mut inputs: Vec<&str> = LOCAL_WORDS.to_vec();
    inputs.push(&local_part);
    inputs.push(&joined_name);
    inputs.extend(email.split(['@', '.', '_', '-']).filter(|p| p.len() >= 3));
    inputs.extend(display_name.split_whitespace().filter(|p| p.len() >= 3));
    let entropy = zxcvbn::zxcvbn(password, &inputs);
    u8::from(entropy.score()) < 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_right_password() {
        let h = hash_password("kotihoidon-etäseuranta-2026").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("kotihoidon-etäseuranta-2026", &h));
        assert!(!verify_password("kotihoidon-etäseuranta-2027", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn common_passwords_are_refused() {
        for p in [
            "password1234",
            "123456789012",
            "qwertyuiop123",
            "salasana1234",
            "aaaaaaaaaaaa",
            "Salasana123!",
            "anna.virtanen1",
        ] {
            assert!(
                is_too_common(p, "anna.virtanen@example.fi", "Anna Virtanen"),
                "{p}"
            );
        }
        for p in [
            "vihreä-kuusi-ja-kolme-omenaa",
            "Tq8#mZ2!pL9x",
            "hoivarobotti ui järvessä",
        ] {
            assert!(
                !is_too_common(p, "anna.virtanen@example.fi", "Anna Virtanen"),
                "{p}"
            );
        }
    }
}

//! Citizen-facing references (`ZQ2611-7K3M9Q`) and secret tracking codes.
//!
//! A tracking code is derived from the inquiry id with a server secret, so an
//! idempotent resubmission can hand the citizen the same code again; only its
//! hash is stored, and comparisons are constant-time.

use chrono::{DateTime, Datelike, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// No 0/O, 1/I/L: easy to read aloud on a hotline and to type on a phone.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Longest reference a caller may send; real ones are 13 characters (`ZQ2611-7K3M9Q`).
const MAX_REFERENCE_CHARS: usize = 32;

/// A reference as a caller typed it, made comparable (trimmed, upper case), or
/// `BAD_USER_INPUT` on `field` for text no reference can be (too long, a NUL byte, which
/// PostgreSQL would refuse as a database error). The one parser every lookup by reference uses.
pub fn parse_reference(field: &str, raw: &str) -> AppResult<String> {
    let reference = raw.trim().to_ascii_uppercase();
    crate::domain::validate::no_nul(field, &reference)?;
    if reference.chars().count() > MAX_REFERENCE_CHARS {
        return Err(AppError::bad_input(
            field,
            format!("not a reference (at most {MAX_REFERENCE_CHARS} characters)"),
        ));
    }
    Ok(reference)
}

/// A new reference: city prefix, year and month, six random characters.
pub fn new_reference(now: DateTime<Utc>) -> String {
    let mut rng = rand::rng();
    let tail: String = (0..6)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("ZQ{:02}{:02}-{tail}", now.year() % 100, now.month())
}

/// Derives tracking codes and checks them.
#[derive(Clone)]
pub struct TrackingCodes {
    secret: Vec<u8>,
}

impl std::fmt::Debug for TrackingCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrackingCodes(..)")
    }
}

impl TrackingCodes {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            secret: secret.to_vec(),
        }
    }

    /// The code handed to the citizen: 12 characters (about 59 bits) of the keyed hash of the id.
    pub fn code_for(&self, inquiry_id: Uuid) -> String {
        let mut h = Sha256::new();
        h.update(b"wenzheng-tracking-v1");
        h.update((self.secret.len() as u64).to_be_bytes());
        h.update(&self.secret);
        h.update(inquiry_id.as_bytes());
        let digest = h.finalize();
        digest
            .iter()
            .take(12)
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect()
    }

    /// What is stored: a hash of the reference and the code.
    pub fn hash(reference: &str, code: &str) -> String {
        let normalized: String = code.trim().to_ascii_uppercase();
        hex::encode(Sha256::digest(
            format!("{reference}:{normalized}").as_bytes(),
        ))
    }

    /// Constant-time comparison of a presented code against the stored hash.
    pub fn matches(stored_hash: &str, reference: &str, presented: &str) -> bool {
        let candidate = Self::hash(reference, presented);
        candidate.as_bytes().ct_eq(stored_hash.as_bytes()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_reads_as_city_month_and_six_unambiguous_characters() {
        let at = DateTime::parse_from_rfc3339("2026-11-03T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let r = new_reference(at);
        assert!(r.starts_with("ZQ2611-"), "{r}");
        assert_eq!(r.len(), 13);
        assert!(r[7..].bytes().all(|b| ALPHABET.contains(&b)));
    }

    #[test]
    fn tracking_code_is_stable_for_an_inquiry_and_differs_between_inquiries() {
        let codes = TrackingCodes::new(b"0123456789abcdef0123456789abcdef");
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(codes.code_for(a), codes.code_for(a));
        assert_ne!(codes.code_for(a), codes.code_for(b));
        let stored = TrackingCodes::hash("ZQ2611-7K3M9Q", &codes.code_for(a));
        assert!(TrackingCodes::matches(
            &stored,
            "ZQ2611-7K3M9Q",
            &codes.code_for(a).to_lowercase()
        ));
        assert!(!TrackingCodes::matches(
            &stored,
            "ZQ2611-7K3M9Q",
            &codes.code_for(b)
        ));
    }
}

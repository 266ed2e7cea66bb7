//! The signature header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
//! `"<t>.<body>"` with the webhook's secret. The timestamp lets receivers refuse replays.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Header carrying the signature.
pub const SIGNATURE_HEADER: &str = "wenzheng-signature";
/// Header naming the event, e.g. `inquiry.received`.
pub const EVENT_HEADER: &str = "wenzheng-event";
/// Header with the delivery id (stable across retries: receivers de-duplicate on it).
pub const DELIVERY_HEADER: &str = "wenzheng-delivery";

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value for `body` sent at `timestamp`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(tag))
}

/// Checks a header value against `body` in constant time; returns its timestamp.
pub fn verify(secret: &str, header: &str, body: &[u8]) -> Option<i64> {
    let mut timestamp = None;
    let mut tag = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => timestamp = v.parse().ok(),
            Some(("v1", v)) => tag = hex::decode(v).ok(),
            _ => {}
        }
    }
    let (timestamp, tag) = (timestamp?, tag?);
    mac(secret, timestamp, body)
        .verify_slice(&tag)
        .ok()
        .map(|()| timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_with_its_secret_and_body() {
        let header = sign("s3cret-s3cret-s3cret", 1_800_000_000, b"{\"a\":1}");
        assert!(header.starts_with("t=1800000000,v1="));
        assert_eq!(
            verify("s3cret-s3cret-s3cret", &header, b"{\"a\":1}"),
            Some(1_800_000_000)
        );
        assert_eq!(verify("another-secret-value", &header, b"{\"a\":1}"), None);
        assert_eq!(verify("s3cret-s3cret-s3cret", &header, b"{\"a\":2}"), None);
        assert_eq!(verify("s3cret-s3cret-s3cret", "v1=00", b"{}"), None);
    }
}

//! Persisted queries, resolved before any limit reads the query text: automatic persisted
//! queries after Apollo's protocol (`extensions.persistedQuery.sha256Hash`, so the mobile app
//! sends a hash instead of the document once the server knows it), or, with
//! `PERSISTED_QUERIES_FILE`, only the registered documents run.

use std::{collections::HashMap, num::NonZeroUsize, path::Path, sync::Mutex};

use async_graphql::{Request, Value};
use lru::LruCache;
use sha2::{Digest, Sha256};

use super::refusal::Refusal;
use crate::error::AppError;

/// Documents longer than this are run but not remembered, so the cache stays small.
const MAX_CACHED_BYTES: usize = 16 * 1024;

/// The registered list or the automatic cache.
pub enum PersistedQueries {
    /// Only these documents (by hash) may run.
    Registered(HashMap<String, String>),
    /// Documents learned from clients; `None` when APQ is off.
    Automatic(Option<Mutex<LruCache<String, String>>>),
}

/// The lowercase hex SHA-256 of a document, as APQ clients compute it.
pub fn hash(query: &str) -> String {
    hex::encode(Sha256::digest(query.as_bytes()))
}

impl PersistedQueries {
    /// Loads the registered list when a file is given (its hashes are checked), else sets up
    /// the APQ cache.
    pub fn load(file: Option<&Path>, cache_size: usize) -> anyhow::Result<Self> {
        let Some(file) = file else {
            return Ok(Self::Automatic(
                NonZeroUsize::new(cache_size).map(|n| Mutex::new(LruCache::new(n))),
            ));
        };
        let text = std::fs::read_to_string(file)
            .map_err(|e| anyhow::anyhow!("PERSISTED_QUERIES_FILE {}: {e}", file.display()))?;
        let list: HashMap<String, String> = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "PERSISTED_QUERIES_FILE {}: expected {{\"<sha256>\": \"<query>\"}}: {e}",
                file.display()
            )
        })?;
        for (h, q) in &list {
            anyhow::ensure!(
                hash(q) == h.to_ascii_lowercase(),
                "PERSISTED_QUERIES_FILE: {h} is not the SHA-256 of its query"
            );
        }
        Ok(Self::Registered(
            list.into_iter()
                .map(|(h, q)| (h.to_ascii_lowercase(), q))
                .collect(),
        ))
    }

    /// Fills `request.query` from its hash, or checks that the document may run.
    pub fn resolve(&self, request: &mut Request) -> Result<(), Refusal> {
        let wanted = requested_hash(request)?;
        match self {
            Self::Registered(list) => {
                if request.query.is_empty() {
                    let h = wanted.ok_or_else(|| AppError::bad_input("query", "missing"))?;
                    let query = list.get(&h).ok_or(Refusal::PersistedQueryNotFound)?;
                    request.query = query.clone();
                    return Ok(());
                }
                let actual = hash(&request.query);
                check_matches(wanted.as_deref(), &actual)?;
                if !list.contains_key(&actual) {
                    return Err(AppError::Forbidden(
                        "only registered operations are accepted".into(),
                    )
                    .into());
                }
                Ok(())
            }
            Self::Automatic(cache) => {
                let Some(h) = wanted else {
                    return Ok(());
                };
                let Some(cache) = cache else {
                    return Err(Refusal::PersistedQueryNotSupported);
                };
                let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                if request.query.is_empty() {
                    let query = cache.get(&h).ok_or(Refusal::PersistedQueryNotFound)?;
                    request.query = query.clone();
                    return Ok(());
                }
                check_matches(Some(&h), &hash(&request.query))?;
                if request.query.len() <= MAX_CACHED_BYTES {
                    cache.put(h, request.query.clone());
                }
                Ok(())
            }
        }
    }
}

/// The hash in `extensions.persistedQuery`, lowercased; a malformed one is refused.
fn requested_hash(request: &Request) -> Result<Option<String>, AppError> {
    let Some(pq) = request.extensions.0.get("persistedQuery") else {
        return Ok(None);
    };
    let bad = || {
        AppError::bad_input(
            "extensions.persistedQuery",
            "expected {\"version\": 1, \"sha256Hash\": \"<64 hex digits>\"}",
        )
    };
    let Value::Object(pq) = pq else {
        return Err(bad());
    };
    if pq.get("version") != Some(&Value::from(1)) {
        return Err(bad());
    }
    match pq.get("sha256Hash") {
        Some(Value::String(h)) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Ok(Some(h.to_ascii_lowercase()))
        }
        _ => Err(bad()),
    }
}

fn check_matches(wanted: Option<&str>, actual: &str) -> Result<(), AppError> {
    match wanted {
        Some(w) if w != actual => Err(AppError::bad_input(
            "extensions.persistedQuery",
            "sha256Hash is not the hash of the query",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_hash(query: &str, h: &str) -> Request {
        let mut r = Request::new(query);
        r.extensions.0.insert(
            "persistedQuery".into(),
            Value::from_json(serde_json::json!({"version": 1, "sha256Hash": h})).unwrap(),
        );
        r
    }

    #[test]
    fn automatic_queries_are_learned_then_found_by_hash() {
        let apq = PersistedQueries::load(None, 10).unwrap();
        let q = "{ __typename }";
        let h = hash(q);
        let mut unknown = with_hash("", &h);
        assert_eq!(
            apq.resolve(&mut unknown).unwrap_err().code(),
            "PERSISTED_QUERY_NOT_FOUND"
        );
        apq.resolve(&mut with_hash(q, &h)).unwrap();
        let mut known = with_hash("", &h);
        apq.resolve(&mut known).unwrap();
        assert_eq!(known.query, q);
        let mut lying = with_hash("{ a }", &h);
        assert_eq!(
            apq.resolve(&mut lying).unwrap_err().code(),
            "BAD_USER_INPUT"
        );
    }

    #[test]
    fn registered_list_refuses_other_documents() {
        let q = "{ __typename }";
        let list = PersistedQueries::Registered([(hash(q), q.to_owned())].into());
        list.resolve(&mut Request::new(q)).unwrap();
        let mut by_hash = with_hash("", &hash(q));
        list.resolve(&mut by_hash).unwrap();
        assert_eq!(by_hash.query, q);
        assert_eq!(
            list.resolve(&mut Request::new("{ x }")).unwrap_err().code(),
            "FORBIDDEN"
        );
    }
}

//! The POST body: one GraphQL request (`{query, operationName, variables, extensions}`) or a
//! JSON array of them, checked parameter by parameter so a malformed request gets a 400 that
//! names the parameter instead of being executed with defaults.

use async_graphql::Request;
use serde_json::{Map, Value};

use crate::error::AppError;

/// What a POST asked for.
#[derive(Debug)]
pub enum Incoming {
    Single(Box<Request>),
    Batch(Vec<Request>),
}

/// Parses a body; a batch longer than `max_batch` (or any batch when it is 0) is refused.
pub fn parse(body: &[u8], max_batch: usize) -> Result<Incoming, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::bad_input(
            "body",
            "missing: send a JSON GraphQL request",
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| AppError::bad_input("body", format!("not JSON: {e}")))?;
    match value {
        Value::Object(map) => Ok(Incoming::Single(Box::new(one(map)?))),
        Value::Array(items) => {
            if max_batch == 0 {
                return Err(AppError::bad_input("body", "batches are not accepted"));
            }
            if items.is_empty() || items.len() > max_batch {
                return Err(AppError::bad_input(
                    "body",
                    format!(
                        "a batch holds 1 to {max_batch} operations, not {}",
                        items.len()
                    ),
                ));
            }
            items
                .into_iter()
                .map(|item| match item {
                    Value::Object(map) => one(map),
                    _ => Err(AppError::bad_input(
                        "body",
                        "each batch item must be an object",
                    )),
                })
                .collect::<Result<_, _>>()
                .map(Incoming::Batch)
        }
        _ => Err(AppError::bad_input(
            "body",
            "expected a JSON object with a `query`",
        )),
    }
}

/// The GET form: the same parameters from the query string, `variables` and `extensions` as
/// JSON text. (async-graphql's own `parse_query_string` reads `operation_name`, not the
/// specification's `operationName`.)
#[derive(Debug, serde::Deserialize)]
pub struct GetParams {
    pub query: Option<String>,
    #[serde(rename = "operationName")]
    pub operation_name: Option<String>,
    pub variables: Option<String>,
    pub extensions: Option<String>,
}

impl GetParams {
    /// The request these parameters describe, checked like a POST body.
    pub fn into_request(self) -> Result<Request, AppError> {
        let mut map = Map::new();
        map.insert(
            "query".into(),
            self.query.map(Value::String).unwrap_or(Value::Null),
        );
        if let Some(name) = self.operation_name.filter(|n| !n.is_empty()) {
            map.insert("operationName".into(), Value::String(name));
        }
        for (key, text) in [
            ("variables", self.variables),
            ("extensions", self.extensions),
        ] {
            if let Some(text) = text.filter(|t| !t.is_empty()) {
                let value = serde_json::from_str(&text)
                    .map_err(|e| AppError::bad_input(key, format!("not JSON: {e}")))?;
                map.insert(key.into(), value);
            }
        }
        one(map)
    }
}

fn one(mut map: Map<String, Value>) -> Result<Request, AppError> {
    // An automatic persisted query may come as its hash alone (`persisted.rs` resolves it).
    let persisted = map
        .get("extensions")
        .and_then(|e| e.get("persistedQuery"))
        .is_some();
    match map.get("query") {
        Some(Value::String(_)) => {}
        None | Some(Value::Null) if persisted => {
            map.insert("query".into(), Value::String(String::new()));
        }
        None | Some(Value::Null) => return Err(AppError::bad_input("query", "missing")),
        Some(_) => return Err(AppError::bad_input("query", "must be a string")),
    }
    for (key, expect_object) in [
        ("operationName", false),
        ("variables", true),
        ("extensions", true),
    ] {
        match (map.get(key), expect_object) {
            (None | Some(Value::Null), _) => {}
            (Some(Value::String(_)), false) | (Some(Value::Object(_)), true) => {}
            (Some(_), false) => return Err(AppError::bad_input(key, "must be a string")),
            (Some(_), true) => return Err(AppError::bad_input(key, "must be an object")),
        }
    }
    serde_json::from_value(Value::Object(map))
        .map_err(|e| AppError::bad_input("body", format!("not a GraphQL request: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &str) -> String {
        parse(body.as_bytes(), 10).unwrap_err().code().to_owned()
    }

    #[test]
    fn malformed_parameters_are_refused() {
        assert_eq!(code(""), "BAD_USER_INPUT");
        assert_eq!(code("{ \"not a JSON"), "BAD_USER_INPUT");
        assert_eq!(code(r#"{"qeury":"{ a }"}"#), "BAD_USER_INPUT");
        assert_eq!(code(r#"{"query":0}"#), "BAD_USER_INPUT");
        assert_eq!(
            code(r#"{"query":"{ a }","operationName":false}"#),
            "BAD_USER_INPUT"
        );
        assert_eq!(
            code(r#"{"query":"{ a }","variables":"x"}"#),
            "BAD_USER_INPUT"
        );
        assert_eq!(
            code(r#"{"query":"{ a }","extensions":[]}"#),
            "BAD_USER_INPUT"
        );
        assert_eq!(code("[]"), "BAD_USER_INPUT");
    }

    #[test]
    fn null_optional_parameters_are_accepted() {
        let ok = parse(
            br#"{"query":"{ a }","operationName":null,"variables":null,"extensions":null}"#,
            10,
        );
        assert!(matches!(ok, Ok(Incoming::Single(_))));
        let ok = parse(
            br#"{"query":"query Q($x: Int) { a }","variables":{"x":1}}"#,
            10,
        );
        assert!(matches!(ok, Ok(Incoming::Single(_))));
    }

    #[test]
    fn batches_are_capped() {
        let batch = |n: usize| format!("[{}]", vec![r#"{"query":"{ a }"}"#; n].join(","));
        assert!(matches!(parse(batch(10).as_bytes(), 10), Ok(Incoming::Batch(v)) if v.len() == 10));
        assert!(parse(batch(11).as_bytes(), 10).is_err());
        assert!(parse(batch(1).as_bytes(), 0).is_err());
    }
}

//! CSRF defence: a browser sends a cross-site POST without a CORS preflight only with a
//! "simple" Content-Type (`text/plain`, `application/x-www-form-urlencoded`,
//! `multipart/form-data`). `/graphql` executes only `application/json` bodies, which no page
//! can send cross-site without a preflight that the CORS allow-list then decides on, so those
//! types are refused outright, preflight-forcing header or not, before anything is parsed.

use axum::http::{HeaderMap, header};

use crate::error::AppError;

/// Content types a cross-site form or `fetch` may send without a preflight.
const SIMPLE: [&str; 3] = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
];

/// Accepts `application/json` (UTF-8, the only charset allowed); refuses anything else with a
/// message that says why. The caller answers 415.
pub fn check_post_content_type(headers: &HeaderMap) -> Result<(), AppError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(AppError::bad_input(
            "Content-Type",
            "missing: send the request as application/json",
        ));
    };
    let value = value.to_str().unwrap_or("");
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    if SIMPLE.contains(&essence.as_str()) {
        return Err(AppError::bad_input(
            "Content-Type",
            format!(
                "{essence} is refused: any web page could send it cross-site (CSRF); send application/json"
            ),
        ));
    }
    if essence != "application/json" {
        return Err(AppError::bad_input(
            "Content-Type",
            "unsupported: send the request as application/json",
        ));
    }
    for param in parts {
        if let Some((k, v)) = param.split_once('=')
            && k.trim().eq_ignore_ascii_case("charset")
            && !v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        {
            return Err(AppError::bad_input(
                "Content-Type",
                "only the utf-8 charset is accepted",
            ));
        }
    }
    Ok(())
}

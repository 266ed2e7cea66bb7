//! Content negotiation of the GraphQL-over-HTTP specification: which JSON media type a
//! response uses, decided from `Accept` (406 when neither is acceptable).

use axum::http::{HeaderMap, header};

/// The media types a GraphQL response can be sent as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaType {
    /// `application/graphql-response+json`: request errors get 4xx and no `data`.
    GraphQlResponse,
    /// `application/json`: the legacy type; request errors still get 200.
    Json,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GraphQlResponse => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// The response type for `Accept`: the acceptable range with the highest `q` (the first on a
/// tie); `*/*` and `application/*` mean `application/json`, and so does a missing header, as
/// the specification advises for clients written before it. `None`: answer 406.
pub fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    let Some(accept) = headers.get(header::ACCEPT) else {
        return Some(MediaType::Json);
    };
    let accept = accept.to_str().ok()?;
    if accept.trim().is_empty() {
        return Some(MediaType::Json);
    }
    let mut best: Option<(f32, MediaType)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0f32;
        let mut charset_ok = true;
        for param in parts {
            let Some((k, v)) = param.split_once('=') else {
                continue;
            };
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().trim_matches('"'));
            match k.as_str() {
                "q" => q = v.parse().unwrap_or(0.0),
                "charset" => charset_ok = v.eq_ignore_ascii_case("utf-8"),
                _ => {}
            }
        }
        let media = match essence.as_str() {
            "application/graphql-response+json" => MediaType::GraphQlResponse,
            "application/json" | "application/*" | "*/*" => MediaType::Json,
            _ => continue,
        };
        if q <= 0.0 || !charset_ok {
            continue;
        }
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, media));
        }
    }
    best.map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn accept(v: &str) -> Option<MediaType> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        negotiate(&h)
    }

    #[test]
    fn accept_picks_the_preferred_json_type() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(MediaType::Json));
        assert_eq!(accept("*/*"), Some(MediaType::Json));
        assert_eq!(
            accept("application/graphql-response+json, application/json;q=0.9"),
            Some(MediaType::GraphQlResponse)
        );
        assert_eq!(
            accept("application/graphql-response+json;q=0.5, application/json"),
            Some(MediaType::Json)
        );
        assert_eq!(
            accept("text/html, application/graphql-response+json; charset=utf-8"),
            Some(MediaType::GraphQlResponse)
        );
    }

    #[test]
    fn an_unsupported_accept_is_not_acceptable() {
        assert_eq!(accept("text/html"), None);
        assert_eq!(accept("application/xml, text/plain"), None);
        assert_eq!(accept("application/json; charset=utf-16"), None);
        assert_eq!(accept("application/json;q=0"), None);
    }
}

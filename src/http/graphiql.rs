//! GraphiQL for browsers, served entirely by this server: the page, its scripts and styles are
//! compiled into the binary (`assets/graphiql/`, vendored from npm by
//! `scripts/graphiql/fetch.sh`), so it works on an intranet without internet access. The page
//! runs no inline script and carries a Content-Security-Policy that allows only this origin
//! (plus the `data:` fonts and icons inside GraphiQL's stylesheet).
//!
//! Assets live under `/graphql/assets/<version>/<file>`, where `<version>` is a hash of all of
//! them: a new build with other files gets other URLs, so they are cached for a year. In demo
//! mode (`serve --demo`) `/graphql/demo-tokens` hands the page the tokens printed at start-up;
//! otherwise it does not exist.

use std::sync::LazyLock;

use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use super::HttpState;

/// One file of the page.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

static ASSETS: &[Asset] = &[
    Asset {
        name: "react.production.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/react.production.min.js"),
    },
    Asset {
        name: "react-dom.production.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    },
    Asset {
        name: "graphiql.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.js"),
    },
    Asset {
        name: "graphiql.min.css",
        content_type: CSS,
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.css"),
    },
    Asset {
        name: "wenzheng.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/wenzheng.js"),
    },
    Asset {
        name: "wenzheng.css",
        content_type: CSS,
        bytes: include_bytes!("../../assets/graphiql/wenzheng.css"),
    },
];

/// The first 16 hex digits of a SHA-256 over every asset: the versioned part of their URLs.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hash = Sha256::new();
    for a in ASSETS {
        hash.update(a.name.as_bytes());
        hash.update((a.bytes.len() as u64).to_le_bytes());
        hash.update(a.bytes);
    }
    hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
});

/// Only this origin; GraphiQL's stylesheet embeds its fonts and icons as `data:` URLs.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>wenzheng · GraphiQL</title>
<link rel="stylesheet" href="{assets}/graphiql.min.css">
<link rel="stylesheet" href="{assets}/wenzheng.css">
</head>
<body>
<form class="wz-bar" id="wz-auth" autocomplete="off">
<label for="wz-token">Bearer token</label>
<input id="wz-token" name="token" type="password" spellcheck="false" placeholder="none: anonymous">
<select id="wz-demo" hidden aria-label="demo tokens"><option value="">demo tokens…</option></select>
<button type="submit">Use</button>
<button type="button" id="wz-clear">Clear</button>
<span id="wz-status" role="status"></span>
</form>
<div id="graphiql" data-endpoint="/graphql"{demo}>Loading…</div>
<script src="{assets}/react.production.min.js"></script>
<script src="{assets}/react-dom.production.min.js"></script>
<script src="{assets}/graphiql.min.js"></script>
<script src="{assets}/wenzheng.js"></script>
</body>
</html>
"#;

/// Where the assets of this build are served.
pub fn assets_path() -> String {
    format!("/graphql/assets/{}", *VERSION)
}

/// The GraphiQL page, with its security headers. `demo` tells the page to offer the demo tokens.
pub fn page(demo: bool) -> Response {
    let demo = if demo {
        r#" data-demo-tokens="/graphql/demo-tokens""#
    } else {
        ""
    };
    let html = PAGE
        .replace("{assets}", &assets_path())
        .replace("{demo}", demo);
    let mut resp = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

/// `GET /graphql/assets/{version}/{file}`: one asset of this build, cached for a year; 404 for
/// another build's version, an unknown file, or when GraphiQL is off.
pub async fn asset(
    State(state): State<HttpState>,
    Path((version, file)): Path<(String, String)>,
) -> Response {
    let found = ASSETS.iter().find(|a| a.name == file);
    let (true, true, Some(asset)) = (state.app.graphiql, version == *VERSION, found) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        asset.bytes,
    )
        .into_response()
}

/// A token minted by `serve --demo`, offered to the GraphiQL page.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DemoToken {
    pub label: String,
    pub token: String,
}

/// `GET /graphql/demo-tokens`: the tokens `serve --demo` printed, as JSON
/// (`{"tokens": [{"label", "token"}]}`). 404 unless the server runs with `--demo` (and
/// GraphiQL on): production never mints them.
pub async fn demo_tokens(State(state): State<HttpState>) -> Response {
    let Some(tokens) = state.app.demo_tokens.get().filter(|_| state.app.graphiql) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = serde_json::json!({ "tokens": tokens });
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_only_this_builds_assets_and_no_inline_script() {
        let html = PAGE
            .replace("{assets}", &assets_path())
            .replace("{demo}", "");
        assert!(
            !html.contains("http://") && !html.contains("https://") && !html.contains("//unpkg")
        );
        for line in html.lines().filter(|l| l.contains("<script")) {
            assert!(line.contains(" src=\"/graphql/assets/"), "{line}");
            assert!(line.ends_with("></script>"), "{line}");
        }
        assert_eq!(VERSION.len(), 16);
    }
}

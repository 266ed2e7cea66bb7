//! The GraphQL layer: thin resolvers over `service`, per-request loaders, and
//! the schema the public contract (`schema.graphql`) is exported from.

pub mod context;
pub mod loaders;
pub mod mutation;
pub mod query;
pub mod subscription;
pub mod types;

use async_graphql::Schema;

use crate::{app::AppState, http::HttpSettings};

pub use context::RequestContext;
pub use mutation::MutationRoot;
pub use query::QueryRoot;
pub use subscription::SubscriptionRoot;

/// The executable schema type.
pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Builds the schema once at start-up with the default limits; per-request data is attached
/// at execution.
pub fn build_schema(state: Option<AppState>) -> AppSchema {
    build_schema_with(state, &HttpSettings::default(), true)
}

/// Builds the schema with the configured depth, complexity and directive limits; `suggestions`
/// off drops "Did you mean" hints, which would name fields to callers who may not introspect.
pub fn build_schema_with(
    state: Option<AppState>,
    limits: &HttpSettings,
    suggestions: bool,
) -> AppSchema {
    let mut builder = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        SubscriptionRoot,
    )
    .limit_depth(limits.max_depth)
    .limit_complexity(limits.max_complexity)
    .limit_recursive_depth(RECURSIVE_DEPTH)
    .limit_directives(limits.max_directives);
    // No extensions: with one, async-graphql leaves its fast path for every field resolved.
    // The rate limit is charged before execution instead (`http::document_limits`).
    if !suggestions {
        builder = builder.disable_suggestions();
    }
    if let Some(state) = state {
        builder = builder.data(state);
    }
    builder.finish()
}

/// Deepest nesting of selections and fragment spreads async-graphql walks while parsing a
/// request; below `document_limits::MAX_NESTING`, which the raw text is held to first.
const RECURSIVE_DEPTH: usize = 32;

/// The complexity of a connection field: its selection costs once per requested item
/// (`first`, 1..100; out-of-range values are refused by the resolver, so they are clamped
/// here), plus one for the field itself.
pub fn connection_complexity(first: i32, child_complexity: usize) -> usize {
    child_complexity
        .saturating_mul(first.clamp(0, 100) as usize)
        .saturating_add(1)
}

/// The SDL of the public contract, as `wenzheng schema` prints it.
pub fn sdl() -> String {
    build_schema(None).sdl()
}

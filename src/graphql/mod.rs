//! The GraphQL layer: thin resolvers over `service`, per-request loaders, and
//! the schema the public contract (`schema.graphql`) is exported from.

pub mod context;
pub mod error;
pub mod loaders;
pub mod mutation;
pub mod query;
pub mod selection;
pub mod subscription;
pub mod types;

use async_graphql::Schema;

use crate::app::AppState;

pub use context::RequestContext;
pub use mutation::MutationRoot;
pub use query::QueryRoot;
pub use subscription::SubscriptionRoot;

/// The executable schema type.
pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// What the schema itself enforces while validating a document. The deployment's settings
/// fill it in (`http::HttpSettings::schema_settings`); the GraphQL layer reads no transport
/// configuration of its own.
#[derive(Debug, Clone, Copy)]
pub struct SchemaSettings {
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_directives: usize,
    /// "Did you mean" hints; off for callers who may not introspect, since they name fields.
    pub suggestions: bool,
}

/// Default deepest selection nesting.
pub const DEFAULT_MAX_DEPTH: usize = 12;
/// Default highest complexity (each field 1, connection fields times `first`).
pub const DEFAULT_MAX_COMPLEXITY: usize = 2_000;
/// Default most directives per document (fragments expanded).
pub const DEFAULT_MAX_DIRECTIVES: usize = 50;

impl Default for SchemaSettings {
    /// The limits `MAX_DEPTH`, `MAX_COMPLEXITY` and `MAX_DIRECTIVES` default to.
    fn default() -> Self {
        Self {
            max_depth: DEFAULT_MAX_DEPTH,
            max_complexity: DEFAULT_MAX_COMPLEXITY,
            max_directives: DEFAULT_MAX_DIRECTIVES,
            suggestions: true,
        }
    }
}

/// Builds the schema with the default limits (as exported and as tests run it); per-request
/// data is attached at execution.
pub fn build_schema(state: Option<AppState>) -> AppSchema {
    build_schema_with(state, SchemaSettings::default())
}

/// Builds the schema with the configured depth, complexity and directive limits.
pub fn build_schema_with(state: Option<AppState>, limits: SchemaSettings) -> AppSchema {
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
    if !limits.suggestions {
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

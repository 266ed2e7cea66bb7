//! The GraphQL layer: thin resolvers over `service`, per-request loaders, and
//! the schema the public contract (`schema.graphql`) is exported from.

pub mod context;
pub mod loaders;
pub mod mutation;
pub mod query;
pub mod types;

use async_graphql::{EmptySubscription, Schema};

use crate::app::AppState;

pub use context::RequestContext;
pub use mutation::MutationRoot;
pub use query::QueryRoot;

/// The executable schema type.
pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Builds the schema once at start-up; per-request data is attached at execution.
pub fn build_schema(state: Option<AppState>) -> AppSchema {
    let mut builder = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(12)
    .limit_complexity(5_000)
    .limit_recursive_depth(32)
    .limit_directives(50);
    if let Some(state) = state {
        builder = builder.data(state);
    }
    builder.finish()
}

/// The SDL of the public contract, as `wenzheng schema` prints it.
pub fn sdl() -> String {
    build_schema(None).sdl()
}

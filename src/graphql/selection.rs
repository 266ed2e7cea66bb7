//! What a list field's selection asks of its items, so its resolver can prime the loaders
//! before the items resolve: a page then costs one query per relation whatever its size,
//! rather than depending on how the loaders' batching windows fall.

use async_graphql::{Context, Lookahead};

/// The selections of a list's items, through fragments and aliases.
pub struct Selection<'a> {
    items: Vec<Lookahead<'a>>,
}

impl<'a> Selection<'a> {
    /// The items of a connection: `edges { node }` and `nodes`.
    pub fn of_page(ctx: &'a Context<'_>) -> Self {
        let look = ctx.look_ahead();
        Self {
            items: vec![look.field("edges").field("node"), look.field("nodes")],
        }
    }

    /// The items of a plain list: the field itself.
    pub fn of_list(ctx: &'a Context<'_>) -> Self {
        Self {
            items: vec![ctx.look_ahead()],
        }
    }

    /// Whether any item selects `path`, e.g. `["replies", "signedBy"]`.
    pub fn wants(&self, path: &[&str]) -> bool {
        self.items.iter().any(|item| reaches(item, path))
    }
}

fn reaches(look: &Lookahead<'_>, path: &[&str]) -> bool {
    match path.split_first() {
        None => look.exists(),
        Some((name, rest)) => reaches(&look.field(name), rest),
    }
}

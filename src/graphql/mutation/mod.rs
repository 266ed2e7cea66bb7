//! Mutation root: one `input` argument, a payload object back.

mod intake;

use async_graphql::MergedObject;

/// All mutations of the public contract.
#[derive(MergedObject, Default)]
pub struct MutationRoot(intake::IntakeMutation);

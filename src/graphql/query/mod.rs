//! Query root.

mod deadlines;
mod directory;
mod inquiries;

use async_graphql::MergedObject;

/// All queries of the public contract.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    directory::DirectoryQuery,
    inquiries::InquiryQuery,
    deadlines::DeadlineQuery,
);

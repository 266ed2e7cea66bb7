//! Relay global ids as GraphQL `ID`s. The kinds and the encoding live in
//! [`crate::service::ids`]; this module ties them to the object types and to arguments.
//!
//! Arguments stay plain `ID` in the schema; resolvers parse them with
//! `GlobalId::<Department>::parse(&input.department_id, "departmentId")?`, naming the
//! GraphQL type, so a kind cannot be misspelt and an id of another kind is
//! `BAD_USER_INPUT` with `extensions.field` naming the argument.

use std::marker::PhantomData;

use async_graphql::ID;
use uuid::Uuid;

pub use crate::service::ids::{Kind, NodeKind};
use crate::{error::AppError, service::ids};

/// Ties each object type with a global id to its [`Kind`] of the same name.
macro_rules! node_kinds {
    ($($ty:path => $kind:ident),+ $(,)?) => {
        $(impl NodeKind for $ty {
            const KIND: Kind = Kind::$kind;
        })+

        /// The GraphQL type names of the types above, with their kinds' names, for the
        /// test that they agree.
        #[cfg(test)]
        fn type_names() -> Vec<(String, &'static str)> {
            use async_graphql::OutputType;
            vec![$((<$ty as OutputType>::type_name().into_owned(), <$ty as NodeKind>::NAME)),+]
        }
    };
}

node_kinds!(
    super::announcement::Announcement => Announcement,
    super::answer::AnswerEntry => AnswerEntry,
    super::directory::Department => Department,
    super::directory_change::DirectoryChange => DirectoryChange,
    super::directory::District => District,
    super::rota::DutyShift => DutyShift,
    super::timeline::ExpertConsultation => ExpertConsultation,
    super::inquiry::Inquiry => Inquiry,
    super::timeline::InquiryEvent => InquiryEvent,
    super::reports::MonthlyStar => MonthlyStar,
    super::directory::Officer => Officer,
    super::reports::OfficerReview => OfficerReview,
    super::reply::Reply => Reply,
    super::webhook::Webhook => Webhook,
);

/// The global id of the `K` object `id`: `global_id::<Inquiry>(m.id)`.
pub fn global_id<K: NodeKind>(id: Uuid) -> ID {
    ID(ids::encode(K::KIND, id))
}

/// Parses `ID` arguments that must name a `K`. Never constructed: it only carries the kind.
pub struct GlobalId<K>(PhantomData<fn() -> K>);

impl<K: NodeKind> GlobalId<K> {
    /// The uuid of `id`, which must be a `K` id; otherwise `BAD_USER_INPUT` on `field`
    /// (the argument's name as the client wrote it, e.g. `"filter.departmentId"`).
    pub fn parse(id: &ID, field: &str) -> Result<Uuid, AppError> {
        ids::decode_kind::<K>(id, field)
    }
}

/// Decodes any global id into its kind (`None` for a kind this server does not have) and
/// uuid; for arguments that accept several kinds, such as `node(id:)`.
pub fn decode(id: &ID, field: &str) -> Result<(Option<Kind>, Uuid), AppError> {
    ids::decode(id, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_named_as_its_graphql_type() {
        let names = type_names();
        for (type_name, kind_name) in &names {
            assert_eq!(type_name, kind_name);
        }
        for kind in Kind::ALL {
            assert!(
                names.iter().any(|(_, n)| *n == kind.name()),
                "{kind:?} has no GraphQL type"
            );
        }
    }
}

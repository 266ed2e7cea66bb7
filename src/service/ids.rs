//! Relay global ids (`base64("Type:uuid")`), opaque to clients, and the one registry of
//! the kinds of object that have one. GraphQL wraps the same encoding in its `ID`; services
//! that hand ids to outside systems (webhook payloads) use it as a plain string.
//!
//! A kind's name is the GraphQL type name clients see: it is written into every id issued,
//! so renaming one invalidates ids that clients have stored.

use base64::{Engine, engine::general_purpose::STANDARD};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

macro_rules! kinds {
    ($($kind:ident),+ $(,)?) => {
        /// Every kind of object with a global id, named as its GraphQL type. Matching on it
        /// (rather than on the name in an id) lets the compiler see every kind handled.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($kind),+
        }

        impl Kind {
            /// All kinds, for checks that each one is what the schema calls it.
            pub const ALL: &[Kind] = &[$(Kind::$kind),+];

            /// The name written into ids of this kind.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Kind::$kind => stringify!($kind)),+
                }
            }

            fn from_name(name: &str) -> Option<Kind> {
                match name {
                    $(stringify!($kind) => Some(Kind::$kind),)+
                    _ => None,
                }
            }
        }
    };
}

kinds!(
    Announcement,
    AnswerEntry,
    Department,
    DirectoryChange,
    District,
    DutyShift,
    ExpertConsultation,
    Inquiry,
    InquiryEvent,
    MonthlyStar,
    Officer,
    OfficerReview,
    Reply,
    Webhook,
);

/// A type whose values are objects of one [`Kind`] (the GraphQL object types implement it),
/// so code names the type, `global_id::<Inquiry>(id)`, and never spells the kind as a string.
pub trait NodeKind {
    const KIND: Kind;
    /// The name in this kind's ids.
    const NAME: &'static str = Self::KIND.name();
}

/// The global id of the `kind` object `id`, as `node(id:)` accepts it.
pub fn encode(kind: Kind, id: Uuid) -> String {
    STANDARD.encode(format!("{}:{id}", kind.name()))
}

/// Decodes any global id into its kind and uuid. The kind is `None` for a well-formed id
/// of a kind this server does not have (nothing it issued): `node(id:)` answers null to
/// that, as to any id it cannot find. Malformed text is `BAD_USER_INPUT` on `field`.
pub fn decode(text: &str, field: &str) -> AppResult<(Option<Kind>, Uuid)> {
    let bad = || AppError::bad_input(field, "not an id issued by this server");
    let raw = STANDARD.decode(text).map_err(|_| bad())?;
    let raw = String::from_utf8(raw).map_err(|_| bad())?;
    let (kind, uuid) = raw.split_once(':').ok_or_else(bad)?;
    Ok((Kind::from_name(kind), uuid.parse().map_err(|_| bad())?))
}

/// Decodes a global id that must be of kind `K`; any other kind is `BAD_USER_INPUT` on
/// `field`, so an id of the wrong object never reaches a lookup.
pub fn decode_kind<K: NodeKind>(text: &str, field: &str) -> AppResult<Uuid> {
    match decode(text, field)? {
        (Some(kind), uuid) if kind == K::KIND => Ok(uuid),
        _ => Err(AppError::bad_input(
            field,
            format!("expected a {} id", K::NAME),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dept;
    impl NodeKind for Dept {
        const KIND: Kind = Kind::Department;
    }

    #[test]
    fn round_trips_every_kind() {
        let id = Uuid::now_v7();
        for &kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
            assert_eq!(decode(&encode(kind, id), "id").unwrap(), (Some(kind), id));
        }
    }

    #[test]
    fn keeps_the_format_clients_hold() {
        let id: Uuid = "0190a5d2-0000-7000-8000-000000000001".parse().unwrap();
        let text = encode(Kind::Inquiry, id);
        assert_eq!(text, STANDARD.encode(format!("Inquiry:{id}")));
        assert_eq!(Dept::NAME, "Department");
    }

    #[test]
    fn refuses_other_kinds_and_non_ids() {
        let id = Uuid::now_v7();
        assert_eq!(
            decode_kind::<Dept>(&encode(Kind::Department, id), "d").unwrap(),
            id
        );
        let wrong = decode_kind::<Dept>(&encode(Kind::Officer, id), "departmentId").unwrap_err();
        assert_eq!(wrong.code(), "BAD_USER_INPUT");
        assert!(
            wrong.to_string().contains("expected a Department id"),
            "{wrong}"
        );
        let unknown = STANDARD.encode(format!("Nothing:{id}"));
        assert_eq!(decode(&unknown, "id").unwrap(), (None, id));
        assert!(decode_kind::<Dept>(&unknown, "id").is_err());
        for bad in [
            "",
            "not base64!",
            &STANDARD.encode("Inquiry"),
            &STANDARD.encode("Inquiry:x"),
        ] {
            assert_eq!(decode(bad, "id").unwrap_err().code(), "BAD_USER_INPUT");
        }
    }
}

//! Who sees what through the Open311 (GeoReport v2) view at `/open311/v2/`.
//!
//! Open311 is a public, civic-tech interface: it lists requests to anyone, but only their
//! public side, and never tip-offs (a `REPORT` may expose an informant, so it is neither
//! offered as a service, accepted, listed nor returned here).

use entity::{InquiryKind, inquiry};
use sea_orm::{ColumnTrait, Condition};

use super::inquiry_scope;
use crate::auth::Principal;

/// The inquiry kinds Open311 offers as services; `REPORT` (tip-off) is never among them.
pub const OPEN311_KINDS: [InquiryKind; 4] = [
    InquiryKind::Consultation,
    InquiryKind::Complaint,
    InquiryKind::Suggestion,
    InquiryKind::Praise,
];

/// Whether Open311 may accept, list or return inquiries of `kind`.
pub fn open311_offers(kind: InquiryKind) -> bool {
    OPEN311_KINDS.contains(&kind)
}

/// The inquiries an Open311 caller may see, as a SQL condition.
///
/// Without a token: every non-tip-off inquiry (the view only ever shows public fields, see
/// [`public_coordinate`]). With a token: exactly the GraphQL scope ([`inquiry_scope`]), so a
/// partner sees its own submissions and an officer its department's, minus tip-offs.
pub fn open311_scope(principal: &Principal) -> Condition {
    let kinds = Condition::all().add(inquiry::Column::Kind.is_in(OPEN311_KINDS));
    match principal {
        Principal::Anonymous => kinds,
        _ => kinds.add(inquiry_scope(principal)),
    }
}

/// Coordinates are published rounded to 3 decimals (about 100 m), so a request made at
/// home does not point at the citizen's door.
pub fn public_coordinate(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use entity::inquiry;
    use sea_orm::{DbBackend, EntityTrait, QueryFilter, QueryTrait};

    use super::*;
    use crate::auth::DistrictScope;

    fn sql(p: &Principal) -> String {
        let full = inquiry::Entity::find()
            .filter(open311_scope(p))
            .build(DbBackend::Postgres)
            .to_string();
        full.split_once(" WHERE ")
            .map(|(_, w)| w.to_owned())
            .unwrap_or_default()
    }

    #[test]
    fn the_public_sees_every_kind_but_tip_offs() {
        assert_eq!(
            sql(&Principal::Anonymous),
            r#""inquiry"."kind" IN ('CONSULTATION', 'COMPLAINT', 'SUGGESTION', 'PRAISE')"#
        );
        assert!(!open311_offers(InquiryKind::Report));
        assert!(open311_offers(InquiryKind::Praise));
    }

    #[test]
    fn a_token_adds_the_graphql_scope() {
        let partner = Principal::Partner {
            subject: "hotline".into(),
            partner: "12345-hotline".into(),
            districts: DistrictScope::All,
        };
        assert_eq!(
            sql(&partner),
            r#""inquiry"."kind" IN ('CONSULTATION', 'COMPLAINT', 'SUGGESTION', 'PRAISE') AND ("inquiry"."submitted_by_partner" = '12345-hotline' AND TRUE)"#
        );
        let citizen = Principal::Citizen {
            subject: "app-user-001".into(),
        };
        assert!(sql(&citizen).ends_with(r#"AND "inquiry"."citizen_subject" = 'app-user-001'"#));
    }

    #[test]
    fn coordinates_are_rounded_to_about_a_hundred_metres() {
        assert_eq!(public_coordinate(23.051234), 23.051);
        assert_eq!(public_coordinate(112.484567), 112.485);
        assert_eq!(public_coordinate(-0.0004), -0.0);
    }
}

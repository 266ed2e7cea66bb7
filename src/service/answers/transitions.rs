//! The review cycle of library wording as a table, so every command asks the same
//! question: may an entry in this state take this step, and where does it land?
//!
//! `status` is the review state of the entry's latest revision. An entry that was
//! approved once keeps serving its `approved_version` while a newer revision goes
//! through DRAFT and IN_REVIEW; only RETIRED stops it serving, and RETIRED is final.

use entity::AnswerStatus;

use crate::error::{AppError, AppResult};

/// A step of the review cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerAction {
    /// A new revision (back to DRAFT; approved wording keeps serving).
    Revise,
    /// The author asks for review.
    Submit,
    /// A spokesperson or admin approves the latest revision, which then serves.
    Approve,
    /// Withdrawn from use for good.
    Retire,
}

/// Every action, for exhaustive tests.
pub const ALL_ACTIONS: [AnswerAction; 4] = [
    AnswerAction::Revise,
    AnswerAction::Submit,
    AnswerAction::Approve,
    AnswerAction::Retire,
];

/// Every status, for exhaustive tests.
pub const ALL_STATUSES: [AnswerStatus; 4] = [
    AnswerStatus::Draft,
    AnswerStatus::InReview,
    AnswerStatus::Approved,
    AnswerStatus::Retired,
];

/// The status after `action`, or `INVALID_TRANSITION`.
pub fn check(status: AnswerStatus, action: AnswerAction) -> AppResult<AnswerStatus> {
    use AnswerAction as A;
    use AnswerStatus as S;
    let next = match (status, action) {
        (S::Draft | S::InReview | S::Approved, A::Revise) => Some(S::Draft),
        (S::Draft, A::Submit) => Some(S::InReview),
        (S::InReview, A::Approve) => Some(S::Approved),
        (S::Draft | S::InReview | S::Approved, A::Retire) => Some(S::Retired),
        _ => None,
    };
    next.ok_or_else(|| {
        AppError::InvalidTransition(format!(
            "an answer-library entry that is {} cannot be {}",
            status.as_str(),
            match action {
                A::Revise => "revised",
                A::Submit => "submitted for review",
                A::Approve => "approved (submit it for review first)",
                A::Retire => "retired",
            }
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_allows_exactly_the_review_cycle() {
        use AnswerAction as A;
        use AnswerStatus as S;
        let allowed = [
            (S::Draft, A::Revise, S::Draft),
            (S::InReview, A::Revise, S::Draft),
            (S::Approved, A::Revise, S::Draft),
            (S::Draft, A::Submit, S::InReview),
            (S::InReview, A::Approve, S::Approved),
            (S::Draft, A::Retire, S::Retired),
            (S::InReview, A::Retire, S::Retired),
            (S::Approved, A::Retire, S::Retired),
        ];
        for status in ALL_STATUSES {
            for action in ALL_ACTIONS {
                let expected = allowed
                    .iter()
                    .find(|(s, a, _)| *s == status && *a == action)
                    .map(|(_, _, n)| *n);
                match (check(status, action), expected) {
                    (Ok(next), Some(n)) => assert_eq!(next, n, "{status:?} {action:?}"),
                    (Err(e), None) => assert_eq!(e.code(), "INVALID_TRANSITION"),
                    (got, want) => panic!("{status:?} {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }
}

//! The one transition table of the inquiry lifecycle. Every lifecycle command asks it
//! (through `service::lifecycle::core::Step`) before changing anything; anything not
//! listed is refused with `INVALID_TRANSITION`.

use entity::InquiryStatus::{self, *};

use crate::error::AppError;

/// What someone does to an inquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Assign,
    Transfer,
    AcceptTransfer,
    ReturnTransfer,
    StartWork,
    /// A reply the citizen can read (PUBLIC or PRIVATE).
    ReplyToCitizen,
    /// An internal note (INTERNAL reply).
    ReplyInternally,
    Pause,
    Resume,
    RequestExtension,
    ApproveExtension,
    /// A supervisor refuses the pending extension request.
    RejectExtension,
    Resolve,
    Close,
    Reject,
    Merge,
    Reopen,
    Rate,
    ConsultExpert,
    /// The consulted expert's advice (internal; never changes the status).
    Advise,
    /// A correction of a reply, published beside the original (勇於糾錯).
    CorrectReply,
}

impl Action {
    /// The action in words, for refusals a person reads ("approving an extension needs …").
    pub fn describe(self) -> &'static str {
        match self {
            Action::Assign => "assigning",
            Action::Transfer => "transferring",
            Action::AcceptTransfer => "accepting a transfer",
            Action::ReturnTransfer => "returning a transfer",
            Action::StartWork => "starting work",
            Action::ReplyToCitizen => "replying to the citizen",
            Action::ReplyInternally => "an internal note",
            Action::Pause => "pausing the clock",
            Action::Resume => "resuming the clock",
            Action::RequestExtension => "requesting an extension",
            Action::ApproveExtension => "approving an extension",
            Action::RejectExtension => "refusing an extension",
            Action::Resolve => "resolving",
            Action::Close => "closing",
            Action::Reject => "rejecting",
            Action::Merge => "merging",
            Action::Reopen => "reopening",
            Action::Rate => "rating",
            Action::ConsultExpert => "consulting an expert",
            Action::Advise => "advising",
            Action::CorrectReply => "correcting a reply",
        }
    }
}

/// Every action, for exhaustive tests and documentation.
pub const ALL_ACTIONS: [Action; 21] = [
    Action::Assign,
    Action::Transfer,
    Action::AcceptTransfer,
    Action::ReturnTransfer,
    Action::StartWork,
    Action::ReplyToCitizen,
    Action::ReplyInternally,
    Action::Pause,
    Action::Resume,
    Action::RequestExtension,
    Action::ApproveExtension,
    Action::RejectExtension,
    Action::Resolve,
    Action::Close,
    Action::Reject,
    Action::Merge,
    Action::Reopen,
    Action::Rate,
    Action::ConsultExpert,
    Action::Advise,
    Action::CorrectReply,
];

/// Every status.
pub const ALL_STATUSES: [InquiryStatus; 9] = [
    New, Assigned, InProgress, Answered, Resolved, Closed, Rejected, Merged, Reopened,
];

/// Statuses in which the desk is still working the inquiry.
pub const OPEN: [InquiryStatus; 5] = [New, Assigned, InProgress, Answered, Reopened];

/// The status after `action` from `from`, or `None` when the table does not allow it.
pub fn next(from: InquiryStatus, action: Action) -> Option<InquiryStatus> {
    use Action as A;
    match (action, from) {
        (A::Assign, New | Assigned | InProgress | Reopened) => Some(Assigned),
        (A::Transfer, Assigned | InProgress | Reopened) => Some(from),
        (A::AcceptTransfer, Assigned | InProgress | Reopened) => Some(Assigned),
        (A::ReturnTransfer, Assigned | InProgress | Reopened) => Some(from),
        (A::StartWork, Assigned | Reopened) => Some(InProgress),
        (A::ReplyToCitizen, Assigned | InProgress | Reopened | Answered) => Some(Answered),
        (A::ReplyInternally, New | Assigned | InProgress | Answered | Reopened | Resolved) => {
            Some(from)
        }
        (
            A::Pause | A::Resume | A::RequestExtension | A::ApproveExtension | A::RejectExtension,
            Assigned | InProgress | Answered | Reopened,
        ) => Some(from),
        (A::Resolve, Answered) => Some(Resolved),
        (A::Close, Resolved) => Some(Closed),
        (A::Reject, New | Assigned | InProgress) => Some(Rejected),
        (A::Merge, New | Assigned | InProgress) => Some(Merged),
        (A::Reopen, Resolved | Closed) => Some(Reopened),
        (A::Rate, Resolved | Closed) => Some(from),
        (A::ConsultExpert, Assigned | InProgress | Answered | Reopened) => Some(from),
        // Advice asked for while the inquiry was open may arrive after it moved on.
        (A::Advise, New | Assigned | InProgress | Answered | Reopened | Resolved | Closed) => {
            Some(from)
        }
        // What was said stays correctable while the inquiry stands (not once merged or rejected).
        (
            A::CorrectReply,
            New | Assigned | InProgress | Answered | Reopened | Resolved | Closed,
        ) => Some(from),
        _ => None,
    }
}

/// [`next`], or the error a client receives.
pub fn check(from: InquiryStatus, action: Action) -> Result<InquiryStatus, AppError> {
    next(from, action).ok_or_else(|| {
        AppError::InvalidTransition(format!(
            "{action:?} is not allowed while the inquiry is {}",
            from.as_str()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_runs_from_new_to_closed() {
        let mut s = New;
        for a in [
            Action::Assign,
            Action::StartWork,
            Action::ReplyToCitizen,
            Action::Resolve,
            Action::Close,
        ] {
            s = check(s, a).unwrap();
        }
        assert_eq!(s, Closed);
    }

    #[test]
    fn terminal_states_refuse_every_action() {
        for a in ALL_ACTIONS {
            assert!(next(Rejected, a).is_none(), "{a:?} from REJECTED");
            assert!(next(Merged, a).is_none(), "{a:?} from MERGED");
        }
    }

    #[test]
    fn resolving_needs_an_answer_first() {
        for s in [New, Assigned, InProgress, Reopened] {
            assert!(check(s, Action::Resolve).is_err());
        }
    }
}

//! An inquiry's history as the lifecycle sees it: a sequence of moves, each checked
//! against the transition table the live commands ask (`domain::transitions`), so
//! the demo never holds a timeline the server itself would have refused.

use chrono::{DateTime, Utc};
use entity::{EventKind, InquiryStatus, ReplyVisibility, Satisfaction};

use crate::{
    domain::transitions::{self, Action},
    service::escalation,
};

/// What happens to an inquiry at one point of its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Move {
    /// Intake: the inquiry arrives, NEW. Only ever the first move.
    Submit,
    /// A command of the transition table.
    Act(Action),
    /// The escalator flags an overdue inquiry: only while the clock runs
    /// (`escalation::OPEN`), no change of status and no new version.
    Escalate,
}

impl Move {
    /// The status after this move from `from`, or `None` when the server would refuse it.
    pub fn next(self, from: InquiryStatus) -> Option<InquiryStatus> {
        match self {
            Move::Submit => None,
            Move::Act(action) => transitions::next(from, action),
            Move::Escalate => escalation::OPEN.contains(&from).then_some(from),
        }
    }

    /// The timeline entry the move writes.
    pub fn event_kind(self) -> EventKind {
        use Action as A;
        match self {
            Move::Submit => EventKind::Received,
            Move::Escalate => EventKind::Escalated,
            Move::Act(action) => match action {
                A::Assign => EventKind::Assigned,
                A::Transfer => EventKind::TransferRequested,
                A::AcceptTransfer => EventKind::TransferAccepted,
                A::ReturnTransfer => EventKind::TransferReturned,
                A::StartWork => EventKind::WorkStarted,
                A::ReplyToCitizen | A::ReplyInternally => EventKind::Replied,
                A::Pause => EventKind::Paused,
                A::Resume => EventKind::Resumed,
                A::RequestExtension => EventKind::ExtensionRequested,
                A::ApproveExtension => EventKind::ExtensionApproved,
                A::RejectExtension => EventKind::ExtensionRejected,
                A::Resolve => EventKind::Resolved,
                A::Close => EventKind::Closed,
                A::Reject => EventKind::Rejected,
                A::Merge => EventKind::Merged,
                A::Reopen => EventKind::Reopened,
                A::Rate => EventKind::Rated,
                A::ConsultExpert => EventKind::ExpertConsulted,
                A::Advise => EventKind::ExpertAdvised,
                A::CorrectReply => EventKind::ReplyCorrected,
            },
        }
    }

    /// The move a written timeline entry records; replies are told apart by the
    /// visibility in the entry's data. `None` for entries the demo never writes. The
    /// tests replay written timelines with it.
    #[cfg(test)]
    pub fn of_event(kind: EventKind, data: Option<&serde_json::Value>) -> Option<Move> {
        use Action as A;
        let act = |a| Some(Move::Act(a));
        match kind {
            EventKind::Received => Some(Move::Submit),
            EventKind::ReplyCorrected => act(A::CorrectReply),
            EventKind::Escalated => Some(Move::Escalate),
            EventKind::Assigned => act(A::Assign),
            EventKind::TransferRequested => act(A::Transfer),
            EventKind::TransferAccepted => act(A::AcceptTransfer),
            EventKind::TransferReturned => act(A::ReturnTransfer),
            EventKind::WorkStarted => act(A::StartWork),
            EventKind::Replied => {
                let visibility = data
                    .and_then(|d| d.get("visibility"))
                    .and_then(|v| v.as_str());
                if visibility == Some(ReplyVisibility::Internal.as_str()) {
                    act(A::ReplyInternally)
                } else {
                    act(A::ReplyToCitizen)
                }
            }
            EventKind::Paused => act(A::Pause),
            EventKind::Resumed => act(A::Resume),
            EventKind::ExtensionRequested => act(A::RequestExtension),
            EventKind::ExtensionApproved => act(A::ApproveExtension),
            EventKind::ExtensionRejected => act(A::RejectExtension),
            EventKind::Resolved => act(A::Resolve),
            EventKind::Closed => act(A::Close),
            EventKind::Rejected => act(A::Reject),
            EventKind::Merged => act(A::Merge),
            EventKind::Reopened => act(A::Reopen),
            EventKind::Rated => act(A::Rate),
            EventKind::ExpertConsulted => act(A::ConsultExpert),
            EventKind::ExpertAdvised => act(A::Advise),
        }
    }

    /// Whether the move saves the inquiry (bumps `version`). The escalator does not:
    /// it must not make a user's `expectedVersion` stale.
    pub fn saves(self) -> bool {
        self != Move::Escalate
    }

    /// Whether its entry is shown to the citizen in `trackInquiry` (a reply's entry
    /// further depends on the reply's visibility).
    pub fn is_public(self) -> bool {
        matches!(
            self.event_kind(),
            EventKind::Received
                | EventKind::Assigned
                | EventKind::Replied
                | EventKind::ReplyCorrected
                | EventKind::Resolved
                | EventKind::Closed
                | EventKind::Rejected
                | EventKind::Merged
                | EventKind::Reopened
        )
    }
}

/// A move the table refused: which one, and in what status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    pub index: usize,
    pub from: Option<InquiryStatus>,
    pub to_do: Move,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.from {
            Some(s) => write!(
                f,
                "step {}: {:?} while {}",
                self.index,
                self.to_do,
                s.as_str()
            ),
            None => write!(
                f,
                "step {}: {:?} before the inquiry arrived",
                self.index, self.to_do
            ),
        }
    }
}

/// The status after each move of a history that starts with [`Move::Submit`], or the
/// first move the lifecycle refuses.
pub(super) fn replay(moves: impl IntoIterator<Item = Move>) -> Result<Vec<InquiryStatus>, Refused> {
    let mut statuses: Vec<InquiryStatus> = Vec::new();
    for (index, to_do) in moves.into_iter().enumerate() {
        let from = statuses.last().copied();
        let next = match (from, to_do) {
            (None, Move::Submit) => Some(InquiryStatus::New),
            (Some(from), to_do) => to_do.next(from),
            (None, _) => None,
        };
        match next {
            Some(s) => statuses.push(s),
            None => return Err(Refused { index, from, to_do }),
        }
    }
    Ok(statuses)
}

/// Who performs a step of an inquiry's history.
#[derive(Debug, Clone, Copy)]
pub(super) enum Who {
    Submitter,
    Officer(usize),
    System,
}

/// A reply a step writes.
pub(super) struct ReplyPlan {
    pub officer: usize,
    pub dept: usize,
    pub visibility: ReplyVisibility,
    pub body: String,
    /// The answer-library entry quoted (index into the data's answers).
    pub answer: Option<usize>,
    pub correction_reason: Option<String>,
}

/// A rating a step records.
pub(super) struct FeedbackPlan {
    pub satisfaction: Satisfaction,
    pub reason: Option<String>,
    pub comment: Option<String>,
}

/// One step of an inquiry's history; becomes an `inquiry_event` (and a reply or
/// feedback row).
pub(super) struct Step {
    pub at: DateTime<Utc>,
    pub to_do: Move,
    pub who: Who,
    pub note: Option<String>,
    pub data: Option<serde_json::Value>,
    pub reply: Option<ReplyPlan>,
    pub feedback: Option<FeedbackPlan>,
}

impl Step {
    pub fn new(at: DateTime<Utc>, to_do: Move, who: Who) -> Self {
        Self {
            at,
            to_do,
            who,
            note: None,
            data: None,
            reply: None,
            feedback: None,
        }
    }

    /// A command of the transition table.
    pub fn act(at: DateTime<Utc>, action: Action, who: Who) -> Self {
        Self::new(at, Move::Act(action), who)
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }

    pub fn kind(&self) -> EventKind {
        self.to_do.event_kind()
    }
}

//! Which lifecycle actions a caller may take on an inquiry now. One decision serves both
//! sides: `Step::begin` refuses with it and `Inquiry.viewerActions` offers with it, so a
//! front end never shows a button the server refuses, nor hides one it would accept.

use entity::inquiry;

use super::{Permit, Work, ensure_may_rate, work_permit};
use crate::{
    auth::Principal,
    domain::transitions::{self, ALL_ACTIONS, Action},
    error::AppError,
};

/// What the decision needs to know beyond the inquiry row, about rows around it. Loaded by
/// `service::lifecycle::facts` for the actions in question only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// A PUBLIC or PRIVATE reply exists: every inquiry is answered before it is resolved.
    pub replied_to_citizen: bool,
    /// A reply of any visibility exists: something to correct.
    pub has_replies: bool,
    /// An unanswered consultation on the inquiry names the caller as the expert.
    pub consulted_caller: bool,
    /// The citizen has already rated the current result (since it was last resolved).
    pub rated: bool,
    /// The department a pending transfer is offered to still takes work.
    pub transfer_target_active: bool,
}

impl Facts {
    /// Every fact in the action's favour: what the table and the roles alone allow, so the
    /// caller loads only the facts those candidates depend on.
    pub const FAVOURABLE: Facts = Facts {
        replied_to_citizen: true,
        has_replies: true,
        consulted_caller: true,
        rated: false,
        transfer_target_active: true,
    };
}

/// The preconditions of `action` besides the transition table and the caller's role: what
/// the inquiry and the rows around it must be for the action to make sense now. A missing
/// precondition is `INVALID_TRANSITION`, except a second advice or rating (`CONFLICT`: the
/// thing was done already).
pub fn ensure_ready(
    action: Action,
    inquiry: &inquiry::Model,
    facts: &Facts,
) -> Result<(), AppError> {
    let refuse = |why: &str| Err(AppError::InvalidTransition(why.to_owned()));
    let pending_transfer = inquiry.pending_transfer_department_id.is_some();
    match action {
        Action::Transfer if pending_transfer => {
            refuse("a transfer is already waiting for an answer")
        }
        Action::AcceptTransfer | Action::ReturnTransfer if !pending_transfer => {
            refuse("no transfer is waiting for an answer")
        }
        // Deactivated while the offer was pending: it takes no new work, it can only return it.
        Action::AcceptTransfer if !facts.transfer_target_active => {
            refuse("the receiving department has been deactivated; return the transfer")
        }
        Action::Pause if inquiry.paused_at.is_some() => refuse("the clock is already paused"),
        Action::Resume if inquiry.paused_at.is_none() => refuse("the clock is not paused"),
        Action::ApproveExtension | Action::RejectExtension
            if inquiry.pending_extension_days.is_none() =>
        {
            refuse("no extension is waiting for a decision")
        }
        Action::Resolve if !facts.replied_to_citizen => {
            refuse("every inquiry gets a reply: reply to the citizen before resolving")
        }
        Action::CorrectReply if !facts.has_replies => refuse("there is no reply to correct"),
        Action::Advise if !facts.consulted_caller => Err(AppError::Conflict(
            "no consultation of yours on this inquiry is waiting for advice".into(),
        )),
        Action::Rate if facts.rated => Err(AppError::Conflict(
            "this result has already been rated".into(),
        )),
        _ => Ok(()),
    }
}

/// Whether a member of staff may take `action` on `inquiry` (loaded in the caller's scope)
/// now: the role ([`super::ensure_may`]), the transition table, then the preconditions
/// ([`ensure_ready`]), in that order, so the refusal names the first thing that is missing.
/// `Step::begin` asks this before any lifecycle command changes anything.
pub fn ensure_may_take<'a>(
    principal: &'a Principal,
    action: Action,
    inquiry: &inquiry::Model,
    facts: &Facts,
) -> Result<Permit<'a, Work>, AppError> {
    let permit = work_permit(principal, action, inquiry)?;
    transitions::check(inquiry.status, action)?;
    ensure_ready(action, inquiry, facts)?;
    Ok(permit)
}

/// Whether the caller may rate `inquiry` with its own token: a citizen rates their own
/// inquiry (scope makes it theirs); anyone else rates with the tracking code, which a token
/// does not prove. Then the table and the preconditions, as `Step::begin_rating` checks them.
fn may_rate_with_own_token(principal: &Principal, inquiry: &inquiry::Model, facts: &Facts) -> bool {
    matches!(principal, Principal::Citizen { .. })
        && ensure_may_rate(principal).is_ok()
        && transitions::next(inquiry.status, Action::Rate).is_some()
        && ensure_ready(Action::Rate, inquiry, facts).is_ok()
}

/// The lifecycle actions `principal` may take on `inquiry` (already loaded in its scope)
/// now, in the order of [`ALL_ACTIONS`]: exactly those its command would not refuse for the
/// caller's role, the inquiry's status or a missing precondition. (A command can still
/// refuse its input: an unknown department, a merge target out of reach.)
pub fn allowed_actions(
    principal: &Principal,
    inquiry: &inquiry::Model,
    facts: &Facts,
) -> Vec<Action> {
    ALL_ACTIONS
        .into_iter()
        .filter(|&action| match action {
            Action::Rate => may_rate_with_own_token(principal, inquiry, facts),
            _ => ensure_may_take(principal, action, inquiry, facts).is_ok(),
        })
        .collect()
}

//! Values parsed once where they enter (the GraphQL edge), so a use case receives a
//! well-formed value instead of re-checking a string, and each is checked alike wherever
//! it comes from.

use crate::{domain::validate, error::AppError};

/// Why someone acts on an inquiry (pausing, transferring, reopening, correcting …): what
/// the timeline shows beside the action. Trimmed; 1 to [`Reason::MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub const MAX: usize = 500;

    /// Parses the `reason` input field.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        validate::text("reason", raw, 1, Self::MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Why a reply is corrected (勇於糾錯): shown to whoever read the reply, so it must say
/// something. Trimmed; [`CorrectionReason::MIN`] to [`Reason::MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionReason(String);

impl CorrectionReason {
    pub const MIN: usize = 5;

    /// Parses the `reason` input field of a correction.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        validate::text("reason", raw, Self::MIN, Reason::MAX).map(Self)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// The wording of a reply, as the citizen (or the desk, for a note) reads it. Trimmed;
/// 1 to [`ReplyBody::MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyBody(String);

impl ReplyBody {
    pub const MAX: usize = 5000;

    /// Parses the `body` input field.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        validate::text("body", raw, 1, Self::MAX).map(Self)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_trimmed_and_refused_when_blank_or_too_long() {
        assert_eq!(Reason::parse("  等待材料 ").unwrap().as_str(), "等待材料");
        assert_eq!(Reason::parse("   ").unwrap_err().code(), "BAD_USER_INPUT");
        let long = "因".repeat(Reason::MAX + 1);
        assert!(Reason::parse(&long).is_err());
        assert!(Reason::parse(&"因".repeat(Reason::MAX)).is_ok());
    }

    #[test]
    fn a_correction_reason_says_at_least_five_characters() {
        let short = CorrectionReason::parse(" 笔误 ").unwrap_err();
        assert_eq!(short.code(), "BAD_USER_INPUT");
        assert!(short.to_string().contains("at least 5"), "{short}");
        assert!(CorrectionReason::parse("答复有笔误").is_ok());
    }

    #[test]
    fn a_reply_body_counts_characters_not_bytes() {
        assert!(ReplyBody::parse(&"答".repeat(ReplyBody::MAX)).is_ok());
        assert!(ReplyBody::parse(&"答".repeat(ReplyBody::MAX + 1)).is_err());
    }
}

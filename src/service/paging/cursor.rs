//! The one cursor format of every list.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// Position after a row: its sort keys, when the list orders by a timestamp before the id
/// (and by a rank before that), and its id. Clients treat it as opaque; it is base64url of
/// `micros|uuid`, with `micros` empty for lists ordered by id alone, or `rank|micros|uuid`
/// for a ranked list, so one format serves every list and a cursor of one shape is refused
/// by a list of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The leading integer key of a ranked list (see `Keyset::ranked`).
    pub rank: Option<i64>,
    pub at: Option<DateTime<Utc>>,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let micros = self
            .at
            .map(|at| at.timestamp_micros().to_string())
            .unwrap_or_default();
        match self.rank {
            Some(rank) => URL_SAFE_NO_PAD.encode(format!("{rank}|{micros}|{}", self.id)),
            None => URL_SAFE_NO_PAD.encode(format!("{micros}|{}", self.id)),
        }
    }

    /// Reads a cursor a client passed as `after`; anything else is `BAD_USER_INPUT` on `after`.
    pub fn decode(text: &str) -> AppResult<Self> {
        let raw = URL_SAFE_NO_PAD.decode(text).map_err(|_| not_a_cursor())?;
        let raw = String::from_utf8(raw).map_err(|_| not_a_cursor())?;
        let (rank, rest) = match raw.matches('|').count() {
            2 => {
                let (rank, rest) = raw.split_once('|').ok_or_else(not_a_cursor)?;
                (Some(rank.parse().map_err(|_| not_a_cursor())?), rest)
            }
            _ => (None, raw.as_str()),
        };
        let (micros, id) = rest.split_once('|').ok_or_else(not_a_cursor)?;
        let at = match micros {
            "" => None,
            micros => Some(
                micros
                    .parse()
                    .ok()
                    .and_then(DateTime::from_timestamp_micros)
                    .ok_or_else(not_a_cursor)?,
            ),
        };
        Ok(Self {
            rank,
            at,
            id: id.parse().map_err(|_| not_a_cursor())?,
        })
    }
}

/// The refusal of an `after` that this list did not hand out.
pub(super) fn not_a_cursor() -> AppError {
    AppError::bad_input("after", "not a cursor returned by this list")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_round_trip() {
        let ranked = Cursor {
            rank: Some(2),
            at: Some(crate::service::now()),
            id: Uuid::now_v7(),
        };
        assert_eq!(Cursor::decode(&ranked.encode()).unwrap(), ranked);
        let timed = Cursor {
            rank: None,
            at: Some(crate::service::now()),
            id: Uuid::now_v7(),
        };
        assert_eq!(Cursor::decode(&timed.encode()).unwrap(), timed);
        let by_id = Cursor {
            rank: None,
            at: None,
            id: Uuid::now_v7(),
        };
        assert_eq!(Cursor::decode(&by_id.encode()).unwrap(), by_id);
    }

    #[test]
    fn garbage_is_bad_input_on_after() {
        let plain = |s: &str| URL_SAFE_NO_PAD.encode(s);
        for text in [
            "not-a-cursor".to_owned(),
            "".to_owned(),
            plain("no separator"),
            plain("12|not-a-uuid"),
            plain(&format!("soon|{}", Uuid::now_v7())),
            Uuid::now_v7().to_string(),
        ] {
            match Cursor::decode(&text) {
                Err(AppError::BadInput { field, .. }) => assert_eq!(field, "after", "{text}"),
                other => panic!("{text:?} decoded to {other:?}"),
            }
        }
    }
}

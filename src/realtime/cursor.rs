//! The opaque cursor of the event log: a client keeps the last one it received and
//! resumes with `after`. It encodes an outbox position; clients must not compute with it.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sea_orm::{ConnectionTrait, Statement};

use crate::error::{AppError, AppResult};

const PREFIX: &str = "outbox:";

/// The cursor of outbox position `position`.
pub fn encode(position: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{PREFIX}{position}"))
}

/// The position of a cursor; BAD_USER_INPUT on `field` for anything that is not one.
pub fn decode(field: &str, cursor: &str) -> AppResult<i64> {
    URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|s| s.strip_prefix(PREFIX).and_then(|n| n.parse::<i64>().ok()))
        .filter(|n| *n >= 0)
        .ok_or_else(|| AppError::bad_input(field, "not an event cursor"))
}

/// The log's bounds: the newest committed position and the highest one retention deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub last_position: i64,
    pub pruned_through: i64,
}

/// Reads the bounds from `outbox_sequence`.
pub async fn bounds(db: &impl ConnectionTrait) -> AppResult<Bounds> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT last_position, pruned_through FROM outbox_sequence WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| AppError::Internal("outbox_sequence has no row".into()))?;
    Ok(Bounds {
        last_position: row.try_get_by_index(0)?,
        pruned_through: row.try_get_by_index(1)?,
    })
}

/// Checks a client's `after` against the log: older than retention is CURSOR_EXPIRED
/// (the client refetches, then subscribes without `after`); past the newest position is
/// BAD_USER_INPUT (a cursor of another deployment).
pub async fn resume_from(db: &impl ConnectionTrait, field: &str, after: &str) -> AppResult<i64> {
    let position = decode(field, after)?;
    let bounds = bounds(db).await?;
    if position < bounds.pruned_through {
        return Err(AppError::CursorExpired {
            oldest: encode(bounds.pruned_through),
        });
    }
    if position > bounds.last_position {
        return Err(AppError::bad_input(
            field,
            "this cursor is not from this server",
        ));
    }
    Ok(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_rejects_anything_else() {
        assert_eq!(decode("after", &encode(42)).unwrap(), 42);
        assert_eq!(decode("after", &encode(0)).unwrap(), 0);
        for bad in ["", "42", "b3V0Ym94Oi0x", "!!!"] {
            assert_eq!(decode("after", bad).unwrap_err().code(), "BAD_USER_INPUT");
        }
    }
}

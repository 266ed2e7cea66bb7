//! Keyset pagination, the same for every list: each orders by a timestamp then the id, or by
//! the id alone, and pages forward from an opaque [`Cursor`]. Offsets would skip or repeat
//! rows as inquiries arrive between two requests; a keyset does not, and costs the same on
//! the last page as on the first.

mod cursor;

use std::future::Future;

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, ModelTrait, Order, QueryFilter, QueryOrder, QuerySelect,
    Select, SelectTwo, Value,
    sea_query::{Expr, ExprTrait, ValueType},
};
use uuid::Uuid;

pub use cursor::Cursor;

use crate::error::{AppError, AppResult};

/// Largest page a caller may ask for.
pub const MAX_PAGE: u64 = 100;

/// Checks `first` against the limits of a connection.
pub fn page_size(first: i32) -> AppResult<u64> {
    if first < 1 || first as u64 > MAX_PAGE {
        return Err(AppError::bad_input(
            "first",
            format!("must be between 1 and {MAX_PAGE}"),
        ));
    }
    Ok(first as u64)
}

/// One page of rows with the cursor of each.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<(Cursor, T)>,
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// The same page with each row converted, cursors kept.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            rows: self.rows.into_iter().map(|(c, r)| (c, f(r))).collect(),
            has_next_page: self.has_next_page,
        }
    }
}

/// How a list of `E` is ordered: by a timestamp column with the id breaking ties, or by the
/// id alone (UUIDv7, so creation order). The cursor of each row is read from these same
/// columns, so a cursor always matches the order it pages through.
pub struct Keyset<E: EntityTrait> {
    rank: Option<Rank<E>>,
    key: Option<E::Column>,
    id: E::Column,
    order: Order,
}

/// A leading integer sort key that is not a column (a priority's urgency): the SQL
/// expression the list orders by and the same rule in Rust, to read a row's cursor. Keep the
/// two equal, and an index on the expression.
pub struct Rank<E: EntityTrait> {
    pub expr: Expr,
    pub of: fn(&E::Model) -> i64,
}

impl<E: EntityTrait> Keyset<E> {
    /// Ordered by `rank`, then the timestamp `key`, then `id`, all in `order`.
    pub fn ranked(rank: Rank<E>, key: E::Column, id: E::Column, order: Order) -> Self {
        Self {
            rank: Some(rank),
            key: Some(key),
            id,
            order,
        }
    }

    /// Ordered by `id` alone.
    pub fn by_id(id: E::Column, order: Order) -> Self {
        Self {
            rank: None,
            key: None,
            id,
            order,
        }
    }

    /// Ordered by the timestamp `key`, then `id`.
    pub fn by_time(key: E::Column, id: E::Column, order: Order) -> Self {
        Self {
            rank: None,
            key: Some(key),
            id,
            order,
        }
    }

    /// Runs `query` for the `first` rows after `after`. One row more than asked for is read,
    /// which tells whether another page follows without counting.
    pub async fn page<Q, C>(
        &self,
        db: &C,
        query: Q,
        first: u64,
        after: Option<Cursor>,
    ) -> AppResult<Page<Q::Row>>
    where
        Q: Pageable<Entity = E>,
        C: ConnectionTrait,
    {
        let mut query = query;
        if let Some(after) = after {
            query = query.filter(self.after(after)?);
        }
        let query = match &self.rank {
            Some(rank) => query.order_by(rank.expr.clone(), self.order.clone()),
            None => query,
        };
        let query = match self.key {
            Some(key) => query.order_by(key, self.order.clone()),
            None => query,
        };
        let mut rows = query
            .order_by(self.id, self.order.clone())
            .limit(first + 1)
            .fetch(db)
            .await?;
        let has_next_page = rows.len() as u64 > first;
        rows.truncate(first as usize);
        let rows = rows
            .into_iter()
            .map(|row| Ok((self.cursor(Q::model(&row))?, row)))
            .collect::<AppResult<_>>()?;
        Ok(Page {
            rows,
            has_next_page,
        })
    }

    /// The rows past `after` in this order; a cursor of the other shape is not one of ours.
    fn after(&self, after: Cursor) -> AppResult<Expr> {
        let past = |row: Expr, cursor: Expr| match self.order {
            Order::Desc => row.lt(cursor),
            _ => row.gt(cursor),
        };
        Ok(match (&self.rank, self.key, after.rank, after.at) {
            (Some(rank), Some(key), Some(r), Some(at)) => past(
                Expr::tuple([rank.expr.clone(), column::<E>(key), column::<E>(self.id)]),
                Expr::tuple([Expr::value(r), Expr::value(at), Expr::value(after.id)]),
            ),
            (None, Some(key), None, Some(at)) => past(
                Expr::tuple([column::<E>(key), column::<E>(self.id)]),
                Expr::tuple([Expr::value(at), Expr::value(after.id)]),
            ),
            (None, None, None, None) => past(column::<E>(self.id), Expr::value(after.id)),
            _ => return Err(cursor::not_a_cursor()),
        })
    }

    fn cursor(&self, row: &E::Model) -> AppResult<Cursor> {
        Ok(Cursor {
            rank: self.rank.as_ref().map(|r| (r.of)(row)),
            // A null key (an inquiry from before due dates) reads as the epoch.
            at: match self.key {
                Some(key) => Some(
                    read::<Option<DateTime<Utc>>>(row.get(key))?
                        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
                ),
                None => None,
            },
            id: read::<Uuid>(row.get(self.id))?,
        })
    }
}

/// A column named with its table, so the keyset stays unambiguous when the page joins
/// another table that has an `id` too.
fn column<E: EntityTrait>(column: E::Column) -> Expr {
    Expr::col((E::default(), column))
}

/// A key column's value as the cursor holds it; anything else is a list ordered by a column
/// of the wrong type, a bug.
fn read<T: ValueType>(value: Value) -> AppResult<T> {
    <T as ValueType>::try_from(value).map_err(|_| {
        AppError::Internal("a list is ordered by a column that cannot be a cursor".into())
    })
}

/// A select the pager can run: a plain `find()`, or one with a related row joined in the
/// same statement. The cursor is read from the listed entity's model.
pub trait Pageable: QueryFilter + QueryOrder + QuerySelect + Send {
    type Entity: EntityTrait;
    type Row: Send;

    /// The listed entity's model in a row.
    fn model(row: &Self::Row) -> &<Self::Entity as EntityTrait>::Model;

    /// Reads every row the query selects.
    fn fetch<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> impl Future<Output = Result<Vec<Self::Row>, DbErr>> + Send;
}

impl<E: EntityTrait> Pageable for Select<E> {
    type Entity = E;
    type Row = E::Model;

    fn model(row: &E::Model) -> &E::Model {
        row
    }

    fn fetch<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> impl Future<Output = Result<Vec<E::Model>, DbErr>> + Send {
        self.all(db)
    }
}

impl<E: EntityTrait, F: EntityTrait> Pageable for SelectTwo<E, F> {
    type Entity = E;
    type Row = (E::Model, Option<F::Model>);

    fn model(row: &Self::Row) -> &E::Model {
        &row.0
    }

    fn fetch<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> impl Future<Output = Result<Vec<Self::Row>, DbErr>> + Send {
        self.all(db)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_is_checked() {
        assert_eq!(page_size(1).unwrap(), 1);
        assert_eq!(page_size(100).unwrap(), 100);
        for bad in [0, -1, 101] {
            match page_size(bad) {
                Err(AppError::BadInput { field, .. }) => assert_eq!(field, "first"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_cursor_of_the_other_shape_is_refused() {
        use entity::announcement::{Column as C, Entity};
        let timed = Keyset::<Entity>::by_time(C::PublishedAt, C::Id, Order::Desc);
        let by_id = Keyset::<Entity>::by_id(C::Id, Order::Asc);
        let id = Uuid::now_v7();
        let at = Some(crate::service::now());
        let rank = None;
        assert!(timed.after(Cursor { rank, at, id }).is_ok());
        assert!(by_id.after(Cursor { rank, at: None, id }).is_ok());
        for refused in [
            timed.after(Cursor { rank, at: None, id }),
            by_id.after(Cursor { rank, at, id }),
            timed.after(Cursor {
                rank: Some(1),
                at,
                id,
            }),
        ] {
            assert!(matches!(refused, Err(AppError::BadInput { field, .. }) if field == "after"));
        }
    }
}

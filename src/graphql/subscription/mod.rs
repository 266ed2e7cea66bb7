//! Subscriptions (graphql-transport-ws on `/graphql/ws`): thin streams over the event
//! log (`realtime::feed`), each batch re-checked under the subscriber's own scope.
//! Every notice carries its cursor; `after:` resumes exactly after one.

mod notice;

use std::collections::VecDeque;

use async_graphql::{Context, ErrorExtensions, Result, Subscription};
use futures::Stream;

pub use notice::InquiryEventNotice;

use super::{context::ContextExt, types::tracked::TrackedInquiry};
use crate::{
    app::AppState,
    auth::Claims,
    error::AppError,
    realtime::{cursor, feed::Feed},
    service::subscriptions::{self, Tracked},
};

/// The verified claims a WebSocket connection was opened with (`None`: anonymous), kept so
/// long-lived subscriptions can re-check the caller on every event.
pub struct Credentials(pub Option<Claims>);

/// An error that ends a subscription, carrying the last cursor delivered so the client
/// can resume with `after`.
fn ending(error: AppError, feed: &Feed, delivered: Option<i64>) -> async_graphql::Error {
    let last = delivered.map(cursor::encode);
    match error {
        e @ (AppError::CursorExpired { .. } | AppError::Unauthenticated(_)) => {
            let mut err: async_graphql::Error = e.into();
            if let Some(last) = last {
                err = err.extend_with(|_, ext| ext.set("lastCursor", last));
            }
            err
        }
        e => {
            let message = if e.is_internal() {
                tracing::warn!(error = %e, position = feed.cursor(), "subscription ended");
                "the event log could not be read; resume with `after`".to_owned()
            } else {
                e.to_string()
            };
            AppError::SubscriptionEnded {
                message,
                last_cursor: last,
            }
            .into()
        }
    }
}

/// Where a subscription starts: after the client's cursor, or after what is committed now.
async fn start_after(app: &AppState, after: Option<&str>) -> Result<i64, AppError> {
    match after {
        Some(a) => cursor::resume_from(&app.db, "after", a).await,
        None => Ok(cursor::bounds(&app.db).await?.last_position),
    }
}

/// A subscription's state between notices.
struct Follow<S, N> {
    feed: Feed,
    app: AppState,
    state: S,
    ready: VecDeque<N>,
    /// The position of the last notice sent (the client's cursor).
    delivered: Option<i64>,
    done: bool,
}

#[derive(Default)]
pub struct SubscriptionRoot;

#[Subscription]
impl SubscriptionRoot {
    /// Staff: every change of an inquiry in the district (and those below it) that the
    /// caller could load with a query, in commit order. A district outside the caller's is
    /// NOT_FOUND. With `after` (a notice's `cursor`), the changes committed after that
    /// notice are replayed first, then live ones follow: nothing is lost across a reconnect.
    /// An `after` older than the event log's retention is CURSOR_EXPIRED (refetch, then
    /// subscribe without it).
    async fn inquiry_events(
        &self,
        ctx: &Context<'_>,
        district_code: String,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<InquiryEventNotice>> + use<>> {
        let app = ctx.app().clone();
        let districts =
            subscriptions::follow_district(ctx.principal(), &app.directory, &district_code)?;
        let after = start_after(&app, after.as_deref()).await?;
        let claims = ctx.data_opt::<Credentials>().and_then(|c| c.0.clone());
        let follow = Follow {
            feed: Feed::new(&app.realtime, app.db.clone(), after),
            app,
            state: (claims, districts),
            ready: VecDeque::new(),
            delivered: None,
            done: false,
        };
        Ok(futures::stream::unfold(follow, |mut f| async move {
            loop {
                if let Some(notice) = f.ready.pop_front() {
                    let notice: subscriptions::StaffNotice = notice;
                    f.delivered = Some(notice.position);
                    return Some((Ok(InquiryEventNotice(notice)), f));
                }
                if f.done {
                    return None;
                }
                let batch = match f.feed.next_batch().await? {
                    Ok(batch) => batch,
                    Err(e) => {
                        f.done = true;
                        return Some((Err(ending(e, &f.feed, f.delivered)), f));
                    }
                };
                let (claims, districts) = &f.state;
                let caller = subscriptions::current_caller(
                    claims.as_ref(),
                    &f.app.db,
                    &f.app.directory,
                    Some(&f.app.officers),
                )
                .await;
                let principal = match caller {
                    Ok(p) => p,
                    Err(e) => {
                        f.done = true;
                        return Some((Err(ending(e, &f.feed, f.delivered)), f));
                    }
                };
                match subscriptions::staff_notices(&principal, &f.app.db, districts, &batch).await {
                    Ok(notices) => f.ready.extend(notices),
                    Err(e) => {
                        f.done = true;
                        return Some((Err(ending(e, &f.feed, f.delivered)), f));
                    }
                }
            }
        }))
    }

    /// Anyone with the reference and tracking code: the citizen's view, pushed after each
    /// change that `trackInquiry` shows (public progress, replies to this citizen, public
    /// replies on the inquiry it was merged into). A wrong code or unknown reference is
    /// NOT_FOUND. `after` (a push's `cursor`) replays what was missed, as for `inquiryEvents`.
    async fn tracked_inquiry(
        &self,
        ctx: &Context<'_>,
        reference: String,
        tracking_code: String,
        after: Option<String>,
    ) -> Result<impl Stream<Item = Result<TrackedInquiry>> + use<>> {
        let app = ctx.app().clone();
        let inquiry = subscriptions::follow_tracked(&app.db, &reference, &tracking_code).await?;
        let after = start_after(&app, after.as_deref()).await?;
        let merged_into = crate::service::tracking::view_of(
            &app.db,
            inquiry.clone(),
            crate::auth::policy::EventViewer::Tracker,
        )
        .await?
        .merged_into
        .map(|t| t.id);
        let follow = Follow {
            feed: Feed::new(&app.realtime, app.db.clone(), after),
            app,
            state: Tracked {
                inquiry_id: inquiry.id,
                merged_into,
            },
            ready: VecDeque::<crate::service::tracking::TrackedView>::new(),
            delivered: None,
            done: false,
        };
        Ok(futures::stream::unfold(follow, |mut f| async move {
            loop {
                if let Some(view) = f.ready.pop_front() {
                    f.delivered = view.position;
                    return Some((Ok(TrackedInquiry(view)), f));
                }
                if f.done {
                    return None;
                }
                let batch = match f.feed.next_batch().await? {
                    Ok(batch) => batch,
                    Err(e) => {
                        f.done = true;
                        return Some((Err(ending(e, &f.feed, f.delivered)), f));
                    }
                };
                match subscriptions::tracked_update(&f.app.db, &mut f.state, &batch).await {
                    Ok(Some(view)) => f.ready.push_back(view),
                    Ok(None) => {}
                    Err(e) => {
                        f.done = true;
                        return Some((Err(ending(e, &f.feed, f.delivered)), f));
                    }
                }
            }
        }))
    }
}

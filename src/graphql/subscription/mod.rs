//! Subscriptions (graphql-transport-ws on `/graphql/ws`): thin streams over the process's
//! outbox broadcaster, each event re-checked under the subscriber's own scope.

mod notice;

use async_graphql::{Context, Result, Subscription};
use futures::{Stream, StreamExt};

pub use notice::InquiryEventNotice;

use super::{context::ContextExt, types::tracked::TrackedInquiry};
use crate::{auth::Claims, error::AppError, service::subscriptions};

/// The verified claims a WebSocket connection was opened with (`None`: anonymous), kept so
/// long-lived subscriptions can re-check the caller on every event.
pub struct Credentials(pub Option<Claims>);

/// What one event turns into for a staff subscriber.
enum Step {
    Send(Box<InquiryEventNotice>),
    Skip,
    /// A failure to report; the subscription goes on.
    Failed(AppError),
    /// The caller is no longer authorised: report it and end the subscription.
    Revoked(AppError),
}

#[derive(Default)]
pub struct SubscriptionRoot;

#[Subscription]
impl SubscriptionRoot {
    /// Staff: every change of an inquiry in the district (and those below it) that the
    /// caller could load with a query. A district outside the caller's is NOT_FOUND.
    async fn inquiry_events(
        &self,
        ctx: &Context<'_>,
        district_code: String,
    ) -> Result<impl Stream<Item = Result<InquiryEventNotice>> + use<>> {
        let app = ctx.app().clone();
        let principal = ctx.principal().clone();
        let districts = subscriptions::follow_district(&principal, &app.directory, &district_code)?;
        let claims = ctx.data_opt::<Credentials>().and_then(|c| c.0.clone());
        let steps = app.realtime.events().then(move |event| {
            let (app, claims, districts) = (app.clone(), claims.clone(), districts.clone());
            async move {
                let principal =
                    match subscriptions::current_caller(claims.as_ref(), &app.db, &app.directory)
                        .await
                    {
                        Ok(p) => p,
                        Err(e) if e.is_internal() => return Step::Failed(e),
                        Err(e) => return Step::Revoked(e),
                    };
                match subscriptions::staff_notice(&principal, &app.db, &districts, &event).await {
                    Ok(Some(notice)) => Step::Send(Box::new(InquiryEventNotice(notice))),
                    Ok(None) => Step::Skip,
                    Err(e) => Step::Failed(e),
                }
            }
        });
        // Ends right after reporting a revocation, without waiting for another event.
        Ok(futures::stream::unfold(
            (steps.boxed(), false),
            |(mut steps, revoked)| async move {
                if revoked {
                    return None;
                }
                loop {
                    match steps.next().await? {
                        Step::Send(n) => return Some((Ok(*n), (steps, false))),
                        Step::Skip => {}
                        Step::Failed(e) => return Some((Err(e.into()), (steps, false))),
                        Step::Revoked(e) => return Some((Err(e.into()), (steps, true))),
                    }
                }
            },
        ))
    }

    /// Anyone with the reference and tracking code: the citizen's view, pushed after each
    /// public change. A wrong code or unknown reference is NOT_FOUND.
    async fn tracked_inquiry(
        &self,
        ctx: &Context<'_>,
        reference: String,
        tracking_code: String,
    ) -> Result<impl Stream<Item = Result<TrackedInquiry>> + use<>> {
        let app = ctx.app().clone();
        let inquiry_id = subscriptions::follow_tracked(&app.db, &reference, &tracking_code).await?;
        Ok(app.realtime.events().filter_map(move |event| {
            let db = app.db.clone();
            async move {
                subscriptions::tracked_update(&db, inquiry_id, &event)
                    .await
                    .map_err(Into::into)
                    .transpose()
                    .map(|r| r.map(TrackedInquiry))
            }
        }))
    }
}

//! Subscriptions (graphql-transport-ws on `/graphql/ws`): thin streams over the process's
//! outbox broadcaster, each event re-checked under the subscriber's own scope.

mod notice;

use async_graphql::{Context, Result, Subscription};
use futures::{Stream, StreamExt};

pub use notice::InquiryEventNotice;

use super::{context::ContextExt, types::tracked::TrackedInquiry};
use crate::service::subscriptions;

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
        Ok(app.realtime.events().filter_map(move |event| {
            let (db, principal, districts) = (app.db.clone(), principal.clone(), districts.clone());
            async move {
                subscriptions::staff_notice(&principal, &db, &districts, &event)
                    .await
                    .map_err(Into::into)
                    .transpose()
                    .map(|r| r.map(InquiryEventNotice))
            }
        }))
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

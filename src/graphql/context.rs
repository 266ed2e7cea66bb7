//! Per-request context: the caller, the request's loaders and its audit log.

use std::sync::Arc;

use async_graphql::Context;

use super::loaders::Loaders;
use crate::{
    app::AppState,
    auth::Principal,
    service::{pii::PiiAccessLog, rota},
};

/// Everything a resolver may need about the current request.
pub struct RequestContext {
    pub principal: Principal,
    pub loaders: Loaders,
    pub pii: Arc<PiiAccessLog>,
}

/// Typed access to application and request data from a resolver.
pub trait ContextExt {
    fn app(&self) -> &AppState;
    fn request(&self) -> &RequestContext;
    fn principal(&self) -> &Principal {
        &self.request().principal
    }
    fn loaders(&self) -> &Loaders {
        &self.request().loaders
    }
    /// What the rota and the reports built on it need: database, caller, districts, slots.
    fn rota_ctx(&self) -> rota::Ctx<'_> {
        let app = self.app();
        rota::Ctx {
            db: &app.db,
            principal: self.principal(),
            directory: &app.directory,
            settings: &app.rota,
        }
    }
}

impl ContextExt for Context<'_> {
    fn app(&self) -> &AppState {
        self.data_unchecked::<AppState>()
    }

    fn request(&self) -> &RequestContext {
        self.data_unchecked::<RequestContext>()
    }
}

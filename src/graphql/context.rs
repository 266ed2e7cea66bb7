//! Per-request context: the caller, the request's loaders and its audit log.

use std::sync::Arc;

use async_graphql::Context;

use super::loaders::Loaders;
use crate::{
    app::AppState,
    auth::Principal,
    service::{self, pii::PiiAccessLog},
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
    /// The context a use case takes, for this request's caller.
    fn service(&self) -> service::Ctx<'_> {
        self.app().service_ctx(self.principal())
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

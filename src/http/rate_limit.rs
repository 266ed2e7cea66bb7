//! Rate limits: each token subject (or client address, without a token) spends query cost
//! (the complexity async-graphql computes while validating) from a token bucket, and
//! `submitInquiry` without a token has its own, much smaller bucket per client address, since
//! anonymous submissions are the cheapest way to flood the desk with work for people.

use std::{
    net::IpAddr,
    num::NonZeroU32,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use governor::{
    Quota, RateLimiter,
    clock::{Clock, DefaultClock},
    state::keyed::DefaultKeyedStateStore,
};

use super::limits::HttpSettings;
use super::refusal::Refusal;
use crate::auth::Principal;

type Keyed<K> = RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock>;

/// Forget idle keys after this many checks, so the maps do not grow without bound.
const RETAIN_EVERY: u64 = 4_096;

/// The process's buckets; shared by both schemas through the request data.
pub struct RateLimits {
    cost: Option<(Keyed<String>, NonZeroU32)>,
    submissions: Option<Keyed<IpAddr>>,
    clock: DefaultClock,
    checks: AtomicU64,
}

impl RateLimits {
    pub fn new(settings: &HttpSettings) -> Self {
        let cost = NonZeroU32::new(settings.rate_limit_cost_per_minute).map(|per_minute| {
            let burst = NonZeroU32::new(settings.rate_limit_burst).unwrap_or(per_minute);
            (
                RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
                burst,
            )
        });
        let submissions = NonZeroU32::new(settings.anonymous_submissions_per_hour).map(|n| {
            let burst = NonZeroU32::new(n.get() / 3).unwrap_or(NonZeroU32::MIN);
            RateLimiter::keyed(Quota::per_hour(n).allow_burst(burst))
        });
        Self {
            cost,
            submissions,
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
        }
    }

    /// Spends `cost` from `key`'s bucket (a cost above the bucket size spends the whole bucket).
    pub fn charge(&self, key: &str, cost: usize) -> Result<(), Refusal> {
        self.housekeeping();
        let Some((limiter, burst)) = &self.cost else {
            return Ok(());
        };
        let n = u32::try_from(cost)
            .ok()
            .and_then(NonZeroU32::new)
            .unwrap_or(NonZeroU32::MIN)
            .min(*burst);
        match limiter.check_key_n(&key.to_owned(), n) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => {
                Err(self.refusal("cost", not_until.wait_time_from(self.clock.now())))
            }
            Err(_) => Err(self.refusal("cost", Duration::from_secs(60))),
        }
    }

    /// Counts one submission without a token from `addr`.
    pub fn submission(&self, addr: IpAddr) -> Result<(), Refusal> {
        let Some(limiter) = &self.submissions else {
            return Ok(());
        };
        limiter.check_key(&addr).map_err(|not_until| {
            self.refusal("submission", not_until.wait_time_from(self.clock.now()))
        })
    }

    fn refusal(&self, kind: &'static str, wait: Duration) -> Refusal {
        super::metrics::rate_limited(kind);
        // Round up: a client that waits `Retry-After` seconds must then succeed.
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Refusal::RateLimited {
            retry_after_secs: secs.max(1),
        }
    }

    fn housekeeping(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
            if let Some((limiter, _)) = &self.cost {
                limiter.retain_recent();
            }
            if let Some(limiter) = &self.submissions {
                limiter.retain_recent();
            }
        }
    }
}

/// What one operation is charged to, put into the request data by the HTTP layer.
pub struct RateCharge {
    pub limits: Arc<RateLimits>,
    /// `sub:<subject>` with a token, `ip:<address>` without (the client's address, which
    /// behind a trusted proxy is the one it forwarded: `client_addr`).
    pub key: String,
    /// The client address, when this is a submission without a token.
    pub anonymous_submission: Option<IpAddr>,
}

impl RateCharge {
    pub fn new(
        limits: Arc<RateLimits>,
        principal: &Principal,
        addr: IpAddr,
        doc: Option<&ExecutableDocument>,
    ) -> Self {
        let key = match principal {
            Principal::Anonymous => format!("ip:{addr}"),
            p => format!("sub:{}", p.subject_label()),
        };
        let anonymous_submission = (matches!(principal, Principal::Anonymous)
            && doc.is_some_and(submits_inquiry))
        .then_some(addr);
        Self {
            limits,
            key,
            anonymous_submission,
        }
    }

    /// Charges `cost` (and a submission without a token) before the operation runs.
    pub fn apply(&self, cost: usize) -> Result<(), Refusal> {
        if let Some(addr) = self.anonymous_submission {
            self.limits.submission(addr)?;
        }
        self.limits.charge(&self.key, cost)
    }
}

/// True when a mutation of the document calls `submitInquiry` at its top level (fragments
/// included).
fn submits_inquiry(doc: &ExecutableDocument) -> bool {
    fn calls(doc: &ExecutableDocument, set: &SelectionSet, depth: usize) -> bool {
        depth < 8
            && set.items.iter().any(|s| match &s.node {
                Selection::Field(f) => f.node.name.node == "submitInquiry",
                Selection::InlineFragment(f) => calls(doc, &f.node.selection_set.node, depth + 1),
                Selection::FragmentSpread(s) => doc
                    .fragments
                    .get(&s.node.fragment_name.node)
                    .is_some_and(|f| calls(doc, &f.node.selection_set.node, depth + 1)),
            })
    }
    doc.operations.iter().any(|(_, op)| {
        op.node.ty == OperationType::Mutation && calls(doc, &op.node.selection_set.node, 0)
    })
}

//! One integration binary: every test drives the real HTTP server on port 0 with a
//! fresh database, on SQLite and, when `TEST_DATABASE_URL` is set, on PostgreSQL.

mod helpers;

mod announcements;
mod answers;
mod deadlines;
mod directory_admin;
mod event_log;
mod event_visibility;
mod graphiql;
mod intake;
mod jwt;
mod lifecycle;
mod limits;
mod open311;
mod operations;
mod outage;
mod paging;
mod protocol;
mod queues;
mod reports;
mod rota;
mod routing;
mod schema;
mod scoping;
mod search;
mod search_quality;
mod shutdown;
mod statements;
mod subscriptions;
mod tracking;
mod webhooks;

//! wenzheng (問政): a GraphQL API server for police and public-service online inquiry desks.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod http;
pub mod open311;
pub mod realtime;
pub mod search;
pub mod seed;
pub mod service;
pub mod telemetry;

//! Parsing Open311 parameters into our filters and intake input, with Open311 names in
//! every refusal.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use entity::{Channel, InquiryStatus};
use serde::Deserialize;

use super::{errors::Open311Error, mapping};
use crate::{
    auth::Principal,
    service::{intake::SubmitInquiry, open311::RequestFilter, paging::MAX_PAGE},
};

/// `page_size` when the client names none.
pub const DEFAULT_PAGE_SIZE: u64 = 50;
/// Deepest page served, so an offset stays cheap; narrow by date to go further back.
pub const MAX_PAGE_NUMBER: u64 = 1000;
/// Without dates, the spec lists the last 90 days.
pub const DEFAULT_WINDOW_DAYS: i64 = 90;
/// At most this many `service_request_id`s in one call.
pub const MAX_IDS: usize = 100;
/// Where a submission lands when it names no `jurisdiction_id`: the city (the bureau's
/// public relations section routes it on).
pub const DEFAULT_JURISDICTION: &str = "441200";

/// Query string of `GET requests.json`.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    pub status: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
    pub jurisdiction_id: Option<String>,
}

/// A page request: the filter, the 1-based page and its size.
#[derive(Debug)]
pub struct ListQuery {
    pub filter: RequestFilter,
    /// The district subtree named by `jurisdiction_id`, if any.
    pub jurisdiction: Option<String>,
    pub page: u64,
    pub page_size: u64,
}

fn comma_list(text: &str) -> Vec<&str> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn number(field: &str, text: Option<&str>, default: u64, max: u64) -> Result<u64, Open311Error> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(default);
    };
    match text.parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(Open311Error::bad(
            field,
            format!("must be a whole number between 1 and {max}"),
        )),
    }
}

/// A W3C date-time (`2026-11-01T00:00:00+08:00`, `...Z`) or a bare date taken in the
/// bureau's time zone. A `+` that a query string turned into a space is put back.
/// `end_of_day` moves a bare date to the next midnight, so an end date includes its day.
pub fn parse_time(
    field: &str,
    text: &str,
    tz: Tz,
    end_of_day: bool,
) -> Result<DateTime<Utc>, Open311Error> {
    let text = text.trim().replace(' ', "+");
    if let Ok(at) = DateTime::parse_from_rfc3339(&text) {
        return Ok(at.with_timezone(&Utc));
    }
    let bad = || {
        Open311Error::bad(
            field,
            "expected a W3C date-time such as 2026-11-01T00:00:00+08:00, or a date 2026-11-01",
        )
    };
    let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad())?;
    let date = if end_of_day {
        date.succ_opt().ok_or_else(bad)?
    } else {
        date
    };
    let midnight = date.and_hms_opt(0, 0, 0).ok_or_else(bad)?;
    midnight
        .and_local_timezone(tz)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(bad)
}

impl ListParams {
    /// Checks every parameter; `service_request_id` makes the others (but paging) moot, as
    /// the spec says.
    pub fn into_query(self, tz: Tz, now: DateTime<Utc>) -> Result<ListQuery, Open311Error> {
        let page = number("page", self.page.as_deref(), 1, MAX_PAGE_NUMBER)?;
        let page_size = number(
            "page_size",
            self.page_size.as_deref(),
            DEFAULT_PAGE_SIZE,
            MAX_PAGE,
        )?;
        if let Some(ids) = self.service_request_id.as_deref() {
            let refs: Vec<String> = comma_list(ids)
                .into_iter()
                .map(|r| r.to_ascii_uppercase())
                .collect();
            if refs.is_empty() || refs.len() > MAX_IDS {
                return Err(Open311Error::bad(
                    "service_request_id",
                    format!("give 1 to {MAX_IDS} comma-separated ids"),
                ));
            }
            return Ok(ListQuery {
                filter: RequestFilter {
                    references: Some(refs),
                    ..Default::default()
                },
                jurisdiction: None,
                page,
                page_size,
            });
        }
        let mut filter = RequestFilter::default();
        if let Some(codes) = self.service_code.as_deref() {
            let mut kinds = Vec::new();
            for code in comma_list(codes) {
                kinds.push(mapping::kind_of(code).ok_or_else(|| {
                    Open311Error::bad("service_code", format!("unknown service_code {code}"))
                })?);
            }
            filter.kinds = (!kinds.is_empty()).then_some(kinds);
        }
        if let Some(status) = self.status.as_deref() {
            let mut statuses: Vec<InquiryStatus> = Vec::new();
            for word in comma_list(status) {
                match word.to_ascii_lowercase().as_str() {
                    "open" => statuses.extend(mapping::OPEN),
                    "closed" => statuses.extend(mapping::CLOSED),
                    _ => {
                        return Err(Open311Error::bad(
                            "status",
                            format!("expected open or closed, got {word}"),
                        ));
                    }
                }
            }
            filter.statuses = (!statuses.is_empty()).then_some(statuses);
        }
        let from = self
            .start_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| parse_time("start_date", s, tz, false))
            .transpose()?;
        let until = self
            .end_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| parse_time("end_date", s, tz, true))
            .transpose()?;
        if let (Some(f), Some(u)) = (from, until)
            && f >= u
        {
            return Err(Open311Error::bad("end_date", "must be after start_date"));
        }
        filter.from = match (from, until) {
            (None, None) => Some(now - Duration::days(DEFAULT_WINDOW_DAYS)),
            _ => from,
        };
        filter.until = until;
        Ok(ListQuery {
            filter,
            jurisdiction: self
                .jurisdiction_id
                .map(|j| j.trim().to_owned())
                .filter(|j| !j.is_empty()),
            page,
            page_size,
        })
    }
}

/// The fields of `POST requests.json`, form-encoded or JSON. `lat`/`long` arrive as text in
/// a form and as numbers in JSON, so they are read as either.
#[derive(Debug, Default, Deserialize)]
pub struct PostParams {
    pub service_code: Option<String>,
    pub jurisdiction_id: Option<String>,
    pub lat: Option<serde_json::Value>,
    pub long: Option<serde_json::Value>,
    pub address_string: Option<String>,
    pub description: Option<String>,
    /// Not part of GeoReport v2: a short public title. Without it the first line of
    /// `description` (up to 40 characters) is the title the public list shows.
    pub subject: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    /// Accepted and ignored: the desk answers by phone, the app or tracking, not e-mail.
    pub email: Option<String>,
    /// Accepted and ignored: the desk stores no media.
    pub media_url: Option<String>,
    /// Accepted and ignored: callers authenticate with `Authorization: Bearer`.
    pub api_key: Option<String>,
    /// A partner's own reference (as `externalRef` in GraphQL).
    pub external_ref: Option<String>,
}

/// Longest title derived from a description.
const DERIVED_SUBJECT_CHARS: usize = 40;

fn coordinate(field: &str, value: Option<serde_json::Value>) -> Result<Option<f64>, Open311Error> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| Open311Error::bad(field, "not a number")),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| Open311Error::bad(field, "not a number")),
        Some(_) => Err(Open311Error::bad(field, "not a number")),
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// `张` + `三` → `张三` (Chinese order: family name first, no space); Latin names keep
/// `first last`.
fn full_name(first: Option<String>, last: Option<String>) -> Option<String> {
    match (non_empty(first), non_empty(last)) {
        (None, None) => None,
        (Some(f), None) => Some(f),
        (None, Some(l)) => Some(l),
        (Some(f), Some(l)) if f.is_ascii() && l.is_ascii() => Some(format!("{f} {l}")),
        (Some(f), Some(l)) => Some(format!("{l}{f}")),
    }
}

impl PostParams {
    /// The intake input, or a refusal of what Open311 itself requires.
    pub fn into_submission(
        self,
        principal: &Principal,
        idempotency_key: Option<String>,
    ) -> Result<SubmitInquiry, Open311Error> {
        let code = non_empty(self.service_code)
            .ok_or_else(|| Open311Error::bad("service_code", "required"))?;
        let kind = mapping::kind_of(&code).ok_or_else(|| {
            Open311Error::bad("service_code", format!("unknown service_code {code}"))
        })?;
        let description = non_empty(self.description)
            .ok_or_else(|| Open311Error::bad("description", "required"))?;
        let subject = non_empty(self.subject).unwrap_or_else(|| {
            description
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or_default()
                .chars()
                .take(DERIVED_SUBJECT_CHARS)
                .collect()
        });
        let citizen_name = full_name(self.first_name, self.last_name);
        let channel = match principal {
            Principal::Partner { .. } => Channel::Partner,
            _ => Channel::MobileApp,
        };
        Ok(SubmitInquiry {
            kind,
            channel,
            subject,
            body: description,
            district_code: non_empty(self.jurisdiction_id)
                .unwrap_or_else(|| DEFAULT_JURISDICTION.to_owned()),
            category: None,
            location_text: non_empty(self.address_string),
            latitude: coordinate("lat", self.lat)?,
            longitude: coordinate("long", self.long)?,
            anonymous: citizen_name.is_none(),
            citizen_name,
            citizen_phone: non_empty(self.phone),
            protect_identity: false,
            external_ref: non_empty(self.external_ref),
            idempotency_key,
        })
    }
}

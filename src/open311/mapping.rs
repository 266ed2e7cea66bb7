//! Our inquiries in GeoReport v2 shapes: services are inquiry kinds (never `REPORT`), a
//! request shows only its public side, times are W3C date-times in the bureau's time zone.

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use entity::{InquiryKind, InquiryStatus};
use serde::Serialize;

use crate::domain::districts::DistrictDirectory;
use crate::{auth::policy, service::open311::PublicRequest};

/// One entry of `services.json`.
#[derive(Debug, Serialize)]
pub struct Service {
    pub service_code: &'static str,
    pub service_name: &'static str,
    pub description: &'static str,
    /// No extra attributes to fill in, so no `services/{code}.json` definition is needed.
    pub metadata: bool,
    /// `realtime`: the request id comes back in the POST response.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: &'static str,
    pub group: &'static str,
}

/// Name, description and keywords of a kind offered as a service.
fn service_text(kind: InquiryKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        InquiryKind::Consultation => (
            "咨询",
            "向公安机关咨询办事流程、政策法规等问题",
            "咨询,办事,证件,户籍,出入境",
        ),
        InquiryKind::Complaint => (
            "投诉",
            "投诉民警执法、服务态度或治安问题",
            "投诉,噪音,执法,服务态度",
        ),
        InquiryKind::Suggestion => ("建议", "对公安工作提出意见和建议", "建议,意见,改进"),
        InquiryKind::Praise => ("表扬", "表扬民警和公安工作", "表扬,感谢,锦旗"),
        // Never offered (see `policy::OPEN311_KINDS`); kept total for the compiler.
        InquiryKind::Report => ("举报", "", ""),
    }
}

/// The services Open311 offers, in a stable order.
pub fn services() -> Vec<Service> {
    policy::OPEN311_KINDS
        .iter()
        .map(|&kind| {
            let (name, description, keywords) = service_text(kind);
            Service {
                service_code: kind.as_str(),
                service_name: name,
                description,
                metadata: false,
                kind: "realtime",
                keywords,
                group: "网络问政",
            }
        })
        .collect()
}

/// The kind behind a `service_code`, if Open311 offers it (case-insensitive).
pub fn kind_of(service_code: &str) -> Option<InquiryKind> {
    policy::OPEN311_KINDS
        .iter()
        .copied()
        .find(|k| k.as_str().eq_ignore_ascii_case(service_code.trim()))
}

/// Statuses that count as `closed`: a result was given or the item was taken off the desk.
pub const CLOSED: [InquiryStatus; 4] = [
    InquiryStatus::Resolved,
    InquiryStatus::Closed,
    InquiryStatus::Rejected,
    InquiryStatus::Merged,
];

/// Statuses that count as `open`: still being handled (including a reopened item).
pub const OPEN: [InquiryStatus; 5] = [
    InquiryStatus::New,
    InquiryStatus::Assigned,
    InquiryStatus::InProgress,
    InquiryStatus::Answered,
    InquiryStatus::Reopened,
];

pub fn status_word(status: InquiryStatus) -> &'static str {
    if CLOSED.contains(&status) {
        "closed"
    } else {
        "open"
    }
}

/// A W3C date-time with the bureau's offset, e.g. `2026-11-29T11:13:13+08:00`.
pub fn w3c(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// One request as GeoReport v2 lists it. Only public information: no citizen name, phone
/// or body; `description` is the subject, `address` the district, coordinates rounded.
#[derive(Debug, Serialize)]
pub struct ServiceRequest {
    pub service_request_id: String,
    pub status: &'static str,
    pub status_notes: Option<String>,
    pub service_name: &'static str,
    pub service_code: &'static str,
    pub description: String,
    pub agency_responsible: Option<String>,
    pub service_notice: Option<String>,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// `肇庆市端州区` for Duanzhou: the district with its parent, as an address reads.
fn district_address(directory: &DistrictDirectory, id: uuid::Uuid) -> Option<String> {
    let district = directory.get(id)?;
    let parent = district
        .parent_id
        .and_then(|p| directory.get(p))
        .map(|p| p.name.as_str())
        .unwrap_or("");
    Some(format!("{parent}{}", district.name))
}

pub fn service_request(
    row: PublicRequest,
    directory: &DistrictDirectory,
    tz: Tz,
) -> ServiceRequest {
    let i = row.inquiry;
    let (name, _, _) = service_text(i.kind);
    let notice = match i.status {
        InquiryStatus::Merged => Some("已与同类诉求合并办理".to_owned()),
        InquiryStatus::Rejected => Some("不予受理".to_owned()),
        _ => None,
    };
    ServiceRequest {
        service_request_id: i.reference,
        status: status_word(i.status),
        status_notes: row.latest_public_reply,
        service_name: name,
        service_code: i.kind.as_str(),
        description: i.subject,
        agency_responsible: row.department_name,
        service_notice: notice,
        requested_datetime: w3c(i.created_at, tz),
        updated_datetime: w3c(i.updated_at, tz),
        expected_datetime: i.due_at.map(|d| w3c(d, tz)),
        address: district_address(directory, i.district_id),
        address_id: None,
        zipcode: None,
        lat: i.latitude.map(policy::public_coordinate),
        long: i.longitude.map(policy::public_coordinate),
        media_url: None,
    }
}

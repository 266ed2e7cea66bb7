//! The seed's data files (`src/seed/data/*.toml`), typed. They are compiled into the
//! binary, so `wenzheng seed` needs no files at run time, and parsed and checked once
//! ([`load`]): a broken file fails the first seed with a message naming it, and the unit
//! tests fail before that.

use std::{collections::BTreeMap, sync::LazyLock};

use chrono::NaiveTime;
use entity::{AnnouncementCategory, AnswerStatus, DepartmentKind, InquiryKind, Role, ShiftKind};
use serde::{Deserialize, de::DeserializeOwned};

use crate::error::{AppError, AppResult};

/// Every data file, by its path under `src/seed/data/`. Topics keep this order: the
/// planner draws among the topics of a kind in file order.
pub(super) const FILES: [(&str, &str); 12] = [
    ("directory.toml", include_str!("data/directory.toml")),
    ("rota.toml", include_str!("data/rota.toml")),
    (
        "topics/consultations.toml",
        include_str!("data/topics/consultations.toml"),
    ),
    (
        "topics/complaints.toml",
        include_str!("data/topics/complaints.toml"),
    ),
    (
        "topics/reports.toml",
        include_str!("data/topics/reports.toml"),
    ),
    (
        "topics/suggestions.toml",
        include_str!("data/topics/suggestions.toml"),
    ),
    (
        "topics/praise.toml",
        include_str!("data/topics/praise.toml"),
    ),
    (
        "topics/out_of_scope.toml",
        include_str!("data/topics/out_of_scope.toml"),
    ),
    ("answers.toml", include_str!("data/answers.toml")),
    (
        "announcements.toml",
        include_str!("data/announcements.toml"),
    ),
    ("wording.toml", include_str!("data/wording.toml")),
    ("citizens.toml", include_str!("data/citizens.toml")),
];

/// Everything the seed reads, parsed and checked.
#[derive(Debug)]
pub(super) struct SeedData {
    pub districts: Vec<DistrictSpec>,
    pub departments: Vec<DepartmentSpec>,
    pub officers: Vec<OfficerSpec>,
    pub rota: RotaSpec,
    /// What citizens raise, in file order.
    pub topics: Vec<Topic>,
    /// Matters for other agencies: the demo's refusals.
    pub out_of_scope: Vec<Topic>,
    pub answers: Vec<AnswerSpec>,
    pub announcements: Vec<AnnouncementSpec>,
    pub wording: Wording,
    pub citizens: Citizens,
}

static DATA: LazyLock<Result<SeedData, String>> = LazyLock::new(SeedData::parse);

/// The seed data, parsed and checked on first use.
pub(super) fn load() -> AppResult<&'static SeedData> {
    DATA.as_ref()
        .map_err(|e| AppError::Internal(format!("seed data: {e}")))
}

impl SeedData {
    /// Parses every file and checks that they refer to each other correctly.
    pub fn parse() -> Result<Self, String> {
        let directory: DirectoryFile = parse_file("directory.toml")?;
        let mut topics = Vec::new();
        let mut out_of_scope = Vec::new();
        for (name, _) in FILES.iter().filter(|(n, _)| n.starts_with("topics/")) {
            let file: TopicFile = parse_file(name)?;
            if *name == "topics/out_of_scope.toml" {
                out_of_scope = file.topic;
            } else {
                topics.extend(file.topic);
            }
        }
        let answers: AnswersFile = parse_file("answers.toml")?;
        let announcements: AnnouncementsFile = parse_file("announcements.toml")?;
        let data = Self {
            districts: directory.district,
            departments: directory.department,
            officers: directory.officer,
            rota: parse_file("rota.toml")?,
            topics,
            out_of_scope,
            answers: answers.entry,
            announcements: announcements.announcement,
            wording: parse_file("wording.toml")?,
            citizens: parse_file("citizens.toml")?,
        };
        let problems = super::integrity::problems(&data);
        if problems.is_empty() {
            Ok(data)
        } else {
            Err(problems.join("; "))
        }
    }
}

/// The file of [`FILES`] called `name`, typed.
fn parse_file<T: DeserializeOwned>(name: &str) -> Result<T, String> {
    let text = FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| format!("{name}: not compiled in"))?;
    toml::from_str(text).map_err(|e| format!("{name}: {e}"))
}

// --- directory.toml ---------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    district: Vec<DistrictSpec>,
    department: Vec<DepartmentSpec>,
    officer: Vec<OfficerSpec>,
}

/// A jurisdiction: the city (no `parent`) or one of its counties.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DistrictSpec {
    pub code: String,
    pub parent: Option<String>,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// Relative share of the demo inquiries.
    pub weight: u32,
    /// Code of the department that receives the district's inquiries.
    pub desk: String,
    /// Places citizens name (`{{place}}`).
    pub places: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DepartmentSpec {
    pub code: String,
    pub name: String,
    pub kind: DepartmentKind,
    /// Code of the district it serves.
    pub district: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OfficerSpec {
    pub badge: String,
    pub name: String,
    pub duty_name: String,
    pub department: String,
    #[serde(default = "officer_role")]
    pub role: Role,
    /// Set for members of the expert panel (微博专家团).
    pub specialty: Option<String>,
    #[serde(default)]
    pub spokesperson: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn officer_role() -> Role {
    Role::Officer
}

fn yes() -> bool {
    true
}

// --- rota.toml --------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RotaSpec {
    pub days_back: i64,
    pub days_ahead: i64,
    /// Codes of the districts whose desks keep a rota.
    pub districts: Vec<String>,
    pub slot: Vec<SlotSpec>,
    #[serde(default)]
    pub gap: Vec<ShiftRef>,
    #[serde(default)]
    pub swap: Vec<SwapSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SlotSpec {
    pub kind: ShiftKind,
    /// Local `HH:MM`.
    pub starts: String,
    pub ends: String,
}

impl SlotSpec {
    /// The slot's local start and end, if both read as `HH:MM`.
    pub fn times(&self) -> Option<(NaiveTime, NaiveTime)> {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
        Some((t(&self.starts)?, t(&self.ends)?))
    }
}

/// One shift of the rota: a district's slot `day` days from the seed's day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ShiftRef {
    pub district: String,
    pub day: i64,
    pub kind: ShiftKind,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SwapSpec {
    pub district: String,
    pub day: i64,
    pub kind: ShiftKind,
    pub hours_ago: i64,
}

impl SwapSpec {
    pub fn is(&self, district: &str, day: i64, kind: ShiftKind) -> bool {
        self.district == district && self.day == day && self.kind == kind
    }
}

impl ShiftRef {
    pub fn is(&self, district: &str, day: i64, kind: ShiftKind) -> bool {
        self.district == district && self.day == day && self.kind == kind
    }
}

// --- topics/*.toml ----------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicFile {
    topic: Vec<Topic>,
}

/// What citizens raise, with the wording of their messages and of the replies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Topic {
    pub kind: InquiryKind,
    pub category: String,
    /// Code of the handling department, or [`DESK`]: the district's own desk.
    #[serde(default = "desk")]
    pub handler: String,
    /// Relative share among the topics of its kind.
    #[serde(default = "one")]
    pub weight: u32,
    /// Subjects and bodies go in pairs (a subject is reused when there are fewer).
    pub subjects: Vec<String>,
    pub bodies: Vec<String>,
    #[serde(default)]
    pub replies: Vec<String>,
    #[serde(default)]
    pub resolutions: Vec<String>,
    /// Key of the answer-library entry replies may quote.
    pub answer: Option<String>,
    /// Set for matters outside police duties.
    pub reject_reason: Option<String>,
}

/// The handler of a topic that the district's own desk handles.
pub(super) const DESK: &str = "desk";

fn desk() -> String {
    DESK.to_owned()
}

fn one() -> u32 {
    1
}

// --- answers.toml -----------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersFile {
    entry: Vec<AnswerSpec>,
}

/// An answer-library entry (口径库).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnswerSpec {
    pub key: String,
    pub department: String,
    pub category: String,
    #[serde(default = "approved")]
    pub status: AnswerStatus,
    pub title: String,
    pub question: String,
    pub answer: String,
    pub keywords: String,
}

fn approved() -> AnswerStatus {
    AnswerStatus::Approved
}

// --- announcements.toml -----------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnouncementsFile {
    announcement: Vec<AnnouncementSpec>,
}

/// A published notice (信息公开).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnnouncementSpec {
    pub key: String,
    pub category: AnnouncementCategory,
    pub district: String,
    pub days_ago: i64,
    /// Days from publication to the date the text mentions (`{{date}}`).
    #[serde(default)]
    pub date_offset: i64,
    /// Key of the notice this one corrects (listed before it).
    pub corrects: Option<String>,
    pub correction_reason: Option<String>,
    pub title: String,
    pub body: String,
}

// --- wording.toml and citizens.toml -----------------------------------------

/// What officers and the system write.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Wording {
    pub generic_reject_reasons: Vec<String>,
    pub internal_notes: Vec<String>,
    pub acknowledgements: Vec<String>,
    /// Review notes by quality score, 1 first.
    pub review_notes: Vec<String>,
    pub notes: TimelineNotes,
    pub correction: Correction,
    /// Message templates (`{{body}}`) by channel (`SINA_WEIBO`, ...).
    pub channel_wrapping: BTreeMap<String, String>,
    pub rota: RotaWording,
    pub rehandling: Rehandling,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TimelineNotes {
    pub assigned: String,
    pub transfer_requested: String,
    pub transfer_accepted: String,
    pub closed_after_rating: String,
    pub auto_closed: String,
    pub escalated: String,
    pub merged: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Correction {
    pub reason: String,
    pub body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RotaWording {
    pub swap_reason: String,
}

/// A second reply and result after an UNSATISFIED rating reopened the inquiry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Rehandling {
    pub replies: Vec<String>,
    pub resolutions: Vec<String>,
}

/// What citizens bring: names, numbers, and what they say when they rate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Citizens {
    pub surnames: Vec<String>,
    pub given_names: Vec<String>,
    pub mobile_prefixes: Vec<String>,
    pub satisfied_comments: Vec<String>,
    pub basically_satisfied_comments: Vec<String>,
    pub reopen_reasons: Vec<String>,
    pub unsatisfied: Vec<Unsatisfied>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Unsatisfied {
    pub reason: String,
    pub comment: String,
}

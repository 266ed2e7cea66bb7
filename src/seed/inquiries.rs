//! What citizens send: the demo draws each inquiry's topic, place, time, channel,
//! submitter and wording from the data, then hands it to `histories` for what the desk
//! did with it and to `rows` to be written down.

use chrono::{DateTime, Datelike, Duration, SubsecRound, Utc};
use entity::{ActorKind, Channel, InquiryKind, InquiryStatus, Priority, inquiry};
use rand::{Rng, seq::IndexedRandom};
use uuid::Uuid;

use super::{
    data::{DESK, Topic},
    draw::{fill, local_hm, mobile, pick_weighted},
    planner::{DEMO_DAYS, Planner},
};
use crate::error::AppResult;

/// A duplicate is merged at most this long after its original was received.
const MERGE_WITHIN_HOURS: i64 = 48;

/// The partner integration that forwards hotline work orders in the demo.
pub(super) const DEMO_PARTNER: &str = "12345-hotline";

/// Who submitted an inquiry.
#[derive(Clone)]
pub(super) enum Submitter {
    Anonymous,
    Citizen(String),
    Partner,
}

impl Submitter {
    pub fn label(&self) -> String {
        match self {
            Self::Anonymous => "anonymous".to_owned(),
            Self::Citizen(subject) => format!("citizen:{subject}"),
            Self::Partner => format!("partner:{DEMO_PARTNER}"),
        }
    }

    pub fn actor_kind(&self) -> ActorKind {
        match self {
            Self::Anonymous => ActorKind::Anonymous,
            Self::Citizen(_) => ActorKind::Citizen,
            Self::Partner => ActorKind::Partner,
        }
    }
}

/// An inquiry being planned: what the citizen sent, before its history.
pub(super) struct Draft {
    pub id: Uuid,
    pub reference: String,
    pub topic: &'static Topic,
    /// The status its history ends in.
    pub status: InquiryStatus,
    pub district: usize,
    pub place: &'static str,
    pub created: DateTime<Utc>,
    pub channel: Channel,
    pub submitter: Submitter,
    pub priority: Priority,
    pub anonymous: bool,
    pub protect_identity: bool,
    pub citizen_name: Option<String>,
    pub citizen_phone: Option<String>,
    pub subject: String,
    pub body: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub external_ref: Option<String>,
    /// The department that ends up handling it (index into the directory).
    pub handler: usize,
    pub first_due: DateTime<Utc>,
    pub due: DateTime<Utc>,
    /// For a duplicate: the inquiry it is merged into.
    pub merge_target: Option<inquiry::Model>,
}

/// Where and when a message was written, and its wording before it is filled in.
struct Message {
    topic: &'static Topic,
    district: usize,
    place: &'static str,
    created: DateTime<Utc>,
    subject: &'static str,
    body: &'static str,
}

impl Planner<'_> {
    /// An inquiry whose history ends in `status`.
    pub(super) fn plan_inquiry(&mut self, status: InquiryStatus) -> AppResult<()> {
        let data = self.dir.data;
        let topic = self.pick_topic(status);
        let district = self.pick_district(topic);
        let place = self.pick_text(&data.districts[district].places);
        let created = self.created_for(status);
        let (subject, body) = self.pick_message(topic);
        let message = Message {
            topic,
            district,
            place,
            created,
            subject,
            body,
        };
        let draft = self.draft(status, message, None);
        self.plan_history(draft)
    }

    /// A duplicate of an earlier inquiry, merged into it.
    pub(super) fn plan_merged(&mut self) -> AppResult<()> {
        let now = self.ctx.now;
        let candidates: Vec<usize> = (0..self.planned.len())
            .filter(|&i| {
                let q = &self.plan.inquiries[self.planned[i].row];
                !matches!(q.status, InquiryStatus::Rejected | InquiryStatus::New)
                    && q.created_at < now - Duration::hours(6)
                    && q.created_at > now - Duration::days(60)
                    // Merged within 47 hours of the original (see below), which must
                    // not be closed by then: a closed inquiry takes no duplicates.
                    && q.closed_at
                        .is_none_or(|c| c > q.created_at + Duration::hours(MERGE_WITHIN_HOURS))
            })
            .collect();
        let Some(&chosen) = candidates.choose(&mut self.rng) else {
            return Ok(());
        };
        let (row, topic, place) = {
            let p = &self.planned[chosen];
            (p.row, p.topic, p.place)
        };
        let target = self.plan.inquiries[row].clone();
        // The duplicate arrives within 36 hours and is merged within 11 more.
        let room = ((now - target.created_at).num_minutes() as f64 / 60.0 - 2.0).clamp(0.5, 36.0);
        let created = (target.created_at + self.hours(0.5, room)).trunc_subsecs(6);
        let (subject, body) = self.pick_message(topic);
        let district = self
            .dir
            .districts
            .iter()
            .position(|d| d.id == target.district_id)
            .unwrap_or(0);
        let message = Message {
            topic,
            district,
            place,
            created,
            subject,
            body,
        };
        let draft = self.draft(InquiryStatus::Merged, message, Some(target));
        self.plan_history(draft)
    }

    fn pick_topic(&mut self, status: InquiryStatus) -> &'static Topic {
        let data = self.dir.data;
        if status == InquiryStatus::Rejected && self.chance(0.75) {
            return &data.out_of_scope[self.rng.random_range(0..data.out_of_scope.len())];
        }
        const KINDS: [(InquiryKind, u32); 5] = [
            (InquiryKind::Consultation, 50),
            (InquiryKind::Complaint, 20),
            (InquiryKind::Report, 15),
            (InquiryKind::Suggestion, 8),
            (InquiryKind::Praise, 7),
        ];
        let weights = if status == InquiryStatus::Rejected {
            // Refused on procedure (already handled, in court): complaints and tip-offs.
            KINDS.map(|(k, w)| {
                if matches!(k, InquiryKind::Complaint | InquiryKind::Report) {
                    w
                } else {
                    0
                }
            })
        } else {
            KINDS.map(|(_, w)| w)
        };
        let kind = KINDS[pick_weighted(&mut self.rng, &weights)].0;
        let of_kind: Vec<&'static Topic> = data.topics.iter().filter(|t| t.kind == kind).collect();
        let weights: Vec<u32> = of_kind.iter().map(|t| t.weight).collect();
        of_kind[pick_weighted(&mut self.rng, &weights)]
    }

    /// A message of the topic: the subject that goes with the body.
    fn pick_message(&mut self, topic: &'static Topic) -> (&'static str, &'static str) {
        let i = self.rng.random_range(0..topic.bodies.len());
        (&topic.subjects[i % topic.subjects.len()], &topic.bodies[i])
    }

    /// A county by its share; a city division's topic is sometimes raised in the city.
    fn pick_district(&mut self, topic: &Topic) -> usize {
        if topic.handler != DESK && self.chance(0.2) {
            return self.dir.city();
        }
        let counties = self.dir.counties();
        let weights: Vec<u32> = counties
            .iter()
            .map(|&d| self.dir.data.districts[d].weight)
            .collect();
        counties[pick_weighted(&mut self.rng, &weights)]
    }

    /// When an inquiry of this status was received: open ones are recent.
    fn created_for(&mut self, status: InquiryStatus) -> DateTime<Utc> {
        let (lo, hi) = match status {
            InquiryStatus::New if self.chance(0.15) => (4.0, 9.0),
            InquiryStatus::New => (0.02, 1.5),
            InquiryStatus::Assigned => (0.1, 3.0),
            InquiryStatus::InProgress => (0.3, 6.0),
            InquiryStatus::Answered => (0.5, 6.0),
            InquiryStatus::Resolved => (1.0, 14.0),
            InquiryStatus::Reopened => (3.0, 30.0),
            InquiryStatus::Closed => (16.0, DEMO_DAYS as f64),
            _ => (1.0, DEMO_DAYS as f64),
        };
        let now = self.ctx.now;
        let day = now - self.hours(lo * 24.0, hi * 24.0);
        // Citizens write between half past seven and eleven at night.
        let date = day.with_timezone(&self.ctx.tz).date_naive();
        let minute_of_day = self.rng.random_range(450..1380);
        let at = local_hm(self.ctx.tz, date, minute_of_day / 60, minute_of_day % 60);
        let at = if at > now - Duration::minutes(15) {
            now - self.hours(0.25, 1.5)
        } else {
            at
        };
        at.trunc_subsecs(6)
    }

    fn pick_priority(&mut self, kind: InquiryKind) -> Priority {
        let weights: [u32; 4] = match kind {
            InquiryKind::Report => [0, 58, 35, 7],
            InquiryKind::Complaint => [2, 80, 16, 2],
            InquiryKind::Consultation => [6, 88, 5, 1],
            InquiryKind::Suggestion | InquiryKind::Praise => [40, 60, 0, 0],
        };
        [
            Priority::Low,
            Priority::Normal,
            Priority::High,
            Priority::Urgent,
        ][pick_weighted(&mut self.rng, &weights)]
    }

    fn pick_submitter(&mut self) -> (Submitter, Channel) {
        let roll = self.rng.random_range(0..100);
        if roll < 15 {
            return (Submitter::Partner, Channel::Partner);
        }
        if roll < 30 {
            let n = self.rng.random_range(1..=20);
            return (
                Submitter::Citizen(format!("app-user-{n:03}")),
                Channel::MobileApp,
            );
        }
        const CHANNELS: [(Channel, u32); 7] = [
            (Channel::SinaWeibo, 30),
            (Channel::TencentWeibo, 10),
            (Channel::Wechat, 28),
            (Channel::PrivateMessage, 12),
            (Channel::Mailbox, 8),
            (Channel::Hotline, 12),
            (Channel::MobileApp, 5),
        ];
        (
            Submitter::Anonymous,
            CHANNELS[pick_weighted(&mut self.rng, &CHANNELS.map(|(_, w)| w))].0,
        )
    }

    fn citizen_name(&mut self) -> String {
        let data = self.dir.data;
        let citizens = &data.citizens;
        let surname = self.pick_text(&citizens.surnames);
        let given = self.pick_text(&citizens.given_names);
        format!("{surname}{given}")
    }

    /// The message as it reads on its channel (a weibo mention, a hotline record, ...).
    fn dressed_body(&self, channel: Channel, body: String) -> String {
        match self.dir.data.wording.channel_wrapping.get(channel.as_str()) {
            Some(template) => fill(template, &[("body", &body)]),
            None => body,
        }
    }

    /// Draws who sent the message, how, and what it says.
    fn draft(
        &mut self,
        status: InquiryStatus,
        m: Message,
        merge_target: Option<inquiry::Model>,
    ) -> Draft {
        let data = self.dir.data;
        let topic = m.topic;
        let (submitter, channel) = self.pick_submitter();
        let priority = self.pick_priority(topic.kind);
        let (first_due, due) = self.deadlines(topic.kind, priority, m.created);
        let id = self.id(m.created);
        let reference = self.unique_reference(m.created);
        let anonymous = !matches!(submitter, Submitter::Citizen(_))
            && self.chance(if topic.kind == InquiryKind::Report {
                0.35
            } else {
                0.08
            });
        let protect_identity = topic.kind == InquiryKind::Report && !anonymous && self.chance(0.6);
        let prefixes = &data.citizens.mobile_prefixes;
        let (citizen_name, citizen_phone) = if anonymous {
            (None, None)
        } else {
            let roll = self.rng.random_range(0..100);
            let always = matches!(submitter, Submitter::Partner | Submitter::Citizen(_));
            if always || roll < 82 {
                (
                    Some(self.citizen_name()),
                    Some(mobile(&mut self.rng, prefixes)),
                )
            } else if roll < 93 {
                (None, Some(mobile(&mut self.rng, prefixes)))
            } else {
                (None, None)
            }
        };
        let spec = &data.districts[m.district];
        let values = [("place", m.place), ("district", spec.name.as_str())];
        let subject = fill(m.subject, &values);
        let body = self.dressed_body(channel, fill(m.body, &values));
        let (latitude, longitude) = if channel == Channel::MobileApp || self.chance(0.2) {
            let lat = spec.lat + self.between(-0.03, 0.03);
            let lon = spec.lon + self.between(-0.03, 0.03);
            (
                Some((lat * 1e5).round() / 1e5),
                Some((lon * 1e5).round() / 1e5),
            )
        } else {
            (None, None)
        };
        let external_ref = matches!(submitter, Submitter::Partner).then(|| {
            self.partner_seq += 1;
            format!(
                "HL{}{:04}",
                m.created.with_timezone(&self.ctx.tz).year(),
                self.partner_seq
            )
        });
        // A duplicate goes where its original went.
        let handler = merge_target
            .as_ref()
            .and_then(|t| t.department_id)
            .and_then(|d| self.dir.departments.iter().position(|x| x.id == d))
            .unwrap_or_else(|| self.dir.handler(&topic.handler, m.district));
        Draft {
            id,
            reference,
            topic,
            status,
            district: m.district,
            place: m.place,
            created: m.created,
            channel,
            submitter,
            priority,
            anonymous,
            protect_identity,
            citizen_name,
            citizen_phone,
            subject,
            body,
            latitude,
            longitude,
            external_ref,
            handler,
            first_due,
            due,
            merge_target,
        }
    }
}

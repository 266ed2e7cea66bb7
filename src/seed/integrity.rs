//! Checks that the data files refer to each other correctly, so the planner can look
//! codes up without fallbacks and a typo in a data file is reported by name instead of
//! surfacing as odd demo data.

use std::collections::HashSet;

use entity::{AnswerStatus, Channel, InquiryKind, Role};

use super::data::{DESK, SeedData, Topic};

/// Placeholders what citizens write may use.
const MESSAGE: &[&str] = &["place", "district"];
/// Placeholders replies, results and notes may use.
const REPLY: &[&str] = &["place", "district", "department", "dutyName", "reference"];

const KINDS: [InquiryKind; 5] = [
    InquiryKind::Consultation,
    InquiryKind::Complaint,
    InquiryKind::Report,
    InquiryKind::Suggestion,
    InquiryKind::Praise,
];

const CHANNELS: [Channel; 8] = [
    Channel::SinaWeibo,
    Channel::TencentWeibo,
    Channel::Wechat,
    Channel::PrivateMessage,
    Channel::Mailbox,
    Channel::MobileApp,
    Channel::Hotline,
    Channel::Partner,
];

/// Everything wrong with the data, one sentence each; empty when it is consistent.
pub(super) fn problems(data: &SeedData) -> Vec<String> {
    let mut c = Checker::default();
    directory(&mut c, data);
    rota(&mut c, data);
    topics(&mut c, data);
    answers(&mut c, data);
    announcements(&mut c, data);
    wording(&mut c, data);
    c.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<String>,
}

impl Checker {
    fn fail(&mut self, problem: String) {
        self.problems.push(problem);
    }

    fn check(&mut self, ok: bool, problem: impl FnOnce() -> String) {
        if !ok {
            self.fail(problem());
        }
    }

    /// A non-empty text whose `{{placeholders}}` are all in `allowed`.
    fn text(&mut self, what: &str, text: &str, allowed: &[&str]) {
        if text.trim().is_empty() {
            self.fail(format!("{what}: empty text"));
        }
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                self.fail(format!("{what}: unclosed placeholder"));
                return;
            };
            let name = &after[..end];
            if !allowed.contains(&name) {
                self.fail(format!("{what}: unknown placeholder {{{{{name}}}}}"));
            }
            rest = &after[end + 2..];
        }
    }

    fn texts(&mut self, what: &str, texts: &[String], allowed: &[&str]) {
        if texts.is_empty() {
            self.fail(format!("{what}: none given"));
        }
        for (i, t) in texts.iter().enumerate() {
            self.text(&format!("{what}[{i}]"), t, allowed);
        }
    }

    /// Codes must be unique within their kind.
    fn unique<'a>(&mut self, what: &str, codes: impl IntoIterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for code in codes {
            if !seen.insert(code) {
                self.fail(format!("duplicate {what} {code}"));
            }
        }
    }
}

fn directory(c: &mut Checker, data: &SeedData) {
    let districts: HashSet<&str> = data.districts.iter().map(|d| d.code.as_str()).collect();
    let departments: HashSet<&str> = data.departments.iter().map(|d| d.code.as_str()).collect();
    c.unique("district", data.districts.iter().map(|d| d.code.as_str()));
    c.unique(
        "department",
        data.departments.iter().map(|d| d.code.as_str()),
    );
    c.unique(
        "department name",
        data.departments.iter().map(|d| d.name.as_str()),
    );
    c.unique("badge", data.officers.iter().map(|o| o.badge.as_str()));

    let roots: Vec<&str> = data
        .districts
        .iter()
        .filter(|d| d.parent.is_none())
        .map(|d| d.code.as_str())
        .collect();
    c.check(
        roots.len() == 1 && data.districts.first().is_some_and(|d| d.parent.is_none()),
        || format!("the city must be the one district without a parent, listed first: {roots:?}"),
    );
    for d in &data.districts {
        let what = format!("district {}", d.code);
        c.text(&what, &d.name, &[]);
        c.texts(&format!("{what} places"), &d.places, &[]);
        if let Some(p) = &d.parent {
            c.check(roots.contains(&p.as_str()), || {
                format!("{what}: parent {p} is not the city")
            });
        }
        match data.departments.iter().find(|x| x.code == d.desk) {
            Some(desk) => c.check(desk.district == d.code, || {
                format!("{what}: its desk {} serves {}", d.desk, desk.district)
            }),
            None => c.fail(format!("{what}: unknown desk {}", d.desk)),
        }
    }
    c.check(
        data.districts
            .iter()
            .any(|d| d.parent.is_some() && d.weight > 0),
        || "no county has a share of the demo inquiries".into(),
    );
    for d in &data.departments {
        c.text(&format!("department {}", d.code), &d.name, &[]);
        c.check(districts.contains(d.district.as_str()), || {
            format!("department {}: unknown district {}", d.code, d.district)
        });
    }
    for o in &data.officers {
        let what = format!("officer {}", o.badge);
        c.check(
            o.badge.len() == 6 && o.badge.bytes().all(|b| b.is_ascii_digit()),
            || format!("{what}: a badge number is six digits"),
        );
        c.text(&what, &o.name, &[]);
        c.text(&what, &o.duty_name, &[]);
        c.check(departments.contains(o.department.as_str()), || {
            format!("{what}: unknown department {}", o.department)
        });
        c.check(
            matches!(o.role, Role::Officer | Role::Supervisor | Role::Admin),
            || format!("{what}: {} is not a staff role", o.role.as_str()),
        );
        if let Some(s) = &o.specialty {
            c.text(&what, s, &[]);
        }
    }
    let admins = data
        .officers
        .iter()
        .filter(|o| o.role == Role::Admin)
        .count();
    c.check(admins == 1, || format!("{admins} administrators, not one"));
    c.check(
        data.officers
            .iter()
            .any(|o| o.spokesperson && o.role != Role::Admin),
        || "no spokesperson besides the administrator".into(),
    );
}

fn rota(c: &mut Checker, data: &SeedData) {
    let r = &data.rota;
    c.unique("rota district", r.districts.iter().map(String::as_str));
    for d in &r.districts {
        c.check(data.districts.iter().any(|x| &x.code == d), || {
            format!("rota: unknown district {d}")
        });
    }
    c.check(r.days_back >= 0 && r.days_ahead >= 0, || {
        "rota: days_back and days_ahead count forwards".into()
    });
    for s in &r.slot {
        c.check(s.times().is_some_and(|(a, b)| a < b), || {
            format!(
                "rota slot {}: {}-{} is not a time range",
                s.kind.as_str(),
                s.starts,
                s.ends
            )
        });
    }
    let shifts = r
        .gap
        .iter()
        .map(|g| ("gap", g.district.as_str(), g.day, g.kind))
        .chain(
            r.swap
                .iter()
                .map(|s| ("swap", s.district.as_str(), s.day, s.kind)),
        );
    for (what, district, day, kind) in shifts {
        c.check(
            r.districts.iter().any(|d| d == district)
                && (-r.days_back..=r.days_ahead).contains(&day)
                && r.slot.iter().any(|s| s.kind == kind),
            || format!("rota {what} {district} day {day}: not a shift of the rota"),
        );
    }
}

fn topics(c: &mut Checker, data: &SeedData) {
    let approved: HashSet<&str> = data
        .answers
        .iter()
        .filter(|a| a.status == AnswerStatus::Approved)
        .map(|a| a.key.as_str())
        .collect();
    for (i, t) in data.topics.iter().enumerate() {
        let what = format!("topic {i} ({} {})", t.kind.as_str(), t.category);
        messages(c, &what, t);
        c.check(
            t.handler == DESK || data.departments.iter().any(|d| d.code == t.handler),
            || format!("{what}: unknown handler {}", t.handler),
        );
        c.texts(&format!("{what} replies"), &t.replies, REPLY);
        c.texts(&format!("{what} resolutions"), &t.resolutions, REPLY);
        c.check(t.reject_reason.is_none(), || {
            format!("{what}: a topic the desk handles has no reject reason")
        });
        if let Some(key) = &t.answer {
            c.check(approved.contains(key.as_str()), || {
                format!("{what}: {key} is not an approved answer-library entry")
            });
        }
    }
    for kind in KINDS {
        c.check(
            data.topics.iter().any(|t| t.kind == kind && t.weight > 0),
            || format!("no topic of kind {}", kind.as_str()),
        );
    }
    c.check(!data.out_of_scope.is_empty(), || {
        "no out-of-scope topics".into()
    });
    for (i, t) in data.out_of_scope.iter().enumerate() {
        let what = format!("out-of-scope topic {i}");
        messages(c, &what, t);
        match &t.reject_reason {
            Some(r) => c.text(&what, r, REPLY),
            None => c.fail(format!("{what}: no reject reason")),
        }
        c.check(
            t.handler == DESK && t.replies.is_empty() && t.answer.is_none(),
            || format!("{what}: refused matters have no handler, replies or answer"),
        );
    }
}

/// What citizens write: subjects and bodies in pairs.
fn messages(c: &mut Checker, what: &str, t: &Topic) {
    c.text(what, &t.category, &[]);
    c.texts(&format!("{what} subjects"), &t.subjects, MESSAGE);
    c.texts(&format!("{what} bodies"), &t.bodies, MESSAGE);
    c.check(t.subjects.len() == t.bodies.len(), || {
        format!("{what}: subjects and bodies go in pairs")
    });
}

fn answers(c: &mut Checker, data: &SeedData) {
    c.unique("answer key", data.answers.iter().map(|a| a.key.as_str()));
    for a in &data.answers {
        let what = format!("answer {}", a.key);
        c.check(
            data.departments.iter().any(|d| d.code == a.department),
            || format!("{what}: unknown department {}", a.department),
        );
        for text in [&a.category, &a.title, &a.question, &a.keywords] {
            c.text(&what, text, &[]);
        }
        c.text(&what, &a.answer, REPLY);
    }
}

fn announcements(c: &mut Checker, data: &SeedData) {
    c.unique(
        "announcement key",
        data.announcements.iter().map(|a| a.key.as_str()),
    );
    for (i, a) in data.announcements.iter().enumerate() {
        let what = format!("announcement {}", a.key);
        c.text(&what, &a.title, &[]);
        c.text(&what, &a.body, &["date"]);
        c.check(data.districts.iter().any(|d| d.code == a.district), || {
            format!("{what}: unknown district {}", a.district)
        });
        c.check(a.days_ago >= 0, || {
            format!("{what}: published in the future")
        });
        match (&a.corrects, &a.correction_reason) {
            (Some(key), Some(reason)) => {
                c.text(&what, reason, &[]);
                let original = data.announcements[..i].iter().find(|o| &o.key == key);
                c.check(
                    original.is_some_and(|o| o.days_ago > a.days_ago && o.corrects.is_none()),
                    || format!("{what}: corrects {key}, which is not an earlier original notice"),
                );
            }
            (None, None) => {}
            _ => c.fail(format!("{what}: a correction names what and why")),
        }
    }
}

fn wording(c: &mut Checker, data: &SeedData) {
    let w = &data.wording;
    c.texts("generic reject reasons", &w.generic_reject_reasons, &[]);
    c.texts("internal notes", &w.internal_notes, REPLY);
    c.texts("acknowledgements", &w.acknowledgements, REPLY);
    c.texts("review notes", &w.review_notes, &[]);
    c.check(w.review_notes.len() == 5, || {
        "review notes: one per quality score, 1 to 5".into()
    });
    let n = &w.notes;
    c.text("note assigned", &n.assigned, &["department"]);
    c.text(
        "note transfer_requested",
        &n.transfer_requested,
        &["department"],
    );
    c.text("note transfer_accepted", &n.transfer_accepted, &[]);
    c.text("note closed_after_rating", &n.closed_after_rating, &[]);
    c.text("note auto_closed", &n.auto_closed, &[]);
    c.text("note escalated", &n.escalated, &["dutyName"]);
    c.text("note merged", &n.merged, &["reference"]);
    c.text("correction reason", &w.correction.reason, &[]);
    c.text("correction body", &w.correction.body, REPLY);
    c.text("swap reason", &w.rota.swap_reason, &["from", "to"]);
    c.texts("re-handling replies", &w.rehandling.replies, REPLY);
    c.texts("re-handling resolutions", &w.rehandling.resolutions, REPLY);
    for (channel, template) in &w.channel_wrapping {
        c.check(CHANNELS.iter().any(|ch| ch.as_str() == channel), || {
            format!("channel wrapping: unknown channel {channel}")
        });
        c.text(&format!("channel wrapping {channel}"), template, &["body"]);
        c.check(template.contains("{{body}}"), || {
            format!("channel wrapping {channel}: drops the message")
        });
    }

    let p = &data.citizens;
    c.texts("surnames", &p.surnames, &[]);
    c.texts("given names", &p.given_names, &[]);
    c.texts("satisfied comments", &p.satisfied_comments, &[]);
    c.texts(
        "basically satisfied comments",
        &p.basically_satisfied_comments,
        &[],
    );
    c.texts("reopen reasons", &p.reopen_reasons, &[]);
    c.check(!p.unsatisfied.is_empty(), || {
        "no unsatisfied ratings".into()
    });
    for u in &p.unsatisfied {
        c.text("unsatisfied reason", &u.reason, &[]);
        c.text("unsatisfied comment", &u.comment, &[]);
    }
    c.check(!p.mobile_prefixes.is_empty(), || {
        "no mobile prefixes".into()
    });
    for m in &p.mobile_prefixes {
        let b = m.as_bytes();
        c.check(
            b.len() == 3 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b[2].is_ascii_digit(),
            || format!("mobile prefix {m}: not 1[3-9]x"),
        );
    }
}

//! Typed placeholders in library wording (`{{reference}}`, `{{dueDate}}`, ...).
//! Wording is parsed when it is written, so a typo is refused at the desk of the
//! author instead of reaching a citizen as a raw `{{...}}`; a reply fills the
//! variables from the inquiry it answers.

use std::fmt;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use crate::error::AppError;

/// A variable that library wording may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// The inquiry's citizen-facing reference, e.g. `ZQ2611-7K3M9Q`.
    Reference,
    /// The name of the department handling the inquiry.
    Department,
    /// The duty name of the officer replying (實名上崗), e.g. `出入境小陈`.
    DutyName,
    /// The completion deadline, as `2026年11月3日` in the bureau's time zone.
    DueDate,
    /// The name of the inquiry's district, e.g. `端州区`.
    DistrictName,
}

impl Placeholder {
    /// Every variable, in the order help texts list them.
    pub const ALL: [Self; 5] = [
        Self::Reference,
        Self::Department,
        Self::DutyName,
        Self::DueDate,
        Self::DistrictName,
    ];

    /// The name written between the braces.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reference => "reference",
            Self::Department => "department",
            Self::DutyName => "dutyName",
            Self::DueDate => "dueDate",
            Self::DistrictName => "districtName",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Why wording could not be parsed; shown to the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `{{name}}` with a name that is not a [`Placeholder`].
    Unknown(String),
    /// `{{` without its closing `}}` (or with a brace inside).
    Unclosed { at: usize },
    /// `}}` without an opening `{{`.
    UnexpectedClose { at: usize },
    /// `{{}}` or `{{ }}`.
    Empty { at: usize },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known = Placeholder::ALL
            .iter()
            .map(|p| format!("{{{{{}}}}}", p.name()))
            .collect::<Vec<_>>()
            .join(", ");
        match self {
            Self::Unknown(name) => {
                write!(f, "unknown placeholder {{{{{name}}}}}; use one of {known}")
            }
            Self::Unclosed { at } => write!(
                f,
                "the placeholder opened at character {at} is not closed with }}}}"
            ),
            Self::UnexpectedClose { at } => write!(
                f,
                "}}}} at character {at} closes no placeholder (write placeholders as {{{{name}}}})"
            ),
            Self::Empty { at } => write!(f, "empty placeholder at character {at}"),
        }
    }
}

impl TemplateError {
    /// The refusal of an input field holding this wording.
    pub fn on(&self, field: &str) -> AppError {
        AppError::bad_input(field, self.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    Var(Placeholder),
}

/// Parsed wording: literal text and variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    segments: Vec<Segment>,
}

impl Template {
    /// Parses `{{name}}` variables (spaces inside the braces are allowed). Single braces
    /// are ordinary text; `}}` outside a variable is refused, as it is almost always a typo.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let chars: Vec<char> = text.chars().collect();
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut i = 0;
        while i < chars.len() {
            let pair = |c: char| chars.get(i) == Some(&c) && chars.get(i + 1) == Some(&c);
            if pair('{') {
                let start = i;
                let mut j = i + 2;
                let mut name = String::new();
                loop {
                    match chars.get(j) {
                        None | Some('{') => return Err(TemplateError::Unclosed { at: start + 1 }),
                        Some('}') if chars.get(j + 1) == Some(&'}') => break,
                        Some('}') => return Err(TemplateError::Unclosed { at: start + 1 }),
                        Some(c) => name.push(*c),
                    }
                    j += 1;
                }
                let name = name.trim();
                if name.is_empty() {
                    return Err(TemplateError::Empty { at: start + 1 });
                }
                let var = Placeholder::from_name(name)
                    .ok_or_else(|| TemplateError::Unknown(name.to_owned()))?;
                if !literal.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut literal)));
                }
                segments.push(Segment::Var(var));
                i = j + 2;
            } else if pair('}') {
                return Err(TemplateError::UnexpectedClose { at: i + 1 });
            } else {
                literal.push(chars[i]);
                i += 1;
            }
        }
        if !literal.is_empty() {
            segments.push(Segment::Text(literal));
        }
        Ok(Self { segments })
    }

    /// The distinct variables used, in order of first use.
    pub fn placeholders(&self) -> Vec<Placeholder> {
        let mut out = Vec::new();
        for s in &self.segments {
            if let Segment::Var(p) = s
                && !out.contains(p)
            {
                out.push(*p);
            }
        }
        out
    }

    /// The wording with every variable replaced by its value.
    pub fn render(&self, values: &Values) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Text(t) => out.push_str(t),
                Segment::Var(p) => out.push_str(values.get(*p)),
            }
        }
        out
    }
}

/// The values of the variables for one reply.
#[derive(Debug, Clone, Default)]
pub struct Values {
    pub reference: String,
    pub department: String,
    pub duty_name: String,
    pub due_date: String,
    pub district_name: String,
}

impl Values {
    fn get(&self, p: Placeholder) -> &str {
        match p {
            Placeholder::Reference => &self.reference,
            Placeholder::Department => &self.department,
            Placeholder::DutyName => &self.duty_name,
            Placeholder::DueDate => &self.due_date,
            Placeholder::DistrictName => &self.district_name,
        }
    }
}

/// `2026年11月3日`: the date as citizens read it, in the bureau's time zone.
pub fn chinese_date(at: DateTime<Utc>, tz: Tz) -> String {
    let d = at.with_timezone(&tz).date_naive();
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The variables `text` uses, by name; unparsable text yields none.
pub fn names_in(text: &str) -> Vec<&'static str> {
    Template::parse(text)
        .map(|t| {
            t.placeholders()
                .into_iter()
                .map(Placeholder::name)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            reference: "ZQ2611-7K3M9Q".into(),
            department: "端州分局".into(),
            duty_name: "端州警官小李".into(),
            due_date: "2026年11月3日".into(),
            district_name: "端州区".into(),
        }
    }

    #[test]
    fn renders_every_variable_and_keeps_the_rest_of_the_text() {
        let t = Template::parse(
            "您好！问政编号{{reference}}，由{{department}}{{ dutyName }}办理，{{dueDate}}前答复（{{districtName}}）。",
        )
        .unwrap();
        assert_eq!(
            t.render(&values()),
            "您好！问政编号ZQ2611-7K3M9Q，由端州分局端州警官小李办理，2026年11月3日前答复（端州区）。"
        );
    }

    #[test]
    fn lists_each_variable_once_in_order_of_use() {
        let t = Template::parse("{{dutyName}}{{reference}}{{dutyName}}").unwrap();
        assert_eq!(
            t.placeholders(),
            [Placeholder::DutyName, Placeholder::Reference]
        );
        assert_eq!(
            names_in("{{dueDate}} 与 {{department}}"),
            ["dueDate", "department"]
        );
        assert!(names_in("没有变量").is_empty());
    }

    #[test]
    fn single_braces_are_text() {
        let t = Template::parse("材料{一}与材料}二{").unwrap();
        assert_eq!(t.render(&values()), "材料{一}与材料}二{");
        assert!(t.placeholders().is_empty());
    }

    #[test]
    fn refuses_unknown_variables_by_name() {
        let err = Template::parse("请联系{{phone}}").unwrap_err();
        assert_eq!(err, TemplateError::Unknown("phone".into()));
        assert!(err.to_string().contains("{{phone}}"), "{err}");
        assert!(err.to_string().contains("{{dueDate}}"), "{err}");
        // Names are case-sensitive: the contract spells them in camelCase.
        assert_eq!(
            Template::parse("{{DutyName}}").unwrap_err(),
            TemplateError::Unknown("DutyName".into())
        );
    }

    #[test]
    fn refuses_malformed_braces() {
        assert_eq!(
            Template::parse("编号{{reference").unwrap_err(),
            TemplateError::Unclosed { at: 3 }
        );
        assert_eq!(
            Template::parse("{{reference}").unwrap_err(),
            TemplateError::Unclosed { at: 1 }
        );
        assert_eq!(
            Template::parse("{{ref{{reference}}").unwrap_err(),
            TemplateError::Unclosed { at: 1 }
        );
        assert_eq!(
            Template::parse("编号reference}}").unwrap_err(),
            TemplateError::UnexpectedClose { at: 12 }
        );
        assert_eq!(
            Template::parse("{{ }}").unwrap_err(),
            TemplateError::Empty { at: 1 }
        );
        let e = Template::parse("{{x").unwrap_err().on("answer");
        assert_eq!(e.code(), "BAD_USER_INPUT");
        assert!(matches!(e, AppError::BadInput { ref field, .. } if field == "answer"));
    }

    #[test]
    fn formats_the_due_date_in_the_bureau_time_zone() {
        // 2026-11-03 16:30 UTC is already 4 November in Beijing.
        let at = "2026-11-03T16:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(chinese_date(at, chrono_tz::Asia::Shanghai), "2026年11月4日");
        assert_eq!(chinese_date(at, chrono_tz::UTC), "2026年11月3日");
    }
}

//! What an author writes: checked and normalised once, the same way for a new
//! entry and a revision, so every stored version is valid wording.

use super::placeholders::Template;
use crate::{domain::validate, error::AppResult};

/// Longest wording: a reply body holds 5000 characters, and variables grow when filled.
pub const MAX_ANSWER: usize = 4000;
/// At most this many keywords per entry.
pub const MAX_KEYWORDS: usize = 20;

/// The versioned fields of an entry, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub title: String,
    pub question: String,
    pub answer: String,
    pub category: String,
    /// Comma-separated, as stored.
    pub keywords: String,
}

/// The fields as the author sent them.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: String,
    pub question: String,
    pub answer: String,
    pub category: String,
    pub keywords: Vec<String>,
}

impl Content {
    /// Checks lengths, parses the placeholders of the answer and normalises keywords.
    pub fn validate(d: &Draft) -> AppResult<Self> {
        let title = validate::text("title", &d.title, 1, 100)?;
        let question = validate::text("question", &d.question, 1, 1000)?;
        let answer = validate::text("answer", &d.answer, 1, MAX_ANSWER)?;
        Template::parse(&answer).map_err(|e| e.on("answer"))?;
        Ok(Self {
            title,
            question,
            answer,
            category: validate::text("category", &d.category, 1, 30)?,
            keywords: keywords(&d.keywords)?,
        })
    }

    /// The fields back as a draft, to apply a partial revision onto.
    pub fn to_draft(&self) -> Draft {
        Draft {
            title: self.title.clone(),
            question: self.question.clone(),
            answer: self.answer.clone(),
            category: self.category.clone(),
            keywords: split_keywords(&self.keywords),
        }
    }
}

/// Trims, splits on Chinese and Latin commas, drops blanks and duplicates (first kept).
fn keywords(raw: &[String]) -> AppResult<String> {
    let mut out: Vec<String> = Vec::new();
    for k in raw.iter().flat_map(|k| k.split([',', '，', '、'])) {
        let k = k.trim();
        if k.is_empty() || out.iter().any(|o| o == k) {
            continue;
        }
        out.push(validate::text("keywords", k, 1, 20)?);
    }
    if out.len() > MAX_KEYWORDS {
        return Err(crate::error::AppError::bad_input(
            "keywords",
            format!("at most {MAX_KEYWORDS} keywords"),
        ));
    }
    Ok(out.join(","))
}

/// The stored comma-separated keywords as a list.
pub fn split_keywords(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            title: " 护照换发 ".into(),
            question: "护照过期怎么办？".into(),
            answer: "您好！编号{{reference}}。".into(),
            category: "出入境".into(),
            keywords: vec![
                "护照, 换发".into(),
                "护照".into(),
                "".into(),
                "出入境、签证".into(),
            ],
        }
    }

    #[test]
    fn normalises_keywords_and_trims_text() {
        let c = Content::validate(&draft()).unwrap();
        assert_eq!(c.title, "护照换发");
        assert_eq!(c.keywords, "护照,换发,出入境,签证");
        assert_eq!(
            split_keywords(&c.keywords),
            ["护照", "换发", "出入境", "签证"]
        );
        assert_eq!(Content::validate(&c.to_draft()).unwrap(), c);
    }

    #[test]
    fn refuses_bad_placeholders_on_the_answer_field() {
        let mut d = draft();
        d.answer = "请于{{deadline}}前补交材料".into();
        let err = Content::validate(&d).unwrap_err();
        assert!(
            matches!(&err, crate::error::AppError::BadInput { field, message } if field == "answer" && message.contains("{{deadline}}")),
            "{err:?}"
        );
    }

    #[test]
    fn refuses_too_many_keywords() {
        let mut d = draft();
        d.keywords = (0..21).map(|i| format!("词{i}")).collect();
        assert!(Content::validate(&d).is_err());
    }
}

//! The index on its own: no database.

use uuid::Uuid;

use super::{AnswerIndex, IndexedEntry};
use crate::error::AppError;

fn entry(n: u128, category: &str, title: &str, question: &str, answer: &str) -> IndexedEntry {
    IndexedEntry {
        entry_id: Uuid::from_u128(n),
        version: 1,
        category: category.into(),
        title: title.into(),
        question: question.into(),
        answer: answer.into(),
        keywords: String::new(),
    }
}

fn library() -> AnswerIndex {
    let index = AnswerIndex::new().unwrap();
    index
        .index_documents(&[
            entry(
                1,
                "出入境",
                "护照到期换发",
                "护照过期怎么换？",
                "携带身份证到出入境接待大厅换发护照。",
            ),
            entry(
                2,
                "户政",
                "身份证补领",
                "身份证丢了怎么办？",
                "到任一派出所户籍窗口申请补领。",
            ),
            entry(
                3,
                "交通管理",
                "驾驶证换证 <A&B>",
                "驾照到期怎么换？",
                "通过交管12123 APP申请换证。",
            ),
        ])
        .unwrap();
    index
}

fn ids(index: &AnswerIndex, q: &str, category: Option<&str>) -> Vec<u128> {
    index
        .search(q, category, 10)
        .unwrap()
        .into_iter()
        .map(|h| h.entry_id.as_u128())
        .collect()
}

#[test]
fn traditional_queries_find_simplified_wording() {
    let index = library();
    assert_eq!(ids(&index, "護照過期", None).first(), Some(&1));
}

#[test]
fn the_title_and_a_fragment_are_highlighted_and_escaped() {
    let index = library();
    let hit = &index.search("驾驶证 换证", None, 1).unwrap()[0];
    assert_eq!(hit.entry_id.as_u128(), 3);
    assert_eq!(hit.title_snippet, "<em>驾驶证换证</em> &lt;A&amp;B&gt;");
    assert!(hit.snippet.contains("<em>换证</em>"), "{}", hit.snippet);
}

#[test]
fn latin_words_match_whatever_their_case() {
    let index = library();
    assert_eq!(ids(&index, "app", None).first(), Some(&3));
}

#[test]
fn a_category_filters_without_changing_scores() {
    let index = library();
    assert_eq!(ids(&index, "到期 身份证", Some("户政")), vec![2]);
    let all = index.search("身份证", None, 10).unwrap();
    let filtered = index.search("身份证", Some("户政"), 10).unwrap();
    let score = |hits: &[super::SearchHit]| {
        hits.iter()
            .find(|h| h.entry_id.as_u128() == 2)
            .unwrap()
            .score
    };
    assert_eq!(score(&all), score(&filtered));
}

#[test]
fn a_blank_query_is_refused_and_one_without_words_finds_nothing() {
    let index = library();
    assert!(matches!(
        index.search("  \n", None, 10),
        Err(AppError::BadInput { field, .. }) if field == "query"
    ));
    assert!(ids(&index, "？！…的了", None).is_empty());
}

#[test]
fn upsert_replaces_and_remove_forgets() {
    let index = library();
    let mut revised = entry(
        2,
        "户政",
        "身份证挂失",
        "身份证怎么挂失？",
        "先挂失再补领。",
    );
    revised.version = 2;
    index.upsert(&revised).unwrap();
    assert_eq!(index.len(), 3);
    let hit = &index.search("挂失", None, 1).unwrap()[0];
    assert_eq!((hit.entry_id.as_u128(), hit.version), (2, 2));
    index.remove(Uuid::from_u128(2)).unwrap();
    assert_eq!(index.len(), 2);
    assert!(!ids(&index, "身份证 挂失", None).contains(&2));
}

#[test]
fn a_word_of_a_heavier_text_counts_more() {
    let index = library();
    // Passport in the subject, identity card only in the body: the subject wins.
    let hits = index
        .search_weighted(&[("护照", 2.0), ("身份证", 1.0)], None, 2)
        .unwrap();
    assert_eq!(hits[0].entry_id.as_u128(), 1);
    let hits = index
        .search_weighted(&[("护照", 1.0), ("身份证", 2.0)], None, 2)
        .unwrap();
    assert_eq!(hits[0].entry_id.as_u128(), 2);
}

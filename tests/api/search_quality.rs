//! Search quality on a fixed corpus: 160 library entries over the bureau's divisions
//! and citizens' questions written differently from them (colloquial, Traditional
//! characters, typos). The correct entry must be in the top 3 for at least 90% of the
//! questions. Runs on the index alone: no database involved.
//!
//! `cargo test --test api search_quality -- --nocapture` prints the figures.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use uuid::Uuid;
use wenzheng::search::{AnswerIndex, IndexedEntry};

const CORPUS: &str = include_str!("../fixtures/answer_corpus.json");
const QUESTIONS: &str = include_str!("../fixtures/answer_questions.json");
const REQUIRED_TOP3: f64 = 0.90;

#[derive(Deserialize)]
struct Entry {
    id: String,
    category: String,
    title: String,
    question: String,
    answer: String,
    keywords: String,
}

#[derive(Deserialize)]
struct Question {
    question: String,
    expected: String,
    kind: String,
}

/// Hits per question kind: (asked, top 1, top 3).
#[derive(Default)]
struct Tally {
    asked: usize,
    top1: usize,
    top3: usize,
}

#[test]
fn the_right_entry_is_in_the_top_three_for_nine_questions_in_ten() {
    let corpus: Vec<Entry> = serde_json::from_str(CORPUS).expect("corpus json");
    let questions: Vec<Question> = serde_json::from_str(QUESTIONS).expect("questions json");
    assert!(corpus.len() >= 150, "corpus has {} entries", corpus.len());
    assert!(questions.len() >= 100, "{} questions", questions.len());

    let ids: HashMap<Uuid, &str> = corpus
        .iter()
        .enumerate()
        .map(|(i, e)| (Uuid::from_u128(i as u128 + 1), e.id.as_str()))
        .collect();
    let docs: Vec<IndexedEntry> = corpus
        .iter()
        .enumerate()
        .map(|(i, e)| IndexedEntry {
            entry_id: Uuid::from_u128(i as u128 + 1),
            version: 1,
            category: e.category.clone(),
            title: e.title.clone(),
            question: e.question.clone(),
            answer: e.answer.clone(),
            keywords: e.keywords.clone(),
        })
        .collect();
    let index = AnswerIndex::new().expect("index");
    index.index_documents(&docs).expect("indexed");

    let mut kinds: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for q in &questions {
        let hits = index.search(&q.question, None, 3).expect("search");
        let found: Vec<&str> = hits.iter().map(|h| ids[&h.entry_id]).collect();
        let rank = found.iter().position(|id| *id == q.expected);
        for key in ["all", q.kind.as_str()] {
            let t = kinds.entry(key).or_default();
            t.asked += 1;
            t.top1 += usize::from(rank == Some(0));
            t.top3 += usize::from(rank.is_some());
        }
        if rank.is_none() {
            misses.push(format!(
                "  {} → {:?} (wanted {})",
                q.question, found, q.expected
            ));
        }
    }

    eprintln!("answer search quality ({} entries):", corpus.len());
    for (kind, t) in &kinds {
        eprintln!(
            "  {kind:<12} {:>3} questions  top-1 {:>5.1}%  top-3 {:>5.1}%",
            t.asked,
            100.0 * t.top1 as f64 / t.asked as f64,
            100.0 * t.top3 as f64 / t.asked as f64,
        );
    }
    if !misses.is_empty() {
        eprintln!("not in the top 3:\n{}", misses.join("\n"));
    }
    let all = &kinds["all"];
    let top3 = all.top3 as f64 / all.asked as f64;
    assert!(
        top3 >= REQUIRED_TOP3,
        "top-3 accuracy {:.1}% is below {:.0}%",
        100.0 * top3,
        100.0 * REQUIRED_TOP3
    );
}

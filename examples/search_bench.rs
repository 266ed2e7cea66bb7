//! Answer-search latency at scale: indexes 100,000 generated library entries and
//! times `AnswerIndex::search` over a few hundred citizen-style queries.
//!
//! `cargo run --release --example search_bench [entries]`; figures go to docs/benchmarks.md.

use std::time::{Duration, Instant};

use serde::Deserialize;
use uuid::Uuid;
use wenzheng::search::{AnswerIndex, IndexedEntry};

const CORPUS: &str = include_str!("../tests/fixtures/answer_corpus.json");
const QUESTIONS: &str = include_str!("../tests/fixtures/answer_questions.json");
const DISTRICTS: &[&str] = &[
    "端州区",
    "鼎湖区",
    "高要区",
    "四会市",
    "广宁县",
    "怀集县",
    "封开县",
    "德庆县",
    "肇庆新区",
];
const PLACES: &[&str] = &[
    "出入境接待大厅",
    "派出所户籍窗口",
    "车管所",
    "政务服务中心",
    "交警大队",
    "社区服务站",
];

#[derive(Deserialize)]
struct Entry {
    category: String,
    title: String,
    question: String,
    answer: String,
    keywords: String,
}

#[derive(Deserialize)]
struct Question {
    question: String,
}

/// A library entry derived from the corpus: a district's own variant of one entry's
/// wording, with a sentence of another entry's and local details, so that the
/// vocabulary and lengths stay those of real wording while no two texts are equal.
fn generate(corpus: &[Entry], i: usize) -> IndexedEntry {
    let base = &corpus[i % corpus.len()];
    let other = &corpus[(i * 7_919 + 13) % corpus.len()];
    let district = DISTRICTS[(i / corpus.len()) % DISTRICTS.len()];
    let place = PLACES[(i * 31) % PLACES.len()];
    let borrowed = other.answer.split('。').nth(1).unwrap_or(&other.answer);
    IndexedEntry {
        entry_id: Uuid::from_u128(i as u128 + 1),
        version: 1 + (i % 3) as i32,
        category: base.category.clone(),
        title: format!("{}（{district}第{}号）", base.title, i / 97),
        question: base.question.clone(),
        answer: format!(
            "{}{borrowed}。{district}{place}地址及咨询电话请见第{}号公告。",
            base.answer,
            i % 1_000
        ),
        keywords: format!("{},{district}", base.keywords),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}

fn main() -> anyhow::Result<()> {
    let entries: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let corpus: Vec<Entry> = serde_json::from_str(CORPUS)?;
    let questions: Vec<Question> = serde_json::from_str(QUESTIONS)?;

    let docs: Vec<IndexedEntry> = (0..entries).map(|i| generate(&corpus, i)).collect();
    let index = AnswerIndex::new()?;
    let started = Instant::now();
    index.index_documents(&docs)?;
    let indexing = started.elapsed();

    // The citizens' questions, the same in Traditional characters, short keyword
    // searches as an officer types them, and some of each within a category.
    let mut queries: Vec<(String, Option<String>)> = Vec::new();
    for q in &questions {
        queries.push((q.question.clone(), None));
    }
    for e in corpus.iter().take(120) {
        let words: Vec<&str> = e.keywords.split(',').take(2).collect();
        queries.push((words.join(" "), None));
    }
    for (i, q) in questions.iter().enumerate().step_by(3) {
        queries.push((
            q.question.clone(),
            Some(corpus[i % corpus.len()].category.clone()),
        ));
    }

    for (q, c) in &queries {
        index.search(q, c.as_deref(), 10)?; // warm-up
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut returned = 0;
    for (q, c) in &queries {
        let t = Instant::now();
        returned += index.search(q, c.as_deref(), 10)?.len();
        times.push(t.elapsed());
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "entries indexed     {entries} in {:.1} s",
        indexing.as_secs_f64()
    );
    println!(
        "queries timed       {} (top 10, with highlights)",
        times.len()
    );
    println!("hits returned       {returned}");
    println!("p50                 {:.2} ms", ms(percentile(&times, 50.0)));
    println!("p90                 {:.2} ms", ms(percentile(&times, 90.0)));
    println!("p99                 {:.2} ms", ms(percentile(&times, 99.0)));
    println!(
        "max                 {:.2} ms",
        ms(*times.last().unwrap_or(&mean))
    );
    println!("mean                {:.2} ms", ms(mean));
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

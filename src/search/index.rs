//! The in-memory tantivy index of serving answer-library entries: writes replace an
//! entry's document by its id and are visible to the next search at once.

use std::sync::Mutex;

use tantivy::{
    Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, collector::TopDocs,
    schema::document::Value, tokenizer::TextAnalyzer,
};
use uuid::Uuid;

use super::{
    IndexedEntry, SearchHit,
    analyzer::{self, ZH, ZH_CHARS, ZhCharTokenizer, ZhTokenizer},
    highlight::{Highlighter, text_of},
    query::{self, normalize_category},
    schema::{self, Fields},
};
use crate::error::{AppError, AppResult};

/// Indexing memory budget of the one writer thread (tantivy's minimum is 15 MB). tantivy sizes
/// its in-memory tables from the budget up front and the process keeps them for its lifetime,
/// so a bigger budget costs resident memory on every server for a library of a few thousand
/// entries; 100,000 entries still index in seconds with this one.
const WRITER_BUDGET_BYTES: usize = 16_000_000;
const WRITER_THREADS: usize = 1;
/// Text beyond this many characters adds nothing a search could use (an inquiry's long body).
const MAX_QUERY_CHARS: usize = 1_000;
/// Distinct query terms kept; more only slows the search down.
const MAX_QUERY_TERMS: usize = 64;

/// The in-process index of approved answer-library wording (see the module docs).
pub struct AnswerIndex {
    pub(super) fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    /// Serialises database read + index write, so an older read never overwrites a newer one.
    pub(super) sync_lock: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for AnswerIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerIndex")
            .field("documents", &self.reader.searcher().num_docs())
            .finish()
    }
}

impl AnswerIndex {
    /// An empty index held in RAM: the database is the source of truth, so nothing is persisted.
    pub fn new() -> anyhow::Result<Self> {
        analyzer::warm_up();
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        index
            .tokenizers()
            .register(ZH, TextAnalyzer::builder(ZhTokenizer).build());
        index
            .tokenizers()
            .register(ZH_CHARS, TextAnalyzer::builder(ZhCharTokenizer).build());
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_BUDGET_BYTES)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            fields,
            reader,
            writer: Mutex::new(writer),
            sync_lock: tokio::sync::Mutex::new(()),
        })
    }

    /// Replaces the whole index with `entries` in one commit (searches see the old or
    /// the new set, never a mix). Used by `rebuild`, tests and the benchmark.
    pub fn index_documents(&self, entries: &[IndexedEntry]) -> AppResult<usize> {
        self.write(|w, fields| {
            w.delete_all_documents()?;
            for e in entries {
                w.add_document(document(fields, e))?;
            }
            Ok(())
        })?;
        Ok(entries.len())
    }

    /// Indexes `entry`, replacing any earlier version of it.
    pub fn upsert(&self, entry: &IndexedEntry) -> AppResult<()> {
        self.write(|w, fields| {
            w.delete_term(id_term(fields, entry.entry_id));
            w.add_document(document(fields, entry))?;
            Ok(())
        })
    }

    /// Removes an entry that no longer serves (retired, deleted).
    pub fn remove(&self, entry_id: Uuid) -> AppResult<()> {
        self.write(|w, fields| {
            w.delete_term(id_term(fields, entry_id));
            Ok(())
        })
    }

    /// Number of indexed entries.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Best matches first, at most `limit`. Any text is accepted: it is analysed into
    /// words, never parsed as query syntax; text with no searchable word finds nothing.
    /// An empty or blank query is refused (`BAD_USER_INPUT` on `query`).
    pub fn search(
        &self,
        query: &str,
        category: Option<&str>,
        limit: usize,
    ) -> AppResult<Vec<SearchHit>> {
        if query.trim().is_empty() {
            return Err(AppError::bad_input(
                "query",
                "enter some words to search for",
            ));
        }
        self.search_weighted(&[(query, 1.0)], category, limit)
    }

    /// As [`Self::search`], over several texts that count differently: an inquiry's
    /// subject says more about what it is about than its body. A word found in several
    /// texts counts with its highest weight. Blank texts find nothing.
    pub fn search_weighted(
        &self,
        texts: &[(&str, f32)],
        category: Option<&str>,
        limit: usize,
    ) -> AppResult<Vec<SearchHit>> {
        let mut terms = Vec::new();
        let mut chars = Vec::new();
        let mut budget = MAX_QUERY_CHARS;
        for &(text, weight) in texts {
            let bounded: String = text.chars().take(budget).collect();
            budget -= bounded.chars().count();
            merge(&mut terms, analyzer::query_terms(&bounded), weight);
            merge(&mut chars, analyzer::query_chars(&bounded), weight);
        }
        terms.truncate(MAX_QUERY_TERMS);
        chars.truncate(MAX_QUERY_TERMS);
        if (terms.is_empty() && chars.is_empty()) || limit == 0 {
            return Ok(Vec::new());
        }
        let category = category.map(str::trim).filter(|c| !c.is_empty());
        let query = query::build(&self.fields, &terms, &chars, category);
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())
            .map_err(internal)?;
        let highlighter = Highlighter::new(&searcher, &*query, self.fields).map_err(internal)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(internal)?;
            let Ok(entry_id) = text_of(&doc, self.fields.entry_id).parse() else {
                continue;
            };
            let title = text_of(&doc, self.fields.title);
            hits.push(SearchHit {
                entry_id,
                version: doc
                    .get_first(self.fields.version)
                    .and_then(|v| v.as_u64())
                    .and_then(|v| i32::try_from(v).ok())
                    .unwrap_or_default(),
                score,
                title_snippet: highlighter.title(title),
                snippet: highlighter.fragment(&doc),
                title: title.to_owned(),
                category: text_of(&doc, self.fields.category).to_owned(),
            });
        }
        Ok(hits)
    }

    /// Runs `change` on the writer, commits and makes the result visible to searches.
    fn write(
        &self,
        change: impl FnOnce(&mut IndexWriter<TantivyDocument>, &Fields) -> tantivy::Result<()>,
    ) -> AppResult<()> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| AppError::Internal("search index writer poisoned".into()))?;
        if let Err(e) = change(&mut writer, &self.fields).and_then(|()| writer.commit().map(drop)) {
            // Drop the half-applied change so the next commit does not publish it.
            writer.rollback().ok();
            return Err(internal(e));
        }
        self.reader.reload().map_err(internal)
    }
}

/// Adds `found` to `into` with `weight`, keeping the highest weight of a repeated term.
fn merge(into: &mut Vec<(String, f32)>, found: Vec<String>, weight: f32) {
    for term in found {
        match into.iter_mut().find(|(t, _)| *t == term) {
            Some((_, w)) => *w = w.max(weight),
            None => into.push((term, weight)),
        }
    }
}

fn id_term(fields: &Fields, entry_id: Uuid) -> Term {
    Term::from_field_text(fields.entry_id, &entry_id.to_string())
}

fn document(fields: &Fields, e: &IndexedEntry) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.entry_id, e.entry_id.to_string());
    doc.add_u64(fields.version, u64::try_from(e.version).unwrap_or_default());
    doc.add_text(fields.category, normalize_category(&e.category));
    doc.add_text(fields.title, &e.title);
    doc.add_text(fields.question, &e.question);
    doc.add_text(fields.answer, &e.answer);
    doc.add_text(fields.keywords, &e.keywords);
    for text in [&e.title, &e.question, &e.keywords] {
        doc.add_text(fields.chars, text);
    }
    doc
}

fn internal(e: tantivy::TantivyError) -> AppError {
    AppError::Internal(format!("search index: {e}"))
}

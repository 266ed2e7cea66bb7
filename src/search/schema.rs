//! The index layout: which parts of an entry are searched, how strongly each counts,
//! and what is stored to build a hit without a database round trip.

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analyzer::{ZH, ZH_CHARS};

/// BM25 weight of a match in each searched field: the title and the typical question
/// say what an entry is about; the answer wording mentions much else. Tuned on the
/// quality corpus (tests/fixtures): see docs/benchmarks.md.
pub const TITLE_BOOST: f32 = 2.0;
pub const QUESTION_BOOST: f32 = 2.0;
pub const KEYWORDS_BOOST: f32 = 1.5;
pub const ANSWER_BOOST: f32 = 1.0;
/// Single characters of title, question and keywords. Citizens rarely use the library's
/// exact words (刑拘 for 刑事拘留, 电瓶车 for 电动自行车, typos such as 居主证), and
/// short Chinese texts are matched well at the character level, so this weighs as
/// much as a word in the answer; whole-word matches still add the word fields on top.
pub const CHARS_BOOST: f32 = 1.5;

/// Handles to the schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Entry uuid, untokenised: the key an update deletes by.
    pub entry_id: Field,
    pub version: Field,
    /// Category, untokenised (after normalisation): an exact filter.
    pub category: Field,
    pub title: Field,
    pub question: Field,
    pub answer: Field,
    /// Comma-separated synonyms and common phrasings the library curates per entry.
    pub keywords: Field,
    /// Title, question and keywords as single characters (not stored).
    pub chars: Field,
}

impl Fields {
    /// The searched text fields with their boosts.
    pub fn weighted(&self) -> [(Field, f32); 4] {
        [
            (self.title, TITLE_BOOST),
            (self.question, QUESTION_BOOST),
            (self.keywords, KEYWORDS_BOOST),
            (self.answer, ANSWER_BOOST),
        ]
    }
}

/// Builds the schema; text fields use the Chinese analyzer.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let zh = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ZH)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        entry_id: b.add_text_field("entry_id", STRING | STORED),
        version: b.add_u64_field("version", STORED),
        category: b.add_text_field("category", STRING | STORED),
        title: b.add_text_field("title", zh.clone()),
        question: b.add_text_field("question", zh.clone()),
        answer: b.add_text_field("answer", zh.clone()),
        keywords: b.add_text_field("keywords", zh),
        chars: b.add_text_field(
            "chars",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ZH_CHARS)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
    };
    (b.build(), fields)
}

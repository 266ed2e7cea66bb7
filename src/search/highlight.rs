//! Highlighted titles and answer fragments: matched words wrapped in `<em>`, the rest
//! HTML-escaped, so a front end can insert the string as markup safely.

use std::ops::Range;

use tantivy::{Searcher, TantivyDocument, query::Query, schema::Field, snippet::SnippetGenerator};

use super::schema::Fields;

const EM_OPEN: &str = "<em>";
const EM_CLOSE: &str = "</em>";
/// Length of an answer fragment, in bytes of UTF-8 (about 80 Chinese characters).
const FRAGMENT_BYTES: usize = 240;
/// Titles are shown whole; this only bounds pathological ones.
const TITLE_BYTES: usize = 1_000;

/// Snippet generators for one query, reused over its hits.
pub struct Highlighter {
    title: SnippetGenerator,
    answer: SnippetGenerator,
    question: SnippetGenerator,
    fields: Fields,
}

impl Highlighter {
    pub fn new(searcher: &Searcher, query: &dyn Query, fields: Fields) -> tantivy::Result<Self> {
        let make = |field: Field, max: usize| -> tantivy::Result<SnippetGenerator> {
            let mut g = SnippetGenerator::create(searcher, query, field)?;
            g.set_max_num_chars(max);
            Ok(g)
        };
        Ok(Self {
            title: make(fields.title, TITLE_BYTES)?,
            answer: make(fields.answer, FRAGMENT_BYTES)?,
            question: make(fields.question, FRAGMENT_BYTES)?,
            fields,
        })
    }

    /// The whole title with its matched words marked.
    pub fn title(&self, title: &str) -> String {
        let snippet = self.title.snippet(title);
        let start = snippet.fragment_range().start;
        let ranges: Vec<Range<usize>> = snippet
            .highlighted()
            .iter()
            .map(|r| r.start + start..r.end + start)
            .collect();
        mark(title, &ranges)
    }

    /// The best-matching fragment of the answer, else of the question, else the
    /// answer's opening words.
    pub fn fragment(&self, doc: &TantivyDocument) -> String {
        for generator in [&self.answer, &self.question] {
            let snippet = generator.snippet_from_doc(doc);
            if !snippet.is_empty() {
                return mark(snippet.fragment(), snippet.highlighted());
            }
        }
        let answer = text_of(doc, self.fields.answer);
        let opening = prefix(answer, FRAGMENT_BYTES);
        let ellipsis = if opening.len() < answer.len() {
            "…"
        } else {
            ""
        };
        format!("{}{ellipsis}", escape(opening))
    }
}

/// The stored text of `field` (empty when absent).
pub fn text_of(doc: &TantivyDocument, field: Field) -> &str {
    use tantivy::schema::document::Value;
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("")
}

/// `text` with `ranges` (byte ranges on character boundaries) wrapped in `<em>`.
pub fn mark(text: &str, ranges: &[Range<usize>]) -> String {
    let mut sorted: Vec<Range<usize>> = ranges
        .iter()
        .filter(|r| r.start < r.end && r.end <= text.len())
        .cloned()
        .collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    // Search mode yields a compound and its sub-words: merge overlapping or touching ranges.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut out = String::with_capacity(text.len() + merged.len() * 9);
    let mut at = 0;
    for r in merged {
        out.push_str(&escape(&text[at..r.start]));
        out.push_str(EM_OPEN);
        out.push_str(&escape(&text[r.clone()]));
        out.push_str(EM_CLOSE);
        at = r.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// At most `max` bytes of `text`, cut on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Minimal HTML escaping for text placed between tags.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_and_adjacent_ranges_are_marked_once() {
        let text = "往来港澳通行证";
        // 港澳 (6..12), 港澳通行证 (6..21), 通行证 (12..21)
        assert_eq!(
            mark(text, &[6..12, 6..21, 12..21]),
            "往来<em>港澳通行证</em>"
        );
    }

    #[test]
    fn markup_in_the_text_is_escaped() {
        assert_eq!(
            mark("a<b>&c", std::slice::from_ref(&(0..1))),
            "<em>a</em>&lt;b&gt;&amp;c"
        );
    }

    #[test]
    fn prefix_cuts_on_a_character_boundary() {
        assert_eq!(prefix("护照换发", 7), "护照");
    }
}

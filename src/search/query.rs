//! Turns a citizen's free text into a tantivy query without a query parser, so no
//! punctuation, quote or operator in the text can make it fail: every analysed term
//! becomes a boosted term query on each searched field, any of which may match; the
//! query's single characters match the character field when at least two of them do.

use tantivy::{
    Term,
    query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery},
    schema::IndexRecordOption,
};

use super::{
    normalize::normalize_str,
    schema::{CHARS_BOOST, Fields},
};

/// Characters a text must share with the query to match on characters alone.
const MIN_SHARED_CHARS: usize = 2;

/// The query for `terms` and `chars` (already analysed, each with the weight of the
/// text it came from), optionally restricted to one category.
pub fn build(
    fields: &Fields,
    terms: &[(String, f32)],
    chars: &[(String, f32)],
    category: Option<&str>,
) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> =
        Vec::with_capacity(terms.len() * 4 + chars.len());
    for (term, weight) in terms {
        for (field, boost) in fields.weighted() {
            let q = TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            );
            should.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(q), boost * weight)),
            ));
        }
    }
    if !chars.is_empty() {
        let chars: Vec<(Occur, Box<dyn Query>)> = chars
            .iter()
            .map(|(c, weight)| {
                let q = TermQuery::new(
                    Term::from_field_text(fields.chars, c),
                    IndexRecordOption::WithFreqs,
                );
                let boosted: Box<dyn Query> =
                    Box::new(BoostQuery::new(Box::new(q), CHARS_BOOST * weight));
                (Occur::Should, boosted)
            })
            .collect();
        // One shared character (证, 办) says nothing: characters alone match from two up.
        let required = chars.len().min(MIN_SHARED_CHARS);
        should.push((
            Occur::Should,
            Box::new(BooleanQuery::with_minimum_required_clauses(chars, required)),
        ));
    }
    let text: Box<dyn Query> = Box::new(BooleanQuery::new(should));
    match category {
        None => text,
        Some(category) => {
            let filter = TermQuery::new(
                Term::from_field_text(fields.category, &normalize_category(category)),
                IndexRecordOption::Basic,
            );
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, text),
                // A filter: it must match but adds nothing to the score.
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
                ),
            ]))
        }
    }
}

/// Categories compare after trimming and Traditional → Simplified, like the text.
pub fn normalize_category(category: &str) -> String {
    normalize_str(category.trim())
}

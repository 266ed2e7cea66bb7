//! The Chinese analyzer: normalisation (see [`super::normalize`]), jieba word segmentation
//! in search mode (a compound is indexed whole and as its dictionary sub-words, so
//! 出入境管理 also matches 出入境), punctuation and function words dropped.
//!
//! The same analyzer runs over indexed text, queries and snippets, so what is
//! highlighted is exactly what matched.

use std::{collections::HashSet, sync::LazyLock};

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::normalize;

/// Name the analyzer is registered under in the index.
pub const ZH: &str = "wenzheng_zh";

/// Police-service vocabulary jieba's general dictionary does not know as words.
const DOMAIN_WORDS: &str = include_str!("dict.txt");
/// Function words that say nothing about what a citizen is asking.
const STOP_WORDS: &str = include_str!("stopwords.txt");

/// Longest token kept, in bytes: longer runs are noise (hashes, URLs) and tantivy caps terms.
const MAX_TOKEN_BYTES: usize = 64;

/// One segmenter per process: loading the dictionary takes a noticeable fraction of a second.
static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for word in entries(DOMAIN_WORDS) {
        // No frequency: jieba picks one just high enough to keep the word whole.
        jieba.add_word(word, None, None);
    }
    jieba
});

static STOPS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| entries(STOP_WORDS).collect());

/// The words of a bundled list: one a line, `#` starts a comment line.
fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Loads the dictionary now rather than on the first request.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
    LazyLock::force(&STOPS);
}

/// A tantivy tokenizer over jieba's search-mode segmentation.
#[derive(Clone, Copy, Debug, Default)]
pub struct ZhTokenizer;

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = ZhTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhTokenStream {
        ZhTokenStream {
            tokens: analyze(text),
            next: 0,
        }
    }
}

/// Tokens of one text, produced eagerly (segmentation needs the whole sentence anyway).
#[derive(Debug)]
pub struct ZhTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for ZhTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Name of the character-level fallback analyzer.
pub const ZH_CHARS: &str = "wenzheng_zh_chars";

/// Characters of question words and particles, dropped by the character analyzer.
const STOP_CHARS: &str = "的地得了着过吗呢吧啊呀哦嘛么之我你您他她它是在和与及或就都也还又这那个请问想要会能可以怎样如何什啥咋哪些吗谁";

/// A tantivy tokenizer emitting single Han characters (and whole Latin words): a
/// low-weight fallback that still matches when a citizen's word differs from the
/// library's (刑拘 ~ 刑事拘留, a mistyped 居主证 ~ 居住证).
#[derive(Clone, Copy, Debug, Default)]
pub struct ZhCharTokenizer;

impl Tokenizer for ZhCharTokenizer {
    type TokenStream<'a> = ZhTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ZhTokenStream {
        ZhTokenStream {
            tokens: analyze_chars(text),
            next: 0,
        }
    }
}

/// Single Han characters and Latin/digit runs of `text`, offsets into the original.
pub fn analyze_chars(text: &str) -> Vec<Token> {
    let normalized = normalize(text);
    let mut spans = Vec::new();
    let mut latin_run: Option<usize> = None;
    for (at, c) in normalized.text.char_indices() {
        let latin = c.is_ascii_alphanumeric();
        if let Some(start) = latin_run.filter(|_| !latin) {
            spans.push(start..at);
            latin_run = None;
        }
        if latin {
            latin_run.get_or_insert(at);
        } else if c.is_alphanumeric() {
            spans.push(at..at + c.len_utf8());
        }
    }
    if let Some(start) = latin_run {
        spans.push(start..normalized.text.len());
    }
    let mut tokens = Vec::with_capacity(spans.len());
    for span in spans {
        let word = &normalized.text[span.clone()];
        if word.len() > MAX_TOKEN_BYTES || STOP_CHARS.contains(word) {
            continue;
        }
        tokens.push(Token {
            offset_from: normalized.original_offset(span.start),
            offset_to: normalized.original_offset(span.end),
            position: tokens.len(),
            text: word.to_owned(),
            position_length: 1,
        });
    }
    tokens
}

/// The distinct character terms of a query.
pub fn query_chars(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    analyze_chars(text)
        .into_iter()
        .map(|t| t.text)
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// Segments `text` into index terms with offsets into the original `text`.
pub fn analyze(text: &str) -> Vec<Token> {
    let normalized = normalize(text);
    let mut tokens = Vec::new();
    for word in JIEBA.cut_for_search(&normalized.text, true) {
        if !is_term(word.word) {
            continue;
        }
        tokens.push(Token {
            offset_from: normalized.original_offset(word.byte_start),
            offset_to: normalized.original_offset(word.byte_end),
            position: tokens.len(),
            text: word.word.to_owned(),
            position_length: 1,
        });
    }
    tokens
}

/// The distinct terms of a query, in order of appearance.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    analyze(text)
        .into_iter()
        .map(|t| t.text)
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// Words worth indexing: something alphanumeric, not a function word, not absurdly long.
fn is_term(word: &str) -> bool {
    word.len() <= MAX_TOKEN_BYTES
        && word.chars().any(char::is_alphanumeric)
        && !STOPS.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn traditional_and_simplified_give_the_same_terms() {
        assert_eq!(words("護照過期"), words("护照过期"));
        assert!(words("護照過期").contains(&"护照".to_owned()));
    }

    #[test]
    fn punctuation_and_function_words_are_dropped() {
        let w = words("请问，我的护照？？丢了！！怎么办…");
        assert!(w.contains(&"护照".to_owned()), "{w:?}");
        assert!(
            !w.iter().any(|t| t == "，" || t == "的" || t == "？"),
            "{w:?}"
        );
    }

    #[test]
    fn latin_text_is_lower_cased() {
        let w = words("下载 WeChat 和 ＡＰＰ");
        assert!(w.contains(&"wechat".to_owned()), "{w:?}");
        assert!(w.contains(&"app".to_owned()), "{w:?}");
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "我的護照丟了";
        let t = analyze(text)
            .into_iter()
            .find(|t| t.text == "护照")
            .unwrap();
        assert_eq!(&text[t.offset_from..t.offset_to], "護照");
    }

    #[test]
    fn search_mode_also_yields_sub_words() {
        let w = words("往来港澳通行证");
        assert!(w.contains(&"港澳".to_owned()), "{w:?}");
        assert!(w.contains(&"通行证".to_owned()), "{w:?}");
    }
}

//! Text normalisation shared by indexing and querying, so that a citizen's spelling
//! matches the library's: Traditional characters become Simplified (護照 → 护照),
//! full-width Latin letters and digits become ASCII (ＡＢＣ１ → abc1) and Latin text is
//! lower-cased.
//!
//! Every character maps to exactly one character, so a byte offset in the normalised
//! text maps back to the original text: highlighting marks what the reader wrote.

/// Normalised text and, for each of its character boundaries, the byte offset of the
/// same boundary in the original text.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// `origin[i]` is the original byte offset of normalised byte offset `i`; only
    /// character boundaries (and `text.len()`) are meaningful.
    origin: Vec<usize>,
}

impl Normalized {
    /// Maps a byte offset of the normalised text to the original text.
    pub fn original_offset(&self, normalized: usize) -> usize {
        self.origin[normalized.min(self.origin.len() - 1)]
    }
}

/// Normalises `text` (see the module documentation).
pub fn normalize(text: &str) -> Normalized {
    // fast2s converts one character into one character, which keeps the offset map simple.
    let simplified = fast2s::convert(text);
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut original_at = 0;
    for (orig, simp) in text.chars().zip(simplified.chars()) {
        let c = fold(simp);
        let start = out.len();
        out.push(c);
        origin.extend(std::iter::repeat_n(original_at, out.len() - start));
        original_at += orig.len_utf8();
    }
    // Defensive: should the converter ever change the character count, keep the rest as is.
    for orig in text[original_at..].chars() {
        let start = out.len();
        out.push(fold(orig));
        origin.extend(std::iter::repeat_n(original_at, out.len() - start));
        original_at += orig.len_utf8();
    }
    origin.push(original_at);
    Normalized { text: out, origin }
}

/// Normalises text that needs no offsets (queries, filters, terms).
pub fn normalize_str(text: &str) -> String {
    normalize(text).text
}

/// Width and case folding of one character.
fn fold(c: char) -> char {
    let c = match c {
        // Full-width ASCII block (！ to ～) → ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(normalize_str("護照過期了怎麼辦"), "护照过期了怎么办");
    }

    #[test]
    fn simplified_text_is_left_alone() {
        let text = "身份证丢了怎么补办、能不能先办临时身份证";
        assert_eq!(normalize_str(text), text);
    }

    #[test]
    fn full_width_latin_is_folded_and_lower_cased() {
        assert_eq!(normalize_str("ＡＰＰ 下载 Wechat"), "app 下载 wechat");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "ＡＢ護照";
        let n = normalize(original);
        assert_eq!(n.text, "ab护照");
        let start = n.text.find("护照").unwrap();
        assert_eq!(&original[n.original_offset(start)..], "護照");
        assert_eq!(n.original_offset(n.text.len()), original.len());
    }
}

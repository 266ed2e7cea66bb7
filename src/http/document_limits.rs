//! Limits counted on a document BEFORE validation: async-graphql's depth and complexity checks
//! skip `__typename` and do not bound aliases, tokens or fragment fan-out, so a small document
//! could still make the server parse, validate and answer a great deal. Here the raw text is
//! scanned first (tokens and bracket nesting, no allocation per token), and only then parsed
//! and walked once, fragments expanded with memoisation, so cycles and "fragment bombs" are
//! refused in linear time.

use std::collections::HashMap;

use async_graphql::{
    Value, Variables,
    parser::types::{BaseType, ExecutableDocument, Field, Selection, SelectionSet},
};

use super::refusal::Refusal;
use crate::error::AppError;

/// Deepest bracket nesting (`{`, `[`, `(`) accepted in the raw text, and deepest walk through
/// selections and fragment spreads: the parser and validators recurse once per level.
pub const MAX_NESTING: usize = 64;

/// What a document may contain; see `HttpSettings` for the settings behind each.
#[derive(Clone, Copy, Debug)]
pub struct DocumentLimits {
    pub max_tokens: usize,
    pub max_aliases: usize,
    pub max_directives: usize,
    /// Field selections (with `__typename`), fragments expanded.
    pub max_fields: usize,
}

/// What the walk found that the caller decides on (introspection is per caller).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DocumentFacts {
    /// The document selects `__schema` or `__type`.
    pub introspects: bool,
    /// What the rate limit charges: the complexity rule of the schema (each field 1 plus its
    /// selection, a selection under `first: n` counted n times), computed here before
    /// execution so no per-field hook has to run during it; `__typename` counts too.
    pub cost: usize,
}

fn too_complex(what: &str, limit: usize) -> Refusal {
    Refusal::QueryTooComplex(format!(
        "the document has more than {limit} {what}; send a smaller one"
    ))
}

/// Counts the lexical tokens of `text` (punctuators, names, numbers, strings) and refuses it
/// beyond `max_tokens` or `MAX_NESTING`, stopping at the first excess. Malformed input is
/// counted loosely: the parser reports it afterwards.
pub fn check_tokens(text: &str, max_tokens: usize) -> Result<usize, Refusal> {
    let bytes = text.as_bytes();
    let (mut i, mut tokens, mut nesting) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 3;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'.' if bytes[i..].starts_with(b"...") => i += 3,
            b'{' | b'[' | b'(' => {
                nesting += 1;
                if nesting > MAX_NESTING {
                    return Err(too_complex("levels of nesting", MAX_NESTING));
                }
                i += 1;
            }
            b'}' | b']' | b')' => {
                nesting = nesting.saturating_sub(1);
                i += 1;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'+' | b'-'))
                {
                    i += 1;
                }
            }
            // Punctuators and anything else (a stray character is one token; the parser refuses it).
            _ => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
        tokens += 1;
        if tokens > max_tokens {
            return Err(too_complex("tokens", max_tokens));
        }
    }
    Ok(tokens)
}

/// Per-selection-set totals; saturating, so a fragment bomb tops out instead of overflowing.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    fields: usize,
    aliases: usize,
    directives: usize,
    cost: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.fields = self.fields.saturating_add(o.fields);
        self.aliases = self.aliases.saturating_add(o.aliases);
        self.directives = self.directives.saturating_add(o.directives);
        self.cost = self.cost.saturating_add(o.cost);
    }
}

/// Most items a connection page may ask for (`first`), as the schema's complexity rule clamps it.
const MAX_FIRST: u64 = 100;

struct Walker<'a> {
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    memo: HashMap<&'a str, Counts>,
    visiting: Vec<&'a str>,
    introspects: bool,
}

impl<'a> Walker<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet, depth: usize) -> Result<Counts, Refusal> {
        if depth > MAX_NESTING {
            return Err(too_complex("levels of nesting", MAX_NESTING));
        }
        let mut total = Counts::default();
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    let f = &f.node;
                    if matches!(f.name.node.as_str(), "__schema" | "__type") {
                        self.introspects = true;
                    }
                    total.add(Counts {
                        fields: 1,
                        aliases: usize::from(f.alias.is_some()),
                        directives: f.directives.len(),
                        cost: 1,
                    });
                    let inner = self.selection_set(&f.selection_set.node, depth + 1)?;
                    total.add(Counts {
                        cost: inner.cost.saturating_mul(self.page_size(f)),
                        ..inner
                    });
                }
                Selection::InlineFragment(i) => {
                    total.add(Counts {
                        directives: i.node.directives.len(),
                        ..Counts::default()
                    });
                    total.add(self.selection_set(&i.node.selection_set.node, depth + 1)?);
                }
                Selection::FragmentSpread(s) => {
                    total.add(Counts {
                        directives: s.node.directives.len(),
                        ..Counts::default()
                    });
                    total.add(self.fragment(s.node.fragment_name.node.as_str(), depth + 1)?);
                }
            }
        }
        Ok(total)
    }

    /// How many times a field's selection counts: its `first` argument (a literal or a
    /// variable), clamped to the connection limit; 1 without one.
    fn page_size(&self, field: &Field) -> usize {
        let Some((_, value)) = field.arguments.iter().find(|(n, _)| n.node == "first") else {
            return 1;
        };
        let number = value
            .node
            .clone()
            .into_const_with(|name| self.variables.get(&name).cloned().ok_or(()))
            .ok()
            .and_then(|v| match v {
                Value::Number(n) => n.as_u64(),
                _ => None,
            });
        // Not a usable number: validation refuses it; count the most a page may hold.
        number.unwrap_or(MAX_FIRST).min(MAX_FIRST) as usize
    }

    fn fragment(&mut self, name: &'a str, depth: usize) -> Result<Counts, Refusal> {
        if let Some(c) = self.memo.get(name) {
            return Ok(*c);
        }
        if self.visiting.contains(&name) {
            return Err(invalid(format!(
                "fragment `{name}` spreads itself (directly or through other fragments)"
            )));
        }
        // An unknown fragment counts nothing here; validation reports it.
        let Some((key, def)) = self.doc.fragments.get_key_value(name) else {
            return Ok(Counts::default());
        };
        self.visiting.push(key.as_str());
        let mut counts = Counts {
            directives: def.node.directives.len(),
            ..Counts::default()
        };
        let inner = self.selection_set(&def.node.selection_set.node, depth);
        self.visiting.pop();
        counts.add(inner?);
        self.memo.insert(key.as_str(), counts);
        Ok(counts)
    }
}

/// Walks every operation of a parsed document, fragments expanded, and refuses it when it
/// selects more fields, aliases or directives than `limits` allow, or when a `__typename`
/// selection is invalid ([`check_typename_selections`]).
pub fn check_document(
    doc: &ExecutableDocument,
    variables: &Variables,
    limits: &DocumentLimits,
) -> Result<DocumentFacts, Refusal> {
    check_typename_selections(doc)?;
    let mut walker = Walker {
        doc,
        variables,
        memo: HashMap::new(),
        visiting: Vec::new(),
        introspects: false,
    };
    let mut total = Counts::default();
    for (_, op) in doc.operations.iter() {
        let op = &op.node;
        let variable_directives: usize = op
            .variable_definitions
            .iter()
            .map(|v| v.node.directives.len())
            .sum();
        total.add(Counts {
            directives: op.directives.len().saturating_add(variable_directives),
            ..Counts::default()
        });
        total.add(walker.selection_set(&op.selection_set.node, 1)?);
    }
    if total.aliases > limits.max_aliases {
        return Err(too_complex("aliases", limits.max_aliases));
    }
    if total.directives > limits.max_directives {
        return Err(too_complex("directives", limits.max_directives));
    }
    if total.fields > limits.max_fields {
        return Err(too_complex("field selections", limits.max_fields));
    }
    Ok(DocumentFacts {
        introspects: walker.introspects,
        cost: total.cost,
    })
}

/// Checks what async-graphql's validation skips on `__typename`: its visitor does not enter
/// that field, so `{ __typename @unknown }`, a directive missing its argument, arguments on
/// `__typename` itself or a selection under it would pass and run. The executable directives
/// of this schema are the built-in `@include(if: Boolean!)` and `@skip(if: Boolean!)` (it
/// declares none of its own); each is checked here as validation would. A variable in `if`
/// must be declared `Boolean!` (or `Boolean` with a default) by an operation of the document.
/// (async-graphql, not seeing it there, reports a variable used only on `__typename` as unused:
/// such a document is refused, on the safe side.)
pub fn check_typename_selections(doc: &ExecutableDocument) -> Result<(), Refusal> {
    let mut booleans: Vec<&str> = Vec::new();
    for (_, op) in doc.operations.iter() {
        for var in &op.node.variable_definitions {
            let var = &var.node;
            let named_boolean =
                matches!(&var.var_type.node.base, BaseType::Named(n) if n.as_str() == "Boolean");
            let non_null = !var.var_type.node.nullable
                || var
                    .default_value
                    .as_ref()
                    .is_some_and(|d| d.node != Value::Null);
            if named_boolean && non_null {
                booleans.push(var.name.node.as_str());
            }
        }
    }
    let check = |set: &SelectionSet| typename_selections(set, &booleans, 0);
    for (_, op) in doc.operations.iter() {
        check(&op.node.selection_set.node)?;
    }
    for fragment in doc.fragments.values() {
        check(&fragment.node.selection_set.node)?;
    }
    Ok(())
}

fn typename_selections(set: &SelectionSet, booleans: &[&str], depth: usize) -> Result<(), Refusal> {
    if depth > MAX_NESTING {
        return Err(too_complex("levels of nesting", MAX_NESTING));
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => {
                let f = &f.node;
                if f.name.node == "__typename" {
                    typename_field(f, booleans)?;
                }
                typename_selections(&f.selection_set.node, booleans, depth + 1)?;
            }
            Selection::InlineFragment(i) => {
                typename_selections(&i.node.selection_set.node, booleans, depth + 1)?;
            }
            // Fragment definitions are checked once each, where they are defined.
            Selection::FragmentSpread(_) => {}
        }
    }
    Ok(())
}

fn invalid(message: String) -> Refusal {
    AppError::bad_input("query", message).into()
}

fn typename_field(field: &Field, booleans: &[&str]) -> Result<(), Refusal> {
    if let Some((name, _)) = field.arguments.first() {
        return Err(invalid(format!(
            "Unknown argument \"{}\" on field \"__typename\".",
            name.node
        )));
    }
    if !field.selection_set.node.items.is_empty() {
        return Err(invalid(
            "Field \"__typename\" must not have a selection since type \"String!\" has no subfields."
                .into(),
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for directive in &field.directives {
        let directive = &directive.node;
        let name = directive.name.node.as_str();
        if !matches!(name, "include" | "skip") {
            return Err(invalid(format!("Unknown directive \"@{name}\".")));
        }
        if seen.contains(&name) {
            return Err(invalid(format!(
                "The directive \"@{name}\" can only be used once at this location."
            )));
        }
        seen.push(name);
        let mut condition = None;
        for (arg, value) in &directive.arguments {
            if arg.node != "if" {
                return Err(invalid(format!(
                    "Unknown argument \"{}\" on directive \"@{name}\".",
                    arg.node
                )));
            }
            if condition.replace(&value.node).is_some() {
                return Err(invalid(format!(
                    "There can only be one argument named \"if\" on directive \"@{name}\"."
                )));
            }
        }
        let Some(condition) = condition else {
            return Err(invalid(format!(
                "Directive \"@{name}\" argument \"if\" of type \"Boolean!\" is required, but it was not provided."
            )));
        };
        // A literal, or a variable (stood in for by `true` to see what the value is).
        let mut variable = None;
        let value = condition.clone().into_const_with(|v| {
            variable = Some(v);
            Ok::<_, ()>(Value::Boolean(true))
        });
        match (value, variable) {
            (Ok(Value::Boolean(_)), None) => {}
            (Ok(Value::Boolean(_)), Some(v)) if booleans.contains(&v.as_str()) => {}
            (Ok(Value::Boolean(_)), Some(v)) => {
                return Err(invalid(format!(
                    "Variable \"${v}\" in directive \"@{name}\" must be declared as \"Boolean!\" (or \"Boolean\" with a default)."
                )));
            }
            _ => {
                return Err(invalid(format!(
                    "Invalid value for argument \"if\" of directive \"@{name}\", expected type \"Boolean!\", found {condition}."
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    const LIMITS: DocumentLimits = DocumentLimits {
        max_tokens: 3_000,
        max_aliases: 30,
        max_directives: 50,
        max_fields: 2_000,
    };

    #[test]
    fn tokens_are_counted_like_the_graphql_lexer() {
        let q = "query Q($a: [Int!] = [1, -2.5e3]) { x: f(s: \"a\\\"b\", t: \"\"\"x\"\"\") @skip(if: false) ...F } # c";
        // query Q ( $ a : [ Int ! ] = [ 1 -2.5e3 ] ) { x : f ( s : "…" t : """…""" ) @ skip ( if : false ) ... F }
        assert_eq!(check_tokens(q, 100).unwrap(), 38);
        assert_eq!(check_tokens("{ 名字 }", 10).unwrap(), 4);
    }

    #[test]
    fn a_document_one_token_over_the_limit_is_refused() {
        let q = format!("{{{}}}", " a".repeat(8));
        assert_eq!(check_tokens(&q, 10).unwrap(), 10);
        let q = format!("{{{}}}", " a".repeat(9));
        assert_eq!(
            check_tokens(&q, 10).unwrap_err().code(),
            "QUERY_TOO_COMPLEX"
        );
    }

    #[test]
    fn deep_bracket_nesting_is_refused_before_parsing() {
        let ok = format!("{}{}", "{a".repeat(MAX_NESTING), "}".repeat(MAX_NESTING));
        assert!(check_tokens(&ok, 10_000).is_ok());
        let deep = format!(
            "{}{}",
            "{a".repeat(MAX_NESTING + 1),
            "}".repeat(MAX_NESTING + 1)
        );
        assert_eq!(
            check_tokens(&deep, 10_000).unwrap_err().code(),
            "QUERY_TOO_COMPLEX"
        );
    }

    #[test]
    fn a_fragment_bomb_is_refused_in_linear_time() {
        let mut q = String::from("{ ...F0 }\n");
        for i in 0..60 {
            q.push_str(&format!(
                "fragment F{i} on Query {{ ...F{n} ...F{n} }}\n",
                n = i + 1
            ));
        }
        q.push_str("fragment F60 on Query { __typename }");
        let doc = parse_query(&q).unwrap();
        let err = check_document(&doc, &Variables::default(), &LIMITS).unwrap_err();
        assert_eq!(err.code(), "QUERY_TOO_COMPLEX");
        assert!(err.to_string().contains("field selections"), "{err}");
    }

    #[test]
    fn a_fragment_cycle_is_refused_as_bad_input() {
        let doc = parse_query("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
            .unwrap();
        assert_eq!(
            check_document(&doc, &Variables::default(), &LIMITS)
                .unwrap_err()
                .code(),
            "BAD_USER_INPUT"
        );
    }

    #[test]
    fn aliases_in_fragments_count_once_per_spread() {
        let doc = parse_query(
            "{ ...A ...A } fragment A on Query { a: __typename b: __typename c: __typename }",
        )
        .unwrap();
        let limits = DocumentLimits {
            max_aliases: 6,
            ..LIMITS
        };
        assert!(check_document(&doc, &Variables::default(), &limits).is_ok());
        let limits = DocumentLimits {
            max_aliases: 5,
            ..LIMITS
        };
        assert!(check_document(&doc, &Variables::default(), &limits).is_err());
    }

    #[test]
    fn introspection_is_noticed_inside_fragments() {
        let doc =
            parse_query("{ ...A } fragment A on Query { __type(name: \"X\") { name } }").unwrap();
        assert!(
            check_document(&doc, &Variables::default(), &LIMITS)
                .unwrap()
                .introspects
        );
        let doc = parse_query("{ __typename }").unwrap();
        assert!(
            !check_document(&doc, &Variables::default(), &LIMITS)
                .unwrap()
                .introspects
        );
    }

    #[test]
    fn typename_selections_are_validated_like_any_field() {
        let refused = |q: &str| {
            let doc = parse_query(q).unwrap();
            check_typename_selections(&doc).unwrap_err().to_string()
        };
        assert!(refused("{ __typename @unknown }").contains("Unknown directive"));
        assert!(refused("{ a { __typename @deprecated } }").contains("Unknown directive"));
        assert!(refused("{ ...F } fragment F on Query { __typename @nope }").contains("@nope"));
        assert!(refused("{ __typename @skip }").contains("is required"));
        assert!(refused("{ __typename @include(if: true, x: 1) }").contains("Unknown argument"));
        assert!(refused("{ __typename @skip(if: \"yes\") }").contains("expected type"));
        assert!(
            refused("{ __typename @skip(if: true) @skip(if: false) }")
                .contains("only be used once")
        );
        assert!(refused("query($v: String) { __typename @skip(if: $v) }").contains("$v"));
        assert!(refused("{ __typename(x: 1) }").contains("Unknown argument"));
        assert!(refused("{ __typename { a } }").contains("no subfields"));
        for ok in [
            "{ __typename }",
            "{ t: __typename @skip(if: false) @include(if: true) }",
            "query($v: Boolean!) { __typename @include(if: $v) }",
            "query($v: Boolean = true) { ... on Query { __typename @skip(if: $v) } }",
        ] {
            let doc = parse_query(ok).unwrap();
            assert!(check_typename_selections(&doc).is_ok(), "{ok}");
        }
    }

    #[test]
    fn the_cost_counts_a_selection_once_per_requested_item() {
        let page = "{ inquiries(first: 50) { nodes { id department { name } } } }";
        let doc = parse_query(page).unwrap();
        // inquiries 1 + 50 × (nodes 1 + id 1 + department 1 + name 1).
        let facts = check_document(&doc, &Variables::default(), &LIMITS).unwrap();
        assert_eq!(facts.cost, 201);
        let by_variable = "query($n: Int!) { inquiries(first: $n) { nodes { id } } __typename }";
        let doc = parse_query(by_variable).unwrap();
        let vars = Variables::from_json(serde_json::json!({ "n": 5 }));
        // inquiries 1 + 5 × 2, and `__typename` 1.
        assert_eq!(check_document(&doc, &vars, &LIMITS).unwrap().cost, 12);
        // A `first` beyond the connection limit counts as the limit.
        let vars = Variables::from_json(serde_json::json!({ "n": 100_000 }));
        assert_eq!(check_document(&doc, &vars, &LIMITS).unwrap().cost, 202);
    }
}

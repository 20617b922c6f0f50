//! Full-text search expressions for SQLite FTS5 (backend-specific by nature).

/// Turns what a person typed into an FTS5 query: every word must match, each as a prefix, so
/// `ada lov` finds "Ada Lovelace" and `MUG-BL` finds SKU `MUG-BLK-1`. Quotes are escaped so no
/// input can be an FTS5 syntax error. `None` when there is nothing to search for.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split_whitespace()
        .map(|w| w.trim_start_matches('#'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn every_word_becomes_a_quoted_prefix_term() {
        assert_eq!(fts_query("ada  lov").as_deref(), Some(r#""ada"* "lov"*"#));
    }

    #[test]
    fn fts_syntax_in_input_cannot_break_the_query() {
        assert_eq!(fts_query(r#"a"b OR"#).as_deref(), Some(r#""a""b"* "OR"*"#));
        assert_eq!(fts_query("  - * ").as_deref(), None);
    }

    #[test]
    fn an_order_number_matches_without_its_hash() {
        assert_eq!(fts_query("#1042").as_deref(), Some(r#""1042"*"#));
    }
}

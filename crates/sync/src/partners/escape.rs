//! References as URL path segments and file names: letters, digits and `-_.~` as they are,
//! every other byte as `%XX`, so two references never share a path.

pub(crate) fn escape(reference: &str) -> String {
    reference
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_keep_safe_characters_and_escape_the_rest() {
        assert_eq!(escape("ord_01J-2"), "ord_01J-2");
        assert_eq!(escape("a b/c"), "a%20b%2Fc");
        assert_ne!(escape("a/b"), escape("a_b"));
    }
}

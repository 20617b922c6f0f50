//! Case-insensitive text comparison that never allocates.
//!
//! Rule values are folded (lower-cased, trimmed) once when a ruleset compiles; order values are
//! folded a character at a time while comparing, so evaluating a rule copies nothing. ASCII text
//! — nearly all countries, SKUs, tags and services — takes a byte-wise fast path.
//!
//! Folding is per character: a character whose lower case is several characters (`İ`) folds to
//! the first of them. That is the same on both sides, so comparisons stay consistent.

/// Lower case of one character, as one character.
#[inline]
pub(crate) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// `s.trim()`, without decoding characters when both ends are plain ASCII (nearly always).
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if f > b' ' && f < 0x80 && l > b' ' && l < 0x80 => s,
        (None, _) | (_, None) => s,
        _ => s.trim(),
    }
}

/// Trimmed and lower-cased, for rule values at compile time.
pub(crate) fn fold(s: &str) -> String {
    s.trim().chars().map(fold_char).collect()
}

/// A rule value, folded once at compile time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Folded {
    text: Box<str>,
    ascii: bool,
}

impl Folded {
    pub(crate) fn new(raw: &str) -> Self {
        let text = fold(raw);
        let ascii = text.is_ascii();
        Folded {
            text: text.into_boxed_str(),
            ascii,
        }
    }

    /// A value that is folded already (taken from a parsed pattern): kept exactly, spaces
    /// included.
    pub(crate) fn from_folded(text: String) -> Self {
        let ascii = text.is_ascii();
        Folded {
            text: text.into_boxed_str(),
            ascii,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// `hay` (already trimmed) equals this value, ignoring case.
    #[inline(always)]
    pub(crate) fn eq(&self, hay: &str) -> bool {
        let n = self.text.as_bytes();
        if self.ascii {
            // A non-ASCII character never folds to fewer bytes than the ASCII one it may equal,
            // so equal lengths let the byte compare decide, and an ASCII hay of another length
            // cannot match.
            if hay.len() == n.len() {
                return hay.as_bytes().eq_ignore_ascii_case(n);
            }
            if hay.is_ascii() {
                return false;
            }
        }
        hay.chars().map(fold_char).eq(self.text.chars())
    }

    #[inline]
    pub(crate) fn is_prefix_of(&self, hay: &str) -> bool {
        let n = self.text.as_bytes();
        if self.ascii && hay.is_ascii() {
            return hay.len() >= n.len() && hay.as_bytes()[..n.len()].eq_ignore_ascii_case(n);
        }
        let mut h = hay.chars().map(fold_char);
        self.text.chars().all(|c| h.next() == Some(c))
    }

    #[inline]
    pub(crate) fn is_suffix_of(&self, hay: &str) -> bool {
        let n = self.text.as_bytes();
        if self.ascii && hay.is_ascii() {
            return hay.len() >= n.len()
                && hay.as_bytes()[hay.len() - n.len()..].eq_ignore_ascii_case(n);
        }
        let mut h = hay.chars().rev().map(fold_char);
        self.text.chars().rev().all(|c| h.next() == Some(c))
    }

    #[inline]
    pub(crate) fn is_in(&self, hay: &str) -> bool {
        let n = self.text.as_bytes();
        if n.is_empty() {
            return true;
        }
        if self.ascii && hay.is_ascii() {
            return hay
                .as_bytes()
                .windows(n.len())
                .any(|w| w.eq_ignore_ascii_case(n));
        }
        hay.char_indices()
            .any(|(i, _)| self.is_prefix_of(&hay[i..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_compares_without_case_or_surrounding_spaces() {
        let us = Folded::new(" US ");
        assert!(us.eq("us"));
        assert!(us.eq("Us"));
        assert!(!us.eq("usa"));
        assert!(Folded::new("straße").eq("STRAßE"));
        assert!(Folded::new("Zürich").eq("zÜrich"));
        assert!(
            !Folded::new("zurich").eq("zürich"),
            "accents are not folded away"
        );
    }

    #[test]
    fn prefixes_suffixes_and_substrings_ignore_case() {
        assert!(Folded::new("haz-").is_prefix_of("HAZ-001"));
        assert!(!Folded::new("haz-").is_prefix_of("HA"));
        assert!(Folded::new("-xl").is_suffix_of("TEE-XL"));
        assert!(Folded::new("ÜR").is_suffix_of("zür"));
        assert!(Folded::new("fragile").is_in("Please: FRAGILE glass"));
        assert!(Folded::new("glaß").is_in("Vorsicht GLAß!"));
        assert!(!Folded::new("fragile").is_in("sturdy"));
        assert!(Folded::new("").is_in(""));
    }
}

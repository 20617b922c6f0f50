//! `matches` patterns: a small, anchored glob parsed once at compile time.
//!
//! Managers write postal prefixes and SKU families (`BT*`, `9021?`, `[0-4]*`, `*-XL`), not
//! regular expressions; a glob is enough, reads naturally in a form, and keeps `regex` (and its
//! pathological cases) out of the core crate. Matching is case-insensitive like every text test
//! and runs in linear time for patterns with one `*`, never worse than O(pattern × text).

use crate::rules::text::fold_char;

/// Why a pattern cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("`[` at character {0} is never closed with `]`")]
    UnclosedClass(usize),
    #[error("the class at character {0} is empty")]
    EmptyClass(usize),
    #[error("the range `{0}-{1}` runs backwards")]
    BackwardsRange(char, char),
    #[error("the pattern ends with a lone `\\`")]
    TrailingEscape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    AnyChar,
    Star,
    Class {
        negated: bool,
        ranges: Box<[(char, char)]>,
    },
}

impl Token {
    #[inline]
    fn accepts(&self, c: char) -> bool {
        match self {
            Token::Char(p) => *p == c,
            Token::AnyChar => true,
            Token::Star => false,
            Token::Class { negated, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }
        }
    }
}

/// How a pattern without wildcards inside reads as a text test (see [`Pattern::as_literal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Literal {
    Whole,
    Prefix,
    Suffix,
    Inner,
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Box<[Token]>,
}

impl Pattern {
    /// Parses `*`, `?`, `[…]` (ranges `a-z`, negation `!` or `^`) and `\` escapes. Surrounding
    /// spaces are ignored, like every rule value.
    pub fn parse(source: &str) -> Result<Pattern, PatternError> {
        let mut tokens = Vec::new();
        let mut chars = source.trim().chars().enumerate().peekable();
        while let Some((at, c)) = chars.next() {
            let token = match c {
                '*' => {
                    if tokens.last() == Some(&Token::Star) {
                        continue;
                    }
                    Token::Star
                }
                '?' => Token::AnyChar,
                '\\' => match chars.next() {
                    Some((_, e)) => Token::Char(fold_char(e)),
                    None => return Err(PatternError::TrailingEscape),
                },
                '[' => {
                    let negated = chars.next_if(|&(_, c)| c == '!' || c == '^').is_some();
                    let mut ranges = Vec::new();
                    let mut closed = false;
                    while let Some((_, c)) = chars.next() {
                        if c == ']' {
                            closed = true;
                            break;
                        }
                        let lo = if c == '\\' {
                            chars
                                .next()
                                .map(|(_, e)| e)
                                .ok_or(PatternError::TrailingEscape)?
                        } else {
                            c
                        };
                        let hi = if chars.next_if(|&(_, c)| c == '-').is_some() {
                            match chars.next_if(|&(_, c)| c != ']') {
                                Some((_, hi)) => hi,
                                None => {
                                    // `[a-]`: the dash is literal.
                                    ranges.push(('-', '-'));
                                    lo
                                }
                            }
                        } else {
                            lo
                        };
                        let (lo, hi) = (fold_char(lo), fold_char(hi));
                        if lo > hi {
                            return Err(PatternError::BackwardsRange(lo, hi));
                        }
                        ranges.push((lo, hi));
                    }
                    if !closed {
                        return Err(PatternError::UnclosedClass(at + 1));
                    }
                    if ranges.is_empty() {
                        return Err(PatternError::EmptyClass(at + 1));
                    }
                    Token::Class {
                        negated,
                        ranges: ranges.into_boxed_slice(),
                    }
                }
                c => Token::Char(fold_char(c)),
            };
            tokens.push(token);
        }
        Ok(Pattern {
            tokens: tokens.into_boxed_slice(),
        })
    }

    /// The pattern as a plain text test when it is one: `BT*` is "starts with `bt`", `*-xl`
    /// "ends with `-xl`", `*gift*` "contains `gift`", `90210` "equals `90210`". The text is folded as the pattern folds it.
    /// Lets the prefilter index the most common patterns (postal and SKU prefixes).
    pub(crate) fn as_literal(&self) -> Option<(Literal, String)> {
        let literal = |tokens: &[Token]| {
            tokens
                .iter()
                .map(|t| match t {
                    Token::Char(c) => Some(*c),
                    _ => None,
                })
                .collect::<Option<String>>()
        };
        match &*self.tokens {
            [] | [Token::Star] => None,
            [Token::Star, inner @ .., Token::Star] => Some((Literal::Inner, literal(inner)?)),
            [rest @ .., Token::Star] => Some((Literal::Prefix, literal(rest)?)),
            [Token::Star, rest @ ..] => Some((Literal::Suffix, literal(rest)?)),
            all => Some((Literal::Whole, literal(all)?)),
        }
    }

    /// Whether the whole of `text` (already trimmed) matches, ignoring case.
    pub fn matches(&self, text: &str) -> bool {
        let tokens = &self.tokens;
        let (mut t, mut h) = (0usize, 0usize);
        // After a `*`: the token to resume from and the text position the star has eaten up to.
        let mut resume: Option<(usize, usize)> = None;
        loop {
            if let Some(token) = tokens.get(t) {
                if *token == Token::Star {
                    resume = Some((t + 1, h));
                    t += 1;
                    continue;
                }
                if let Some(c) = text[h..].chars().next()
                    && token.accepts(fold_char(c))
                {
                    t += 1;
                    h += c.len_utf8();
                    continue;
                }
            } else if h == text.len() {
                return true;
            }
            // Mismatch: let the last star eat one more character, or fail.
            let Some((star_t, star_h)) = resume else {
                return false;
            };
            let Some(c) = text[star_h..].chars().next() else {
                return false;
            };
            let next = star_h + c.len_utf8();
            resume = Some((star_t, next));
            t = star_t;
            h = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::parse(p).unwrap().matches(t)
    }

    #[test]
    fn patterns_match_the_whole_value_ignoring_case() {
        assert!(m("BT*", "bt7 1nn"));
        assert!(!m("BT*", "xBT7"), "patterns are anchored at the start");
        assert!(m("*-xl", "TEE-XL"));
        assert!(!m("*-xl", "TEE-XLL"), "patterns are anchored at the end");
        assert!(m("9021?", "90210"));
        assert!(!m("9021?", "902100"));
        assert!(m("[0-4]*", "35000"));
        assert!(!m("[0-4]*", "55000"));
        assert!(m("[!0-9]*", "SW1A"));
        assert!(m("a*b*c", "aXXbYYc"));
        assert!(!m("a*b*c", "aXXbYY"));
        assert!(m("\\*sale\\*", "*SALE*"));
        assert!(m("*", ""));
        assert!(m("ü*", "Über"));
        assert!(m("[a-]", "-"));
    }

    #[test]
    fn patterns_without_inner_wildcards_read_as_plain_text_tests() {
        let lit = |p: &str| Pattern::parse(p).unwrap().as_literal();
        assert_eq!(lit("BT*"), Some((Literal::Prefix, "bt".to_owned())));
        assert_eq!(lit("*-XL"), Some((Literal::Suffix, "-xl".to_owned())));
        assert_eq!(lit("90210"), Some((Literal::Whole, "90210".to_owned())));
        assert_eq!(lit("9 *"), Some((Literal::Prefix, "9 ".to_owned())));
        assert_eq!(lit("\\*x*"), Some((Literal::Prefix, "*x".to_owned())));
        assert_eq!(lit("*Gift*"), Some((Literal::Inner, "gift".to_owned())));
        for p in ["*", "", "a*b", "*a*b", "9021?", "[0-4]*", "**"] {
            assert_eq!(lit(p), None, "{p} has a wildcard inside or is empty");
        }
    }

    #[test]
    fn unreadable_patterns_say_why() {
        assert_eq!(Pattern::parse("[a-z"), Err(PatternError::UnclosedClass(1)));
        assert_eq!(Pattern::parse("x[]"), Err(PatternError::EmptyClass(2)));
        assert_eq!(
            Pattern::parse("[z-a]"),
            Err(PatternError::BackwardsRange('z', 'a'))
        );
        assert_eq!(Pattern::parse("ab\\"), Err(PatternError::TrailingEscape));
    }
}

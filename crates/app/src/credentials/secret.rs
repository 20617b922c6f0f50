//! A secret value that does not print itself.

/// A token, key or password. `Debug` shows `<redacted>`; read it with [`Secret::expose`] only
/// where it is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("shpat_very_secret");
        assert!(!format!("{s:?}").contains("very_secret"));
        assert_eq!(s.expose(), "shpat_very_secret");
    }
}

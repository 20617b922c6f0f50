//! A set of small indices that needs no heap for the first 256 members.
//!
//! A decision remembers which rules fired and which tag/note actions apply; rulesets of up to
//! 256 rules and 256 such actions keep that on the stack, so evaluating allocates nothing.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Bits {
    inline: [u64; 4],
    spill: Vec<u64>,
}

impl Bits {
    #[inline]
    pub(crate) fn insert(&mut self, i: usize) {
        let (word, bit) = (i / 64, i % 64);
        if let Some(w) = self.inline.get_mut(word) {
            *w |= 1 << bit;
            return;
        }
        let word = word - self.inline.len();
        if self.spill.len() <= word {
            self.spill.resize(word + 1, 0);
        }
        self.spill[word] |= 1 << bit;
    }

    #[inline]
    pub(crate) fn contains(&self, i: usize) -> bool {
        let (word, bit) = (i / 64, i % 64);
        let w = match self.inline.get(word) {
            Some(w) => *w,
            None => self
                .spill
                .get(word - self.inline.len())
                .copied()
                .unwrap_or(0),
        };
        w & (1 << bit) != 0
    }

    /// Members in increasing order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.inline
            .iter()
            .chain(self.spill.iter())
            .enumerate()
            .flat_map(|(wi, &w)| {
                (0..64)
                    .filter(move |b| w & (1u64 << b) != 0)
                    .map(move |b| wi * 64 + b)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_beyond_the_inline_words_are_kept_in_order() {
        let mut b = Bits::default();
        for i in [3, 64, 255, 256, 1000] {
            b.insert(i);
        }
        assert!(b.contains(1000) && b.contains(3) && !b.contains(4) && !b.contains(5000));
        assert_eq!(b.iter().collect::<Vec<_>>(), [3, 64, 255, 256, 1000]);
    }
}

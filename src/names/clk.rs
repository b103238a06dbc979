//! Keyed bigram Bloom filters (cryptographic long-term keys, Schnell et al. 2009) and the
//! Dice coefficient (names.md §4.2, security.md §3 "CLK parameters": l = 1024, bigrams,
//! no edge padding).
//!
//! Every feature is a bigram of one key type (F or S) over a tiny alphabet, so the
//! encoder computes one HMAC-SHA256 per possible feature once, at construction, and
//! keeps the two double-hashing values. Encoding a name is then table look-ups only.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Filter length in bits.
pub const BITS: usize = 1024;
const WORDS: usize = BITS / 64;

/// Symbols per key alphabet; F and S symbols are mapped into `0..SYMBOLS`.
const SYMBOLS: usize = 32;

/// Which key a bigram comes from; part of the hashed feature so F and S never collide.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyType {
    Folded = 0,
    Skeleton = 1,
    Fine = 2,
}
pub const KEY_TYPES: usize = 3;
/// A bigram's second and third occurrence in one key are features of their own, so that
/// the filter encodes the multiset of bigrams, not the set: mahmat (ma, ah, hm, ma, at)
/// and ahmat (ah, hm, ma, at) would otherwise encode alike.
const OCCURRENCES: usize = 3;

/// A 1024-bit Bloom filter.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Bloom(pub [u64; WORDS]);

impl Bloom {
    pub fn set(&mut self, pos: usize) {
        self.0[pos / 64] |= 1 << (pos % 64);
    }

    pub fn count_ones(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// (|A∧B|, |A| + |B|): the parts of the Dice coefficient, which can be summed over
    /// several filters.
    pub fn overlap(&self, other: &Bloom) -> (u32, u32) {
        let mut both = 0;
        let mut total = 0;
        for (a, b) in self.0.iter().zip(other.0.iter()) {
            both += (a & b).count_ones();
            total += a.count_ones() + b.count_ones();
        }
        (both, total)
    }

    /// Sørensen–Dice coefficient 2|A∧B| / (|A| + |B|); 0 when both are empty.
    pub fn dice(&self, other: &Bloom) -> f64 {
        dice_of(self.overlap(other))
    }

    pub fn to_bytes(&self) -> [u8; BITS / 8] {
        let mut out = [0u8; BITS / 8];
        for (chunk, w) in out.chunks_exact_mut(8).zip(self.0.iter()) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8; BITS / 8]) -> Bloom {
        let mut b = Bloom::default();
        for (w, chunk) in b.0.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            *w = u64::from_le_bytes(buf);
        }
        b
    }
}

/// Dice from summed overlaps.
pub fn dice_of((both, total): (u32, u32)) -> f64 {
    if total == 0 {
        0.0
    } else {
        f64::from(2 * both) / f64::from(total)
    }
}

/// End mark for one-symbol keys; not a key symbol.
const END: u8 = b'#';

/// Index of a key symbol in `0..SYMBOLS`.
fn symbol(b: u8) -> usize {
    match b {
        b'a'..=b'z' => usize::from(b - b'a'),
        _ => SYMBOLS - 1,
    }
}

/// HMAC-SHA256 of `label || data` under the encoder key.
pub fn keyed_hash(key: &[u8; 32], label: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(label);
    mac.update(&[0]);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Per-feature double-hashing values derived from the key.
pub struct BigramHasher {
    k: usize,
    /// (h1, h2) per (key type, first symbol, second symbol); h2 is odd, so the k positions
    /// h1 + i·h2 mod 1024 are distinct.
    table: Vec<(u16, u16)>,
    /// Hash positions per key type that `masks` were built for.
    mask_weights: [usize; KEY_TYPES],
    /// Each feature's bits at its key type's weight, indexed like `table`; empty until
    /// [`BigramHasher::with_masks`].
    masks: Vec<Bloom>,
}

impl BigramHasher {
    pub fn new(key: &[u8; 32], k: usize) -> BigramHasher {
        let k = k.clamp(1, BITS);
        let mut table = Vec::with_capacity(OCCURRENCES * KEY_TYPES * SYMBOLS * SYMBOLS);
        let base =
            <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
        for occurrence in 0..OCCURRENCES {
            for t in 0..KEY_TYPES {
                for a in 0..SYMBOLS {
                    for b in 0..SYMBOLS {
                        let mut mac = base.clone();
                        mac.update(b"kinlink-names-clk-bigram\0");
                        if occurrence == 0 {
                            mac.update(&[t as u8, a as u8, b as u8]);
                        } else {
                            mac.update(&[t as u8, a as u8, b as u8, occurrence as u8]);
                        }
                        let out = mac.finalize().into_bytes();
                        let h1 = u16::from_le_bytes([out[0], out[1]]) % BITS as u16;
                        let h2 = (u16::from_le_bytes([out[2], out[3]]) % BITS as u16) | 1;
                        table.push((h1, h2));
                    }
                }
            }
        }
        BigramHasher {
            k,
            table,
            mask_weights: [0; KEY_TYPES],
            masks: Vec::new(),
        }
    }

    /// Precomputes every feature's bits at one weight per key type (indexed by
    /// [`KeyType`]), so that [`BigramHasher::add`] at that weight ORs 16 words per bigram
    /// instead of setting 20–40 bits one at a time, the encoder's hottest loop. Costs
    /// 1.2 MB; the bits set are the same.
    pub fn with_masks(mut self, weights: [usize; KEY_TYPES]) -> BigramHasher {
        self.mask_weights = weights.map(|w| w.min(BITS));
        self.masks = (0..self.table.len())
            .map(|idx| {
                let kind = (idx / (SYMBOLS * SYMBOLS)) % KEY_TYPES;
                let mut bloom = Bloom::default();
                self.set_bits(&mut bloom, idx, self.mask_weights[kind]);
                bloom
            })
            .collect();
        self
    }

    /// Sets feature `idx`'s `weight` positions.
    fn set_bits(&self, bloom: &mut Bloom, idx: usize, weight: usize) {
        let (h1, h2) = self.table[idx];
        let (mut pos, step) = (usize::from(h1), usize::from(h2));
        for _ in 0..weight {
            // pos < BITS, so `% WORDS` changes nothing but spares the bounds check.
            bloom.0[(pos / 64) % WORDS] |= 1 << (pos % 64);
            pos = (pos + step) % BITS;
        }
    }

    /// Adds every bigram of `key` (no edge padding), each with `weight` hash positions.
    /// A one-symbol key has no bigram, so it is paired with an end mark instead: a
    /// one-letter name must not encode to an empty filter.
    pub fn add(&self, bloom: &mut Bloom, kind: KeyType, key: &[u8], weight: usize) {
        let weight = weight.min(BITS);
        let masks = (!self.masks.is_empty() && self.mask_weights[kind as usize] == weight)
            .then_some(&self.masks);
        let single;
        let key = if key.len() == 1 {
            single = [key[0], END];
            &single[..]
        } else {
            key
        };
        for (i, pair) in key.windows(2).enumerate() {
            let earlier = key[..i + 1]
                .windows(2)
                .take(i)
                .filter(|w| *w == pair)
                .take(OCCURRENCES - 1)
                .count();
            let idx = ((earlier * KEY_TYPES + kind as usize) * SYMBOLS + symbol(pair[0])) * SYMBOLS
                + symbol(pair[1]);
            match masks {
                Some(masks) => {
                    for (w, m) in bloom.0.iter_mut().zip(&masks[idx].0) {
                        *w |= m;
                    }
                }
                None => self.set_bits(bloom, idx, weight),
            }
        }
    }

    pub fn k(&self) -> usize {
        self.k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_of_identical_and_disjoint() {
        let h = BigramHasher::new(&[7; 32], 20);
        let mut a = Bloom::default();
        h.add(&mut a, KeyType::Folded, b"tursun", 20);
        assert_eq!(a.dice(&a), 1.0);
        assert_eq!(Bloom::default().dice(&Bloom::default()), 0.0);
        assert_eq!(a.dice(&Bloom::default()), 0.0);
    }

    #[test]
    fn k_distinct_positions_per_bigram() {
        let h = BigramHasher::new(&[1; 32], 20);
        let mut a = Bloom::default();
        h.add(&mut a, KeyType::Folded, b"ab", 20);
        assert_eq!(a.count_ones(), 20);
    }

    #[test]
    fn key_changes_positions() {
        let mut a = Bloom::default();
        let mut b = Bloom::default();
        BigramHasher::new(&[1; 32], 20).add(&mut a, KeyType::Folded, b"tursun", 20);
        BigramHasher::new(&[2; 32], 20).add(&mut b, KeyType::Folded, b"tursun", 20);
        assert!(a.dice(&b) < 0.5);
    }

    #[test]
    fn repeated_bigrams_count() {
        let h = BigramHasher::new(&[4; 32], 20);
        let (mut a, mut b) = (Bloom::default(), Bloom::default());
        h.add(&mut a, KeyType::Folded, b"mahmat", 20);
        h.add(&mut b, KeyType::Folded, b"ahmat", 20);
        assert_ne!(a, b);
        assert!(a.dice(&b) > 0.8);
    }

    #[test]
    fn masks_set_the_same_bits() {
        let plain = BigramHasher::new(&[5; 32], 20);
        let masked = BigramHasher::new(&[5; 32], 20).with_masks([20, 40, 20]);
        for key in [&b"a"[..], b"tursun", b"mahmat", b"aaaaaa", b"ptrm", b"x#"] {
            for (kind, weight) in [
                (KeyType::Folded, 20),
                (KeyType::Skeleton, 40),
                (KeyType::Fine, 20),
                (KeyType::Fine, 7),
            ] {
                let (mut a, mut b) = (Bloom::default(), Bloom::default());
                plain.add(&mut a, kind, key, weight);
                masked.add(&mut b, kind, key, weight);
                assert_eq!(a, b);
            }
        }
    }

    #[test]
    fn bytes_round_trip() {
        let mut a = Bloom::default();
        BigramHasher::new(&[3; 32], 15).add(&mut a, KeyType::Skeleton, b"ptrm", 15);
        assert_eq!(Bloom::from_bytes(&a.to_bytes()), a);
    }
}

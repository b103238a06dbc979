//! The one source of randomness: ChaCha8 from `rand_chacha`, whose output for a seed is fixed
//! across versions and platforms, with our own bounded and weighted sampling on top (so a
//! change in `rand`'s distribution code cannot change a generated file).

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

pub struct Rng(ChaCha8Rng);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (Lemire's method, unbiased). `n` must be positive.
    pub fn below(&mut self, n: u32) -> u32 {
        assert!(n > 0, "below(0)");
        let n64 = u64::from(n);
        let mut m = u64::from(self.0.next_u32()) * n64;
        if (m as u32) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u32) < threshold {
                m = u64::from(self.0.next_u32()) * n64;
            }
        }
        (m >> 32) as u32
    }

    pub fn index(&mut self, len: usize) -> usize {
        self.below(u32::try_from(len).expect("small collection")) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
        ((self.0.next_u64() >> 11) as f64) * SCALE < p
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i32, hi: i32) -> i32 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo + 1) as u32) as i32
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// The first item most of the time (`p_first`), otherwise any other one.
    pub fn mostly_first<'a, T>(&mut self, items: &'a [T], p_first: f64) -> &'a T {
        if items.len() == 1 || self.chance(p_first) {
            &items[0]
        } else {
            &items[1 + self.index(items.len() - 1)]
        }
    }

    /// An index drawn with the given relative weights (at least one positive).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        unreachable!("weights sum to total")
    }

    /// One of `options`, drawn with their relative weights (at least one positive).
    pub fn pick_weighted<T: Copy>(&mut self, options: &[(T, u32)]) -> T {
        let total: u32 = options.iter().map(|o| o.1).sum();
        let mut x = self.below(total);
        for &(item, w) in options {
            if x < w {
                return item;
            }
            x -= w;
        }
        unreachable!("weights sum to total")
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

/// Items with relative weights, sampled by binary search over the running totals.
pub struct Weighted<T> {
    items: Vec<T>,
    cumulative: Vec<u32>,
}

impl<T> Weighted<T> {
    pub fn new(pairs: impl IntoIterator<Item = (T, u32)>) -> Self {
        let mut items = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u32;
        for (item, weight) in pairs {
            if weight == 0 {
                continue;
            }
            total += weight;
            items.push(item);
            cumulative.push(total);
        }
        assert!(total > 0, "a weighted table needs a positive weight");
        Weighted { items, cumulative }
    }

    pub fn sample(&self, rng: &mut Rng) -> &T {
        let total = *self.cumulative.last().expect("non-empty");
        let x = rng.below(total);
        let i = self.cumulative.partition_point(|&c| c <= x);
        &self.items[i]
    }

    #[cfg(test)]
    pub fn items(&self) -> &[T] {
        &self.items
    }
}

/// A bijection of `u64` keyed by `key` (splitmix64's finaliser after adding the key): turns
/// counters into distinct identifiers that do not reveal their order.
pub fn scramble(x: u64, key: u64) -> u64 {
    let mut z = x.wrapping_add(key);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_bounds_hold() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u32> = (0..1000).map(|_| a.below(13)).collect();
        let ys: Vec<u32> = (0..1000).map(|_| b.below(13)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|&x| x < 13));
        let mut seen = [false; 13];
        xs.iter().for_each(|&x| seen[x as usize] = true);
        assert!(seen.iter().all(|&s| s), "every value is reachable");
        assert_ne!(Rng::new(8).next_u64(), Rng::new(7).next_u64());
    }

    #[test]
    fn chacha8_output_is_pinned() {
        // rand_chacha documents ChaCha as reproducible across versions and platforms; this
        // pins it, so a dependency update that changed it (and with it every generated
        // file) fails here instead of silently.
        let mut rng = Rng::new(1);
        let first: Vec<String> = (0..2).map(|_| format!("{:016x}", rng.next_u64())).collect();
        assert_eq!(first, ["67094cea8ca40db1", "149406d8fc0e8e6b"]);
    }

    #[test]
    fn weighted_follows_weights() {
        let table = Weighted::new([("a", 1), ("b", 0), ("c", 3)]);
        let mut rng = Rng::new(3);
        let mut counts = [0u32; 2];
        for _ in 0..40_000 {
            match *table.sample(&mut rng) {
                "a" => counts[0] += 1,
                "c" => counts[1] += 1,
                other => panic!("{other} has weight 0"),
            }
        }
        let share = f64::from(counts[1]) / 40_000.0;
        assert!((share - 0.75).abs() < 0.02, "{share}");
        let idx: Vec<usize> = (0..1000).map(|_| rng.weighted(&[0, 5, 0])).collect();
        assert!(idx.iter().all(|&i| i == 1));
    }

    #[test]
    fn scramble_is_injective_on_a_range() {
        let mut seen: Vec<u64> = (0..10_000).map(|i| scramble(i, 99)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 10_000);
    }
}

//! The Dice kernel on 1024-bit filters: 2|A∧B| / (|A|+|B|) with popcounts of 64-bit words,
//! skipping pairs whose popcounts alone rule the threshold out (Dice ≤ 2·min/(|A|+|B|)).
//! Used to find similar name parts, and measured against anonlink's (`bench/`).

use crate::names::Bloom;

/// Dice of two filters given their popcounts.
#[inline(always)]
pub fn dice(a: &Bloom, a_ones: u32, b: &Bloom, b_ones: u32) -> f64 {
    let total = a_ones + b_ones;
    if total == 0 {
        return 0.0;
    }
    let mut both = 0u32;
    for i in 0..a.0.len() {
        both += (a.0[i] & b.0[i]).count_ones();
    }
    f64::from(2 * both) / f64::from(total)
}

/// Whether two popcounts alone leave Dice ≥ `threshold` possible.
#[inline(always)]
fn possible(a_ones: u32, b_ones: u32, threshold: f64) -> bool {
    let total = a_ones + b_ones;
    total > 0 && 2.0 * f64::from(a_ones.min(b_ones)) >= threshold * f64::from(total)
}

/// Whether this CPU counts the bits of a word in one instruction. Builds for the x86-64
/// baseline cannot assume it (every x86-64 processor since about 2008 has it), so the two
/// loops below are also compiled with it and chosen when the CPU has it: three times as
/// fast as counting bits with shifts and masks.
#[cfg(target_arch = "x86_64")]
fn has_popcnt() -> bool {
    std::arch::is_x86_feature_detected!("popcnt")
}

/// Indices of the filters in `all` whose Dice with `query` is at least `threshold`.
pub fn above(
    query: &Bloom,
    query_ones: u32,
    all: &[Bloom],
    ones: &[u32],
    threshold: f64,
) -> Vec<u32> {
    #[cfg(target_arch = "x86_64")]
    if has_popcnt() {
        // SAFETY: the CPU has the popcnt instruction (checked just above).
        return unsafe { above_popcnt(query, query_ones, all, ones, threshold) };
    }
    above_any(query, query_ones, all, ones, threshold)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn above_popcnt(
    query: &Bloom,
    query_ones: u32,
    all: &[Bloom],
    ones: &[u32],
    threshold: f64,
) -> Vec<u32> {
    above_any(query, query_ones, all, ones, threshold)
}

#[inline(always)]
fn above_any(
    query: &Bloom,
    query_ones: u32,
    all: &[Bloom],
    ones: &[u32],
    threshold: f64,
) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, (b, &b_ones)) in all.iter().zip(ones).enumerate() {
        if possible(query_ones, b_ones, threshold)
            && dice(query, query_ones, b, b_ones) >= threshold
        {
            out.push(i as u32);
        }
    }
    out
}

/// Every pair (i, j, Dice) with Dice ≥ `threshold` between two sets of filters: candidate
/// generation as anonlink does it, for the benchmark.
pub fn candidate_pairs(a: &[Bloom], b: &[Bloom], threshold: f64) -> Vec<(u32, u32, f32)> {
    #[cfg(target_arch = "x86_64")]
    if has_popcnt() {
        // SAFETY: the CPU has the popcnt instruction (checked just above).
        return unsafe { candidate_pairs_popcnt(a, b, threshold) };
    }
    candidate_pairs_any(a, b, threshold)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn candidate_pairs_popcnt(a: &[Bloom], b: &[Bloom], threshold: f64) -> Vec<(u32, u32, f32)> {
    candidate_pairs_any(a, b, threshold)
}

#[inline(always)]
fn candidate_pairs_any(a: &[Bloom], b: &[Bloom], threshold: f64) -> Vec<(u32, u32, f32)> {
    let a_ones: Vec<u32> = a.iter().map(Bloom::count_ones).collect();
    let b_ones: Vec<u32> = b.iter().map(Bloom::count_ones).collect();
    // The second set in popcount order, copied so that each query scans only the band its
    // own popcount allows, front to back in memory; the queries in popcount order too, so
    // that consecutive ones scan nearly the same band while it is still in cache.
    let by_ones = |ones: &[u32]| {
        let mut order: Vec<u32> = (0..ones.len() as u32).collect();
        order.sort_by_key(|&j| ones[j as usize]);
        order
    };
    let order = by_ones(&b_ones);
    let sorted: Vec<Bloom> = order.iter().map(|&j| b[j as usize].clone()).collect();
    let sorted_ones: Vec<u32> = order.iter().map(|&j| b_ones[j as usize]).collect();
    let mut out = Vec::new();
    for i in by_ones(&a_ones) {
        let (qa, na) = (&a[i as usize], a_ones[i as usize]);
        // |B| must lie within [na·t/(2−t), na·(2−t)/t]. The band's ends are found with
        // `possible` itself (true from some |B| below |A| on, false from some |B| above it
        // on): computing them as floating-point bounds dropped pairs whose Dice is exactly
        // the threshold (|A| = 96, |B| = 144 at 0.8).
        let start = sorted_ones.partition_point(|&n| n < na && !possible(na, n, threshold));
        let end = sorted_ones.partition_point(|&n| n <= na || possible(na, n, threshold));
        for k in start..end {
            let d = dice(qa, na, &sorted[k], sorted_ones[k]);
            if d >= threshold {
                out.push((i, order[k], d as f32));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn bloom(bits: &[usize]) -> Bloom {
        let mut b = Bloom::default();
        for &i in bits {
            b.set(i);
        }
        b
    }

    #[test]
    fn dice_of_known_sets() {
        let a = bloom(&[1, 2, 3, 4]);
        let b = bloom(&[3, 4, 5, 6]);
        assert_eq!(dice(&a, 4, &b, 4), 0.5);
        assert_eq!(dice(&a, 4, &a, 4), 1.0);
        assert_eq!(dice(&Bloom::default(), 0, &Bloom::default(), 0), 0.0);
    }

    #[test]
    fn pairs_at_exactly_the_threshold_are_kept() {
        // Dice 2·96 / (96 + 144) = 0.8 exactly: B holds all of A's bits and 48 more.
        let a = bloom(&(0..96).collect::<Vec<_>>());
        let b = bloom(&(0..144).collect::<Vec<_>>());
        let (one_a, one_b) = (std::slice::from_ref(&a), std::slice::from_ref(&b));
        assert_eq!(candidate_pairs(one_a, one_b, 0.8).len(), 1);
        assert_eq!(candidate_pairs(one_b, one_a, 0.8).len(), 1);
    }

    proptest! {
        #[test]
        fn the_popcount_bound_never_drops_a_pair(
            xs in prop::collection::vec(prop::collection::vec(0usize..1024, 0..80), 1..30),
            ys in prop::collection::vec(prop::collection::vec(0usize..1024, 0..80), 1..30),
            t in 0.05f64..0.95,
        ) {
            let a: Vec<Bloom> = xs.iter().map(|v| bloom(v)).collect();
            let b: Vec<Bloom> = ys.iter().map(|v| bloom(v)).collect();
            let fast = candidate_pairs(&a, &b, t);
            // Both builds of the loop (with and without the popcnt instruction) agree.
            prop_assert_eq!(&candidate_pairs_any(&a, &b, t), &fast);
            let mut slow = Vec::new();
            for (i, x) in a.iter().enumerate() {
                for (j, y) in b.iter().enumerate() {
                    let d = dice(x, x.count_ones(), y, y.count_ones());
                    if d >= t {
                        slow.push((i as u32, j as u32));
                    }
                }
            }
            let mut fast: Vec<(u32, u32)> = fast.into_iter().map(|(i, j, _)| (i, j)).collect();
            fast.sort_unstable();
            prop_assert_eq!(fast, slow);
            // Symmetric and in [0, 1].
            for x in &a {
                for y in &b {
                    let d1 = dice(x, x.count_ones(), y, y.count_ones());
                    let d2 = dice(y, y.count_ones(), x, x.count_ones());
                    prop_assert_eq!(d1, d2);
                    prop_assert!((0.0..=1.0).contains(&d1));
                }
            }
        }
    }
}

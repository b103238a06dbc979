//! Length-prefixed encoding shared by every AAD, MAC input and KDF context.
//!
//! Each field is written as its length (u64 big-endian) followed by its bytes,
//! so no choice of field contents can make two different tuples encode to the
//! same byte string (`("ab","c")` vs `("a","bc")`).

/// Appends `bytes` to `out` with a u64 big-endian length prefix.
pub(crate) fn put_lp(out: &mut Vec<u8>, bytes: &[u8]) {
    // usize is at most 64 bits on every supported target, so this is lossless.
    out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// Size of `bytes` once length-prefixed, for pre-sizing buffers.
pub(crate) const fn lp_len(bytes: &[u8]) -> usize {
    8 + bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_separates_field_boundaries() {
        let mut a = Vec::new();
        put_lp(&mut a, b"ab");
        put_lp(&mut a, b"c");
        let mut b = Vec::new();
        put_lp(&mut b, b"a");
        put_lp(&mut b, b"bc");
        assert_ne!(a, b);
        assert_eq!(a.len(), lp_len(b"ab") + lp_len(b"c"));
        assert_eq!(&a[..8], &2u64.to_be_bytes());
    }
}

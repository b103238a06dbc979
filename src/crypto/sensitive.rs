//! `Sensitive<T>`: a value that never prints and is wiped when dropped.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

/// Wraps decrypted or user-supplied PII so that `{:?}`, `{}` and tracing
/// fields show `[redacted]`, and the memory is zeroed on drop.
///
/// Serialises transparently (as the inner value) so DTOs can carry it; the
/// redaction only applies to formatting. `T: Zeroize` is required because a
/// `Drop` impl cannot be conditional on a bound the type itself lacks.
pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Sensitive<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// Borrows the value. The name makes every use easy to find in review.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Mutably borrows the value (e.g. to normalise it in place).
    pub fn expose_mut(&mut self) -> &mut T {
        &mut self.0
    }

    /// Takes the value out; the caller becomes responsible for wiping it.
    /// Needs `Default` because `Drop` forbids moving the field out directly.
    pub fn into_inner(mut self) -> T
    where
        T: Default,
    {
        std::mem::take(&mut self.0)
    }
}

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Sensitive(value)
    }
}

impl<T: Zeroize + Clone> Clone for Sensitive<T> {
    fn clone(&self) -> Self {
        Sensitive(self.0.clone())
    }
}

impl<T: Zeroize + Default> Default for Sensitive<T> {
    fn default() -> Self {
        Sensitive(T::default())
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T: Zeroize> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T: Zeroize + Serialize> Serialize for Sensitive<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Zeroize + Deserialize<'de>> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Sensitive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Dto {
        handle: String,
        name: Sensitive<String>,
        answers: Vec<Sensitive<String>>,
    }

    #[test]
    fn formatting_is_redacted() {
        let s = Sensitive::new(String::from("Qzxovanbek"));
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(format!("{:#?}", Some(&s)), "Some(\n    [redacted],\n)");
        assert_eq!(s.expose(), "Qzxovanbek");
    }

    #[test]
    fn serde_is_transparent() {
        let dto = Dto {
            handle: "amber-falcon".into(),
            name: "Qzxovanbek".to_owned().into(),
            answers: vec![Sensitive::new("apricot".into())],
        };
        let json = serde_json::to_string(&dto).unwrap();
        assert_eq!(
            json,
            r#"{"handle":"amber-falcon","name":"Qzxovanbek","answers":["apricot"]}"#
        );
        let back: Dto = serde_json::from_str(&json).unwrap();
        assert_eq!(back.name.expose(), "Qzxovanbek");
        assert_eq!(back.answers[0].expose(), "apricot");
        assert_eq!(back.handle, "amber-falcon");
    }

    #[test]
    fn into_inner_and_mutation() {
        let mut s = Sensitive::new(vec![1u8, 2, 3]);
        s.expose_mut().push(4);
        let c = s.clone();
        assert_eq!(s.into_inner(), vec![1, 2, 3, 4]);
        assert_eq!(c.expose(), &[1, 2, 3, 4]);
    }

    /// Zeroize-on-drop is observable through a type whose `zeroize` records
    /// that it ran.
    #[test]
    fn drop_zeroizes() {
        use std::cell::Cell;
        use std::rc::Rc;

        struct Probe(Rc<Cell<bool>>);
        impl Zeroize for Probe {
            fn zeroize(&mut self) {
                self.0.set(true);
            }
        }
        let wiped = Rc::new(Cell::new(false));
        let s = Sensitive::new(Probe(Rc::clone(&wiped)));
        assert!(!wiped.get());
        drop(s);
        assert!(wiped.get());
    }
}

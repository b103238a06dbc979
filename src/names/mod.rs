//! Cross-script personal-name matching (issue 6; design in names.md §4).
//!
//! A name typed in Uyghur Arabic script, ULY/informal/Turkish Latin, Uyghur/Kazakh/Kyrgyz
//! Cyrillic, Chinese characters or pinyin is canonicalised into ordered parts with one or
//! more Latin readings, folded into keys, encoded as keyed bigram Bloom filters and
//! compared with Dice. Pure: no I/O.

mod arabic;
pub mod baseline;
mod canonical;
mod clk;
mod compare;
mod cyrillic;
mod encode;
pub mod eval;
mod fold;
mod frequency;
#[cfg(test)]
mod golden;
mod hanzi;
mod latin;
mod letters;
mod pinyin_reading;
mod script;
mod sinitic;
mod unicode;

#[cfg(test)]
mod proptests;

pub use canonical::{CanonicalName, NamePart, Reading, ReadingKind, canonicalise};
pub use clk::{BITS as BLOOM_BITS, Bloom};
pub use compare::{
    AffixDifference, MatchLevel, NameComparison, PartSimilarity, Similarity, compare,
    compare_detailed, part_similarity,
};
pub use encode::{
    DecodeError, ENCODING_VERSION, EncodedName, EncodedPart, EncodedReading, NameEncoder,
};
pub use fold::{Affixes, HardAffix, Keys, SoftAffix};
pub use frequency::Rarity;
pub use hanzi::table_size as hanzi_table_size;
pub use letters::{
    Letter, all as all_letters, from_arabic, from_cyrillic, from_uly, to_arabic, to_cyrillic,
    to_uly,
};
pub use script::{Script, detect_script};

/// Hash positions per bigram used by the service (security.md §3: 10–20).
pub const DEFAULT_K: usize = 20;

//! Error analysis for the name engine: every part's readings (kind, rank, canonical
//! Latin, folded key, skeleton) and, for two names, the score.
//!
//! ```text
//! cargo run --release --example explain_name -- "Жәнібек Ерлан" ["Jianibieke Ye'erlan"]
//! ```

use kinlink::names::{NameEncoder, canonicalise, compare_detailed};

fn main() {
    let names: Vec<String> = std::env::args().skip(1).collect();
    for name in &names {
        println!("{name}");
        for (i, part) in canonicalise(name).parts.iter().enumerate() {
            for r in &part.readings {
                println!(
                    "  part {i} {:?} rank {} {:<16} F {:<14} S {:<10} {:?}",
                    r.kind, r.rank, r.latin, r.keys.folded, r.keys.skeleton, r.keys.affixes
                );
            }
        }
    }
    if let [a, b] = names.as_slice() {
        let enc = NameEncoder::new(&[7; 32], kinlink::names::DEFAULT_K);
        let Some(c) = compare_detailed(&enc.encode(a), &enc.encode(b)) else {
            println!("not comparable");
            return;
        };
        println!("score {:.4}", c.score);
        for p in &c.parts {
            println!("  {p:?}");
        }
    }
}

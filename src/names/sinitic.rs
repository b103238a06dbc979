//! Chooses each transcription syllable's role (onset, coda, word end) and expands the
//! alternatives into whole-word readings.
//!
//! A syllable is read as a bare coda consonant when the reading so far ends in a vowel
//! and the next syllable starts with a consonant: 阿不都 a·b·du (Abdu-), 吐尔逊 tu·r·sun.
//! Otherwise its vowel is real (买买提 me·me·t, 提 at word end is a coda).

use std::borrow::Borrow;

use super::letters::Letter;
use super::pinyin_reading::Unit;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Onset,
    Coda,
    Final,
}

fn starts_with_consonant(unit: &Unit) -> bool {
    unit.onset
        .first()
        .and_then(|r| r.first())
        .is_some_and(|l| !l.is_vowel())
}

/// Is this unit, at the end of the word, read as a bare consonant (木 → m)?
fn final_is_bare_coda(unit: &Unit) -> bool {
    !unit.coda.is_empty()
        && unit
            .fin
            .first()
            .is_some_and(|r| r.iter().all(|l| !l.is_vowel()))
}

/// Is unit `i` right before a bare final coda (no coda there: 克力木 ke·li·m, not ke·l·m)?
fn before_final_coda<U: Borrow<Unit>>(units: &[U], i: usize) -> bool {
    let n = units.len();
    i + 2 == n && final_is_bare_coda(units[n - 1].borrow())
}

/// Roles of all units. With `no_final_cluster`, a unit right before a bare final coda is
/// kept as an onset, since Uyghur words rarely end in two consonants: 克力木 ke·li·m
/// (Kërim), not ke·l·m. Without it, the greedy reading: 托合提 to·x·t (Toxti).
fn roles<U: Borrow<Unit>>(units: &[U], no_final_cluster: bool) -> Vec<Role> {
    let n = units.len();
    let mut roles = Vec::with_capacity(n);
    let mut ends_in_vowel = false;
    for (i, unit) in units.iter().map(Borrow::borrow).enumerate() {
        let kept_as_onset = no_final_cluster && before_final_coda(units, i);
        let role = if i + 1 == n && i > 0 {
            Role::Final
        } else if i > 0
            && ends_in_vowel
            && !kept_as_onset
            && !unit.coda.is_empty()
            && units
                .get(i + 1)
                .is_some_and(|u| starts_with_consonant(u.borrow()))
        {
            Role::Coda
        } else {
            Role::Onset
        };
        let chosen = alternatives(unit, role);
        ends_in_vowel = chosen
            .first()
            .and_then(|r| r.last())
            .is_some_and(|l| l.is_vowel());
        roles.push(role);
    }
    roles
}

/// Roles chosen from the right: the later of two possible codas is taken, so that
/// 阿力木江 reads a·li·m·jan (Alimjan) where the greedy reading from the left gives
/// a·l·mu·jan. A coda needs a vowel before it (the previous unit read as an onset) and a
/// consonant after it, and two codas never meet (Uyghur has no three-consonant runs).
fn roles_from_right<U: Borrow<Unit>>(units: &[U]) -> Vec<Role> {
    let n = units.len();
    let mut roles = vec![Role::Onset; n];
    if n < 2 {
        return roles;
    }
    roles[n - 1] = Role::Final;
    let mut i = n - 2;
    while i >= 1 {
        let unit = units[i].borrow();
        let vowel_before = alternatives(units[i - 1].borrow(), Role::Onset)
            .first()
            .and_then(|r| r.last())
            .is_some_and(|l| l.is_vowel());
        if !unit.coda.is_empty()
            && vowel_before
            && !before_final_coda(units, i)
            && roles[i + 1] != Role::Coda
            && starts_with_consonant(units[i + 1].borrow())
        {
            roles[i] = Role::Coda;
            // The unit before a coda carries the vowel: it stays an onset.
            if i < 2 {
                break;
            }
            i -= 2;
        } else {
            i -= 1;
        }
    }
    roles
}

fn alternatives(unit: &Unit, role: Role) -> &[Vec<Letter>] {
    let list = match role {
        Role::Onset => &unit.onset,
        Role::Coda => &unit.coda,
        Role::Final => &unit.fin,
    };
    if list.is_empty() { &unit.onset } else { list }
}

/// Candidates kept while expanding alternatives.
const BEAM: usize = 24;

/// Expands one role assignment into readings, cheapest first, where a reading costs the
/// sum of its alternatives' ranks (the table lists the most likely first).
fn expand<U: Borrow<Unit>>(units: &[U], roles: &[Role], max: usize) -> Vec<Vec<Letter>> {
    let mut beam: Vec<(usize, Vec<Letter>)> = vec![(0, Vec::new())];
    for (unit, &role) in units.iter().map(Borrow::borrow).zip(roles) {
        let alts = alternatives(unit, role);
        if alts.is_empty() {
            continue;
        }
        let mut next = Vec::with_capacity(beam.len() * alts.len());
        for (cost, prefix) in &beam {
            for (rank, alt) in alts.iter().enumerate() {
                let mut r = prefix.clone();
                r.extend_from_slice(alt);
                next.push((cost + rank, r));
            }
        }
        // Stable: among equal costs, earlier units' variations come first.
        next.sort_by_key(|(cost, _)| *cost);
        next.truncate(BEAM.max(max));
        beam = next;
    }
    beam.into_iter().take(max).map(|(_, r)| r).collect()
}

/// Word readings, best first, at most `max` of them: the two role assignments
/// interleaved, then their alternatives.
/// Units may be owned or borrowed from the tables.
pub fn readings<U: Borrow<Unit>>(units: &[U], max: usize) -> Vec<Vec<Letter>> {
    let (ra, rb, rc) = (
        roles(units, true),
        roles(units, false),
        roles_from_right(units),
    );
    let a = expand(units, &ra, max);
    let b = expand(units, &rb, max);
    // Mostly the reading from the right chooses what one from the left did: then its
    // readings are theirs, already taken.
    let c = if rc == ra || rc == rb {
        Vec::new()
    } else {
        expand(units, &rc, max)
    };
    let mut out: Vec<Vec<Letter>> = Vec::with_capacity(max);
    let push = |out: &mut Vec<Vec<Letter>>, r: &Vec<Letter>| {
        if !r.is_empty() && !out.contains(r) && out.len() < max {
            out.push(r.clone());
        }
    };
    // The reading from the right comes third: after the two from the left, before their
    // alternatives; its own alternatives last.
    for i in 0..a.len().max(b.len()) {
        for r in [a.get(i), b.get(i)].into_iter().flatten() {
            push(&mut out, r);
        }
        if i == 0
            && let Some(r) = c.first()
        {
            push(&mut out, r);
        }
    }
    for r in c.iter().skip(1) {
        push(&mut out, r);
    }
    // Last, where room is left: a syllable before the word's last one keeps its vowel
    // instead of closing a syllable, as before an affix (阿孜古丽 a·zi·gül Arzigül, 帕提古丽
    // Patigül; the greedy reading gives a·z·gül). Not 尔 er, which has no vowel of its own.
    // Expanded only when there is room, since most names already fill it.
    let n = units.len();
    if out.len() < max
        && n >= 3
        && ra[n - 2] == Role::Coda
        && starts_with_consonant(units[n - 2].borrow())
    {
        let mut rd = ra;
        rd[n - 2] = Role::Onset;
        for r in &expand(units, &rd, max) {
            push(&mut out, r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::hanzi::units;
    use super::super::letters::to_uly;
    use super::super::pinyin_reading::{derive_unit, segment};
    use super::*;

    fn first<U: Borrow<Unit>>(units: &[U]) -> String {
        to_uly(&readings(units, 4)[0])
    }

    fn pinyin(word: &str) -> String {
        let u: Vec<Unit> = segment(word)
            .unwrap()
            .iter()
            .map(|s| derive_unit(s))
            .collect();
        first(&u)
    }

    #[test]
    fn pinyin_words_lose_epenthetic_vowels() {
        assert_eq!(pinyin("Abudureyimu"), "abdure'im");
        assert_eq!(pinyin("Kelimu"), "kelim");
        assert_eq!(pinyin("Aizezi"), "ezez");
        assert_eq!(pinyin("Tuerxun"), "turshün");
        assert_eq!(pinyin("Maimaiti"), "memet");
        assert_eq!(pinyin("Yilamujiang"), "ilamjan");
    }

    #[test]
    fn hanzi_words_use_the_table() {
        assert_eq!(first(&units("吐尔逊")), "tursun");
        assert_eq!(first(&units("买买提")), "memet");
        assert_eq!(first(&units("伊力哈木")), "ilham");
        let toxti: Vec<String> = readings(&units("托合提"), 4)
            .iter()
            .map(|r| to_uly(r))
            .collect();
        assert!(
            toxti.contains(&"toxt".to_string()) || toxti.contains(&"toht".to_string()),
            "{toxti:?}"
        );
    }

    #[test]
    fn a_coda_is_also_tried_from_the_right() {
        let all = |s: &str| -> Vec<String> {
            readings(&units(s), 12).iter().map(|r| to_uly(r)).collect()
        };
        assert!(
            all("阿力木江").contains(&"alimjan".to_string()),
            "{:?}",
            all("阿力木江")
        );
        // The readings from the left stay first.
        assert_eq!(first(&units("吐尔逊")), "tursun");
        assert_eq!(first(&units("阿不都热依木")), pinyin("Abudureyimu"));
    }

    #[test]
    fn a_syllable_before_the_last_may_keep_its_vowel() {
        let all =
            |s: &str| -> Vec<String> { readings(&units(s), 4).iter().map(|r| to_uly(r)).collect() };
        // 阿孜古丽 Arzigül and 帕提古丽 Patigül: zi and ti before -gül are read both ways.
        assert_eq!(all("阿孜古丽"), ["azgül", "azgüli", "azigül", "azigüli"]);
        assert!(all("帕提古丽").contains(&"patigül".to_string()));
        // 尔 er has no vowel of its own to keep: 努尔兰 stays Nurlan only.
        assert_eq!(all("努尔兰"), ["nurlan"]);
    }

    #[test]
    fn alternatives_are_capped() {
        let u = units("丽丽丽丽丽丽");
        assert!(readings(&u, 4).len() <= 4);
    }
}

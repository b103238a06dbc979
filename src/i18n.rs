//! Languages and translations (Fluent files under `locales/`, compiled into the binary). Which
//! language a request gets is decided in `http::locale`.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::{Loader, fluent_bundle::FluentValue};
use unic_langid::{LanguageIdentifier, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Names typed by people are wrapped by Fluent's bidi isolation marks when they are
        // arguments, which keeps Latin names readable inside right-to-left sentences.
        customise: |bundle| bundle.set_use_isolating(true),
    };
}

/// Every variable any message uses (see `has`).
const MESSAGE_VARIABLES: &[&str] = &["code", "months", "name", "count", "date", "n"];

/// Variables that count something: passed to Fluent as numbers, so that a language's plural
/// forms are chosen by them (Russian says 1 месяц, 24 месяца, 60 месяцев).
const COUNT_VARIABLES: &[&str] = &["months", "count", "n"];

fn value(name: &str, v: &str) -> FluentValue<'static> {
    match v.parse::<u64>() {
        // Only plain counts: a code such as "01234567" stays text, leading zero and all.
        Ok(n) if COUNT_VARIABLES.contains(&name) && n.to_string() == v => FluentValue::from(n),
        _ => FluentValue::from(v.to_string()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    /// Uyghur in Arabic script, right to left.
    Ug,
    /// Uyghur in Latin script (ULY, "Uyghurche"), left to right.
    UgLatn,
    Tr,
    Ru,
    /// Kazakh in Cyrillic script.
    Kk,
    /// Chinese in simplified characters.
    ZhHans,
}

impl Lang {
    /// In the order of the language form.
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Ug,
        Lang::UgLatn,
        Lang::Tr,
        Lang::Ru,
        Lang::Kk,
        Lang::ZhHans,
    ];

    /// The BCP 47 tag: the `lang` attribute, the cookie value, the stored account locale and
    /// the name of the folder under `locales/`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ug => "ug",
            Lang::UgLatn => "ug-Latn",
            Lang::Tr => "tr",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
            Lang::ZhHans => "zh-Hans",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ug => "rtl",
            _ => "ltr",
        }
    }

    /// The language's own name, shown in the language form.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ug => "ئۇيغۇرچە",
            Lang::UgLatn => "Uyghurche",
            Lang::Tr => "Türkçe",
            Lang::Ru => "Русский",
            Lang::Kk => "Қазақша",
            Lang::ZhHans => "简体中文",
        }
    }

    /// The language a tag asks for (a form value, a cookie, a stored locale or one entry of
    /// `Accept-Language`), case-insensitive. A script or region we have no words in is `None`
    /// rather than a near miss, so negotiation moves on to the person's next language:
    /// Uyghur in Cyrillic, Kazakh in Arabic script (as written in China, `kk-CN`) and
    /// traditional Chinese (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`).
    pub fn parse(code: &str) -> Option<Lang> {
        let lower = code.trim().to_ascii_lowercase();
        let mut subtags = lower.split(['-', '_']);
        let primary = subtags.next()?;
        let rest: Vec<&str> = subtags.collect();
        let has = |t: &str| rest.contains(&t);
        match primary {
            "en" => Some(Lang::En),
            "ug" if has("latn") => Some(Lang::UgLatn),
            "ug" if has("cyrl") => None,
            "ug" => Some(Lang::Ug),
            "tr" => Some(Lang::Tr),
            "ru" => Some(Lang::Ru),
            "kk" if has("arab") || has("cn") => None,
            "kk" => Some(Lang::Kk),
            "zh" if has("hans") => Some(Lang::ZhHans),
            "zh" if has("hant") || has("tw") || has("hk") || has("mo") => None,
            "zh" => Some(Lang::ZhHans),
            _ => None,
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
            Lang::Ug => langid!("ug"),
            Lang::UgLatn => langid!("ug-Latn"),
            Lang::Tr => langid!("tr"),
            Lang::Ru => langid!("ru"),
            Lang::Kk => langid!("kk"),
            Lang::ZhHans => langid!("zh-Hans"),
        }
    }

    pub fn t(self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The message in this language, else through the fallback chain. The loader's own lookup
    /// negotiates the chain on every call (a few per cent of a page's CPU), although every
    /// message exists in every language (a test says so): try the language first.
    fn lookup(self, key: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        let id = self.langid();
        LOCALES
            .lookup_single_language(&id, key, args)
            .unwrap_or_else(|_| LOCALES.lookup_complete(&id, key, args))
    }

    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), value(k, v)))
            .collect();
        self.lookup(key, Some(&map))
    }

    /// A message with one number `$n`, so plural forms are chosen by it.
    pub fn t_n(self, key: &str, n: u64) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            HashMap::from([(Cow::Borrowed("n"), FluentValue::from(n))]);
        self.lookup(key, Some(&map))
    }

    /// "Please wait N seconds (minutes, hours), then try again.", rounded up: what every page
    /// says for a limit, whoever asks and whatever account they name.
    pub fn wait(self, wait: std::time::Duration) -> String {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let secs = secs.max(1);
        if secs <= 90 {
            self.t_n("wait-seconds", secs)
        } else if secs <= 90 * 60 {
            self.t_n("wait-minutes", secs.div_ceil(60))
        } else {
            self.t_n("wait-hours", secs.div_ceil(3600))
        }
    }

    /// Whether a message exists in this language (no fallback). Messages are formatted with
    /// a value for every variable the service uses, so those needing arguments count too.
    pub fn has(self, key: &str) -> bool {
        let args: HashMap<&str, FluentValue> = MESSAGE_VARIABLES
            .iter()
            .map(|v| (*v, FluentValue::from("0")))
            .collect();
        LOCALES
            .lookup_single_language(&self.langid(), key, Some(&args))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use fluent_syntax::ast;
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

    use super::*;

    #[test]
    fn waits_are_said_in_whole_units_rounded_up() {
        use std::time::Duration;
        let en = |ms: u64| Lang::En.wait(Duration::from_millis(ms));
        assert_eq!(en(300), "Please wait 1 second, then try again.");
        assert_eq!(
            en(1500),
            "Please wait \u{2068}2\u{2069} seconds, then try again."
        );
        assert_eq!(
            en(90_000),
            "Please wait \u{2068}90\u{2069} seconds, then try again."
        );
        assert_eq!(
            en(91_000),
            "Please wait \u{2068}2\u{2069} minutes, then try again."
        );
        assert_eq!(
            en(3_600_000),
            "Please wait \u{2068}60\u{2069} minutes, then try again."
        );
        assert_eq!(
            en(6 * 3_600_000),
            "Please wait \u{2068}6\u{2069} hours, then try again."
        );
        let ug = Lang::Ug.wait(Duration::from_secs(42));
        assert!(ug.contains("42") && ug.contains("سېكۇنت"), "{ug}");
    }

    /// Russian has three forms after a number, chosen by the number's last digits.
    #[test]
    fn russian_waits_take_the_form_the_number_asks_for() {
        use std::time::Duration;
        let ru = |s: u64| {
            Lang::Ru
                .wait(Duration::from_secs(s))
                .replace(['\u{2068}', '\u{2069}'], "")
        };
        assert!(ru(1).contains("1 секунду"), "{}", ru(1));
        assert!(ru(21).contains("21 секунду"), "{}", ru(21));
        assert!(ru(22).contains("22 секунды"), "{}", ru(22));
        assert!(ru(11).contains("11 секунд,"), "{}", ru(11));
        assert!(ru(25).contains("25 секунд,"), "{}", ru(25));
        let months = |m: &str| {
            Lang::Ru
                .t_args("retention-months", &[("months", m.to_string())])
                .replace(['\u{2068}', '\u{2069}'], "")
        };
        assert_eq!(months("24"), "24 месяца");
        assert_eq!(months("60"), "60 месяцев");
        assert_eq!(months("1"), "1 месяц");
    }

    #[test]
    fn language_tags_are_understood() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang), "{}", lang.code());
            assert_eq!(Lang::parse(&lang.code().to_uppercase()), Some(lang));
        }
        assert_eq!(Lang::parse("ug-Arab-CN"), Some(Lang::Ug));
        assert_eq!(Lang::parse("ug_latn"), Some(Lang::UgLatn));
        assert_eq!(Lang::parse("ug-Cyrl"), None);
        assert_eq!(Lang::parse("tr-TR"), Some(Lang::Tr));
        assert_eq!(Lang::parse("ru-KZ"), Some(Lang::Ru));
        assert_eq!(Lang::parse("kk-KZ"), Some(Lang::Kk));
        assert_eq!(Lang::parse("kk-Arab"), None);
        assert_eq!(Lang::parse("kk-CN"), None);
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::parse("zh"), Some(Lang::ZhHans));
        assert_eq!(Lang::parse("zh-Hans-TW"), Some(Lang::ZhHans));
        assert_eq!(Lang::parse("zh-TW"), None);
        assert_eq!(Lang::parse("zh-Hant"), None);
        assert_eq!(Lang::parse("ky"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::Ug.dir(), "rtl");
        assert_eq!(Lang::ALL.iter().filter(|l| l.dir() == "rtl").count(), 1);
    }

    #[test]
    fn counts_are_numbers_and_codes_stay_text() {
        assert_eq!(value("months", "24"), FluentValue::from(24u64));
        assert_eq!(value("code", "01234567"), FluentValue::from("01234567"));
        assert_eq!(value("count", "007"), FluentValue::from("007"));
        assert_eq!(value("date", "2026"), FluentValue::from("2026"));
    }

    /// The review page names every field of the matcher's explanation and every level.
    #[test]
    fn every_explained_field_and_level_has_words() {
        use crate::matching::model::Field;
        for lang in Lang::ALL {
            for field in Field::ALL {
                let key = format!("explain-field-{}", field.name());
                assert!(lang.has(&key), "{key}");
                for level in field.levels() {
                    let key = format!("explain-level-{level}");
                    assert!(lang.has(&key), "{key}");
                }
            }
        }
    }

    fn locales_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
    }

    /// One message as the checks see it: the variables it uses, the messages and terms it
    /// refers to, and for each plural selection the variant keys.
    #[derive(Debug, Default)]
    struct Shape {
        variables: BTreeSet<String>,
        references: BTreeSet<String>,
        selections: Vec<Selection>,
    }

    #[derive(Debug)]
    struct Selection {
        variable: String,
        keys: BTreeSet<String>,
        /// Per variant key: whether the variant's text names the selected variable.
        names_variable: BTreeMap<String, bool>,
    }

    fn walk_pattern(p: &ast::Pattern<&str>, shape: &mut Shape, vars: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                walk_expression(expression, shape, vars);
            }
        }
    }

    fn walk_inline(
        e: &ast::InlineExpression<&str>,
        shape: &mut Shape,
        vars: &mut BTreeSet<String>,
    ) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                shape.variables.insert(id.name.to_string());
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::MessageReference { id, .. } => {
                shape.references.insert(id.name.to_string());
            }
            ast::InlineExpression::TermReference { id, .. } => {
                shape.references.insert(format!("-{}", id.name));
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    walk_inline(a, shape, vars);
                }
            }
            ast::InlineExpression::Placeable { expression } => {
                walk_expression(expression, shape, vars)
            }
            _ => {}
        }
    }

    fn walk_expression(e: &ast::Expression<&str>, shape: &mut Shape, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => walk_inline(i, shape, vars),
            ast::Expression::Select { selector, variants } => {
                walk_inline(selector, shape, vars);
                let variable = match selector {
                    ast::InlineExpression::VariableReference { id } => id.name.to_string(),
                    _ => String::new(),
                };
                let mut keys = BTreeSet::new();
                let mut names_variable = BTreeMap::new();
                for v in variants {
                    let key = match &v.key {
                        ast::VariantKey::Identifier { name } => name.to_string(),
                        ast::VariantKey::NumberLiteral { value } => value.to_string(),
                    };
                    let mut inner = BTreeSet::new();
                    walk_pattern(&v.value, shape, &mut inner);
                    names_variable.insert(key.clone(), inner.contains(&variable));
                    vars.extend(inner);
                    keys.insert(key);
                }
                shape.selections.push(Selection {
                    variable,
                    keys,
                    names_variable,
                });
            }
        }
    }

    /// The messages of one file in order, with their shapes; a syntax error fails the test.
    fn messages(path: &Path) -> Vec<(String, Shape)> {
        let text = std::fs::read_to_string(path).unwrap();
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        let mut out = Vec::new();
        for entry in &resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
                _ => continue,
            };
            let mut shape = Shape::default();
            let mut vars = BTreeSet::new();
            if let Some(v) = value {
                walk_pattern(v, &mut shape, &mut vars);
            }
            for a in attributes {
                walk_pattern(&a.value, &mut shape, &mut vars);
            }
            out.push((id, shape));
        }
        out
    }

    fn files(lang: &str) -> BTreeSet<String> {
        std::fs::read_dir(locales_dir().join(lang))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// The locale folders are exactly the languages of the language form (no orphaned
    /// translation nobody can choose), each with the same files as English.
    #[test]
    fn every_locale_folder_is_a_language_with_the_same_files() {
        let folders: BTreeSet<String> = std::fs::read_dir(locales_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let codes: BTreeSet<String> = Lang::ALL.iter().map(|l| l.code().to_string()).collect();
        assert_eq!(folders, codes);
        let en = files("en");
        assert!(en.iter().all(|f| f.ends_with(".ftl")), "{en:?}");
        for lang in Lang::ALL {
            assert_eq!(files(lang.code()), en, "files of {}", lang.code());
        }
    }

    /// Every locale has every message English has, in the same file and the same order, no
    /// message English lacks, and the same variables and references in each message; and
    /// every message resolves in its own language without falling back to another.
    #[test]
    fn every_locale_has_every_message() {
        let mut problems = Vec::new();
        let mut all_en = 0;
        for file in files("en") {
            let en = messages(&locales_dir().join("en").join(&file));
            all_en += en.len();
            let en_ids: Vec<&String> = en.iter().map(|(k, _)| k).collect();
            for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
                let code = lang.code();
                let theirs = messages(&locales_dir().join(code).join(&file));
                let ids: Vec<&String> = theirs.iter().map(|(k, _)| k).collect();
                let shapes: BTreeMap<&String, &Shape> =
                    theirs.iter().map(|(k, s)| (k, s)).collect();
                let missing: Vec<_> = en_ids.iter().filter(|k| !ids.contains(k)).collect();
                let extra: Vec<_> = ids.iter().filter(|k| !en_ids.contains(k)).collect();
                if !missing.is_empty() {
                    problems.push(format!("{code}/{file} lacks {missing:?}"));
                }
                if !extra.is_empty() {
                    problems.push(format!(
                        "{code}/{file} has messages English lacks: {extra:?}"
                    ));
                }
                if missing.is_empty() && extra.is_empty() && ids != en_ids {
                    problems.push(format!(
                        "{code}/{file}: messages not in the order of en/{file}"
                    ));
                }
                for (id, en_shape) in &en {
                    let Some(shape) = shapes.get(id) else {
                        continue;
                    };
                    if shape.variables != en_shape.variables {
                        problems.push(format!(
                            "{code} {id}: variables {:?}, English {:?}",
                            shape.variables, en_shape.variables
                        ));
                    }
                    if shape.references != en_shape.references {
                        problems.push(format!(
                            "{code} {id}: references {:?}, English {:?}",
                            shape.references, en_shape.references
                        ));
                    }
                    if !id.starts_with('-') && !lang.has(id) {
                        problems.push(format!("{code} cannot resolve {id}"));
                    }
                }
            }
        }
        assert!(all_en > 500, "English messages are missing: {all_en}");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The plural categories of a language, from the same CLDR rules Fluent uses.
    fn categories(lang: Lang) -> (PluralRules, BTreeSet<&'static str>) {
        let id: LanguageIdentifier = lang.code().split('-').next().unwrap().parse().unwrap();
        let rules = PluralRules::create(id, PluralRuleType::CARDINAL).unwrap();
        let mut seen = BTreeSet::new();
        for n in 0..1000u64 {
            seen.insert(name(rules.select(n).unwrap()));
        }
        (rules, seen)
    }

    fn name(c: PluralCategory) -> &'static str {
        match c {
            PluralCategory::ZERO => "zero",
            PluralCategory::ONE => "one",
            PluralCategory::TWO => "two",
            PluralCategory::FEW => "few",
            PluralCategory::MANY => "many",
            PluralCategory::OTHER => "other",
        }
    }

    /// A plural selection names only the categories its language has and all of them (so
    /// Russian says "few" and "many", and no language keeps English's "one" where it has
    /// none); a variant whose category holds more than one number (Russian "one" is also 21,
    /// 31…) must say the number rather than a fixed "1".
    #[test]
    fn plural_selections_follow_each_languages_rules() {
        let mut problems = Vec::new();
        for lang in Lang::ALL {
            let (rules, cats) = categories(lang);
            let dir = locales_dir().join(lang.code());
            for file in files(lang.code()) {
                for (id, shape) in messages(&dir.join(&file)) {
                    for sel in &shape.selections {
                        let words: BTreeSet<&str> = sel
                            .keys
                            .iter()
                            .map(String::as_str)
                            .filter(|k| k.parse::<f64>().is_err())
                            .collect();
                        if words.is_empty() {
                            continue;
                        }
                        let code = lang.code();
                        // "other" is every language's catch-all (Russian uses it for
                        // fractions only), so it may always be named.
                        let allowed: BTreeSet<&str> =
                            cats.iter().copied().chain(["other"]).collect();
                        if !words.is_subset(&allowed) || !cats.is_subset(&words) {
                            problems.push(format!(
                                "{code} {id}: variants {words:?}, the language has {cats:?}"
                            ));
                        }
                        for (key, says_number) in &sel.names_variable {
                            let numbers = (0..1000u64)
                                .filter(|n| name(rules.select(*n).unwrap()) == key.as_str())
                                .count();
                            if !says_number && numbers > 1 {
                                problems.push(format!(
                                    "{code} {id} [{key}]: the variant must say ${}",
                                    sel.variable
                                ));
                            }
                        }
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

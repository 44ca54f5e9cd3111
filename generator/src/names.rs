//! Identifiers: turning whatever the document spells into valid, readable, unique Rust names.
//! Lowering calls this; the emitter only ever sees names that already passed through here.

use std::collections::HashSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const UNRAWABLE: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Spells out punctuation that carries meaning in names from the wild (`+1`, `-1`, `@odata`)
/// and writes Latin letters with diacritics without their marks ([`latin_letters`]).
fn spell_out(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        let letters = latin_letters(c);
        match c {
            '+' => out.push_str(" plus "),
            '-' if at_start && chars.peek().is_some_and(|n| n.is_ascii_digit()) => {
                out.push_str(" minus ")
            }
            '@' if at_start => out.push_str(" at "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            c => match letters {
                // Upper case keeps the word boundary heck reads from it (`ÜberUser`).
                Some(letters) if c.is_uppercase() => {
                    let mut letters = letters.chars();
                    out.extend(letters.next().map(|first| first.to_ascii_uppercase()));
                    out.push_str(letters.as_str());
                }
                Some(letters) => out.push_str(letters),
                // Everything else separates words; heck then drops it.
                None => out.push(' '),
            },
        }
        if c.is_ascii_alphanumeric() || letters.is_some() {
            at_start = false;
        }
    }
    out
}

/// The ASCII letters (lower case) a Latin letter with a diacritic, or a ligature, is written
/// with when the marks are dropped (`ü` -> `u`, `ß` -> `ss`): `Ünïcode` names `unicode`, not
/// `n_code`. Latin-1 and Latin Extended-A, the letters of most European names; other scripts
/// are not transliterated and separate words as punctuation does.
fn latin_letters(c: char) -> Option<&'static str> {
    Some(match c.to_lowercase().next().unwrap_or(c) {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// `snake_case`, never empty, never starting with a digit, keywords escaped.
pub fn snake(raw: &str) -> String {
    let mut name = spell_out(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.chars().all(|c| c.is_ascii_digit() || c == '_') {
        // `_1` would be a name of underscores and digits only, which clippy refuses.
        name.insert_str(0, "value_");
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// `snake_case` for names callers type often (methods, arguments, modules): a keyword gets a
/// trailing underscore (`type_`) instead of becoming a raw identifier.
pub fn snake_plain(raw: &str) -> String {
    let name = snake(raw);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// `PascalCase`, never empty, never starting with a digit.
pub fn pascal(raw: &str) -> String {
    let mut name = spell_out(raw).to_pascal_case();
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Value");
    }
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

fn escape_keyword(name: String) -> String {
    if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// `with_name`, `default_name`: a name made from a prefix and another name (`_24h` gives
/// `with_24h`: its leading underscore only kept it from starting with a digit).
pub fn prefixed(prefix: &str, name: &str) -> String {
    format!("{prefix}_{}", bare(name).trim_start_matches('_'))
}

/// Whether `name` can be spelled as a Rust identifier as it is: ASCII letters, digits and
/// `_`, not starting with a digit, and no keyword.
pub(crate) fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RAW_KEYWORDS.contains(&name)
        && !UNRAWABLE.contains(&name)
}

/// The identifier without a `r#` prefix, for building other names from it.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A set of names in one scope. `claim` hands out the wanted name or, when taken, the wanted
/// name with the smallest free numeric suffix, so the result depends only on claim order.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        // `self_` + 2 is `self_2`, not `self__2`.
        let base = bare(wanted).trim_end_matches('_');
        let base = if base.is_empty() { "value" } else { base };
        // snake_case names and names ending in a digit need a separator to stay readable.
        let snake_like = base.contains('_') || base.starts_with(|c: char| c.is_lowercase());
        let separator = if snake_like || base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        // Each round takes a new suffix and the set is finite, so this ends.
        let mut n: u64 = 2;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Claims a type name, steering clear of names the generated code relies on.
    pub fn claim_type(&mut self, wanted: &str) -> String {
        if crate::contract::is_reserved_type_name(wanted) {
            return self.claim(&format!("{wanted}Model"));
        }
        self.claim(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_from_the_wild() {
        assert_eq!(snake("userName"), "user_name");
        assert_eq!(snake("Resources"), "resources");
        assert_eq!(
            snake("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            "urn_ietf_params_scim_schemas_extension_enterprise_2_0_user"
        );
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("$ref"), "r#ref");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(snake("+1"), "plus_1");
        assert_eq!(snake("-1"), "minus_1");
        assert_eq!(snake("24h"), "_24h");
        assert_eq!(snake("1"), "value_1");
        assert_eq!(snake("529"), "value_529");
        assert_eq!(snake("@odata.type"), "at_odata_type");
        assert_eq!(snake("event.type"), "event_type");
        assert_eq!(
            snake("https://example.com/claims"),
            "https_example_com_claims"
        );
        assert_eq!(snake("a\"]; fn evil() {}"), "a_fn_evil");
        assert_eq!(snake(""), "value");
        assert_eq!(snake_plain("type"), "type_");
        assert_eq!(snake_plain("match"), "match_");
        assert_eq!(snake_plain("userName"), "user_name");
        assert_eq!(snake("???"), "value");
        // Latin letters with diacritics lose the marks, not the letters.
        assert_eq!(snake("Ünïcode"), "unicode");
        assert_eq!(snake("Straße"), "strasse");
        assert_eq!(snake("ÜberUser"), "uber_user");
        assert_eq!(snake("łódź"), "lodz");
        assert_eq!(snake("Œuvre"), "oeuvre");
        // Other scripts separate words, as punctuation does.
        assert_eq!(snake("用户"), "value");
        assert_eq!(snake("id用户"), "id");
    }

    #[test]
    fn pascal_names_from_the_wild() {
        assert_eq!(pascal("scimUser"), "ScimUser");
        assert_eq!(pascal("work"), "Work");
        assert_eq!(pascal("2xx"), "Value2xx");
        assert_eq!(pascal("self"), "SelfValue");
        assert_eq!(pascal("+1"), "Plus1");
        assert_eq!(pascal("-1"), "Minus1");
        assert_eq!(pascal(""), "Value");
        assert_eq!(pascal("Ünïcode"), "Unicode");
        assert_eq!(pascal("café_crème"), "CafeCreme");
        assert_eq!(pascal("Ærø"), "Aero");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("event_type"), "event_type");
        assert_eq!(fields.claim("event_type"), "event_type_2");
        assert_eq!(fields.claim("event_type"), "event_type_3");
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type_2");
        assert_eq!(fields.claim("self_"), "self_");
        assert_eq!(fields.claim("self_"), "self_2");
        let mut types = Namespace::default();
        assert_eq!(types.claim_type("Foo"), "Foo");
        assert_eq!(types.claim_type("Foo"), "Foo2");
        assert_eq!(types.claim_type("Error"), "ErrorModel");
        assert_eq!(types.claim_type("Error"), "ErrorModel2");
        assert_eq!(types.claim_type("Item1"), "Item1");
        assert_eq!(types.claim_type("Item1"), "Item1_2");
    }
}

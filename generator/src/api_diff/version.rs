//! `MAJOR.MINOR.PATCH[-pre]` and Cargo's reading of it: below 1.0.0 the leftmost non-zero
//! number is the "major" one, so a breaking change to 0.1.3 needs 0.2.0, not 1.0.0.

use std::cmp::Ordering;
use std::fmt;

/// How much a set of changes matters to a caller, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Nothing in the public API changed.
    None,
    /// The caller's code builds as before, but requests or responses differ (a path, a wire
    /// name), or something no longer matters (a deprecation lifted, a field boxed).
    Behaviour,
    /// New items, or deprecations: existing code builds, perhaps with new warnings.
    Addition,
    /// Some existing code may no longer build.
    Breaking,
}

/// Which number of the version moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// The version may stay.
    None,
    /// The third number.
    Patch,
    /// The second number.
    Minor,
    /// The first number.
    Major,
}

impl Bump {
    /// Cargo's rules: from 1.0.0 on, breaking bumps MAJOR and additions MINOR; before 1.0.0
    /// everything moves one place to the right (breaking bumps MINOR, additions PATCH).
    pub fn for_impact(impact: Impact, from: &Version) -> Bump {
        let stable = from.major > 0;
        match impact {
            Impact::None => Bump::None,
            Impact::Behaviour => Bump::Patch,
            Impact::Addition if stable => Bump::Minor,
            Impact::Addition => Bump::Patch,
            Impact::Breaking if stable => Bump::Major,
            Impact::Breaking => Bump::Minor,
        }
    }
}

/// A crate version as SemVer reads it (no build metadata: Cargo ignores it for ordering).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// MAJOR.
    pub major: u64,
    /// MINOR.
    pub minor: u64,
    /// PATCH.
    pub patch: u64,
    /// The pre-release part after `-`, e.g. `alpha.1`.
    pub pre: Option<String>,
}

impl Version {
    /// Reads `MAJOR.MINOR.PATCH[-pre]`; the error says what is wrong, quoting the text.
    pub fn parse(text: &str) -> Result<Version, String> {
        let bad = |why: &str| {
            format!("version {text:?} is not MAJOR.MINOR.PATCH (optionally -PRERELEASE): {why}")
        };
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (text, None),
        };
        let numbers: Vec<&str> = core.split('.').collect();
        let [major, minor, patch] = numbers.as_slice() else {
            return Err(bad("it needs exactly three numbers"));
        };
        let number = |part: &str| -> Result<u64, String> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(&format!("{part:?} is not a number")));
            }
            if part.len() > 1 && part.starts_with('0') {
                return Err(bad(&format!("{part:?} has a leading zero")));
            }
            part.parse::<u64>()
                .map_err(|_| bad(&format!("{part:?} is too large")))
        };
        if let Some(pre) = pre {
            for identifier in pre.split('.') {
                if identifier.is_empty()
                    || !identifier
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    return Err(bad(&format!(
                        "pre-release part {identifier:?} may hold only letters, digits and `-`"
                    )));
                }
                if identifier.bytes().all(|b| b.is_ascii_digit())
                    && identifier.len() > 1
                    && identifier.starts_with('0')
                {
                    return Err(bad(&format!("{identifier:?} has a leading zero")));
                }
            }
        }
        Ok(Version {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
            pre: pre.map(str::to_owned),
        })
    }

    /// The smallest version that may ship changes of this impact.
    ///
    /// A pre-release promises nothing, and its release has not shipped yet, so any change can
    /// ship as that release (`1.0.0-rc.1` -> `1.0.0`).
    pub fn next(&self, impact: Impact) -> Version {
        if impact == Impact::None {
            return self.clone();
        }
        if self.pre.is_some() {
            return Version {
                pre: None,
                ..self.clone()
            };
        }
        let (major, minor, patch) = (self.major, self.minor, self.patch);
        let (major, minor, patch) = match Bump::for_impact(impact, self) {
            Bump::None => (major, minor, patch),
            Bump::Patch => (major, minor, patch.saturating_add(1)),
            Bump::Minor => (major, minor.saturating_add(1), 0),
            Bump::Major => (major.saturating_add(1), 0, 0),
        };
        Version {
            major,
            minor,
            patch,
            pre: None,
        }
    }

    fn core(&self) -> (u64, u64, u64) {
        (self.major, self.minor, self.patch)
    }

    /// Whether `self` may ship changes that need `required`, coming from `old`: its numbers
    /// reach `required`'s (a pre-release of the required version counts, it is not
    /// caret-compatible with the old one either), and it is newer than `old`.
    pub fn satisfies(&self, required: &Version, old: &Version) -> bool {
        if self.core() < required.core() {
            return false;
        }
        if required == old {
            // No change needed: staying put is fine, going back is not.
            return self.precedence(old) != Ordering::Less;
        }
        self.precedence(old) == Ordering::Greater
    }

    /// SemVer precedence: numbers first; a pre-release comes before its release; pre-release
    /// identifiers compare numerically when both are numbers, else as text, numbers first.
    pub fn precedence(&self, other: &Version) -> Ordering {
        self.core()
            .cmp(&other.core())
            .then_with(|| match (&self.pre, &other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => compare_pre(a, b),
            })
    }
}

fn compare_pre(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if let Some(pre) = &self.pre {
            write!(f, "-{pre}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        match Version::parse(text) {
            Ok(version) => version,
            Err(err) => panic!("{err}"),
        }
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(v("0.1.3").to_string(), "0.1.3");
        assert_eq!(v("12.0.7-rc.1").to_string(), "12.0.7-rc.1");
        let pre = v("1.2.3-alpha.10");
        assert_eq!((pre.major, pre.minor, pre.patch), (1, 2, 3));
        assert_eq!(pre.pre.as_deref(), Some("alpha.10"));
    }

    #[test]
    fn refuses_what_is_not_a_version() {
        for text in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "v1.2.3",
            "1.x.3",
            "01.2.3",
            "1.2.3-",
            "1.2.3-a..b",
            "1.2.3-01",
            "1.2.3+build",
            " 1.2.3",
            "1.2.-3",
            "99999999999999999999.0.0",
        ] {
            let err = match Version::parse(text) {
                Ok(parsed) => panic!("{text:?} parsed as {parsed}"),
                Err(err) => err,
            };
            assert!(err.contains(&format!("{text:?}")), "{err}");
        }
    }

    #[test]
    fn below_one_everything_moves_one_place_right() {
        assert_eq!(v("0.1.3").next(Impact::Breaking).to_string(), "0.2.0");
        assert_eq!(v("0.1.3").next(Impact::Addition).to_string(), "0.1.4");
        assert_eq!(v("0.1.3").next(Impact::Behaviour).to_string(), "0.1.4");
        assert_eq!(v("0.1.3").next(Impact::None).to_string(), "0.1.3");
        assert_eq!(v("0.0.3").next(Impact::Breaking).to_string(), "0.1.0");
        assert_eq!(Bump::for_impact(Impact::Breaking, &v("0.4.0")), Bump::Minor);
    }

    #[test]
    fn from_one_on_breaking_is_major() {
        assert_eq!(v("1.4.2").next(Impact::Breaking).to_string(), "2.0.0");
        assert_eq!(v("1.4.2").next(Impact::Addition).to_string(), "1.5.0");
        assert_eq!(v("1.4.2").next(Impact::Behaviour).to_string(), "1.4.3");
        assert_eq!(Bump::for_impact(Impact::Addition, &v("3.0.0")), Bump::Minor);
        assert_eq!(Bump::for_impact(Impact::None, &v("3.0.0")), Bump::None);
    }

    #[test]
    fn a_pre_release_ships_any_change_as_its_release() {
        assert_eq!(v("1.0.0-rc.1").next(Impact::Breaking).to_string(), "1.0.0");
        assert_eq!(v("0.3.0-alpha").next(Impact::Addition).to_string(), "0.3.0");
        assert_eq!(
            v("0.3.0-alpha").next(Impact::None).to_string(),
            "0.3.0-alpha"
        );
    }

    #[test]
    fn precedence_follows_semver() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
        ];
        for pair in ordered.windows(2) {
            assert_eq!(
                v(pair[0]).precedence(&v(pair[1])),
                Ordering::Less,
                "{pair:?}"
            );
            assert_eq!(
                v(pair[1]).precedence(&v(pair[0])),
                Ordering::Greater,
                "{pair:?}"
            );
        }
    }

    #[test]
    fn satisfies_needs_the_numbers_and_a_newer_version() {
        let old = v("0.1.0");
        let required = old.next(Impact::Breaking);
        assert!(v("0.2.0").satisfies(&required, &old));
        assert!(v("0.2.0-beta.1").satisfies(&required, &old));
        assert!(v("1.0.0").satisfies(&required, &old));
        assert!(!v("0.1.9").satisfies(&required, &old));
        // Nothing changed: the same version is fine, an older one is not.
        assert!(v("0.1.0").satisfies(&old, &old));
        assert!(!v("0.1.0-rc.1").satisfies(&old, &old));
        // From a pre-release, the next pre-release of the same numbers may ship anything.
        let old = v("1.0.0-rc.1");
        let required = old.next(Impact::Breaking);
        assert!(v("1.0.0-rc.2").satisfies(&required, &old));
        assert!(v("1.0.0").satisfies(&required, &old));
        assert!(!v("1.0.0-rc.1").satisfies(&required, &old));
        assert!(!v("1.0.0-beta").satisfies(&required, &old));
    }
}

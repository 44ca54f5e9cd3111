//! What real documents write differently from the specification, read the way other tools read
//! it, each with a warning at the place: refusing a whole document for one such value helps
//! nobody, and the warning says what to write instead.

use serde_json::Value;

use super::METHODS;
use crate::diagnostics::{Diagnostic, push_pointer};

/// `info.version` written as a YAML number or boolean (`version: 1.0`) is read as its text,
/// with a warning: OpenAPI says it is a string, other tools take the number, and refusing the
/// document for it helps nobody. The number is what YAML made of it (`1.10` is `1.1`), hence
/// the advice to quote it.
pub(crate) fn version_as_text(tree: &mut Value) -> Option<Diagnostic> {
    let version = tree.get_mut("info")?.get_mut("version")?;
    let (kind, text) = match version {
        Value::Number(number) => ("number", number.to_string()),
        Value::Bool(flag) => ("boolean", flag.to_string()),
        _ => return None,
    };
    let warning = Diagnostic::warning(
        "/info/version",
        format!(
            "`info.version` is the {kind} {text}, but it is a string: read as \"{text}\" (quote it to keep it as written)"
        ),
    );
    *version = Value::String(text);
    Some(warning)
}

/// A security requirement whose scheme lists `null` for its scopes (Square's whole public
/// document writes `security: [{oauth2: null}]` on its OAuth endpoints) is read as one that
/// lists none, `[]`: the scheme is still required, and openapiv3 would otherwise refuse the
/// document at the first one. Looks at the document's `security` and at every operation's,
/// callbacks' operations included.
pub(crate) fn null_scopes(tree: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Value::Object(root) = tree else {
        return warnings;
    };
    if let Some(security) = root.get_mut("security") {
        scopes_of(security, "/security", &mut warnings);
    }
    let mut path_items: Vec<(&mut Value, String)> = Vec::new();
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            path_items.push((item, push_pointer("/paths", path)));
        }
    }
    // A worklist rather than recursion: callbacks hold path items that may hold callbacks.
    while let Some((item, at)) = path_items.pop() {
        let Value::Object(item) = item else { continue };
        for (method, operation) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let Value::Object(operation) = operation else {
                continue;
            };
            let at = push_pointer(&at, method);
            for (key, value) in operation {
                match (key.as_str(), value) {
                    ("security", security) => {
                        scopes_of(security, &push_pointer(&at, "security"), &mut warnings);
                    }
                    ("callbacks", Value::Object(callbacks)) => {
                        let base = push_pointer(&at, "callbacks");
                        for (name, callback) in callbacks {
                            let Value::Object(expressions) = callback else {
                                continue;
                            };
                            let base = push_pointer(&base, name);
                            for (expression, item) in expressions {
                                path_items.push((item, push_pointer(&base, expression)));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    warnings
}

/// Rewrites the `null` scope lists of one `security` array.
fn scopes_of(security: &mut Value, at: &str, warnings: &mut Vec<Diagnostic>) {
    let Value::Array(requirements) = security else {
        return;
    };
    for (i, requirement) in requirements.iter_mut().enumerate() {
        let Value::Object(schemes) = requirement else {
            continue;
        };
        for (scheme, scopes) in schemes.iter_mut() {
            if scopes.is_null() {
                warnings.push(Diagnostic::warning(
                    push_pointer(&push_pointer(at, &i.to_string()), scheme),
                    format!(
                        "the scopes of `{scheme}` are null, but they are a list: read as `[]`, no particular scope (write `{scheme}: []`)"
                    ),
                ));
                *scopes = Value::Array(Vec::new());
            }
        }
    }
}

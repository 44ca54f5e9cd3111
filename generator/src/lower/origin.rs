//! Fallback documentation for schemas the document leaves undescribed: where they come from,
//! in words (`The schema of ScimUser.emails[].type.`).

use crate::diagnostics::pointer_tokens;
use crate::text::code;

/// Where an undocumented schema comes from, from its JSON pointer.
pub(super) fn describe_origin(origin: &str) -> String {
    let tokens = pointer_tokens(origin);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    match tokens.as_slice() {
        ["components", "schemas", name] => format!("The `{}` schema.", code(name)),
        ["components", "schemas", name, rest @ ..] => {
            format!("The schema of `{}{}`.", code(name), walk(rest))
        }
        ["paths", path, method, rest @ ..] => format!(
            "A schema of `{} {}`{}.",
            method.to_uppercase(),
            code(path),
            walk(rest).replace('.', " ")
        ),
        _ => format!("The schema at `#{}`.", code(origin)),
    }
}

/// `properties/emails/items/properties/type` -> `.emails[].type`.
fn walk(rest: &[&str]) -> String {
    let mut out = String::new();
    let mut iter = rest.iter();
    while let Some(&token) = iter.next() {
        match token {
            "properties" => {
                if let Some(name) = iter.next() {
                    out.push('.');
                    out.push_str(name);
                }
            }
            "items" => out.push_str("[]"),
            "additionalProperties" => out.push_str("{}"),
            "allOf" | "oneOf" | "anyOf" | "parameters" | "content" | "responses" => {
                iter.next();
            }
            "schema" | "requestBody" => {}
            other => {
                out.push(' ');
                out.push_str(other);
            }
        }
    }
    code(&out)
}

#[cfg(test)]
mod tests {
    use super::describe_origin;

    #[test]
    fn origins_read_as_paths() {
        assert_eq!(
            describe_origin("/components/schemas/ScimUser/properties/emails/items/properties/type"),
            "The schema of `ScimUser.emails[].type`."
        );
        assert_eq!(describe_origin("/components/schemas/A"), "The `A` schema.");
        assert_eq!(
            describe_origin("/paths/~1users/post/requestBody/content/application~1json/schema"),
            "A schema of `POST /users`."
        );
    }
}

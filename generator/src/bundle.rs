//! A generated crate as ONE Rust file, for build scripts: `src/lib.rs` with every `mod x;` it
//! declares replaced by `mod x { <the text of src/x.rs> }`, recursively (services, the runtime,
//! hand-written modules). The user includes it inside a module of their own:
//! `mod petstore { include!(concat!(env!("OUT_DIR"), "/petstore.rs")); }`.
//!
//! `include!` takes items only, so the file must not start with inner attributes (`#![..]`,
//! `//!`): lib.rs's are dropped (they are crate-level: docs, `deny(missing_docs)`,
//! `recursion_limit`). A module's own inner attributes stay, at the top of its inline body,
//! where Rust allows them. The code reaches its siblings through `super::` because it was
//! generated with `Layout::Module` (see `Config::root_path`); [`bundle`] refuses a file that
//! still says `crate::` in code, which would point into the user's crate.
//!
//! Doc examples become `text` blocks: they name the SDK by a crate path, and a module included
//! in someone else's crate cannot know the path its users reach it by, so as doctests of that
//! crate they would not compile (and `ignore` would list each as an ignored test).
//!
//! Text is spliced rather than re-printed so that the runtime's comments survive; the result is
//! parsed once with syn to prove it is valid Rust without inner attributes.

use crate::diagnostics::Diagnostic;
use crate::files::File;

/// The root file of a generated crate.
const ROOT: &str = "src/lib.rs";

/// The single file: `first_lines` (the notice, as `//` comments), then lib.rs with its modules
/// inlined.
pub(crate) fn bundle(files: &[File], first_lines: &[String]) -> Result<String, Diagnostic> {
    let root = find(files, ROOT).ok_or_else(|| internal(format!("{ROOT} was not generated")))?;
    let mut out = String::new();
    for line in first_lines {
        out.push_str(&format!("// {line}\n"));
    }
    let body = without_inner_attributes(without_notice(&root.contents));
    let mut inlined = String::new();
    inline(files, ROOT, &body, &mut inlined, 0)?;
    out.push_str(&examples_as_text(&inlined));
    check(&out)?;
    Ok(out)
}

/// Marks every Rust code block of the docs `text` (see the module docs).
fn examples_as_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let doc = ["///", "//!"]
            .iter()
            .find_map(|marker| trimmed.strip_prefix(marker).map(|rest| (*marker, rest)));
        match doc {
            Some((marker, content)) if content.trim_start().starts_with("```") => {
                let info = content.trim_start().trim_start_matches('`').trim();
                let rust = matches!(info, "" | "rust" | "no_run" | "should_panic" | "ignore");
                if !in_block && rust {
                    let indent = &line[..line.len() - trimmed.len()];
                    out.push_str(&format!("{indent}{marker} ```text\n"));
                } else {
                    out.push_str(line);
                    out.push('\n');
                }
                in_block = !in_block;
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn find<'a>(files: &'a [File], path: &str) -> Option<&'a File> {
    files.iter().find(|f| f.path == path)
}

fn internal(message: String) -> Diagnostic {
    Diagnostic::error(
        "",
        format!("internal error while bundling the module: {message}"),
    )
}

/// The text after the file's notice line (the bundle carries one notice for all).
fn without_notice(text: &str) -> &str {
    match text.split_once('\n') {
        Some((first, rest)) if crate::format::is_generated(first) => rest,
        _ => text,
    }
}

/// lib.rs without the crate-level inner attributes and docs at its top.
fn without_inner_attributes(text: &str) -> String {
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.peek() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with("//!") || trimmed.starts_with("#![") {
            lines.next();
        } else {
            break;
        }
    }
    let mut kept: Vec<&str> = lines.collect();
    kept.push("");
    kept.join("\n")
}

/// A module file's leading inner docs and attributes as outer ones, for the `mod` line, and the
/// rest. The same meaning, but the module then has only outer attributes, which is what clippy
/// asks of a module that already has some (`mixed_attributes_style`): the parent's `///` line.
fn inner_as_outer(text: &str) -> (String, String) {
    let mut attributes = String::new();
    let mut lines = text.lines().peekable();
    // Unclosed `[` of a multi-line inner attribute.
    let mut open = 0usize;
    while let Some(line) = lines.peek() {
        let trimmed = line.trim_start();
        if open > 0 {
            attributes.push_str(line);
        } else if let Some(doc) = trimmed.strip_prefix("//!") {
            attributes.push_str(&format!("///{doc}"));
        } else if let Some(attribute) = trimmed.strip_prefix("#![") {
            attributes.push_str(&format!("#[{attribute}"));
        } else if trimmed.starts_with("//") {
            attributes.push_str(line);
        } else if trimmed.is_empty() {
            lines.next();
            continue;
        } else {
            break;
        }
        attributes.push('\n');
        if open > 0 || trimmed.starts_with("#![") {
            let opened = trimmed.matches('[').count();
            let closed = trimmed.matches(']').count();
            open = (open + opened).saturating_sub(closed);
        }
        lines.next();
    }
    let mut rest: Vec<&str> = lines.collect();
    rest.push("");
    (attributes, rest.join("\n"))
}

/// `[pub[(..)] ]mod name;` on a line of its own: the visibility and the name.
fn module_declaration(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim();
    let rest = trimmed.strip_suffix(';')?;
    let (visibility, name) = match rest.rsplit_once("mod ") {
        Some((visibility, name)) => (visibility, name.trim()),
        None => return None,
    };
    let visibility_ok = matches!(visibility, "" | "pub " | "pub(crate) " | "pub(super) ");
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let name_ok = !bare.is_empty()
        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !bare.starts_with(|c: char| c.is_ascii_digit());
    (visibility_ok && name_ok).then_some((visibility, name))
}

/// Where rustc looks for module `name` declared in the file at `parent`.
fn child_paths(parent: &str, name: &str) -> [String; 2] {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let dir = match parent.rsplit_once('/') {
        Some((dir, "lib.rs" | "mod.rs")) => dir.to_owned(),
        Some((dir, file)) => format!("{dir}/{}", file.trim_end_matches(".rs")),
        None => String::new(),
    };
    [format!("{dir}/{bare}.rs"), format!("{dir}/{bare}/mod.rs")]
}

fn inline(
    files: &[File],
    path: &str,
    text: &str,
    out: &mut String,
    depth: usize,
) -> Result<(), Diagnostic> {
    // Generated crates nest three levels (lib -> services -> a service); anything deeper is a
    // module cycle, which rustc would refuse too.
    if depth > 16 {
        return Err(internal(format!("modules nest too deep at {path}")));
    }
    for line in text.lines() {
        let child = module_declaration(line).and_then(|(visibility, name)| {
            child_paths(path, name)
                .into_iter()
                .find_map(|p| find(files, &p).map(|file| (visibility, name, p, file)))
        });
        match child {
            Some((visibility, name, child_path, file)) => {
                let (attributes, body) = inner_as_outer(without_notice(&file.contents));
                out.push_str(&attributes);
                out.push_str(&format!("{visibility}mod {name} {{\n"));
                inline(files, &child_path, &body, out, depth + 1)?;
                out.push_str("}\n");
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Ok(())
}

/// The bundle parses, has no inner attribute at its top, and names no `crate::` path in code.
fn check(text: &str) -> Result<(), Diagnostic> {
    let file =
        syn::parse_file(text).map_err(|err| internal(format!("it does not parse: {err}")))?;
    if !file.attrs.is_empty() {
        return Err(internal(
            "it starts with an inner attribute, which `include!` refuses".to_owned(),
        ));
    }
    let mut crate_paths = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let (code, comment) = line.split_once("//").unwrap_or((line, ""));
        let in_code = code.contains("crate::") && !code.contains("$crate::");
        // Prose may name `crate::runtime`; a doc link to it would resolve in the user's crate.
        let in_link = ["](crate::", "[crate::", "[`crate::"]
            .iter()
            .any(|link| comment.contains(link));
        if in_code || in_link {
            crate_paths.push(number + 1);
        }
    }
    if !crate_paths.is_empty() {
        return Err(internal(format!(
            "lines {crate_paths:?} use `crate::`, which in a module would name the user's crate"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> File {
        File {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn modules_are_inlined_recursively_and_crate_attributes_dropped() {
        let files = [
            file(
                "src/lib.rs",
                "// Generated by x from a.yaml.\n\n//! Crate docs.\n#![deny(missing_docs)]\n\n#[rustfmt::skip]\npub mod services;\nmod client;\npub use client::C;\n",
            ),
            file(
                "src/client.rs",
                "// Generated by x.\n\n//! Client docs.\npub struct C;\n",
            ),
            file("src/services/mod.rs", "//! Services.\npub mod r#type;\n"),
            file(
                "src/services/type.rs",
                "pub struct T(pub super::super::C);\n",
            ),
        ];
        let text = bundle(&files, &["Generated by x.".to_owned()]).unwrap();
        assert_eq!(
            text,
            "// Generated by x.\n#[rustfmt::skip]\n/// Services.\npub mod services {\npub mod r#type {\npub struct T(pub super::super::C);\n}\n}\n/// Client docs.\nmod client {\npub struct C;\n}\npub use client::C;\n"
        );
    }

    #[test]
    fn a_crate_path_in_code_is_refused_but_not_in_comments() {
        let files = [file(
            "src/lib.rs",
            "/// See [`x`](crate::x).\npub fn x() {}\n",
        )];
        assert!(bundle(&files, &[]).is_err());
        let files = [file("src/lib.rs", "use crate::x as y;\npub fn x() {}\n")];
        assert!(bundle(&files, &[]).is_err());
        let files = [file(
            "src/lib.rs",
            "// `crate::x` in prose\npub fn x() {}\n",
        )];
        assert!(bundle(&files, &[]).is_ok());
    }

    #[test]
    fn doc_examples_become_text_other_blocks_are_kept() {
        let text = "/// ```no_run\n/// let x = a::B;\n/// ```\n/// ```text\n/// raw\n/// ```\n    //! ```\n    //! y();\n    //! ```\nfn f() {}\n";
        assert_eq!(
            examples_as_text(text),
            "/// ```text\n/// let x = a::B;\n/// ```\n/// ```text\n/// raw\n/// ```\n    //! ```text\n    //! y();\n    //! ```\nfn f() {}\n"
        );
    }

    #[test]
    fn inner_attributes_move_onto_the_module() {
        let (attributes, rest) = inner_as_outer(
            "\n//! Docs.\n// Why.\n#![allow(\n    deprecated,\n)]\n#![doc = \"[x]\"]\n\nuse a::b;\n//! not leading\n",
        );
        assert_eq!(
            attributes,
            "/// Docs.\n// Why.\n#[allow(\n    deprecated,\n)]\n#[doc = \"[x]\"]\n"
        );
        assert_eq!(rest, "use a::b;\n//! not leading\n");
    }

    #[test]
    fn declarations_are_read_strictly() {
        assert_eq!(
            module_declaration("pub mod models;"),
            Some(("pub ", "models"))
        );
        assert_eq!(module_declaration("    mod call;"), Some(("", "call")));
        assert_eq!(
            module_declaration("pub mod r#type;"),
            Some(("pub ", "r#type"))
        );
        assert_eq!(module_declaration("pub mod models { }"), None);
        assert_eq!(module_declaration("// mod x;"), None);
        assert_eq!(module_declaration("pub use x as mod;"), None);
        assert_eq!(
            child_paths("src/services/mod.rs", "scim"),
            [
                "src/services/scim.rs".to_owned(),
                "src/services/scim/mod.rs".to_owned()
            ]
        );
        assert_eq!(child_paths("src/patch.rs", "x")[0], "src/patch/x.rs");
    }
}

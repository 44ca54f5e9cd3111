//! Generates the SCIM SDK into `OUT_DIR/scim.rs` from the repository's document and overlays,
//! as a user's build script would from theirs.

fn main() -> Result<(), generator::BuildError> {
    let spec = "../../../spec";
    generator::Builder::new(format!("{spec}/scim.yaml"))
        .overlay(format!("{spec}/overlays/scim-patch.yaml"))
        .overlay(format!("{spec}/overlays/scim-errors.yaml"))
        .overlay(format!("{spec}/overlays/scim-responses.yaml"))
        .overlay(format!("{spec}/overlays/scim-users.yaml"))
        .overlay(format!("{spec}/overlays/scim-discovery.yaml"))
        .overlay(format!("{spec}/overlays/scim-case.yaml"))
        .module_name("scim")
        .client_name("RingCentral")
        .generate()?;
    Ok(())
}

//! A big API splits into a cargo feature per tag: a user who turns on one compiles that
//! service and the types it reaches, and nothing else. The split is forced here
//! (`tag_features_above = 0`) on a small document so the checks stay quick.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::fs;
use std::path::Path;

use generator::{Input, Source};
use tests::{cargo_in, config, generate, scratch_dir, write_crate, write_workspace};

/// Three tags. `Owner` is reached by pets and stores, `Page` by every operation, `Webhook` by
/// none; `Pet` only by pets (through an array), `Store` only by stores.
const DOCUMENT: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: Pets.
          content:
            application/json:
              schema:
                type: object
                properties:
                  page: {$ref: "#/components/schemas/Page"}
                  items: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /stores/{id}:
    get:
      operationId: getStore
      tags: [stores]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: A store.
          content:
            application/json: {schema: {$ref: "#/components/schemas/Store"}}
        "404":
          description: No such store.
          content:
            application/json: {schema: {$ref: "#/components/schemas/Page"}}
  /ping:
    get:
      operationId: ping
      tags: [health]
      responses:
        "200":
          description: Alive.
          content:
            application/json: {schema: {$ref: "#/components/schemas/Page"}}
components:
  schemas:
    Page:
      type: object
      properties: {total: {type: integer}}
    Owner:
      type: object
      properties: {name: {type: string}}
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        owner: {$ref: "#/components/schemas/Owner"}
    Store:
      type: object
      properties:
        owner: {$ref: "#/components/schemas/Owner"}
        kind: {type: string, enum: [retail, online]}
    Webhook:
      type: object
      properties: {event: {type: string}}
"##;

/// Uses the pets service and the types it reaches.
const PETS_CALLER: &str = r#"
use shop::models::{Owner, Pet};

#[allow(dead_code)]
async fn run(sdk: shop::Client) -> Result<(), shop::Error> {
    let pets = sdk.pets().list_pets().limit(10).send().await?;
    let owner = Owner::new().with_name("Ann");
    let _ = (pets, Pet::new("Rex").with_owner(owner));
    Ok(())
}

fn main() {}
"#;

/// Uses the stores service, which the pets feature does not compile.
const STORES_CALLER: &str = r#"
#[allow(dead_code)]
async fn run(sdk: shop::Client) {
    let _ = sdk.stores().get_store("1").send().await;
}

fn main() {}
"#;

fn setup(workspace: &Path) {
    let mut settings = config("shop", "Client");
    settings.tag_features_above = Some(0);
    let input = Input {
        source: Source::new("shop.yaml", DOCUMENT),
        overlays: Vec::new(),
    };
    write_crate(&workspace.join("shop"), &generate(&input, &settings));
    write_workspace(workspace, &["shop", "caller"]);
    fs::create_dir_all(workspace.join("caller/src")).unwrap();
}

/// Points the caller at the SDK with `features` (and no defaults), using `program`.
fn caller(workspace: &Path, features: &[&str], program: &str) {
    let quoted: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    fs::write(
        workspace.join("caller/Cargo.toml"),
        format!(
            "[package]\nname = \"caller\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\nshop = {{ path = \"../shop\", default-features = false, \
             features = [{}] }}\n",
            quoted.join(", ")
        ),
    )
    .unwrap();
    fs::write(workspace.join("caller/src/main.rs"), program).unwrap();
}

#[test]
fn each_tag_is_a_feature_and_full_is_the_default() {
    let workspace = scratch_dir("features");
    setup(&workspace);
    let manifest = fs::read_to_string(workspace.join("shop/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("default = [\"full\"]\nfull = [\"health\", \"pets\", \"stores\"]\n"),
        "{manifest}"
    );
    for feature in ["health", "pets", "stores"] {
        assert!(
            manifest.contains(&format!("\n{feature} = []\n")),
            "{manifest}"
        );
    }
    let models = fs::read_to_string(workspace.join("shop/src/models.rs")).unwrap();
    // Reached by every service: always compiled.
    assert!(models.contains("pub struct Page {"), "{models}");
    let gate = |name: &str| {
        let at = models.find(&format!("pub struct {name} ")).unwrap();
        let before = &models[..at];
        before[before.rfind("#[cfg").unwrap()..]
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        gate("Owner"),
        r#"#[cfg(any(feature = "pets", feature = "stores"))]"#
    );
    assert_eq!(gate("Pet"), r#"#[cfg(feature = "pets")]"#);
    assert_eq!(gate("Webhook"), r#"#[cfg(feature = "full")]"#);
}

#[test]
fn one_feature_compiles_its_service_alone_and_lint_free() {
    let workspace = scratch_dir("features-check");
    setup(&workspace);
    // No service at all, one, and every one: each builds without a warning.
    caller(&workspace, &[], "fn main() {}\n");
    for features in ["", "pets", "full"] {
        let args = [
            "clippy",
            "-p",
            "shop",
            "--quiet",
            "--no-default-features",
            "--features",
            features,
            "--",
            "-D",
            "warnings",
        ];
        if let Err(output) = cargo_in(&workspace, &args) {
            panic!("the SDK with features {features:?} does not build cleanly:\n{output}");
        }
    }
    caller(&workspace, &["pets"], PETS_CALLER);
    if let Err(output) = cargo_in(&workspace, &["check", "-p", "caller", "--quiet"]) {
        panic!("a caller of the pets service does not compile with `pets`:\n{output}");
    }
    caller(&workspace, &["pets"], STORES_CALLER);
    let missing = cargo_in(&workspace, &["check", "-p", "caller", "--quiet"])
        .expect_err("the stores service must not be compiled by the pets feature");
    assert!(missing.contains("stores"), "{missing}");
    caller(&workspace, &["stores"], STORES_CALLER);
    if let Err(output) = cargo_in(&workspace, &["check", "-p", "caller", "--quiet"]) {
        panic!("a caller of the stores service does not compile with `stores`:\n{output}");
    }
}

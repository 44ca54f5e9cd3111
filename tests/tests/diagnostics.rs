use generator::{Input, Source};

fn run(name: &str, text: &str) {
    let input = Input { source: Source::new(name, text), overlays: vec![] };
    let cfg = tests::config("probe", "Probe");
    match generator::generate(&input, &cfg) {
        Ok(mut g) => {
            generator::locate(&input.source, &mut g.diagnostics);
            println!("== {name}: OK {:?}", g.diagnostics);
        }
        Err(mut f) => {
            generator::locate(&input.source, &mut f.diagnostics);
            println!("== {name}: ERR {:?}", f.diagnostics);
        }
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";


fn run_ov(text: &str, ov: &str) {
    let input = Input { source: Source::new("a.yaml", text), overlays: vec![Source::new("fix.yaml", ov)] };
    let cfg = tests::config("probe", "Probe");
    match generator::generate(&input, &cfg) {
        Ok(g) => println!("== overlay: OK {:?}", g.diagnostics),
        Err(mut f) => {
            let mut f2 = f.diagnostics.clone();
            generator::locate(&input.overlays[0], &mut f2);
            generator::locate(&input.source, &mut f.diagnostics);
            println!("== overlay: ERR {:?}\n   (ov-located {:?})", f.diagnostics, f2);
        }
    }
}

#[test]
fn probe2() {
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      not:\n        type: string\n"));
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    C:\n      type: object\n      properties:\n        x:\n          type: [string, 'null']\n"));
    run("a.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'\n      responses:\n        '200':\n          $ref: '#/components/responses/Nope'\n    post:\n      requestBody:\n        $ref: '#/components/requestBodies/Nope'\n      responses:\n        '204':\n          description: ok\n"));
    run("a.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: getThing\n      responses:\n        '204':\n          description: ok\n  /b:\n    get:\n      operationId: getThing\n      responses:\n        '204':\n          description: ok\n  /c:\n    get:\n      operationId: get_thing\n      responses:\n        '204':\n          description: ok\n"));
    let doc = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: string\n");
    run_ov(&doc, "overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions:\n  - target: $.components.schemas.Nope\n    remove: true\n");
    run_ov(&doc, "overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions:\n  - target: $.components.schemas.A\n    update: {description: d}\n  - target: $.components[?(@.x)]\n    remove: true\n");
    run_ov(&doc, "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n");
    run_ov(&doc, "overlay: 2.0.0\nactions: []\n");
    run_ov(&doc, "overlay: 1.0.0\nactions:\n  - target: components\n    remove: true\n");
    run_ov(&doc, "overlay: 1.0.0\nactions:\n  - target: $.components\n");
    run_ov(&doc, "overlay: [1\n");
}

#[test]

fn probe() {
    run("a.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'\npaths: {}\n");
    run("a.yaml", "openapi: 3.0.3\ninfo:\n  title: t\n   version: '1'\npaths: {}\n");
    run("a.yaml", "openapi: 3.0.3\ninfo:\n\ttitle: t\n\tversion: '1'\npaths: {}\n");
    run("a.json", "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\",, }}");
    run("a.yaml", "- a\n- b\n");
    run("a.yaml", "hello\n");
    run("a.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    run("a.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    run("a.yaml", "info: {title: t, version: '1'}\npaths: {}\n");
    run("a.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n      responses: nope\n"));
    run("a.yaml", &format!("{HEAD}paths:\n  - a\n"));
    run("a.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\n"));
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"));
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: 'other.yaml#/X'\n"));
    run("a.yaml", &format!("{HEAD}paths:\n  /a:\n    $ref: '#/components/pathItems/A'\n"));
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    d:\n      type: http\n      scheme: digest\n"));
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n:\n          type: integer\n          default: abc\n"));
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      not:\n        type: string\n    B:\n      type: [string, 'null']\n    C:\n      type: object\n      properties:\n        x:\n          type: [string, 'null']\n"));
}

fn deep_yaml(n: usize) -> String {
    let mut s = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: ");
    for _ in 0..n { s.push_str("{type: object, properties: {a: "); }
    s.push_str("{type: string}");
    for _ in 0..n { s.push_str("}}"); }
    s.push('\n');
    s
}
fn deep_json(n: usize) -> String {
    let mut s = String::from(r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"Deep":"#);
    for _ in 0..n { s.push_str(r#"{"type":"object","properties":{"a":"#); }
    s.push_str(r#"{"type":"string"}"#);
    for _ in 0..n { s.push_str("}}"); }
    s.push_str("}}}");
    s
}
fn chain(n: usize, alias: bool) -> String {
    let mut s = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..n {
        let next = if i + 1 < n { format!("'#/components/schemas/S{}'", i + 1) } else { String::new() };
        if i + 1 == n { s.push_str(&format!("    S{i}:\n      type: string\n")); }
        else if alias { s.push_str(&format!("    S{i}:\n      $ref: {next}\n")); }
        else { s.push_str(&format!("    S{i}:\n      type: object\n      properties:\n        next:\n          $ref: {next}\n")); }
    }
    s
}
fn small_stack(name: &'static str, text: String, stack: usize) {
    let h = std::thread::Builder::new().stack_size(stack).spawn(move || {
        let t = std::time::Instant::now();
        run(if name.ends_with("json") { "a.json" } else { "a.yaml" }, &text);
        println!("   {name} took {:?}", t.elapsed());
    }).unwrap();
    println!("{name}: {:?}", h.join().is_ok());
}
#[test]
fn probe3() {
    for (n, s) in [(100usize, 2usize << 20), (10_000, 2 << 20)] {
        small_stack("yaml", deep_yaml(n), s);
        small_stack("json", deep_json(n), s);
    }
    small_stack("chain", chain(10_000, false), 2 << 20);
    small_stack("alias", chain(10_000, true), 2 << 20);
    small_stack("alias100", chain(100, true), 2 << 20);
}

fn timed(name: &str, text: &str) {
    let input = Input { source: Source::new(name, text), overlays: vec![] };
    let cfg = tests::config("probe", "Probe");
    let t = std::time::Instant::now();
    match generator::generate(&input, &cfg) {
        Ok(g) => println!("{name}: OK {:?} total {:?} diags {:?}", g.timings, t.elapsed(), g.diagnostics.iter().take(3).collect::<Vec<_>>()),
        Err(f) => println!("{name}: ERR {:?} {:?}", t.elapsed(), f.diagnostics.iter().take(3).collect::<Vec<_>>()),
    }
}
#[test]
fn probe4() {
    for n in [1000usize, 2000, 4000] { timed(&format!("yaml{n}"), &deep_yaml(n)); }
    for n in [1000usize, 2000, 4000] { timed(&format!("chain{n}"), &chain(n, false)); }
    for n in [1000usize, 2000, 4000] { timed(&format!("alias{n}"), &chain(n, true)); }
    // long parameter alias chain
    let mut s = format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/P0'\n      responses:\n        '204':\n          description: ok\ncomponents:\n  parameters:\n");
    for i in 0..100 { s.push_str(&format!("    P{i}:\n      $ref: '#/components/parameters/P{}'\n", i + 1)); }
    s.push_str("    P100:\n      name: q\n      in: query\n      schema:\n        type: string\n");
    timed("param-chain100", &s);
    // allOf through a long alias chain
    let mut s = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    U:\n      allOf:\n        - $ref: '#/components/schemas/S0'\n        - type: object\n          properties:\n            y: {{type: string}}\n");
    for i in 0..100 { s.push_str(&format!("    S{i}:\n      $ref: '#/components/schemas/S{}'\n", i + 1)); }
    s.push_str("    S100:\n      type: object\n      properties:\n        x: {type: string}\n");
    timed("allof-chain100", &s);
}

#[test]
fn probe5() {
    for f in ["petstore.yaml", "petstore.json", "broken.yaml"] {
        let text = std::fs::read_to_string(tests::repo_root().join("fuzz/seeds").join(f)).unwrap();
        run(f, &text);
    }
    let text = std::fs::read_to_string(tests::repo_root().join("fuzz/seeds/overlay.yaml")).unwrap();
    let (d, o) = text.split_once("\n#overlay\n").unwrap();
    run_ov(d, o);
}

#[test]
fn probe6() {
    run("a.yaml", "");
    run("a.json", "[1, 2]");
    run("a.json", "\"x\"");
    run("a.yaml", "openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    run("a.yaml", &format!("{HEAD}paths: [{{}}]\n"));
    run("a.yaml", &format!("{HEAD}paths: []\n"));
    run("a.yaml", &format!("{HEAD}paths: 5\n"));
    run("a.yaml", "openapi: 3.0.3\npaths: {}\n");
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents: []\n"));
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          type: 5\n"));
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: objekt\n"));
    run("a.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: body\n      responses:\n        '204': {{description: ok}}\n"));
    run("a.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ni: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n");
    run("a.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/A'\n    B:\n      type: array\n      items:\n        $ref: '#/components/schemas/C'\n    C:\n      $ref: '#/components/schemas/B'\n    D:\n      type: object\n      properties:\n        e: {{$ref: '#/components/schemas/E'}}\n    E:\n      type: object\n      properties:\n        d: {{$ref: '#/components/schemas/D'}}\n"));
    run("a.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/P'\n      responses:\n        '204': {{description: ok}}\ncomponents:\n  parameters:\n    P: {{$ref: '#/components/parameters/Q'}}\n    Q: {{$ref: '#/components/parameters/P'}}\n"));
    run("a.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'other.yaml#/P'\n      responses:\n        '204': {{description: ok}}\n"));
}

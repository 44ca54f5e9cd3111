//! Generation speed, peak memory, output size and (optionally) `cargo check` time of the
//! generated crate, for every real-world document of the corpus.
//!
//! Run with `cargo bench -p generator --bench corpus` (release profile). Extra arguments that do
//! not start with `--` keep only the documents whose file name contains one of them
//! (`cargo bench -p generator --bench corpus -- stripe`). Without `--bench` (for example under
//! `cargo test --all-targets`) it runs once on the smallest document only, so it stays fast.
//!
//! - Corpus: `$OPENAPI_CORPUS`, else `../shared/specs` beside the workspace root; every
//!   `*.yaml`, `*.yml` and `*.json` in it. A missing or empty corpus is a panic, not a skip.
//! - Time: one warm-up, then [`RUNS`] calls of `generator::generate`; the median of the wall
//!   time around the call (total) and of each stage from `Generated::timings`, each taken on
//!   its own, so the stage medians need not add up to the total median.
//! - CPU: around each measured call, /proc/thread-self/schedstat gives the time the thread
//!   spent on a CPU and the time it waited in the run queue (generation is single-threaded).
//!   On a busy machine the wall time is roughly on-CPU time plus run-queue wait; the on-CPU
//!   median is the better estimate of the wall time on an idle machine.
//! - Memory: each document is generated once more in a fresh child process (this binary run
//!   with `--one <path>`), which prints its `VmHWM` (peak resident set) from /proc/self/status
//!   at the end. A child run with `--baseline` reads nothing and generates nothing; its
//!   `VmHWM` is the floor, subtracted in the "over baseline" column. The document's own text
//!   is part of what is measured.
//! - Output: files, lines of the `.rs` files (the copied runtime included), types and
//!   operations of the IR, warnings.
//! - `BENCH_CARGO_CHECK=1`: each crate is generated with `standalone: true` into
//!   `target/bench-crates/<name>/` (with the workspace's Cargo.lock, so dependency versions are
//!   the ones the project uses), all sharing `CARGO_TARGET_DIR=target/bench-crates/target`. The
//!   crate with the fewest lines is checked first so every dependency is built; then each
//!   crate's `src/lib.rs` is touched and `cargo check` timed, which rechecks only the crate
//!   itself. `CARGO_INCREMENTAL=0` makes that a full check of the crate, not a replay of
//!   rustc's incremental cache. Reported: wall seconds, and CPU seconds of cargo + rustc (the
//!   children's times from /proc/self/stat), which a busy machine inflates far less.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is the report"
)]

use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use generator::{Config, Generated, Input, Source};

/// The allocator `cargo xtask` uses, so these numbers are what users see.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Measured calls per document, after one warm-up.
const RUNS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "--one") {
        let path = args
            .get(at + 1)
            .expect("--one needs the path of a document");
        child_one(Path::new(path));
        return;
    }
    if args.iter().any(|a| a == "--baseline") {
        child_baseline();
        return;
    }
    let full = args.iter().any(|a| a == "--bench");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    run_parent(full, &filters);
}

// ---------------------------------------------------------------------------------------
// Child processes: one generation each, then the peak resident set.

fn child_one(path: &Path) {
    let input = read_input(path);
    let generated = generate(&input, &config(path, false));
    black_box(&generated);
    println!("VmHWM {}", vm_hwm_kb());
}

fn child_baseline() {
    println!("VmHWM {}", vm_hwm_kb());
}

/// Peak resident set size of this process so far, in kB.
fn vm_hwm_kb() -> u64 {
    let status = fs::read_to_string("/proc/self/status").expect("/proc/self/status is readable");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("/proc/self/status has a VmHWM line in kB")
}

/// Runs this binary again with `args` and reads the `VmHWM <kB>` line it prints.
fn child_hwm_kb(args: &[&str]) -> u64 {
    let exe = std::env::current_exe().expect("the bench knows its own path");
    let output = Command::new(exe)
        .args(args)
        .output()
        .expect("the bench can start itself");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child {args:?} failed ({}):\n{stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM "))
        .and_then(|kb| kb.trim().parse().ok())
        .unwrap_or_else(|| panic!("child {args:?} printed no VmHWM line:\n{stdout}"))
}

// ---------------------------------------------------------------------------------------
// Inputs.

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn corpus_documents() -> Vec<PathBuf> {
    let dir = std::env::var_os("OPENAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/specs"));
    let entries = fs::read_dir(&dir).unwrap_or_else(|err| {
        panic!(
            "the spec corpus is missing at {} ({err}); set OPENAPI_CORPUS to its folder",
            dir.display()
        )
    });
    let mut documents: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    documents.sort();
    assert!(
        !documents.is_empty(),
        "no *.yaml, *.yml or *.json documents in the corpus at {}",
        dir.display()
    );
    documents
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .expect("a UTF-8 file name")
        .to_owned()
}

/// `stripe-2022-04-12.json` -> `stripe-2022-04-12`, usable as a folder and crate name.
fn crate_stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .expect("a UTF-8 file name")
        .replace(['.', '_'], "-")
}

fn read_input(path: &Path) -> Input {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    Input {
        source: Source::new(path.display().to_string(), text),
        overlays: Vec::new(),
    }
}

fn config(path: &Path, standalone: bool) -> Config {
    let mut config = Config::new(format!("bench-{}", crate_stem(path)), "Client");
    config.standalone = standalone;
    config
}

fn generate(input: &Input, config: &Config) -> Generated {
    match generator::generate(input, config) {
        Ok(generated) => generated,
        Err(failure) => {
            let rendered: Vec<String> = failure
                .diagnostics
                .iter()
                .map(|d| d.render(&input.source.name))
                .collect();
            panic!(
                "generation of {} failed:\n{}",
                input.source.name,
                rendered.join("\n")
            )
        }
    }
}

// ---------------------------------------------------------------------------------------
// Measuring.

struct Row {
    name: String,
    stem: String,
    size_kb: u64,
    total: Vec<Duration>,
    parse: Vec<Duration>,
    lower: Vec<Duration>,
    emit: Vec<Duration>,
    format: Vec<Duration>,
    on_cpu: Vec<Duration>,
    waiting: Vec<Duration>,
    hwm_kb: u64,
    files: usize,
    rust_lines: usize,
    types: usize,
    operations: usize,
    warnings: usize,
    generated: Generated,
    check: Option<Result<CheckTime, String>>,
}

fn measure(path: &Path, runs: usize, warm_up: bool) -> Row {
    let input = read_input(path);
    let config = config(path, true);
    if warm_up {
        drop(black_box(generate(&input, &config)));
    }
    let mut row_times: [Vec<Duration>; 7] = Default::default();
    let mut last = None;
    for _ in 0..runs {
        // The previous result is dropped outside the timed region.
        drop(last.take());
        let sched_before = schedstat();
        let started = Instant::now();
        let generated = black_box(generate(&input, &config));
        let total = started.elapsed();
        let sched_after = schedstat();
        let on_cpu = Duration::from_nanos(sched_after.0.saturating_sub(sched_before.0));
        let waiting = Duration::from_nanos(sched_after.1.saturating_sub(sched_before.1));
        let t = &generated.timings;
        for (times, value) in row_times
            .iter_mut()
            .zip([total, t.parse, t.lower, t.emit, t.format, on_cpu, waiting])
        {
            times.push(value);
        }
        last = Some(generated);
    }
    let generated = last.expect("at least one run");
    let rust_lines = generated
        .files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| f.contents.lines().count())
        .sum();
    let [total, parse, lower, emit, format, on_cpu, waiting] = row_times;
    let path_arg = path.to_str().expect("a UTF-8 path");
    Row {
        name: file_name(path),
        stem: crate_stem(path),
        size_kb: input.source.text.len() as u64 / 1024,
        total,
        parse,
        lower,
        emit,
        format,
        on_cpu,
        waiting,
        hwm_kb: child_hwm_kb(&["--one", path_arg]),
        files: generated.files.len(),
        rust_lines,
        types: generated.api.types.len(),
        operations: generated.api.operation_count(),
        warnings: generated.diagnostics.len(),
        generated,
        check: None,
    }
}

/// Nanoseconds this thread has spent on a CPU and waiting in the run queue; zeros if unknown.
fn schedstat() -> (u64, u64) {
    let text = fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let mut fields = text.split_whitespace().map(|f| f.parse().unwrap_or(0));
    (fields.next().unwrap_or(0), fields.next().unwrap_or(0))
}

fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn mb(kb: u64) -> String {
    format!("{:.1}", kb as f64 / 1024.0)
}

// ---------------------------------------------------------------------------------------
// `cargo check` of the generated crates.

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn write_crate(dir: &Path, generated: &Generated) {
    if dir.exists() {
        fs::remove_dir_all(dir).expect("clear the old bench crate");
    }
    for file in &generated.files {
        let path = dir.join(&file.path);
        fs::create_dir_all(path.parent().expect("files live in a folder")).expect("create folder");
        fs::write(&path, &file.contents).expect("write a generated file");
    }
    let lock = workspace_root().join("Cargo.lock");
    fs::copy(&lock, dir.join("Cargo.lock"))
        .unwrap_or_else(|err| panic!("cannot copy {}: {err}", lock.display()));
}

/// CPU time (user + system) of this process's finished, waited-for children and their own
/// waited-for children (cargo waits for rustc): fields 16 and 17 of /proc/self/stat, in clock
/// ticks of 1/100 s (`CLK_TCK` is 100 on Linux).
fn children_cpu() -> Duration {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) may contain spaces; count fields after its closing ')'.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(13)
        .take(2)
        .map(|f| f.parse::<u64>().unwrap_or(0))
        .sum();
    Duration::from_millis(ticks * 10)
}

/// What one `cargo check` took: wall time and CPU time of cargo and rustc.
struct CheckTime {
    wall: Duration,
    cpu: Duration,
}

/// `cargo check` in `dir`; its times, or cargo's output if it failed.
fn cargo_check(dir: &Path, target: &Path) -> Result<CheckTime, String> {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let output = cargo()
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .args(["check", "--quiet"])
        .output()
        .expect("cargo runs");
    let wall = started.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    if output.status.success() {
        Ok(CheckTime { wall, cpu })
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn touch(path: &Path) {
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .unwrap_or_else(|err| panic!("cannot touch {}: {err}", path.display()));
}

fn check_crates(rows: &mut [Row]) {
    let root = workspace_root().join("target/bench-crates");
    let target = root.join("target");
    for row in rows.iter() {
        write_crate(&root.join(&row.stem), &row.generated);
    }
    let smallest = rows
        .iter()
        .min_by_key(|r| r.rust_lines)
        .expect("at least one document");
    eprintln!(
        "building the dependencies once (cargo check of {})...",
        smallest.stem
    );
    match cargo_check(&root.join(&smallest.stem), &target) {
        Ok(took) => eprintln!(
            "  took {:.1} s ({:.1} s CPU)",
            took.wall.as_secs_f64(),
            took.cpu.as_secs_f64()
        ),
        Err(output) => panic!("cargo check of {} failed:\n{output}", smallest.stem),
    }
    for row in rows.iter_mut() {
        let dir = root.join(&row.stem);
        touch(&dir.join("src/lib.rs"));
        eprintln!("cargo check of {}...", row.stem);
        let result = cargo_check(&dir, &target);
        if let Err(output) = &result {
            eprintln!("cargo check of {} FAILED:\n{output}", row.stem);
        }
        row.check = Some(result);
    }
}

// ---------------------------------------------------------------------------------------
// The run and its report.

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn cpu_model() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn run_parent(full: bool, filters: &[&String]) {
    let check = std::env::var("BENCH_CARGO_CHECK").is_ok_and(|v| v == "1");
    let mut documents = corpus_documents();
    if !filters.is_empty() {
        documents.retain(|p| filters.iter().any(|f| file_name(p).contains(f.as_str())));
        assert!(
            !documents.is_empty(),
            "no corpus document matches {filters:?}"
        );
    }
    let (runs, warm_up) = if full {
        (RUNS, true)
    } else {
        // Not under `cargo bench`: a smoke run on the smallest document.
        documents.sort_by_key(|p| fs::metadata(p).map(|m| m.len()).unwrap_or(u64::MAX));
        documents.truncate(1);
        (1, false)
    };
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "machine: {cores} cores, {}; load average at start: {}",
        cpu_model(),
        loadavg()
    );
    println!(
        "runs per document: {runs} (after {} warm-up)",
        u8::from(warm_up)
    );

    let baseline_kb = child_hwm_kb(&["--baseline"]);
    let mut rows = Vec::new();
    for path in &documents {
        eprintln!("generating {}...", file_name(path));
        rows.push(measure(path, runs, warm_up));
    }
    if check {
        check_crates(&mut rows);
    }
    println!("{}", table(&rows, baseline_kb, check));
    println!("load average at end: {}", loadavg());

    for (name, limit) in [
        ("stripe-2022-04-12.json", 1000.0),
        ("ringcentral-platform.yml", 1000.0),
    ] {
        if let Some(row) = rows.iter().find(|r| r.name == name) {
            let took = median(&row.total).as_secs_f64() * 1000.0;
            let verdict = if took < limit { "met" } else { "MISSED" };
            println!("target: {name} in under {limit:.0} ms: {took:.1} ms, {verdict}");
        }
    }
    if rows.iter().any(|r| matches!(r.check, Some(Err(_)))) {
        panic!("at least one generated crate does not pass cargo check (see above)");
    }
}

fn table(rows: &[Row], baseline_kb: u64, check: bool) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "| document | KiB | total ms (min-max) | on-CPU ms | run-queue ms | parse ms | lower ms | emit ms | format ms \
         | peak RSS MiB | over baseline MiB | files | .rs lines | types | operations | warnings |"
    );
    if check {
        out.push_str(" cargo check s | check CPU s |");
    }
    out.push_str("\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    if check {
        out.push_str("--:|--:|");
    }
    out.push('\n');
    for r in rows {
        let min = r.total.iter().min().copied().unwrap_or_default();
        let max = r.total.iter().max().copied().unwrap_or_default();
        let _ = write!(
            out,
            "| {} | {} | {} ({}-{}) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.size_kb,
            ms(median(&r.total)),
            ms(min),
            ms(max),
            ms(median(&r.on_cpu)),
            ms(median(&r.waiting)),
            ms(median(&r.parse)),
            ms(median(&r.lower)),
            ms(median(&r.emit)),
            ms(median(&r.format)),
            mb(r.hwm_kb),
            mb(r.hwm_kb.saturating_sub(baseline_kb)),
            r.files,
            r.rust_lines,
            r.types,
            r.operations,
            r.warnings,
        );
        if check {
            let cell = match &r.check {
                Some(Ok(took)) => format!(
                    " {:.1} | {:.1} |",
                    took.wall.as_secs_f64(),
                    took.cpu.as_secs_f64()
                ),
                Some(Err(_)) => " FAILED | - |".to_owned(),
                None => " - | - |".to_owned(),
            };
            out.push_str(&cell);
        }
        out.push('\n');
    }
    let _ = write!(
        out,
        "\nbaseline (a child that generates nothing): peak RSS {} MiB",
        mb(baseline_kb)
    );
    out
}

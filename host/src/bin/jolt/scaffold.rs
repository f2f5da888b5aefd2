//! `jolt new`: scaffold a host + guest project that proves and verifies out of the box.
//!
//! Nothing of this workspace is published, so the project refers to its crates by path: the
//! workspace this binary was built from (baked in at compile time), or `--jolt-path`. It
//! starts from this workspace's lock files, so it resolves to the versions CI tests (and can
//! share their build artefacts).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

/// Arguments of `jolt new`.
#[derive(Args)]
pub(crate) struct NewArgs {
    /// Name of the project: a new directory, and the host crate's name (the guest crate is
    /// NAME-guest).
    name: String,
    /// The jolt workspace whose `host` and `guest` crates the project uses (default: the one
    /// this `jolt` was built from).
    #[arg(long, value_name = "DIR")]
    jolt_path: Option<PathBuf>,
}

/// The workspace this binary was built from.
fn default_jolt_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("host/ is inside the workspace")
        .to_path_buf()
}

pub(crate) fn run(args: &NewArgs) -> Result<ExitCode, String> {
    let name = &args.name;
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(format!(
            "{name:?} is not a valid crate name: use letters, digits, '-' and '_', starting \
             with a letter"
        ));
    }
    let jolt = args.jolt_path.clone().unwrap_or_else(default_jolt_path);
    let jolt = std::fs::canonicalize(&jolt).map_err(|e| {
        format!(
            "the jolt workspace {} is not readable ({e}); pass --jolt-path DIR",
            jolt.display()
        )
    })?;
    if !jolt.join("host/Cargo.toml").is_file() || !jolt.join("guest/Cargo.toml").is_file() {
        return Err(format!(
            "{} is not the jolt workspace (no host/ and guest/ crates); pass --jolt-path DIR",
            jolt.display()
        ));
    }
    let root = PathBuf::from(name);
    if root.exists() {
        return Err(format!("{} already exists", root.display()));
    }
    let guest_crate = format!("{name}-guest");
    let guest_lib = guest_crate.replace('-', "_");
    let jolt_str = jolt.display().to_string();
    let files = [
        ("Cargo.toml", host_manifest(name, &guest_crate, &jolt_str)),
        ("src/main.rs", host_main(&guest_lib)),
        ("guest/Cargo.toml", guest_manifest(&guest_crate, &jolt_str)),
        ("guest/src/lib.rs", GUEST_LIB.to_string()),
        ("guest/src/main.rs", guest_main(&guest_lib)),
        (".gitignore", "/target\n/guest/target\n".to_string()),
    ];
    for (path, contents) in files {
        write(&root.join(path), &contents)?;
    }
    // Start from the versions this workspace is tested with.
    for (from, to) in [
        ("Cargo.lock", "Cargo.lock"),
        ("examples/Cargo.lock", "guest/Cargo.lock"),
    ] {
        if let Ok(lock) = std::fs::read_to_string(jolt.join(from)) {
            write(&root.join(to), &lock)?;
        }
    }
    println!("created {name}/ (host: {name}, guest: {guest_crate}, jolt: {jolt_str})");
    println!("prove and verify it:  cd {name} && cargo run --release");
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn host_manifest(name: &str, guest_crate: &str, jolt: &str) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
host = {{ path = "{jolt}/host" }}
{guest_crate} = {{ path = "guest" }}

# The guest is a workspace of its own (built for riscv32im-unknown-none-elf, with its own
# release profile).
[workspace]
exclude = ["guest"]

# Proving is arithmetic-bound: always optimise (the same settings as the jolt workspace).
[profile.release]
opt-level = 3
debug = "line-tables-only"
panic = "unwind"
"#
    )
}

fn host_main(guest_lib: &str) -> String {
    format!(
        r#"//! Proves and verifies the guest's `#[provable]` function.

fn main() -> Result<(), Box<dyn std::error::Error>> {{
    // Compiles the guest ELF and preprocesses it, once.
    let program = {guest_lib}::fib::build()?;
    let n = 50;
    let (value, proof) = program.prove(n)?;
    program.verify(n, &value, &proof)?;
    let cycles = program.analyze(n)?.outcome.cycles;
    println!(
        "fib({{n}}) = {{value}}: proved and verified ({{cycles}} cycles, {{}} proof bytes)",
        proof.to_bytes().len()
    );
    Ok(())
}}
"#
    )
}

fn guest_manifest(guest_crate: &str, jolt: &str) -> String {
    format!(
        r#"[package]
name = "{guest_crate}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
guest = {{ path = "{jolt}/guest" }}
serde = {{ version = "1", default-features = false, features = ["derive", "alloc"] }}

# The host side of #[provable] (build, prove, verify) exists only off RISC-V.
[target.'cfg(not(target_arch = "riscv32"))'.dependencies]
host = {{ path = "{jolt}/host" }}

[workspace]

# Every guest instruction is a proved cycle: optimise for speed.
[profile.release]
opt-level = 3
lto = true
codegen-units = 1
panic = "abort"
"#
    )
}

const GUEST_LIB: &str = r#"//! The guest: `#[provable]` functions. Arguments and results are serde types.
#![no_std]

/// `fib(n) mod 2^128`. A small memory keeps proving fast (the whole address space is
/// committed); raise `memory_size` for guests that allocate.
#[guest::provable(memory_size = 64 << 10, stack_size = 8 << 10, max_trace_length = 1 << 16)]
pub fn fib(n: u32) -> u128 {
    let (mut a, mut b) = (0u128, 1u128);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}
"#;

fn guest_main(guest_lib: &str) -> String {
    format!(
        r#"//! The guest binary: its entry is the `#[provable]` function the host selected.
#![cfg_attr(target_arch = "riscv32", no_std, no_main)]

use {guest_lib} as _;

#[cfg(not(target_arch = "riscv32"))]
fn main() {{}}
"#
    )
}

//! `jolt run` end to end: every example, and every kind of bad input gives a clear error and
//! a non-zero exit, never a panic.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{elf, encode};

fn jolt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jolt"))
        .args(args)
        .output()
        .expect("jolt starts")
}

fn run_elf(path: &Path, input: &[u8], extra: &[&str]) -> Output {
    let path = path.to_str().expect("utf-8 path");
    let input = hex::encode(input);
    let mut args = vec!["run", "--elf", path, "--input", &input];
    args.extend_from_slice(extra);
    jolt(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A failure of the tool itself: exit 125, one `error:` line, no Rust panic.
fn assert_tool_error(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(125), "stderr: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn runs_every_example_and_exits_with_its_code() {
    let cases: [(&str, Vec<u8>, i32); 7] = [
        ("fib", encode(&50u32), 0),
        ("collatz", encode(&100u32), 0),
        ("sha2-chain", encode(&(vec![1u8; 32], 2u32)), 0),
        ("sha3-chain", encode(&(vec![1u8; 32], 2u32)), 0),
        ("sort", encode(&(100u32, 3u64)), 0),
        ("muldiv", encode(&(100u32, 3u32)), 0),
        ("panic", encode(&11u32), 101),
    ];
    for (name, input, code) in cases {
        let o = run_elf(elf(name), &input, &[]);
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(code), "{name}: {out}{}", stderr(&o));
        assert!(out.contains(&format!("exit code: {code}")), "{out}");
        assert!(out.contains("cycles:"), "{out}");
    }
    // fib(50) = 12586269025, postcard-encoded u128 varint.
    let out = stdout(&run_elf(elf("fib"), &encode(&50u32), &[]));
    assert!(
        out.contains(&hex::encode(encode(&12_586_269_025u128))),
        "{out}"
    );
    let panicked = stdout(&run_elf(elf("panic"), &encode(&11u32), &[]));
    assert!(
        panicked.contains("panicked:  yes") && panicked.contains("larger than 10"),
        "{panicked}"
    );
}

#[test]
fn stack_overflow_is_reported() {
    let o = run_elf(elf("stack-overflow"), &encode(&1000u32), &[]);
    assert_tool_error(&o, "stack overflow");
    assert!(stderr(&o).contains("raise stack_size"));
}

#[test]
fn cycle_limit_is_reported() {
    let o = run_elf(
        elf("fib"),
        &encode(&1_000_000u32),
        &["--max-cycles", "5000"],
    );
    assert_tool_error(&o, "cycle limit reached");
}

#[test]
fn a_text_file_is_not_an_elf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "hello, I am not a program\n").expect("write");
    assert_tool_error(
        &run_elf(&path, &[], &[]),
        "not an ELF file (it looks like a text file)",
    );
}

#[test]
fn a_missing_file_is_reported() {
    assert_tool_error(
        &run_elf(Path::new("/nonexistent/guest.elf"), &[], &[]),
        "cannot read",
    );
}

#[test]
fn an_x86_elf_is_rejected() {
    // The jolt binary itself is an x86-64 (host) ELF.
    let o = run_elf(Path::new(env!("CARGO_BIN_EXE_jolt")), &[], &[]);
    assert_tool_error(&o, "64-bit x86-64 ELF");
    assert!(stderr(&o).contains("riscv32im-unknown-none-elf"));
}

#[test]
fn an_rv64_elf_is_rejected() {
    // A minimal ELF64 header for RISC-V: class 2, little-endian, e_machine 243.
    let mut header = vec![0u8; 64];
    header[..4].copy_from_slice(b"\x7fELF");
    header[4] = 2;
    header[5] = 1;
    header[6] = 1;
    header[16..18].copy_from_slice(&2u16.to_le_bytes());
    header[18..20].copy_from_slice(&243u16.to_le_bytes());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rv64.elf");
    std::fs::write(&path, header).expect("write");
    assert_tool_error(&run_elf(&path, &[], &[]), "64-bit RISC-V (RV64) ELF");
}

#[test]
fn a_truncated_elf_is_rejected() {
    let bytes = std::fs::read(elf("fib")).expect("read");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("truncated.elf");
    std::fs::write(&path, &bytes[..100]).expect("write");
    assert_tool_error(&run_elf(&path, &[], &[]), "malformed ELF");
}

#[test]
fn bad_hex_and_oversized_input_are_reported() {
    let path = elf("fib").to_str().expect("utf-8");
    assert_tool_error(
        &jolt(&["run", "--elf", path, "--input", "xyz"]),
        "--input must be hex",
    );
    let big = vec![0u8; 5000];
    assert_tool_error(&run_elf(elf("fib"), &big, &[]), "raise max_input_size");
}

#[test]
fn a_memory_override_that_disagrees_with_the_elf_is_reported() {
    let o = run_elf(elf("fib"), &encode(&5u32), &["--memory-size", "8388608"]);
    assert_tool_error(&o, "was linked for");
}

#[test]
fn help_is_available() {
    let o = jolt(&["run", "--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("--elf"));
}

#[test]
fn build_names_the_choice_it_cannot_make() {
    let examples = common::examples_dir();
    let dir = examples.to_str().expect("utf-8");
    let o = jolt(&["build", "--path", dir]);
    assert_tool_error(&o, "choose a package");
    assert!(
        stderr(&o).contains("sha2-chain"),
        "lists the members: {}",
        stderr(&o)
    );
    assert_tool_error(
        &jolt(&["build", "--path", dir, "-p", "nope"]),
        "no package \"nope\"",
    );
    // A function of a crate without #[provable] functions: named, no build attempted.
    let o = jolt(&["build", "--path", dir, "-p", "fib", "--function", "fib"]);
    assert_tool_error(&o, "package fib has no #[provable] function \"fib\"");
    assert!(stderr(&o).contains("(none"), "{}", stderr(&o));
    let o = jolt(&["build", "--path", dir, "-p", "fib"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .trim_end()
            .ends_with("riscv32im-unknown-none-elf/release/fib")
    );
}

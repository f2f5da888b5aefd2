//! `jolt prove` / `jolt verify` / `jolt profile` end to end on example ELFs: round trips with
//! both schemes, exit code 1 and a clear message for forged, corrupt and foreign proofs, and
//! the errors that name their fix.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{encode, examples_dir, jolt, s, text};
use host::{GuestBuild, MemoryConfig};

fn config() -> MemoryConfig {
    common::small_config()
}

/// The examples these tests prove, built once and copied out of the shared target directory
/// (other test binaries relink them with other configurations).
fn elf_path(name: &str) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["fib", "panic", "stack-overflow"] {
            let built = GuestBuild::new(examples_dir())
                .package(name)
                .config(config())
                .locked(true)
                .build()
                .unwrap_or_else(|e| panic!("building {name}: {e}"));
            std::fs::copy(built, dir.path().join(name)).expect("copies the ELF");
        }
        dir
    });
    dir.path().join(name)
}

/// Proves fib(20) into `dir/name` with extra arguments; returns the proof path.
fn prove_fib(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let proof = dir.join(name);
    let input = hex::encode(encode(&20u32));
    let elf = elf_path("fib");
    let mut args = vec![
        "prove",
        "--elf",
        s(&elf),
        "--input",
        &input,
        "-o",
        s(&proof),
    ];
    args.extend_from_slice(&["--max-log-cycles", "12"]);
    args.extend_from_slice(extra);
    let o = jolt(&args);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(text(&o.stdout).contains("output:"), "{}", text(&o.stdout));
    proof
}

/// Verifies against the fib ELF with the bound `prove_fib` uses (the verifier's bound is
/// its own, never the file's).
fn verify(proof: &Path, extra: &[&str]) -> Output {
    let elf = elf_path("fib");
    let mut args = vec!["verify", "--elf", s(&elf), "--proof", s(proof)];
    args.extend_from_slice(&["--max-log-cycles", "12"]);
    args.extend_from_slice(extra);
    jolt(&args)
}

fn assert_rejected(o: &Output, needle: &str) {
    let err = text(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout {} stderr {err}",
        text(&o.stdout)
    );
    assert!(err.contains("rejected"), "{err}");
    assert!(err.contains(needle), "expected {needle:?} in {err}");
    assert!(!err.contains("panicked at"), "{err}");
}

#[test]
fn prove_elf_then_verify_round_trips_and_forgeries_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proof = prove_fib(dir.path(), "fib.jolt", &[]);
    let o = verify(&proof, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).starts_with("accepted"),
        "{}",
        text(&o.stdout)
    );
    // fib(20) = 6765, postcard varint.
    let output = hex::encode(encode(&6765u128));
    assert!(text(&o.stdout).contains(&output), "{}", text(&o.stdout));
    assert!(verify(&proof, &["--output", &output]).status.success());

    // A claimed output the run did not produce: rejected, showing both.
    assert_rejected(
        &verify(&proof, &["--expect-output", "00"]),
        &format!("the proof's output is 2 bytes: {output}, but 1 byte: 00 is required"),
    );
    // A flipped bit inside the proof.
    let bytes = std::fs::read(&proof).expect("reads");
    let mut forged = bytes.clone();
    let at = bytes.len() - 100;
    forged[at] ^= 1;
    let path = dir.path().join("forged.jolt");
    std::fs::write(&path, &forged).expect("writes");
    assert_rejected(&verify(&path, &[]), "rejected");
    // Corrupt files: a clear error, never a panic.
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("writes");
    assert_rejected(&verify(&path, &[]), "truncated");
    std::fs::write(&path, b"not a proof").expect("writes");
    assert_rejected(&verify(&path, &[]), "not a jolt proof file");
    let mut version = bytes;
    version[8] = 99;
    std::fs::write(&path, &version).expect("writes");
    assert_rejected(&verify(&path, &[]), "format version 99");
    // The proof of another program: both digests are shown.
    let panic_elf = elf_path("panic");
    let o = jolt(&[
        "verify",
        "--elf",
        s(&panic_elf),
        "--proof",
        s(&proof),
        "--max-log-cycles",
        "12",
    ]);
    assert_rejected(&o, "another program: its program digest is");
    assert!(text(&o.stderr).contains("this program's is"));
}

#[test]
fn the_verifier_owns_the_trace_bound() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proof = prove_fib(dir.path(), "fib.jolt", &[]);
    // Without --max-log-cycles a plain ELF's bound is the default, not the file's 2^12.
    let elf = elf_path("fib");
    let o = jolt(&["verify", "--elf", s(&elf), "--proof", s(&proof)]);
    assert_rejected(
        &o,
        "made with a trace bound of 2^12 cycles, this verifier's bound is 2^20",
    );
    assert!(
        text(&o.stderr).contains("the default"),
        "{}",
        text(&o.stderr)
    );
    // A changed bound byte (after magic, version and scheme) is named with both values.
    let mut bytes = std::fs::read(&proof).expect("reads");
    assert_eq!(bytes[11], 12, "the header's bound byte");
    bytes[11] = 13;
    let tampered = dir.path().join("bound.jolt");
    std::fs::write(&tampered, &bytes).expect("writes");
    assert_rejected(
        &verify(&tampered, &[]),
        "made with a trace bound of 2^13 cycles, this verifier's bound is 2^12",
    );
}

#[test]
fn zeromorph_needs_an_srs_and_round_trips_with_the_dev_srs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let elf = elf_path("fib");
    let o = jolt(&[
        "prove",
        "--elf",
        s(&elf),
        "--pcs",
        "zeromorph",
        "--max-log-cycles",
        "12",
    ]);
    assert_eq!(o.status.code(), Some(125));
    assert!(text(&o.stderr).contains("--dev-srs"), "{}", text(&o.stderr));
    let proof = prove_fib(dir.path(), "z.jolt", &["--pcs", "zeromorph", "--dev-srs"]);
    let o = verify(&proof, &["--dev-srs"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // A verifier must choose the SRS; it is never taken from the proof file.
    let o = verify(&proof, &[]);
    assert!(text(&o.stderr).contains("--srs"), "{}", text(&o.stderr));
}

#[test]
fn a_panicking_guest_is_proven_with_its_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proof = dir.path().join("panic.jolt");
    let elf = elf_path("panic");
    let input = hex::encode(encode(&11u32));
    let o = jolt(&[
        "prove",
        "--elf",
        s(&elf),
        "--input",
        &input,
        "-o",
        s(&proof),
        "--max-log-cycles",
        "14",
    ]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}{}", text(&o.stderr));
    assert!(
        out.contains("panicked:    yes") && out.contains("larger than 10"),
        "{out}"
    );
    let verify = |extra: &[&str]| {
        let mut args = vec![
            "verify",
            "--elf",
            s(&elf),
            "--proof",
            s(&proof),
            "--max-log-cycles",
            "14",
        ];
        args.extend_from_slice(extra);
        jolt(&args)
    };
    // Accepted as stated, and the statement is printed in full.
    let o = verify(&[]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for needle in [
        "accepted",
        "input:       1 bytes: 0b",
        "panicked:    yes",
        "exit code:   101",
        "terminated:  yes",
        "trace bound: 2^14 cycles",
    ] {
        assert!(out.contains(needle), "expected {needle:?} in {out}");
    }
    // A verifier that insists on a normal exit rejects it, showing both codes.
    assert_rejected(
        &verify(&["--expect-exit", "0"]),
        "the proof's exit code is 101, but 0 is required",
    );
    assert!(verify(&["--expect-exit", "101"]).status.success());
    // Bad expectations are the caller's error, not a rejection.
    let o = verify(&["--expect-output", "xyz"]);
    assert_eq!(o.status.code(), Some(125), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("--expect-output must be hex"));
}

fn assert_prove_error(args: &[&str], needles: &[&str]) {
    let o = jolt(args);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(125), "{err}");
    assert!(err.starts_with("error: "), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "expected {needle:?} in {err}");
    }
    assert!(!err.contains("panicked at"), "{err}");
}

#[test]
fn prove_errors_name_the_fix() {
    let prove = |elf: &str, input: &[u8], extra: &[&str], needles: &[&str]| {
        let (elf, input) = (elf_path(elf), hex::encode(input));
        let mut args = vec![
            "prove",
            "--elf",
            s(&elf),
            "--input",
            &input,
            "-o",
            "/dev/null",
        ];
        args.extend_from_slice(extra);
        assert_prove_error(&args, needles);
    };
    // The cycle limit (a run longer than the trace bound is sharded, not refused).
    prove(
        "fib",
        &encode(&100_000u32),
        &["--max-log-cycles", "10", "--max-cycles", "5000"],
        &["cycle limit reached", "5000 instructions", "--max-cycles"],
    );
    // A shard size above the trace bound, with both fixes.
    prove(
        "fib",
        &encode(&20u32),
        &["--max-log-cycles", "10", "--shard-log-rows", "11"],
        &["--shard-log-rows 10 or less", "--max-log-cycles 11"],
    );
    // An input larger than the layout allows, with both sizes.
    prove(
        "fib",
        &[0; 3000],
        &[],
        &["3000 bytes", "2048", "max_input_size"],
    );
    // Stack overflow.
    prove(
        "stack-overflow",
        &encode(&100_000u32),
        &[],
        &["stack overflow", "raise stack_size"],
    );
}

#[test]
fn profile_reports_stages_sizes_and_committed_bits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let elf = elf_path("fib");
    let input = hex::encode(encode(&20u32));
    let trace = dir.path().join("trace.json");
    let proof = dir.path().join("p.jolt");
    let o = jolt(&[
        "profile",
        "--elf",
        s(&elf),
        "--input",
        &input,
        "--max-log-cycles",
        "12",
        "-o",
        s(&proof),
        "--trace-json",
        s(&trace),
    ]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}{}", text(&o.stderr));
    for needle in ["commit", "r1cs", "opening", "bits / cycle", "addi"] {
        assert!(out.contains(needle), "expected {needle:?} in {out}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&trace).expect("trace written")).expect("JSON");
    let events = json
        .as_array()
        .expect("a Chrome trace is an array of events");
    assert!(
        events.iter().any(|e| e["name"] == "commit"),
        "the trace has the prover's spans"
    );
}

#[test]
fn help_is_available_everywhere() {
    for command in ["new", "build", "run", "prove", "verify", "profile"] {
        let o = jolt(&[command, "--help"]);
        assert!(o.status.success(), "{command}");
        assert!(text(&o.stdout).contains("Usage"), "{command}");
    }
    assert!(text(&jolt(&["--help"]).stdout).contains("--trace-json"));
}

#[test]
fn a_missing_target_names_the_rustup_command() {
    let message = host::BuildError::MissingTarget("rustup exited with 1".into()).to_string();
    assert!(
        message.contains("rustup target add riscv32im-unknown-none-elf"),
        "{message}"
    );
}

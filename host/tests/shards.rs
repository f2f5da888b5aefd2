//! Continuations through the host: `jolt prove --shard-log-rows` cuts a run into shards that
//! `jolt verify` checks; dropped or repeated shards are rejected naming the shard; old proof
//! files give the version error; a shard too large for the machine's memory is refused
//! before proving, naming a shard size that fits; and the library proves in shards.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{encode, examples_dir, jolt, s, text};
use host::footprint::Footprint;
use host::jolt_core::pcs::{Hyrax, HyraxParams};
use host::{GuestBuild, GuestProgram, HostError, MemoryConfig, Proof, preprocess};
use tracer::asm::{self, reg};
use tracer::{Layout, Opcode};

/// 64 KiB of RAM: a small address space keeps each shard's proof fast.
fn config() -> MemoryConfig {
    MemoryConfig {
        memory_size: 64 << 10,
        stack_size: 8 << 10,
        max_input_size: 1 << 10,
        max_output_size: 1 << 10,
    }
}

/// Trace bound of every proof here; fib(20) runs 724 rows, so shards of 2^8 rows give three.
const MAX_LOG_CYCLES: &str = "12";
const SHARD_LOG_ROWS: &str = "8";

struct Fixture {
    dir: tempfile::TempDir,
    elf: PathBuf,
    /// fib(20) proven in shards of 2^8 rows.
    sharded: PathBuf,
}

/// The fib ELF (copied out of the shared target directory, which other test binaries relink
/// with other configurations) and its sharded proof, made once.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let built = GuestBuild::new(examples_dir())
            .package("fib")
            .config(config())
            .locked(true)
            .build()
            .expect("builds fib");
        let elf = dir.path().join("fib");
        std::fs::copy(built, &elf).expect("copies the ELF");
        let sharded = dir.path().join("sharded.jolt");
        let o = prove(&elf, &sharded, &["--shard-log-rows", SHARD_LOG_ROWS]);
        assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
        assert!(
            text(&o.stdout).contains("shards:      3 of at most 2^8 rows"),
            "{}",
            text(&o.stdout)
        );
        Fixture { dir, elf, sharded }
    })
}

fn fib_input() -> String {
    hex::encode(encode(&20u32))
}

/// `jolt prove` of fib(20) into `proof`.
fn prove(elf: &Path, proof: &Path, extra: &[&str]) -> Output {
    let input = fib_input();
    let mut args = vec![
        "prove",
        "--elf",
        s(elf),
        "--input",
        &input,
        "--max-log-cycles",
        MAX_LOG_CYCLES,
        "-o",
        s(proof),
    ];
    args.extend_from_slice(extra);
    jolt(&args)
}

fn verify(proof: &Path) -> Output {
    let elf = &fixture().elf;
    jolt(&[
        "verify",
        "--elf",
        s(elf),
        "--proof",
        s(proof),
        "--max-log-cycles",
        MAX_LOG_CYCLES,
    ])
}

/// The statement lines `jolt verify` prints (input, output, flags, exit code).
fn statement(verified: &Output) -> Vec<String> {
    text(&verified.stdout)
        .lines()
        .filter(|l| {
            [
                "input:",
                "output:",
                "panicked:",
                "exit code:",
                "terminated:",
            ]
            .iter()
            .any(|p| l.starts_with(p))
        })
        .map(str::to_string)
        .collect()
}

fn assert_rejected(o: &Output, needles: &[&str]) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{}{err}", text(&o.stdout));
    for needle in needles {
        assert!(err.contains(needle), "expected {needle:?} in {err}");
    }
    assert!(!err.contains("panicked at"), "{err}");
}

#[test]
fn a_sharded_proof_verifies_with_the_unsharded_statement() {
    let f = fixture();
    let o = verify(&f.sharded);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("accepted") && out.contains("shards:      3"),
        "{out}"
    );
    // The same run in one shard (the default: the trace bound) states the same thing.
    let whole = f.dir.path().join("whole.jolt");
    let o = prove(&f.elf, &whole, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("shards:      1 of at most 2^12 rows"));
    let whole = verify(&whole);
    assert!(whole.status.success(), "{}", text(&whole.stderr));
    let sharded = verify(&f.sharded);
    assert_eq!(statement(&sharded), statement(&whole));
    // fib(20) = 6765, postcard varint.
    let output = hex::encode(encode(&6765u128));
    assert!(statement(&sharded).contains(&format!("output:      2 bytes: {output}")));
}

#[test]
fn a_dropped_or_repeated_shard_is_rejected_naming_the_shard() {
    let f = fixture();
    let proof = Proof::<Hyrax>::load(&f.sharded).expect("loads");
    assert_eq!(proof.proof.num_shards(), 3);
    assert_eq!(proof.proof.boundary_pcs.len(), 2);
    let path = f.dir.path().join("edited.jolt");

    // The last shard dropped: the first shard was proven as one of three, not two.
    let mut dropped = proof.clone();
    dropped.proof.shards.pop();
    dropped.proof.boundary_pcs.pop();
    dropped.save(&path).expect("saves");
    assert_rejected(
        &verify(&path),
        &["rejected", "shard 0 (of 2, counting from 0) rejected"],
    );

    // The second shard repeated in the third's place: checked as shard 2, it fails there.
    let mut repeated = proof.clone();
    repeated.proof.shards[2] = repeated.proof.shards[1].clone();
    repeated.save(&path).expect("saves");
    assert_rejected(
        &verify(&path),
        &["shard 2 (of 3, counting from 0) rejected"],
    );

    // The second shard repeated as an extra shard (with its boundary pc).
    let mut extra = proof;
    extra.proof.shards.insert(2, extra.proof.shards[1].clone());
    extra
        .proof
        .boundary_pcs
        .insert(1, extra.proof.boundary_pcs[0]);
    extra.save(&path).expect("saves");
    assert_rejected(&verify(&path), &["of 4, counting from 0) rejected"]);
}

#[test]
fn a_version_1_proof_file_gives_the_version_error() {
    let f = fixture();
    let mut bytes = std::fs::read(&f.sharded).expect("reads");
    assert_eq!(&bytes[8..10], &2u16.to_le_bytes(), "version 2 is written");
    bytes[8..10].copy_from_slice(&1u16.to_le_bytes());
    let path = f.dir.path().join("v1.jolt");
    std::fs::write(&path, &bytes).expect("writes");
    let needle = "format version 1, this build reads version 2";
    assert_rejected(&verify(&path), &[needle]);
    let err = Proof::<Hyrax>::from_bytes(&bytes).expect_err("version 1");
    assert!(err.to_string().contains(needle), "{err}");
}

#[test]
fn a_shard_too_large_for_memory_is_refused_before_proving() {
    let f = fixture();
    // The CLI, told that 1.5 GB are available: fib(100000) runs millions of rows, so its
    // first shard fills the default 2^20 rows (about 3.6 GiB to prove). Refused after the
    // plan, before any proving: it takes a fraction of a second.
    let out = f.dir.path().join("never.jolt");
    let input = hex::encode(encode(&100_000u32));
    let o = jolt(&[
        "prove",
        "--elf",
        s(&f.elf),
        "--input",
        &input,
        "--assume-available-memory",
        "1500000000",
        "-o",
        s(&out),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(125), "{err}");
    for needle in [
        "a shard of 2^20 rows needs about 3.6 GiB",
        "1.4 GiB is available",
        "--shard-log-rows 18",
    ] {
        assert!(err.contains(needle), "expected {needle:?} in {err}");
    }
    assert!(!out.exists(), "nothing was proven");
    // The library, with the available memory passed in.
    let guest = GuestProgram::load(&f.elf, None).expect("loads");
    let (prover, _) =
        preprocess::<Hyrax>(&guest, 12, &HyraxParams::default()).expect("preprocesses");
    let footprint = Footprint::of_shard(prover.preprocessing(), 20);
    let err = footprint
        .check(Some(footprint.bytes() - 1))
        .expect_err("one byte short");
    assert!(
        matches!(err, HostError::OutOfMemory { fits: Some(19), .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("--shard-log-rows 19"), "{err}");
    assert!(footprint.check(Some(footprint.bytes())).is_ok());
    assert!(
        footprint.check(None).is_ok(),
        "unknown memory is not checked"
    );
}

#[test]
fn profile_reports_the_shards_and_their_memory() {
    let f = fixture();
    let out = f.dir.path().join("profiled.jolt");
    let input = fib_input();
    let o = jolt(&[
        "profile",
        "--elf",
        s(&f.elf),
        "--input",
        &input,
        "--max-log-cycles",
        MAX_LOG_CYCLES,
        "--shard-log-rows",
        SHARD_LOG_ROWS,
        "-o",
        s(&out),
    ]);
    let stdout = text(&o.stdout);
    assert!(o.status.success(), "{stdout}{}", text(&o.stderr));
    for needle in [
        "shards:      3 of at most 2^8 rows",
        "memory:      about",
        "shard framing",
        "reported for runs that fit one shard",
    ] {
        assert!(stdout.contains(needle), "expected {needle:?} in {stdout}");
    }
}

/// A hand-assembled program: 30 increments of one register (carried across shards), written
/// as the one-byte output.
fn counting_program() -> GuestProgram {
    let config = MemoryConfig {
        memory_size: 16 << 10,
        stack_size: 4 << 10,
        max_input_size: 64,
        max_output_size: 64,
    };
    let out = Layout::new(config).expect("layout").output_start;
    let mut code = asm::li(reg::T0, out);
    code.extend((0..30).map(|_| asm::addi(6, 6, 1)));
    code.push(asm::s(Opcode::Sw, 6, 12, reg::T0)); // output byte 0
    code.push(asm::addi(6, 0, 1));
    code.push(asm::s(Opcode::Sw, 6, 8, reg::T0)); // output length = 1
    code.push(asm::s(Opcode::Sw, 6, 4, reg::T0)); // termination flag
    code.extend(asm::exit(0));
    let words = asm::assemble(&code).expect("assembles");
    let elf = asm::elf_recording_config(&words, &[], &config).expect("links");
    GuestProgram::from_elf(elf, None, "counting").expect("loads")
}

#[test]
fn the_library_proves_in_shards() {
    let guest = counting_program();
    let (prover, verifier) =
        preprocess::<Hyrax>(&guest, 8, &HyraxParams::default()).expect("preprocesses");
    assert_eq!(prover.shard_log_rows(), 8, "the default is the trace bound");
    // Shards of 2^4 rows hold 15 rows each: about 38 rows make three.
    let prover = prover.with_shard_log_rows(4);
    let plan = prover.plan(&[]).expect("plans");
    assert_eq!(plan.shards.len(), 3, "{plan:?}");
    let mut events = Vec::new();
    let proof = prover
        .prove_plan(&[], &plan, &mut |e| events.push(e))
        .expect("proves");
    assert_eq!(proof.io.output, [30]);
    assert_eq!(proof.proof.num_shards(), plan.shards.len());
    assert_eq!(events.len(), 1 + plan.shards.len(), "{events:?}");
    verifier.verify(&proof).expect("verifies");
    let decoded = Proof::<Hyrax>::from_bytes(&proof.to_bytes()).expect("decodes");
    verifier
        .verify(&decoded)
        .expect("the decoded proof verifies");
    // `prove` shards the same way.
    assert_eq!(
        prover.prove(&[]).expect("proves").to_bytes(),
        proof.to_bytes()
    );
    // Shards above the trace bound are the caller's error, naming both fixes.
    let err = prover
        .with_shard_log_rows(9)
        .prove(&[])
        .expect_err("above the bound");
    assert!(
        matches!(
            err,
            HostError::ShardTooLarge {
                shard_log_rows: 9,
                max_log_cycles: 8
            }
        ),
        "{err}"
    );
}

//! `#[provable]` end to end: several functions of one guest crate (`examples/provable-demo`),
//! each built into its own ELF, proved, verified against chosen arguments and claimed
//! results, analysed; and the errors that name their fix, through the typed API.

mod common;

use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use common::{jolt, text};
use host::provable::EntryRecord;
use host::{Expectations, HostError, Proof};
use provable_demo::{allocate, echo, fib, stats};

/// Each function is compiled and preprocessed once per test binary.
fn fib_program() -> &'static fib::Program {
    static P: OnceLock<fib::Program> = OnceLock::new();
    P.get_or_init(|| fib::build().expect("builds and preprocesses fib"))
}

#[test]
fn fib_proves_verifies_and_binds_its_arguments_and_result() {
    let program = fib_program();
    let (value, proof) = program.prove(30).expect("proves");
    assert_eq!(value, fib(30), "the guest agrees with the host build");
    program.verify(30, &value, &proof).expect("verifies");
    // Another claimed result, or other arguments, are rejected.
    let err = program
        .verify(30, &(value + 1), &proof)
        .expect_err("forged result");
    assert!(
        matches!(err, HostError::Unexpected { what: "output", .. }),
        "{err}"
    );
    let err = program
        .verify(31, &value, &proof)
        .expect_err("other argument");
    assert!(
        matches!(err, HostError::Unexpected { what: "input", .. }),
        "{err}"
    );
    assert!(err.is_rejection());
    // The statement in the proof is checked by the proof itself: a forged one is rejected.
    let mut forged = proof.clone();
    forged.io.output = postcard::to_allocvec(&(value + 1)).expect("encodes");
    let err = program
        .verify(30, &(value + 1), &forged)
        .expect_err("forged statement");
    assert!(matches!(err, HostError::Rejected { .. }), "{err}");
    // Proof files round-trip.
    let decoded = Proof::from_bytes(&proof.to_bytes()).expect("decodes");
    program
        .verify(30, &value, &decoded)
        .expect("the decoded proof verifies");
}

#[test]
fn several_functions_of_one_crate_each_get_their_own_elf() {
    let stats = stats::build().expect("builds stats");
    let values = vec![3u32, 9, 4];
    let (result, proof) = stats.prove(7, values.clone()).expect("proves");
    assert_eq!(result, (7, 16, 9));
    stats.verify(7, values, &result, &proof).expect("verifies");
    // A proof of one function never verifies as another's: the programs differ.
    let (_, fib_proof) = fib_program().prove(3).expect("proves");
    let err = stats
        .0
        .verifier()
        .verify(&fib_proof)
        .expect_err("wrong program");
    assert!(matches!(err, HostError::WrongProgram { .. }), "{err}");
    assert_ne!(
        stats.0.prover().guest().elf(),
        fib_program().0.prover().guest().elf()
    );
}

#[test]
fn analyze_reports_cycles_instructions_and_memory() {
    let analysis = fib_program().analyze(50).expect("analyses");
    assert!(analysis.outcome.cycles > 50, "{analysis:?}");
    let total: u64 = analysis.instructions.iter().map(|(_, n)| n).sum();
    assert_eq!(total, analysis.outcome.cycles);
    assert!(analysis.stack_used > 0 && analysis.stack_used <= analysis.stack_size);
    assert_eq!(fib_program().run(50).expect("runs"), fib(50));
}

#[test]
fn heap_exhaustion_is_a_guest_panic_naming_the_fix() {
    let program = allocate::build().expect("builds allocate");
    assert_eq!(program.run(100).expect("fits"), 100);
    let err = program.run(1 << 20).expect_err("does not fit in 64 KiB");
    let message = err.to_string();
    assert!(matches!(err, HostError::GuestPanicked { .. }), "{message}");
    assert!(
        message.contains("heap exhausted") && message.contains("raise memory_size"),
        "{message}"
    );
    // The panic is provable: the proof shows the panic flag and message.
    let proof = program
        .0
        .prover()
        .prove(&postcard::to_allocvec(&(1u32 << 20,)).expect("encodes"))
        .expect("proves the panic");
    assert!(proof.io.panicked);
    program.0.verifier().verify(&proof).expect("verifies");
}

#[test]
fn output_too_large_and_input_too_large_name_the_limit() {
    let program = echo::build().expect("builds echo");
    assert_eq!(program.run(3).expect("fits"), [0, 1, 2]);
    let message = program.run(200).expect_err("too large").to_string();
    assert!(
        message.contains("max_output_size") && message.contains("raise"),
        "{message}"
    );
    let stats = stats::build().expect("builds stats");
    let err = stats.run(1, vec![0; 2000]).expect_err("input too large");
    let message = err.to_string();
    assert!(
        message.contains("max_input_size") && message.contains("1024"),
        "{message}"
    );
}

#[test]
fn a_provable_function_proves_in_shards_unchanged() {
    // The same function, its prover told to cut shards of 2^9 rows.
    let program = fib::build().expect("builds fib").0.with_shard_log_rows(9);
    let (value, proof) = program.prove(&(30,)).expect("proves");
    assert_eq!(value, fib(30));
    assert!(
        proof.proof.num_shards() >= 2,
        "{}",
        proof.proof.num_shards()
    );
    program.verify(&(30,), &value, &proof).expect("verifies");
    // The function's own verifier (no shard size to know) accepts it too.
    fib_program()
        .verify(30, &value, &proof)
        .expect("verifies with the default verifier");
}

#[test]
fn the_cycle_limit_is_an_error_naming_how_to_raise_it() {
    // A run longer than max_trace_length is sharded; only the cycle limit stops it.
    let program = fib::build().expect("builds fib").0.with_max_cycles(10_000);
    for err in [
        program
            .prove(&(100_000,))
            .expect_err("too long")
            .to_string(),
        program.run(&(100_000,)).expect_err("too long").to_string(),
    ] {
        assert!(
            err.contains("cycle limit reached: the guest ran 10000 instructions")
                && err.contains("with_max_cycles"),
            "{err}"
        );
    }
}

#[test]
fn preprocessing_saves_and_loads() {
    use host::jolt_core::pcs::Hyrax;
    let dir = tempfile::tempdir().expect("tempdir");
    let (prover_path, verifier_path) = (dir.path().join("p.key"), dir.path().join("v.key"));
    let program = fib_program();
    program.0.prover().save(&prover_path).expect("saves");
    program.0.verifier().save(&verifier_path).expect("saves");
    let prover = host::Prover::<Hyrax>::load(&prover_path).expect("loads");
    let verifier = host::Verifier::<Hyrax>::load(&verifier_path).expect("loads");
    let proof = prover
        .prove(&postcard::to_allocvec(&10u32).expect("encodes"))
        .expect("proves");
    verifier.verify(&proof).expect("verifies");
    program
        .0
        .verifier()
        .verify(&proof)
        .expect("the same statement");
    // A verifier key is not a prover key, and junk is not a key.
    let err = host::Prover::<Hyrax>::load(&verifier_path).expect_err("wrong role");
    assert!(err.to_string().contains("role"), "{err}");
    std::fs::write(&prover_path, b"junk").expect("writes");
    let err = host::Prover::<Hyrax>::load(&prover_path).expect_err("junk");
    assert!(
        err.to_string().contains("not a jolt preprocessing file"),
        "{err}"
    );
}

fn demo_dir() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/provable-demo")
        .to_str()
        .expect("utf-8 path")
        .to_string()
}

#[test]
fn the_elf_records_the_attribute() {
    let elf = fib_program()
        .0
        .prover()
        .guest()
        .elf()
        .expect("built from an ELF");
    let record = EntryRecord::read(elf).expect("a #[provable] ELF");
    let spec = fib::spec();
    assert_eq!(record.function, "fib");
    assert_eq!(record.config, spec.config);
    assert_eq!(record.max_log_cycles, spec.max_log_cycles);
    assert_eq!(spec.max_log_cycles, 14, "max_trace_length = 1 << 14");
    assert_ne!(
        spec.config,
        host::MemoryConfig::default(),
        "a non-default layout"
    );
}

#[test]
fn cli_and_library_prove_and_verify_the_same_program() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = demo_dir();
    let crate_args = ["--path", demo.as_str(), "--function", "fib"];
    let output = hex::encode(postcard::to_allocvec(&fib(20)).expect("encodes"));

    // A library-made proof, verified by the CLI with the attribute's layout and bound.
    let (value, proof) = fib_program().prove(20).expect("proves");
    let library_proof = dir.path().join("library.jolt");
    proof.save(&library_proof).expect("saves");
    let mut args = vec!["verify", "--proof", library_proof.to_str().expect("utf-8")];
    args.extend_from_slice(&crate_args);
    args.extend_from_slice(&["--expect-exit", "0", "--expect-output", &output]);
    let o = jolt(&args);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}{}", text(&o.stderr));
    assert!(out.contains("trace bound: 2^14 cycles"), "{out}");

    // A CLI-made proof, verified by the library.
    let cli_proof = dir.path().join("cli.jolt");
    let input = hex::encode(postcard::to_allocvec(&20u32).expect("encodes"));
    let mut args = vec![
        "prove",
        "--input",
        &input,
        "-o",
        cli_proof.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(&crate_args);
    let o = jolt(&args);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let proof = Proof::load(&cli_proof).expect("loads");
    fib_program()
        .verify(20, &value, &proof)
        .expect("the library accepts the CLI's proof");
    fib_program()
        .0
        .verifier()
        .verify_expecting(
            &proof,
            &Expectations::success().output(hex::decode(&output).expect("hex")),
        )
        .expect("expectations met");
    let err = fib_program()
        .0
        .verifier()
        .verify_expecting(&proof, &Expectations::new().exit_code(7))
        .expect_err("exit code 0");
    assert_eq!(
        err.to_string(),
        "the proof's exit code is 0, but 7 is required"
    );
}

#[test]
fn a_provable_crate_lists_its_functions_and_each_gets_its_own_elf() {
    let demo = demo_dir();
    let assert_lists = |o: &Output, needle: &str| {
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(125), "{err}");
        assert!(err.contains(needle), "expected {needle:?} in {err}");
        for name in ["fib", "stats", "allocate", "echo"] {
            assert!(err.contains(&format!("\n  {name} ")), "lists {name}: {err}");
        }
        assert!(
            err.contains("max_output_size = 64"),
            "shows the attributes: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    };
    assert_lists(
        &jolt(&["build", "--path", &demo]),
        "has 4 #[provable] functions, each built into its own ELF; choose one with --function",
    );
    assert_lists(
        &jolt(&["prove", "--path", &demo, "--function", "nope"]),
        "no #[provable] function \"nope\"",
    );
    // A layout flag may not change the attribute's layout; both values are shown.
    let o = jolt(&[
        "build",
        "--path",
        &demo,
        "--function",
        "echo",
        "--max-output-size",
        "128",
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(125), "{err}");
    assert!(
        err.contains("--max-output-size is 128, but the #[provable] attribute of echo sets max_output_size = 64"),
        "{err}"
    );
    // One path per function, and the library uses the same ones.
    let o = jolt(&["build", "--path", &demo, "--function", "echo"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let echo_elf = text(&o.stdout).trim_end().to_string();
    assert!(echo_elf.ends_with("provable-demo.echo.elf"), "{echo_elf}");
    let record = EntryRecord::read(&std::fs::read(&echo_elf).expect("reads")).expect("record");
    assert_eq!(record.config, echo::spec().config);
    let build = host::GuestBuild::new(&demo);
    let fib_elf = host::provable::function_elf_path(&build, "fib").expect("resolves");
    assert!(
        fib_elf.ends_with("provable-demo.fib.elf"),
        "{}",
        fib_elf.display()
    );
    fib_program();
    let fib_bytes = std::fs::read(&fib_elf).expect("the library kept fib's ELF there");
    assert_eq!(
        EntryRecord::read(&fib_bytes).map(|r| r.function).as_deref(),
        Some("fib")
    );
}

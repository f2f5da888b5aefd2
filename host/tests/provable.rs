//! `#[provable]` end to end: several functions of one guest crate (`examples/provable-demo`),
//! each built into its own ELF, proved, verified against chosen arguments and claimed
//! results, analysed; and the errors that name their fix, through the typed API.

use std::sync::OnceLock;

use host::HostError;
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
    assert!(matches!(err, HostError::Rejected { .. }), "{err}");
    let err = program
        .verify(31, &value, &proof)
        .expect_err("other argument");
    assert!(matches!(err, HostError::Rejected { .. }), "{err}");
    // Proof files round-trip.
    let decoded = host::Proof::from_bytes(&proof.to_bytes()).expect("decodes");
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
fn the_trace_bound_is_an_error_naming_the_attribute() {
    // 2^14 cycles run out long before fib(100000).
    let message = fib_program()
        .prove(100_000)
        .expect_err("too long")
        .to_string();
    assert!(
        message.contains("cycle limit") && message.contains("max_trace_length"),
        "{message}"
    );
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

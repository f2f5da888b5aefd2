//! Every example guest builds, runs to the right output, and traces to the same outcome as it
//! runs. References: the `sha2` / `sha3` crates on the host, a native fib, and for collatz,
//! sort and muldiv the guest's own library compiled for the host (same source, two ISAs).

mod common;

use common::{elf, encode};
use host::{Outcome, Program, load_elf};
use sha2::Digest as _;

const MAX_CYCLES: u64 = 50_000_000;

fn program(name: &str) -> Program {
    load_elf(elf(name), None).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs in both modes, checks they agree, returns the outcome.
fn run(name: &str, input: &[u8]) -> Outcome {
    let program = program(name);
    let outcome =
        tracer::run(&program, input, MAX_CYCLES).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (traced, rows) = tracer::trace(&program, input, MAX_CYCLES).expect("trace");
    assert_eq!(traced, outcome, "{name}: trace mode and run mode disagree");
    assert_eq!(
        rows.len() as u64,
        outcome.cycles,
        "{name}: one row per cycle"
    );
    assert!(
        outcome.terminated,
        "{name}: the runtime sets the termination flag"
    );
    outcome
}

fn ok_output<T: serde::de::DeserializeOwned>(name: &str, input: &[u8]) -> T {
    let outcome = run(name, input);
    assert_eq!(outcome.exit_code, 0, "{name}");
    assert!(
        !outcome.panicked,
        "{name}: {}",
        String::from_utf8_lossy(&outcome.output)
    );
    postcard::from_bytes(&outcome.output).expect("output decodes")
}

#[test]
fn fib_matches_native() {
    for n in [0u32, 1, 2, 10, 93, 186, 1000] {
        let (mut a, mut b) = (0u128, 1u128);
        for _ in 0..n {
            (a, b) = (b, a.wrapping_add(b));
        }
        assert_eq!(ok_output::<u128>("fib", &encode(&n)), a, "fib({n})");
    }
}

#[test]
fn collatz_matches_the_same_source_run_natively() {
    let limit = 3000u32;
    assert_eq!(
        ok_output::<(u32, u32)>("collatz", &encode(&limit)),
        collatz::longest_chain(limit)
    );
}

#[test]
fn sha2_and_sha3_chains_match_the_crates_on_the_host() {
    for (data, iterations) in [
        (vec![0u8; 32], 1u32),
        (b"abc".to_vec(), 3),
        (vec![7u8; 200], 20),
    ] {
        let input = encode(&(data.clone(), iterations));
        let mut h2: [u8; 32] = sha2::Sha256::digest(&data).into();
        let mut h3: [u8; 32] = sha3::Sha3_256::digest(&data).into();
        for _ in 1..iterations {
            h2 = sha2::Sha256::digest(h2).into();
            h3 = sha3::Sha3_256::digest(h3).into();
        }
        assert_eq!(ok_output::<[u8; 32]>("sha2-chain", &input), h2);
        assert_eq!(ok_output::<[u8; 32]>("sha3-chain", &input), h3);
    }
}

#[test]
fn sort_matches_the_same_source_run_natively() {
    let (n, seed) = (5000u32, 42u64);
    let expected = sort::summarize(n, seed);
    assert_eq!(
        ok_output::<(u32, u32, u32)>("sort", &encode(&(n, seed))),
        expected
    );
}

#[test]
fn muldiv_matches_the_same_source_run_natively() {
    for (n, seed) in [(2000u32, 7u32), (500, 0), (500, u32::MAX)] {
        assert_eq!(
            ok_output::<u32>("muldiv", &encode(&(n, seed))),
            muldiv::checksum(n, seed)
        );
    }
}

#[test]
fn panic_sets_the_flag_and_reports_the_message() {
    assert_eq!(ok_output::<u32>("panic", &encode(&4u32)), 8);
    let outcome = run("panic", &encode(&11u32));
    assert!(outcome.panicked);
    assert_eq!(outcome.exit_code, guest::PANIC_EXIT_CODE);
    let message = String::from_utf8_lossy(&outcome.output);
    assert!(message.contains("n = 11 is larger than 10"), "{message}");
    assert!(message.contains("panic/src/main.rs"), "{message}");
}

#[test]
fn undecodable_input_is_a_guest_panic_naming_the_type() {
    let outcome = run("fib", &[]);
    assert!(outcome.panicked);
    let message = String::from_utf8_lossy(&outcome.output);
    assert!(message.contains("does not decode as u32"), "{message}");
}

#[test]
fn stack_overflow_is_a_clear_error() {
    let program = program("stack-overflow");
    // Each level adds its depth (as a byte): 1 + 2 + ... + 20.
    assert_eq!(ok_output::<u32>("stack-overflow", &encode(&20u32)), 210);
    let err = tracer::run(&program, &encode(&1000u32), MAX_CYCLES).expect_err("overflows");
    assert!(
        matches!(err, host::TracerError::StackOverflow { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("raise stack_size"), "{err}");
}

#[test]
fn heap_exhaustion_is_a_guest_panic_with_the_fix() {
    // 2M words = 8 MiB of values: more than the default 4 MiB of memory holds.
    let outcome = run("sort", &encode(&(2_000_000u32, 1u64)));
    assert!(outcome.panicked);
    let message = String::from_utf8_lossy(&outcome.output);
    assert!(
        message.contains("heap exhausted") && message.contains("raise memory_size"),
        "{message}"
    );
}

#[test]
fn cycle_limit_is_an_error() {
    let program = program("fib");
    let err = tracer::run(&program, &encode(&100_000u32), 1000).expect_err("limit");
    assert_eq!(err, host::TracerError::CycleLimit { limit: 1000 });
}

#[test]
fn oversized_input_is_rejected_before_running() {
    let program = program("sha2-chain");
    let max = program.layout().config.max_input_size as usize;
    let err = tracer::run(&program, &vec![0u8; max + 1], MAX_CYCLES).expect_err("too large");
    assert!(
        matches!(err, host::TracerError::InputTooLarge { .. }),
        "{err}"
    );
}

#[test]
fn the_elf_records_its_memory_configuration() {
    let program = program("fib");
    assert!(program.uses_jolt_runtime());
    assert_eq!(program.layout().config, host::MemoryConfig::default());
    let other = host::MemoryConfig {
        memory_size: 8 << 20,
        ..Default::default()
    };
    let err = load_elf(elf("fib"), Some(other)).expect_err("mismatch");
    assert!(err.to_string().contains("was linked for"), "{err}");
}

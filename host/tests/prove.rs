//! End to end: the example guests proved and verified with both commitment schemes.
//!
//! Guests are built with a small memory configuration (256 KiB of RAM) so the address space,
//! and with it the per-address committed columns, stays small; the default 4 MiB layout
//! proves the same way with $2^{21}$-entry final-memory columns.

mod common;

use std::sync::OnceLock;

use host::GuestBuild;
use jolt_core::pcs::{CommitmentScheme, Hyrax, HyraxParams, KzgSrs, Zeromorph};
use jolt_core::{PublicIo, preprocess, prove, verify};
use tracer::{MemoryConfig, Program};

use common::{encode, examples_dir};

const MAX_LOG_CYCLES: usize = 18;

fn config() -> MemoryConfig {
    common::small_config()
}

/// The examples this file proves, built once with [`config`] (ELF bytes kept in memory: the
/// example tests relink the same path with another configuration).
fn program(name: &str) -> Program {
    static ELFS: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    let elfs = ELFS.get_or_init(|| {
        ["fib", "sha2-chain", "muldiv", "sort", "panic"]
            .into_iter()
            .map(|name| {
                let path = GuestBuild::new(examples_dir())
                    .package(name)
                    .config(config())
                    .locked(true)
                    .build()
                    .unwrap_or_else(|e| panic!("building {name}: {e}"));
                (name, std::fs::read(path).expect("reads the ELF"))
            })
            .collect()
    });
    let bytes = &elfs
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a built example")
        .1;
    Program::from_elf(bytes).expect("loads")
}

fn srs() -> &'static KzgSrs {
    static SRS: OnceLock<KzgSrs> = OnceLock::new();
    SRS.get_or_init(|| KzgSrs::insecure_dev(0x7e57, 1 << (MAX_LOG_CYCLES + 2)))
}

fn prove_and_verify<C: CommitmentScheme>(name: &str, input: &[u8], params: &C::Params) -> PublicIo {
    let program = program(name);
    let (pp, vp) = preprocess::<C>(&program, MAX_LOG_CYCLES, params).expect("preprocesses");
    let (io, proof) = prove(&pp, input).unwrap_or_else(|e| panic!("{name}: {e}"));
    verify(&vp, &io, &proof).unwrap_or_else(|e| panic!("{name}: {e}"));
    let bytes = proof.to_bytes();
    let decoded = jolt_core::JoltProof::<C>::from_bytes(&bytes).expect("decodes");
    verify(&vp, &io, &decoded).expect("the decoded proof verifies");
    eprintln!(
        "{name}: 2^{} cycles, proof {} KB",
        proof.log_cycles,
        bytes.len() / 1024
    );
    // A different claimed output is rejected.
    let mut forged = io.clone();
    match forged.output.first_mut() {
        Some(b) => *b ^= 1,
        None => forged.output.push(1),
    }
    assert!(
        verify(&vp, &forged, &proof).is_err(),
        "{name}: forged output accepted"
    );
    io
}

fn both(name: &str, input: &[u8]) -> PublicIo {
    let a = prove_and_verify::<Hyrax>(name, input, &HyraxParams::default());
    let b = prove_and_verify::<Zeromorph>(name, input, srs());
    assert_eq!(a, b);
    a
}

#[test]
fn fib_proves_with_both_schemes() {
    let io = both("fib", &encode(&50u32));
    assert_eq!(
        postcard::from_bytes::<u128>(&io.output).unwrap(),
        12_586_269_025
    );
}

#[test]
fn sha2_over_one_kib_proves_with_both_schemes() {
    let data = vec![0xA5u8; 1024];
    let io = both("sha2-chain", &encode(&(data.clone(), 1u32)));
    use sha2::Digest;
    let expected: [u8; 32] = sha2::Sha256::digest(&data).into();
    assert_eq!(
        postcard::from_bytes::<[u8; 32]>(&io.output).unwrap(),
        expected
    );
}

#[test]
fn muldiv_proves_with_both_schemes() {
    let (n, seed) = (40u32, 0xDEAD_BEEFu32);
    let io = both("muldiv", &encode(&(n, seed)));
    assert_eq!(
        postcard::from_bytes::<u32>(&io.output).unwrap(),
        muldiv::checksum(n, seed)
    );
}

#[test]
fn memory_heavy_sort_proves_with_both_schemes() {
    let (n, seed) = (300u32, 9u64);
    let io = both("sort", &encode(&(n, seed)));
    assert_eq!(
        postcard::from_bytes::<(u32, u32, u32)>(&io.output).unwrap(),
        sort::summarize(n, seed)
    );
}

#[test]
fn a_guest_panic_is_proven_as_a_panic() {
    let io = prove_and_verify::<Hyrax>("panic", &encode(&11u32), &HyraxParams::default());
    assert!(io.panicked);
    assert_eq!(io.exit_code, guest::PANIC_EXIT_CODE);
}

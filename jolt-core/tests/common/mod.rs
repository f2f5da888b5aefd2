//! Shared by the malicious-prover test files: the memory configuration, Hyrax preprocessing
//! of an assembled program, and the assertion that a proof is rejected by a named component.
#![allow(dead_code)] // Each test binary uses a subset.

use jolt_core::bytecode::BytecodeRow;
use jolt_core::columns::Column;
use jolt_core::pcs::{Hyrax, HyraxParams};
use jolt_core::prover::{Execution, build_witness, prove_execution, prove_witness};
use jolt_core::{ProverPreprocessing, VerifierPreprocessing, VerifyError};
use math::{CompactPolynomial, Fr, MultilinearPolynomial};
use tracer::{MemoryConfig, Opcode, Program};

/// A small layout: 64 KiB of RAM, 256-byte input and output regions.
pub(crate) fn config() -> MemoryConfig {
    MemoryConfig {
        memory_size: 1 << 16,
        stack_size: 8 << 10,
        max_input_size: 256,
        max_output_size: 256,
    }
}

/// Prover and verifier preprocessing with Hyrax.
pub(crate) type Keys = (ProverPreprocessing<Hyrax>, VerifierPreprocessing<Hyrax>);

/// Preprocesses `program` for up to $2^{10}$ cycles.
pub(crate) fn preprocess(program: &Program) -> Keys {
    jolt_core::preprocess::<Hyrax>(program, 10, &HyraxParams::default()).expect("preprocesses")
}

/// Asserts that `result` is a rejection by one of `components` ([`VerifyError::component`]).
pub(crate) fn rejected_by(result: Result<(), VerifyError>, components: &[&str], what: &str) {
    match result {
        Ok(()) => panic!("{what}: accepted"),
        Err(e) => assert!(
            components.contains(&e.component()),
            "{what}: rejected by {} ({e}), expected one of {components:?}",
            e.component()
        ),
    }
}

/// Proves `run` (honest or not) with the honest pipeline and verifies it against its own I/O.
pub(crate) fn prove_and_verify(keys: &Keys, run: &Execution) -> Result<(), VerifyError> {
    let proof = prove_execution(&keys.0, run.clone()).expect("proves");
    jolt_core::verify(&keys.1, &run.io, &proof)
}

/// Proves `run`'s witness with the bit of bytecode column `column` flipped at cycle `k`, and
/// verifies it.
pub(crate) fn prove_with_flipped_flag(
    keys: &Keys,
    run: &Execution,
    column: Column,
    k: usize,
) -> Result<(), VerifyError> {
    let (pp, vp) = keys;
    let mut w = build_witness(pp, run.clone()).expect("builds");
    let i = pp.shared.index.of(column);
    let mut bits: Vec<bool> = (0..w.columns[i].len())
        .map(|j| w.columns[i].get(j) != Fr::from(0u8))
        .collect();
    bits[k] = !bits[k];
    w.columns[i] = MultilinearPolynomial::from(CompactPolynomial::new(bits));
    let proof = prove_witness(pp, &run.io, &w).expect("proves");
    jolt_core::verify(vp, &run.io, &proof)
}

/// The bytecode row cycle `k` of `run` executes.
pub(crate) fn row(keys: &Keys, run: &Execution, k: usize) -> BytecodeRow {
    keys.0.shared.bytecode.rows()[run.cycles[k].row as usize]
}

/// The RV32IM opcode of the instruction cycle `k` belongs to.
pub(crate) fn opcode(keys: &Keys, run: &Execution, k: usize) -> Opcode {
    let program = &keys.0.program;
    let pc = row(keys, run, k).pc;
    let slot = ((pc - program.text_start()) / 4) as usize;
    match program.code()[slot] {
        Some(Ok(instruction)) => instruction.opcode,
        _ => panic!("cycle {k}: no instruction at {pc:#x}"),
    }
}

/// `cycle 12 (DIVU/ASSERT_LTE)`.
pub(crate) fn describe(keys: &Keys, run: &Execution, k: usize) -> String {
    format!(
        "cycle {k} ({:?}/{})",
        opcode(keys, run, k),
        row(keys, run, k).micro.op.name()
    )
}

/// `once!(name: Type = init)` defines `fn name() -> &'static Type`, computed once per test
/// binary (preprocessing, honest runs and proofs are shared by a file's tests).
#[allow(unused_macros)]
macro_rules! once {
    ($name:ident: $t:ty = $init:expr) => {
        fn $name() -> &'static $t {
            static CELL: std::sync::OnceLock<$t> = std::sync::OnceLock::new();
            CELL.get_or_init(|| $init)
        }
    };
}
#[allow(unused_imports)]
pub(crate) use once;

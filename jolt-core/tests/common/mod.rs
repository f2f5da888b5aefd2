//! Shared by the malicious-prover test files: the memory configuration, Hyrax preprocessing
//! of an assembled program, and the assertion that a proof is rejected with the exact reason.
#![allow(dead_code)] // Each test binary uses a subset.

use jolt_core::bytecode::BytecodeRow;
use jolt_core::columns::Column;
use jolt_core::pcs::{Hyrax, HyraxParams};
use jolt_core::prover::{Execution, build_witness, prove_execution, prove_witness};
use jolt_core::r1cs::R1csError;
use jolt_core::{ProverPreprocessing, VerifierPreprocessing, VerifyError};
use math::{CompactPolynomial, Fr, MultilinearPolynomial};
use memory_checking::{MemoryCheckingError, MemoryId};
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

/// Whether a verifier error is the expected rejection: a `matches!` on the exact variant,
/// down to the inner error of the component that rejected.
pub(crate) type Rejection = fn(&VerifyError) -> bool;

/// Asserts that `result` is a rejection that `expected` accepts; on failure, says what the
/// verifier answered instead.
pub(crate) fn assert_rejected(result: Result<(), VerifyError>, expected: Rejection, what: &str) {
    match result {
        Err(e) if expected(&e) => {}
        Err(e) => panic!(
            "{what}: rejected by the {} check with the wrong reason: {e:?} ({e})",
            e.component()
        ),
        Ok(()) => panic!("{what}: accepted"),
    }
}

/// R1CS's zero-check: some constraint fails at some cycle.
pub(crate) fn r1cs_constraint(e: &VerifyError) -> bool {
    matches!(e, VerifyError::R1cs(R1csError::FinalClaimMismatch))
}

/// Surge's primary sum-check: a lookup output is not the collation of its subtable values.
pub(crate) fn lookup_output(e: &VerifyError) -> bool {
    matches!(e, VerifyError::PrimaryFinalClaim)
}

/// Either of the two relations a lookup query takes part in: the output is not the collation
/// of the chunks' subtable values (Surge), or the chunks do not pack into the operands (R1CS).
pub(crate) fn lookup_output_or_r1cs_constraint(e: &VerifyError) -> bool {
    lookup_output(e) || r1cs_constraint(e)
}

/// The bytecode's read-only memory check: a fetched row's values are not the program's row.
pub(crate) fn bytecode_multiset(e: &VerifyError) -> bool {
    matches!(
        e,
        VerifyError::ReadOnly(MemoryCheckingError::MultisetMismatch {
            memory: MemoryId::ReadOnly(0)
        })
    )
}

/// A transcript that diverged at the statement: the first thing verified after it, the
/// read-only grand product, finds its first layer inconsistent.
pub(crate) fn first_layer(e: &VerifyError) -> bool {
    matches!(
        e,
        VerifyError::ReadOnly(MemoryCheckingError::LayerClaim { layer: 1 })
    )
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

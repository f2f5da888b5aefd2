//! End to end on an assembled program, and the malicious-prover suite (DESIGN.md §9): a
//! cheating prover that runs the honest pipeline on a modified execution, witness or
//! statement must be rejected — by the component that owns the broken relation.

mod common;

use common::{
    Keys, Rejection, assert_rejected, bytecode_multiset, config, first_layer,
    lookup_output_or_r1cs_constraint, r1cs_constraint,
};
use jolt_core::columns::Column;
use jolt_core::pcs::Hyrax;
use jolt_core::prover::{Execution, build_witness, execute, prove_execution, prove_witness};
use jolt_core::{JoltProof, MalformedProof, PublicIo, VerifyError};
use memory_checking::{MemoryCheckingError, MemoryId};
use tracer::asm::*;
use tracer::{Opcode, Program};

/// A loop, M-extension sequences, word and byte memory, a register shift, an exit code.
fn program() -> Program {
    let mut code = Vec::new();
    code.extend(li(5, 0));
    code.extend(li(6, 10));
    code.push(r(Opcode::Add, 5, 5, 6));
    code.push(addi(6, 6, -1));
    code.push(b(Opcode::Bne, 6, 0, -8));
    code.extend(li(10, 3));
    code.push(r(Opcode::Mul, 7, 5, 10));
    code.extend(li(11, 4));
    code.push(r(Opcode::Div, 8, 7, 11));
    code.push(r(Opcode::Rem, 9, 7, 11));
    code.extend(li(12, data_address(64)));
    code.push(s(Opcode::Sw, 8, 0, 12));
    code.push(s(Opcode::Sb, 9, 5, 12));
    code.push(i(Opcode::Lw, 13, 12, 4));
    code.push(i(Opcode::Lbu, 14, 12, 5));
    code.push(r(Opcode::Sll, 15, 14, 10));
    code.extend(exit(7));
    let words = assemble(&code).expect("assembles");
    Program::from_words(&words, config()).expect("loads")
}

common::once!(keys: Keys = common::preprocess(&program()));
common::once!(honest: Execution = execute(&keys().0, &[]).expect("runs"));

fn verify(io: &PublicIo, proof: &JoltProof<Hyrax>) -> Result<(), VerifyError> {
    jolt_core::verify(&keys().1, io, proof)
}

#[test]
fn honest_run_verifies_and_round_trips() {
    let (pp, _) = keys();
    let proof = prove_execution(pp, honest().clone()).expect("proves");
    let io = &honest().io;
    assert_eq!(io.exit_code, 7);
    verify(io, &proof).expect("verifies");
    let bytes = proof.to_bytes();
    let decoded = JoltProof::<Hyrax>::from_bytes(&bytes).expect("decodes");
    verify(io, &decoded).expect("decoded proof verifies");
}

#[test]
fn forged_statements_are_rejected() {
    let (pp, _) = keys();
    let honest = honest();
    let proof = prove_execution(pp, honest.clone()).expect("proves");
    let forge = |f: &dyn Fn(&mut PublicIo)| {
        let mut io = honest.io.clone();
        f(&mut io);
        io
    };
    // The verifier with a forged statement: the statement is absorbed first, so the first
    // check after it sees another transcript. And the prover proving the forged statement:
    // the component that owns the forged value rejects.
    let rejections: [(&str, PublicIo, Rejection); 5] = [
        ("exit code", forge(&|io| io.exit_code = 8), r1cs_constraint),
        (
            "output",
            forge(&|io| io.output = vec![1, 2, 3]),
            output_check,
        ),
        ("panic flag", forge(&|io| io.panicked = true), output_check),
        (
            "termination flag",
            forge(&|io| io.terminated = true),
            output_check,
        ),
        ("input", forge(&|io| io.input = vec![9]), |e| {
            matches!(
                e,
                VerifyError::ReadWrite(MemoryCheckingError::MultisetMismatch {
                    memory: MemoryId::ReadWrite
                })
            )
        }),
    ];
    for (what, io, expected) in rejections {
        assert_rejected(verify(&io, &proof), first_layer, what);
        let mut witness = build_witness(pp, honest.clone()).expect("builds");
        // The prover claims the initial memory of the forged statement (the honest one's
        // opening would differ from the verifier's evaluation: `InitValueMismatch`).
        witness.initial_memory = pp.shared.initial_memory(&io.input);
        let forged = prove_witness(pp, &io, &witness).expect("proves");
        assert_rejected(verify(&io, &forged), expected, what);
    }
}

/// The output check: the final I/O region is not the statement's.
fn output_check(e: &VerifyError) -> bool {
    matches!(e, VerifyError::ReadWrite(MemoryCheckingError::OutputCheck))
}

#[test]
fn truncated_trace_is_rejected() {
    let (pp, _) = keys();
    let mut run = honest().clone();
    run.cycles.pop();
    let proof = prove_execution(pp, run.clone()).expect("proves");
    assert_rejected(verify(&run.io, &proof), r1cs_constraint, "truncated trace");
}

/// Every cycle of the first `limit` of the run, with one value changed by `tamper`.
fn tampered_runs(
    tamper: impl Fn(&mut jolt_core::witness::Cycle) -> bool,
) -> Vec<(usize, Execution)> {
    let honest = honest();
    let mut out = Vec::new();
    for k in 0..honest.cycles.len() {
        let mut run = honest.clone();
        if tamper(&mut run.cycles[k]) {
            out.push((k, run));
        }
    }
    out
}

fn row_name(k: usize) -> String {
    let (pp, _) = keys();
    let row = pp.shared.bytecode.rows()[honest().cycles[k].row as usize];
    format!("cycle {k} ({})", row.micro.op.name())
}

#[test]
fn tampered_rd_is_rejected_at_every_writing_cycle() {
    let (pp, _) = keys();
    let runs = tampered_runs(|c| {
        let writes = c.rd_after != c.rd_before || c.lookup.is_some();
        c.rd_after = c.rd_after.wrapping_add(1);
        writes
    });
    assert!(runs.len() > 12, "{} row kinds", runs.len());
    for (k, run) in runs {
        let proof = prove_execution(pp, run.clone()).expect("proves");
        assert_rejected(verify(&run.io, &proof), r1cs_constraint, &row_name(k));
    }
}

#[test]
fn tampered_lookup_output_is_rejected_at_every_lookup() {
    let (pp, _) = keys();
    let runs = tampered_runs(|c| {
        c.output = c.output.wrapping_add(1);
        c.lookup.is_some()
    });
    for (k, run) in runs {
        let proof = prove_execution(pp, run.clone()).expect("proves");
        assert_rejected(
            verify(&run.io, &proof),
            lookup_output_or_r1cs_constraint,
            &row_name(k),
        );
    }
}

#[test]
fn tampered_chunk_is_rejected_at_every_lookup() {
    let (pp, _) = keys();
    let runs = tampered_runs(|c| {
        c.chunks[3] ^= 0x0101;
        c.lookup.is_some()
    });
    for (k, run) in runs {
        let proof = prove_execution(pp, run.clone()).expect("proves");
        assert_rejected(
            verify(&run.io, &proof),
            lookup_output_or_r1cs_constraint,
            &row_name(k),
        );
    }
}

#[test]
fn tampered_flag_is_rejected_by_bytecode_checking() {
    for (k, column) in [
        (3, Column::LookupFlag(instruction_tables::Lookup::Sub)),
        (5, Column::Flag(jolt_core::columns::CircuitFlag::Halt)),
        (7, Column::Flag(jolt_core::columns::CircuitFlag::RdLookup)),
    ] {
        assert_rejected(
            common::prove_with_flipped_flag(keys(), honest(), column, k),
            bytecode_multiset,
            &format!("{column:?} at cycle {k}"),
        );
    }
}

#[test]
fn corrupted_proof_bytes_never_panic() {
    let (pp, _) = keys();
    let proof = prove_execution(pp, honest().clone()).expect("proves");
    let bytes = proof.to_bytes();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for trial in 0..200 {
        let mut b = bytes.clone();
        match trial % 3 {
            0 => {
                let at = (next() as usize) % b.len();
                b[at] ^= 1 << (next() % 8);
            }
            1 => b.truncate((next() as usize) % b.len()),
            _ => b.extend((0..(next() % 64)).map(|_| next() as u8)),
        }
        if let Ok(p) = JoltProof::<Hyrax>::from_bytes(&b) {
            assert!(
                verify(&honest().io, &p).is_err() || p.to_bytes() == bytes,
                "trial {trial} accepted"
            );
        }
    }
    for (what, input) in [("no bytes", &[][..]), ("garbage", &[0xFF; 100][..])] {
        let e = JoltProof::<Hyrax>::from_bytes(input).expect_err(what);
        assert!(
            matches!(e, VerifyError::Malformed(MalformedProof::Decode(_))),
            "{what}: {e:?}"
        );
    }
    let mut long = bytes;
    long.push(0);
    let e = JoltProof::<Hyrax>::from_bytes(&long).expect_err("a trailing byte");
    assert!(
        matches!(e, VerifyError::Malformed(MalformedProof::TrailingBytes(1))),
        "{e:?}"
    );
    let huge = vec![0u8; jolt_core::proof::MAX_PROOF_BYTES + 1];
    let e = JoltProof::<Hyrax>::from_bytes(&huge).expect_err("too large");
    assert!(
        matches!(e, VerifyError::Malformed(MalformedProof::TooLarge { .. })),
        "{e:?}"
    );
}

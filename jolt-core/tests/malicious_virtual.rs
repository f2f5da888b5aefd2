//! The malicious-prover suite, completed (DESIGN.md §9 item 3): `malicious.rs` tampers every
//! cycle of a program with ADD/ADDI/BNE/MUL/DIV/REM/SW/SB/LW/LBU/SLL/ECALL; this file runs a
//! program with DIVU, REMU, MULH, MULHSU, MULHU, LB, LH, LHU, SH, SRL, SRA, SLT, SLTU, XOR,
//! OR, AND, LUI, AUIPC, JAL, JALR and all six branches (taken and not, forward and backward),
//! plus DIV for its overflow row, so that together the two files run every row kind of every
//! virtual sequence and every opcode except the immediate ALU forms and SUB (same lookups and
//! row shape as forms run here, with an immediate operand) and FENCE (no lookup, no rd).
//!
//! Proving costs one to two seconds a proof on the 2-core development machine, so instead of
//! every cycle this file **samples**. It tampers rd (R1CS must reject) at the last row of
//! every opcode — the row that writes the real rd — and the first row of every virtual row
//! kind; the lookup output (Surge's primary sum-check must reject) at the first row of every
//! row kind and at every branch kind taken and not taken; a query chunk (Surge or R1CS) at
//! the first row of every lookup kind; and a bytecode flag (read-only memory checking) at the
//! rows where dropping or adding it would help a cheater most. That is 122 proofs: the file
//! took 205–226 s in release with other builds running beside it (load ≈ 4.5), against
//! `malicious.rs`'s 330 s (600 s under that load) for every cycle of a smaller program.

mod common;

use std::collections::BTreeSet;

use common::{
    Keys, Rejection, assert_rejected, bytecode_multiset, config, describe, lookup_output,
    lookup_output_or_r1cs_constraint, opcode, r1cs_constraint, row,
};
use instruction_tables::Op;
use jolt_core::bytecode::BytecodeRow;
use jolt_core::columns::{CircuitFlag, Column};
use jolt_core::prover::{Execution, execute};
use jolt_core::witness::Cycle;
use strum::IntoEnumIterator;
use tracer::asm::{addi, auipc, b, data_address, exit, i, jal, jalr, li, lui, r, s};
use tracer::{Opcode, Program};

fn program() -> Program {
    use Opcode::*;
    let mut code = Vec::new();
    // The program is loaded as one built with the jolt runtime, so that its writes to sp get
    // the stack rule's ASSERT_STACK_POINTER rows.
    let layout = tracer::Layout::new(config()).expect("valid");
    code.extend(li(2, layout.stack_top));
    code.push(addi(2, 2, -16));
    code.extend(li(5, -7i32 as u32));
    code.extend(li(6, 3));
    for (op, rd) in [
        (Divu, 7),
        (Remu, 8),
        (Mulh, 9),
        (Mulhsu, 10),
        (Mulhu, 11),
        (Div, 28),
    ] {
        code.push(r(op, rd, 5, 6));
    }
    code.extend(li(12, data_address(96)));
    code.push(s(Sw, 5, 0, 12));
    code.push(s(Sh, 6, 2, 12));
    code.push(i(Lb, 13, 12, 3));
    code.push(i(Lh, 14, 12, 2));
    code.push(i(Lhu, 15, 12, 0));
    for (op, rd) in [
        (Srl, 16),
        (Sra, 17),
        (Slt, 18),
        (Sltu, 19),
        (Xor, 20),
        (Or, 21),
        (And, 22),
    ] {
        code.push(r(op, rd, 5, 6));
    }
    code.push(lui(23, 0x1234_5000));
    code.push(auipc(24, 0x1000));
    // JAL over one instruction; JALR three on from its AUIPC.
    code.push(jal(1, 8));
    code.push(addi(25, 0, 1));
    code.push(auipc(26, 0));
    code.push(jalr(27, 26, 12));
    code.push(addi(25, 0, 2));
    // Every branch on (−7, 3), (3, −7) and (−7, −7): each is taken and not taken.
    for op in [Beq, Bne, Blt, Bge, Bltu, Bgeu] {
        for (rs1, rs2) in [(5, 6), (6, 5), (5, 5)] {
            code.push(b(op, rs1, rs2, 8));
            code.push(addi(25, 25, 1));
        }
    }
    // A backward branch: count x29 down from 2.
    code.extend(li(29, 2));
    code.push(addi(29, 29, -1));
    code.push(b(Blt, 0, 29, -4));
    code.extend(exit(9));
    assert!(code.len() <= 96, "data_address(96) must lie past the code");
    let words = tracer::asm::assemble(&code).expect("assembles");
    let text: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let segment = tracer::Segment {
        address: tracer::RAM_START,
        mem_size: text.len() as u32,
        data: text,
        writable: false,
        executable: true,
    };
    Program::from_parts(config(), tracer::RAM_START, vec![segment], true).expect("loads")
}

common::once!(keys: Keys = common::preprocess(&program()));
common::once!(honest: Execution = execute(&keys().0, &[]).expect("runs"));

/// The cycles, in trace order, that `new` picks given each cycle and its row.
fn sample(mut new: impl FnMut(usize, BytecodeRow) -> bool) -> Vec<usize> {
    (0..honest().cycles.len())
        .filter(|k| new(*k, row(keys(), honest(), *k)))
        .collect()
}

/// Where rd is tampered: the last row of every opcode (the row that writes the real rd) and
/// the first row of every virtual row kind.
fn rd_samples() -> Vec<usize> {
    let (mut opcodes, mut kinds) = (BTreeSet::new(), BTreeSet::new());
    sample(|k, row| {
        let end = row.last && opcodes.insert(opcode(keys(), honest(), k));
        let virtual_kind =
            matches!(row.micro.op, Op::Virtual(_)) && kinds.insert(row.micro.op.name());
        end || virtual_kind
    })
}

/// Where the lookup output is tampered: the first row of every row kind, and every branch
/// kind both taken and not taken.
fn output_samples() -> Vec<usize> {
    let (mut kinds, mut branches) = (BTreeSet::new(), BTreeSet::new());
    sample(|k, row| {
        let new_kind = kinds.insert(row.micro.op.name());
        let new_branch = row.flag(CircuitFlag::Branch)
            && branches.insert((row.micro.op.name(), honest().cycles[k].output));
        new_kind || new_branch
    })
}

/// The honest run with cycle `k` changed by `tamper`.
fn tampered(k: usize, tamper: impl Fn(&mut Cycle)) -> Execution {
    let mut run = honest().clone();
    tamper(&mut run.cycles[k]);
    run
}

#[test]
fn honest_run_verifies_and_covers_every_kind() {
    let run = honest();
    common::prove_and_verify(keys(), run).expect("verifies");
    assert_eq!(run.io.exit_code, 9);

    // This program runs every RV32IM opcode but the ones malicious.rs covers (and EBREAK).
    let covered_there = [
        Opcode::Add,
        Opcode::Addi,
        Opcode::Bne,
        Opcode::Mul,
        Opcode::Div,
        Opcode::Rem,
        Opcode::Sw,
        Opcode::Sb,
        Opcode::Lw,
        Opcode::Lbu,
        Opcode::Sll,
        Opcode::Ecall,
    ];
    let here: BTreeSet<Opcode> = (0..run.cycles.len())
        .map(|k| opcode(keys(), run, k))
        .collect();
    let missing: Vec<Opcode> = Opcode::iter()
        .filter(|op| !here.contains(op) && !covered_there.contains(op) && *op != Opcode::Ebreak)
        .filter(|op| {
            // Immediate forms share their row kind with the register form's lookup; FENCE has
            // neither lookup nor rd.
            !matches!(
                op,
                Opcode::Slti
                    | Opcode::Sltiu
                    | Opcode::Xori
                    | Opcode::Ori
                    | Opcode::Andi
                    | Opcode::Slli
                    | Opcode::Srli
                    | Opcode::Srai
                    | Opcode::Sub
                    | Opcode::Fence
            )
        })
        .collect();
    assert!(missing.is_empty(), "not run: {missing:?}");
    // Every virtual row kind is run, and sampled.
    let sampled: BTreeSet<&str> = rd_samples()
        .into_iter()
        .map(|k| row(keys(), run, k).micro.op.name())
        .collect();
    for kind in instruction_tables::rv32im::VirtualOpcode::iter() {
        let name: &'static str = kind.into();
        assert!(
            sampled.contains(name),
            "virtual row kind {name} not sampled"
        );
    }
}

/// Tampers each of `samples` that `applies` to with `tamper` and checks the rejection;
/// returns how many it tampered.
fn tamper_each(
    samples: Vec<usize>,
    applies: impl Fn(&Cycle) -> bool,
    tamper: impl Fn(&mut Cycle),
    expected: Rejection,
) -> usize {
    let mut n = 0;
    for k in samples
        .into_iter()
        .filter(|k| applies(&honest().cycles[*k]))
    {
        let run = tampered(k, &tamper);
        assert_rejected(
            common::prove_and_verify(keys(), &run),
            expected,
            &describe(keys(), &run, k),
        );
        n += 1;
    }
    n
}

#[test]
fn tampered_rd_is_rejected_by_r1cs_at_every_sampled_kind() {
    let n = tamper_each(
        rd_samples(),
        |c| c.rd_after != c.rd_before || c.lookup.is_some(),
        |c| c.rd_after = c.rd_after.wrapping_add(1),
        r1cs_constraint,
    );
    eprintln!("rd tampered at {n} sampled cycles");
}

#[test]
fn tampered_lookup_output_is_rejected_at_every_sampled_kind() {
    let n = tamper_each(
        output_samples(),
        |c| c.lookup.is_some(),
        |c| c.output = c.output.wrapping_add(1),
        lookup_output,
    );
    eprintln!("lookup output tampered at {n} sampled cycles");
}

#[test]
fn tampered_chunk_is_rejected_at_every_lookup_kind() {
    let mut seen = BTreeSet::new();
    for k in 0..honest().cycles.len() {
        let Some(lookup) = honest().cycles[k].lookup else {
            continue;
        };
        if !seen.insert(lookup) {
            continue;
        }
        let run = tampered(k, |c| c.chunks[3] ^= 0x0101);
        assert_rejected(
            common::prove_and_verify(keys(), &run),
            lookup_output_or_r1cs_constraint,
            &describe(keys(), &run, k),
        );
    }
    eprintln!("a chunk tampered for {} lookup kinds", seen.len());
}

#[test]
fn dropped_or_added_flags_are_rejected_by_bytecode_checking() {
    let run = honest();
    let first = |pred: &dyn Fn(usize) -> bool| {
        (0..run.cycles.len())
            .find(|k| pred(*k))
            .expect("a matching cycle")
    };
    let kind = |name: &'static str| move |k: usize| row(keys(), run, k).micro.op.name() == name;
    let flips = [
        // An assertion that no longer asserts: DIVU's remainder bound.
        (
            first(&kind("ASSERT_VALID_UNSIGNED_REMAINDER")),
            Column::Flag(CircuitFlag::Assert),
        ),
        // A sequence row that claims to end its instruction.
        (first(&kind("ADVICE")), Column::Flag(CircuitFlag::Continue)),
        // A store that does not store (SH's word write-back).
        (
            first(&kind("STORE_WORD_ALIGNED")),
            Column::Flag(CircuitFlag::Store),
        ),
        // A branch that is not a branch, and a jump that is not a jump.
        (first(&kind("BLT")), Column::Flag(CircuitFlag::Branch)),
        (first(&kind("JALR")), Column::Flag(CircuitFlag::Jump)),
        // MULHU's row claiming MUL's lookup as well.
        (
            first(&kind("MULHU")),
            Column::LookupFlag(instruction_tables::Lookup::Mul),
        ),
    ];
    for (k, column) in flips {
        assert_rejected(
            common::prove_with_flipped_flag(keys(), run, column, k),
            bytecode_multiset,
            &format!("{column:?} flipped at {}", describe(keys(), run, k)),
        );
    }
}

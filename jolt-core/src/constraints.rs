//! The RV32IM constraint block: what every cycle must satisfy (DESIGN.md §6).
//!
//! Bytecode columns (flags, rd/rs1/rs2, imm, pc) are trusted here: bytecode memory checking
//! proves they are the program's row at [`Column::Row`]. Chunk bytes are range-checked by the
//! Surge memories; register and RAM values by memory checking (every value in memory is a
//! 32-bit word by induction: init values are words, and every write is a lookup output, pc + 4,
//! a value read, or rs2's value). So every relation below is an integer relation far below
//! the field's size (at most $2^{64} \ll p$): no wrap-around mod $p$.
//!
//! | # | constraint | why |
//! |---|---|---|
//! | operands | `left_rs1·(x − rs1)`, `left_pc·(x − pc)`, `(1 − left_rs1 − left_pc − advice)·x`, same for y with rs2 / imm | the query's operands are what the row names |
//! | packing | interleaved/shift: `x = Σ hi_i 2^{8(3−i)}`; interleaved `y = Σ lo_i 2^{8(3−i)}`; shift `y = lo_3 = lo_2 = lo_1 = lo_0` | the chunks the subtables read are the operands' bytes |
//! | arithmetic | `z = Σ (256 hi_i + lo_i) 2^{16(3−i)}`; add: `z = x + y`, sub: `z = x + 2^32 − y`, mul: `x·y = product`, `z = product`, single: `z = x` | the 64-bit value whose chunks are looked up |
//! | rd | lookup/pc+4/RAM → `rd_after`; otherwise `rd_after = rd_before` (x0 included: its flags are never set) | every writing row pins rd (Jolt 2024 #711/#719) |
//! | RAM | access: `4·address + offset = output`; none: `address = 0`; not a store: `after = before`; store: `after = rs2` | word-aligned addresses in range |
//! | permissions | `read_only·(1 − read_only) = 0`; `store·read_only = 0` | memory checking makes `read_only` the word's access class ([`crate::memory`]): no access to the guard page or padding, no store to read-only words |
//! | assert | `assert·(output − 1)` | virtual-sequence assertions |
//! | control | `taken = branch·output`; next pc for sequential/branch/jump; next row after `continue`; a halt repeats; an instruction end lands on a `first` row | the pc moves as RISC-V says |
//! | boundary | first cycle at the start row (the entry row, or a shard's start); last cycle halted, at an exit row (imm 0) in a run's last shard and at the pause row (imm 1) in any other; a7 = 93 at an exit row, x0 at the pause row; a0 at the end = exit code | no truncated or forged runs; a shard ends where its statement says |

use instruction_tables::{Lookup, QueryShape};
use math::{FieldExt, Fr};
use strum::IntoEnumIterator;

use crate::bytecode::{EXIT_IMM, PAUSE_IMM, SYS_EXIT};
use crate::columns::{CircuitFlag as F, Column, ColumnIndex};
use crate::memory::AddressSpace;
use crate::r1cs::{Constraint, LinearCombination, Public, Term, UniformR1cs};

/// The public constants of a statement, in order (the R1CS key is the same for all statements).
pub const CONSTANT_EXIT_CODE: usize = 0;
/// The bytecode row of the first cycle: the entry row, or a continuation shard's start row.
pub const CONSTANT_START_ROW: usize = 1;
/// The immediate of the halt row the last cycle runs: [`EXIT_IMM`] for a run's last shard (it
/// ends at the exit ECALL), [`PAUSE_IMM`] for any other shard (it ends at the pause row).
pub const CONSTANT_LAST_IMM: usize = 2;
/// Number of public constants.
pub const NUM_CONSTANTS: usize = 3;

/// A term of the local constraint notation.
#[derive(Clone, Copy, Debug)]
enum V {
    Col(Column),
    Next(Column),
    One,
    IsFirst,
    IsLast,
    ExitCode,
    StartRow,
    LastImm,
}

type Lc = Vec<(V, Fr)>;

fn lc(terms: &[(V, i64)]) -> Lc {
    terms.iter().map(|(v, k)| (*v, Fr::from_i64(*k))).collect()
}

fn col(c: Column) -> V {
    V::Col(c)
}

fn flag(f: F) -> V {
    V::Col(Column::Flag(f))
}

fn lookups_with(pred: impl Fn(Lookup) -> bool) -> Lc {
    Lookup::iter()
        .filter(|l| pred(*l))
        .map(|l| (V::Col(Column::LookupFlag(l)), Fr::from_u8(1)))
        .collect()
}

fn shape_is(l: Lookup, s: QueryShape) -> bool {
    use instruction_tables::LookupInstruction;
    l.shape() == s
}

/// The packed left operand of interleaved/shift queries: $\sum_i hi_i 2^{8(3-i)}$.
fn packed(bytes: impl Fn(usize) -> Column) -> Lc {
    (0..instruction_tables::C)
        .map(|i| (V::Col(bytes(i)), Fr::from_u64(1 << (8 * (3 - i)))))
        .collect()
}

/// $z = \sum_i (256\, hi_i + lo_i) 2^{16(3-i)}$.
fn packed_arithmetic() -> Lc {
    let mut out = Lc::new();
    for i in 0..instruction_tables::C {
        let w = 1u64 << (16 * (3 - i));
        out.push((V::Col(Column::ChunkHigh(i)), Fr::from_u64(w << 8)));
        out.push((V::Col(Column::ChunkLow(i)), Fr::from_u64(w)));
    }
    out
}

fn sub(mut a: Lc, b: Lc) -> Lc {
    a.extend(b.into_iter().map(|(v, k)| (v, -k)));
    a
}

fn add(mut a: Lc, b: Lc) -> Lc {
    a.extend(b);
    a
}

/// The RV32IM constraint block for a program with this address space (the start row and the
/// way the last cycle ends are public constants: see [`constants`]).
pub fn rv32im_constraints(index: &ColumnIndex, space: &AddressSpace) -> UniformR1cs {
    use Column as C;
    let mut out: Vec<(&'static str, Lc, Lc, Lc)> = Vec::new();
    let mut push = |name: &'static str, a: Lc, b: Lc, c: Lc| out.push((name, a, b, c));
    let zero = Lc::new;

    // Operands.
    push(
        "x = rs1 when left_rs1",
        lc(&[(flag(F::LeftRs1), 1)]),
        lc(&[(col(C::X), 1), (col(C::Rs1Value), -1)]),
        zero(),
    );
    push(
        "x = pc when left_pc",
        lc(&[(flag(F::LeftPc), 1)]),
        lc(&[(col(C::X), 1), (col(C::Pc), -1)]),
        zero(),
    );
    push(
        "x = 0 without a left operand",
        lc(&[
            (V::One, 1),
            (flag(F::LeftRs1), -1),
            (flag(F::LeftPc), -1),
            (col(C::LookupFlag(Lookup::Advice)), -1),
        ]),
        lc(&[(col(C::X), 1)]),
        zero(),
    );
    push(
        "y = rs2 when right_rs2",
        lc(&[(flag(F::RightRs2), 1)]),
        lc(&[(col(C::Y), 1), (col(C::Rs2Value), -1)]),
        zero(),
    );
    push(
        "y = imm when right_imm",
        lc(&[(flag(F::RightImm), 1)]),
        lc(&[(col(C::Y), 1), (col(C::Imm), -1)]),
        zero(),
    );
    push(
        "y = 0 without a right operand",
        lc(&[
            (V::One, 1),
            (flag(F::RightRs2), -1),
            (flag(F::RightImm), -1),
        ]),
        lc(&[(col(C::Y), 1)]),
        zero(),
    );

    // Packing.
    let interleaved = lookups_with(|l| shape_is(l, QueryShape::Interleaved));
    let shift = lookups_with(|l| shape_is(l, QueryShape::Shift));
    push(
        "x = packed high bytes (interleaved, shift)",
        add(interleaved.clone(), shift.clone()),
        sub(lc(&[(col(C::X), 1)]), packed(C::ChunkHigh)),
        zero(),
    );
    push(
        "y = packed low bytes (interleaved)",
        interleaved,
        sub(lc(&[(col(C::Y), 1)]), packed(C::ChunkLow)),
        zero(),
    );
    push(
        "y = low byte 3 (shift)",
        shift.clone(),
        lc(&[(col(C::Y), 1), (col(C::ChunkLow(3)), -1)]),
        zero(),
    );
    for (name, i) in [
        ("low byte 0 = low byte 3 (shift)", 0),
        ("low byte 1 = low byte 3 (shift)", 1),
        ("low byte 2 = low byte 3 (shift)", 2),
    ] {
        push(
            name,
            shift.clone(),
            lc(&[(col(C::ChunkLow(i)), 1), (col(C::ChunkLow(3)), -1)]),
            zero(),
        );
    }

    // Arithmetic relations.
    use Lookup as K;
    let adds = lookups_with(|l| {
        matches!(
            l,
            K::Add | K::JalrTarget | K::AlignWord | K::ByteOffsetShift | K::AssertHalfAligned
        )
    });
    let subs = lookups_with(|l| l == K::Sub);
    let muls = lookups_with(|l| matches!(l, K::Mul | K::Mulhu | K::AssertMuluNoOverflow));
    let singles =
        lookups_with(|l| matches!(l, K::Move | K::Advice | K::SignExtend8 | K::SignExtend16));
    push(
        "z = x + y (add family)",
        adds,
        sub(packed_arithmetic(), lc(&[(col(C::X), 1), (col(C::Y), 1)])),
        zero(),
    );
    push(
        "z = x + 2^32 - y (sub)",
        subs,
        sub(
            packed_arithmetic(),
            lc(&[(col(C::X), 1), (col(C::Y), -1), (V::One, 1 << 32)]),
        ),
        zero(),
    );
    push(
        "product = x * y",
        lc(&[(col(C::X), 1)]),
        lc(&[(col(C::Y), 1)]),
        lc(&[(col(C::Product), 1)]),
    );
    push(
        "z = product (mul family)",
        muls,
        sub(packed_arithmetic(), lc(&[(col(C::Product), 1)])),
        zero(),
    );
    push(
        "z = x (single operand)",
        singles,
        sub(packed_arithmetic(), lc(&[(col(C::X), 1)])),
        zero(),
    );

    // rd.
    push(
        "rd = output",
        lc(&[(flag(F::RdLookup), 1)]),
        lc(&[(col(C::RdAfter), 1), (col(C::Output), -1)]),
        zero(),
    );
    push(
        "rd = pc + 4",
        lc(&[(flag(F::RdPcPlus4), 1)]),
        lc(&[(col(C::RdAfter), 1), (col(C::Pc), -1), (V::One, -4)]),
        zero(),
    );
    push(
        "rd = RAM word",
        lc(&[(flag(F::RdRam), 1)]),
        lc(&[(col(C::RdAfter), 1), (col(C::RamBefore), -1)]),
        zero(),
    );
    push(
        "rd unchanged without a write",
        lc(&[
            (V::One, 1),
            (flag(F::RdLookup), -1),
            (flag(F::RdPcPlus4), -1),
            (flag(F::RdRam), -1),
        ]),
        lc(&[(col(C::RdAfter), 1), (col(C::RdBefore), -1)]),
        zero(),
    );

    // RAM.
    let offset = space.address_offset();
    push(
        "4 * RAM index + offset = output (access)",
        lc(&[(flag(F::Load), 1), (flag(F::Store), 1)]),
        vec![
            (col(C::RamAddress), Fr::from_u8(4)),
            (V::One, offset),
            (col(C::Output), -Fr::from_u8(1)),
        ],
        zero(),
    );
    push(
        "RAM index = 0 without an access",
        lc(&[(V::One, 1), (flag(F::Load), -1), (flag(F::Store), -1)]),
        lc(&[(col(C::RamAddress), 1)]),
        zero(),
    );
    push(
        "the RAM word's class is read-write or read-only",
        lc(&[(col(C::RamReadOnly), 1)]),
        lc(&[(V::One, 1), (col(C::RamReadOnly), -1)]),
        zero(),
    );
    push(
        "a store writes a read-write word",
        lc(&[(flag(F::Store), 1)]),
        lc(&[(col(C::RamReadOnly), 1)]),
        zero(),
    );
    push(
        "RAM word unchanged unless stored",
        lc(&[(V::One, 1), (flag(F::Store), -1)]),
        lc(&[(col(C::RamAfter), 1), (col(C::RamBefore), -1)]),
        zero(),
    );
    push(
        "RAM word = rs2 on a store",
        lc(&[(flag(F::Store), 1)]),
        lc(&[(col(C::RamAfter), 1), (col(C::Rs2Value), -1)]),
        zero(),
    );

    // Assertions.
    push(
        "assert: output = 1",
        lc(&[(flag(F::Assert), 1)]),
        lc(&[(col(C::Output), 1), (V::One, -1)]),
        zero(),
    );

    // Control flow.
    push(
        "taken = branch * output",
        lc(&[(flag(F::Branch), 1)]),
        lc(&[(col(C::Output), 1)]),
        lc(&[(col(C::BranchTaken), 1)]),
    );
    push(
        "taken branch: next pc = target",
        lc(&[(col(C::BranchTaken), 1)]),
        lc(&[(V::Next(C::Pc), 1), (col(C::Imm), -1)]),
        zero(),
    );
    push(
        "untaken branch: next pc = pc + 4",
        lc(&[(flag(F::Branch), 1), (col(C::BranchTaken), -1)]),
        lc(&[(V::Next(C::Pc), 1), (col(C::Pc), -1), (V::One, -4)]),
        zero(),
    );
    push(
        "sequential: next pc = pc + 4",
        lc(&[(flag(F::Sequential), 1)]),
        lc(&[(V::Next(C::Pc), 1), (col(C::Pc), -1), (V::One, -4)]),
        zero(),
    );
    push(
        "jump: next pc = output",
        lc(&[(flag(F::Jump), 1)]),
        lc(&[(V::Next(C::Pc), 1), (col(C::Output), -1)]),
        zero(),
    );
    push(
        "an instruction end lands on a first row",
        lc(&[
            (flag(F::Sequential), 1),
            (flag(F::Branch), 1),
            (flag(F::Jump), 1),
        ]),
        lc(&[(V::One, 1), (V::Next(C::Flag(F::First)), -1)]),
        zero(),
    );
    push(
        "inside a sequence: next row = row + 1",
        lc(&[(flag(F::Continue), 1)]),
        lc(&[(V::Next(C::Row), 1), (col(C::Row), -1), (V::One, -1)]),
        zero(),
    );
    push(
        "a halt repeats (except at the last cycle)",
        lc(&[(flag(F::Halt), 1), (V::IsLast, -1)]),
        lc(&[(V::Next(C::Row), 1), (col(C::Row), -1)]),
        zero(),
    );

    // Boundary.
    push(
        "the first cycle runs the start row",
        lc(&[(V::IsFirst, 1)]),
        lc(&[(col(C::Row), 1), (V::StartRow, -1)]),
        zero(),
    );
    push(
        "the last cycle is halted",
        lc(&[(V::IsLast, 1)]),
        lc(&[(V::One, 1), (flag(F::Halt), -1)]),
        zero(),
    );
    push(
        "the last cycle ends the shard as the statement says (exit or pause)",
        lc(&[(V::IsLast, 1)]),
        lc(&[(col(C::Imm), 1), (V::LastImm, -1)]),
        zero(),
    );
    // An exit row (imm 0) reads a7 = 93; the pause row (imm 1) reads x0 = 0.
    let sys_exit = i64::from(SYS_EXIT);
    debug_assert_eq!((EXIT_IMM, PAUSE_IMM), (0, 1));
    push(
        "a halt is the exit system call (a7 = 93) or the pause row",
        lc(&[(flag(F::Halt), 1)]),
        lc(&[
            (col(C::Rs2Value), 1),
            (V::One, -sys_exit),
            (col(C::Imm), sys_exit),
        ]),
        zero(),
    );
    push(
        "a0 at the end is the exit code",
        lc(&[(V::IsLast, 1)]),
        lc(&[(col(C::Rs1Value), 1), (V::ExitCode, -1)]),
        zero(),
    );

    let convert = |l: &Lc| -> LinearCombination {
        l.iter().fold(LinearCombination::zero(), |acc, (v, k)| {
            let term = match v {
                V::Col(c) => Term::Column(index.of(*c)),
                V::Next(c) => Term::Next(index.of(*c)),
                V::One => Term::Public(Public::One),
                V::IsFirst => Term::Public(Public::IsFirst),
                V::IsLast => Term::Public(Public::IsLast),
                V::ExitCode => Term::Public(Public::Constant(CONSTANT_EXIT_CODE)),
                V::StartRow => Term::Public(Public::Constant(CONSTANT_START_ROW)),
                V::LastImm => Term::Public(Public::Constant(CONSTANT_LAST_IMM)),
            };
            acc + LinearCombination::term(term, *k)
        })
    };
    let constraints = out
        .iter()
        .map(|(name, a, b, c)| Constraint::new(name, convert(a), convert(b), convert(c)))
        .collect();
    UniformR1cs::new(index.static_names(), NUM_CONSTANTS, constraints)
        .expect("the RV32IM constraints index valid columns")
}

/// The statement's public constants: the exit code (0 for a shard that is not the last: the
/// pause row reads x0 as a0), the start row and whether the shard is the run's last.
pub fn constants(exit_code: u32, start_row: u32, last_shard: bool) -> Vec<Fr> {
    let last_imm = if last_shard { EXIT_IMM } else { PAUSE_IMM };
    vec![
        Fr::from_u32(exit_code),
        Fr::from_u32(start_row),
        Fr::from_u32(last_imm),
    ]
}

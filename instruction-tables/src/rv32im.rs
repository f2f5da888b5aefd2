//! RV32IM as the prover sees it: every opcode becomes one bytecode row (a [`MicroOp`]) or a
//! fixed **virtual sequence** of rows over virtual registers, and every row kind has an
//! [`OpSpec`]: which [`Lookup`] it performs on which operands, what it writes to `rd`, how it
//! moves the pc and whether it touches RAM. jolt-core builds its bytecode, witness and R1CS
//! from exactly these tables; [`execute`] is the reference semantics of one row.
//!
//! # Memory model
//! RAM is **word-addressed**: a row touches at most one aligned 32-bit word. LW/SW are one
//! row whose lookup (ADD) computes the address; R1CS then requires `address = 4·word + base`,
//! so a misaligned LW/SW has no witness (the tracer rejects it too). Byte and halfword
//! accesses are virtual sequences (4–9 rows). The cost is paid only by sub-word accesses;
//! the alternative, byte-addressed RAM, would pay four memory operations on *every* cycle.
//!
//! # Opcode → lookup
//! `x`/`y` are the lookup operands; `imm` is the sign-extended immediate as a 32-bit word.
//!
//! | RV32IM | rows | lookup (x, y) | rd | next pc / RAM |
//! |---|---|---|---|---|
//! | ADD, SUB, AND, OR, XOR, SLT, SLTU | 1 | same name (rs1, rs2) | output | — |
//! | ADDI, ANDI, ORI, XORI, SLTI, SLTIU | 1 | ADD/AND/OR/XOR/SLT/SLTU (rs1, imm) | output | — |
//! | SLLI, SRLI, SRAI | 1 | SLL/SRL/SRA (rs1, shamt) | output | — |
//! | SLL, SRL, SRA | 2 | ANDI v, rs2, 31; then SLL/SRL/SRA (rs1, v) | output | — |
//! | LUI | 1 | ADD (0, imm) | output | — |
//! | AUIPC | 1 | ADD (pc, imm) | output | — |
//! | JAL | 1 | ADD (pc, imm) | pc + 4 | jump to output |
//! | JALR | 1 | JALR_TARGET (rs1, imm) | pc + 4 | jump to output |
//! | BEQ, BNE, BLT, BGE, BLTU, BGEU | 1 | EQ, NE, SLT, SGE, SLTU, SGEU (rs1, rs2) | — | pc + imm if output = 1 |
//! | LW | 1 | ADD (rs1, imm) | RAM word | load at output |
//! | SW | 1 | ADD (rs1, imm) | — | store rs2 at output |
//! | LB, LBU | 4 | see [`expand`] | | |
//! | LH, LHU | 5 | see [`expand`] | | |
//! | SB | 8 | see [`expand`] | | |
//! | SH | 9 | see [`expand`] | | |
//! | MUL, MULHU | 1 | MUL, MULHU (rs1, rs2) | output | — |
//! | MULH | 7 | see [`expand`] | | |
//! | MULHSU | 4 | see [`expand`] | | |
//! | DIVU, REMU | 10 | see [`expand`] | | |
//! | DIV, REM | 25 | see [`expand`] | | |
//! | FENCE | 1 | none | — | — (no-op) |
//! | ECALL | 1 | none | — | halt (jolt-core binds the exit) |
//! | EBREAK | — | not provable: the tracer stops with an error | | |
//!
//! # Virtual sequences
//! Sequences use virtual registers `v0..v7` (register indices 32..39), write the real `rd`
//! only in their last row, and take prover **advice** only through ADVICE rows whose values
//! are pinned by the assertions that follow. Division is exactly RISC-V: truncating, `x / 0 =
//! 0xFFFF_FFFF` with remainder `x`, `INT_MIN / −1 = INT_MIN` with remainder 0. The soundness
//! argument of each sequence is written next to it in [`expand`].

use strum::{EnumCount, EnumIter, IntoStaticStr};

use crate::lookups::{Lookup, LookupInstruction};

/// Architectural registers x0..x31.
pub const NUM_REGISTERS: usize = 32;
/// Virtual registers v0..v7, numbered after the architectural ones.
pub const NUM_VIRTUAL_REGISTERS: usize = 8;
/// All registers the bytecode names.
pub const REGISTER_COUNT: usize = NUM_REGISTERS + NUM_VIRTUAL_REGISTERS;

/// The register index of virtual register `v{i}`.
pub const fn virtual_register(i: usize) -> u8 {
    (NUM_REGISTERS + i) as u8
}

const V0: u8 = virtual_register(0);
const V1: u8 = virtual_register(1);
const V2: u8 = virtual_register(2);
const V3: u8 = virtual_register(3);
const V4: u8 = virtual_register(4);
const V5: u8 = virtual_register(5);
const V6: u8 = virtual_register(6);
const V7: u8 = virtual_register(7);

/// The 48 RV32IM opcodes (the tracer's set, by the same names).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumCount, IntoStaticStr,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)] // The RISC-V mnemonics are their own documentation.
pub enum RvOpcode {
    Lui,
    Auipc,
    Jal,
    Jalr,
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    Lb,
    Lh,
    Lw,
    Lbu,
    Lhu,
    Sb,
    Sh,
    Sw,
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Fence,
    Ecall,
    Ebreak,
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
}

/// Rows that exist only inside virtual sequences.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumCount, IntoStaticStr,
)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum VirtualOpcode {
    /// `rd ← advice` (ADVICE lookup: range-checked to 32 bits).
    Advice,
    /// `rd ← rs1`.
    Move,
    /// `rd ← rs1 < 0 ? 0xFFFF_FFFF : 0`.
    Movsign,
    /// Assert `rs1 == rs2`.
    AssertEq,
    /// Assert `rs1 <= rs2`, unsigned.
    AssertLte,
    /// Assert `rs1 != 0 || rs2 == 0xFFFF_FFFF` (divisor rs1, quotient rs2).
    AssertValidDiv0,
    /// Assert `rs2 == 0 || rs1 < rs2` (remainder rs1, divisor rs2).
    AssertValidUnsignedRemainder,
    /// Assert `rs1 · rs2 < 2^32`.
    AssertMuluNoOverflow,
    /// Assert `rs1 + imm` is even.
    AssertHalfAligned,
    /// Assert `rs1 >= imm`, signed: the stack pointer `rs1` is not below the stack. With
    /// `imm` the stack's lowest address, which lies in RAM (at or above $2^{31}$), this is
    /// "`rs1` is below RAM or at least `imm`" unsigned: the jolt runtime's stack rule, appended
    /// by `jolt-core` to every instruction that writes `sp` in a program built with it.
    AssertStackPointer,
    /// `rd ← (rs1 == INT_MIN && rs2 == −1) ? 2 : 0`.
    SignedDivOverflow,
    /// `rd ← RAM[(rs1 + imm) & !3]`.
    LoadWordAligned,
    /// `RAM[(rs1 + imm) & !3] ← rs2`.
    StoreWordAligned,
    /// `rd ← 8 · ((rs1 + imm) & 3)`.
    ByteOffsetShift,
    /// `rd ← sign_extend(rs1 & 0xFF)`.
    SignExtend8,
    /// `rd ← sign_extend(rs1 & 0xFFFF)`.
    SignExtend16,
}

/// The kind of a bytecode row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// A real RV32IM row (opcodes that are sequences never appear as rows; see [`spec`]).
    Rv(RvOpcode),
    /// A virtual row.
    Virtual(VirtualOpcode),
}

impl Op {
    /// The row kind's name (`"ADDI"`, `"ASSERT_LTE"`).
    pub fn name(self) -> &'static str {
        match self {
            Op::Rv(op) => op.into(),
            Op::Virtual(op) => op.into(),
        }
    }
}

/// One bytecode row: an operation on registers 0..[`REGISTER_COUNT`] with an immediate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MicroOp {
    /// The row kind.
    pub op: Op,
    /// Destination register (0 = none; writes to x0 are discarded).
    pub rd: u8,
    /// First source register.
    pub rs1: u8,
    /// Second source register.
    pub rs2: u8,
    /// The immediate as a 32-bit word (sign-extended where RISC-V sign-extends).
    pub imm: u32,
}

impl MicroOp {
    fn new(op: Op, rd: u8, rs1: u8, rs2: u8, imm: u32) -> Self {
        MicroOp {
            op,
            rd,
            rs1,
            rs2,
            imm,
        }
    }
}

/// Where the lookup's left operand comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LeftOperand {
    /// The value of rs1.
    Rs1,
    /// The row's pc.
    Pc,
    /// Zero.
    Zero,
    /// The prover's advice: the query is free and only range-checked.
    Advice,
}

/// Where the lookup's right operand comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RightOperand {
    /// The value of rs2.
    Rs2,
    /// The immediate.
    Imm,
    /// Zero.
    Zero,
}

/// What the row writes to rd.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RdValue {
    /// Nothing.
    None,
    /// The lookup output.
    LookupOutput,
    /// `pc + 4` (JAL, JALR).
    PcPlus4,
    /// The RAM word read.
    RamRead,
}

/// How the row moves the pc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NextPc {
    /// To the next row (the next instruction, or the next row of a sequence).
    Sequential,
    /// `pc + imm` if the lookup output is 1, else sequential.
    BranchIfOutput,
    /// To the lookup output.
    JumpToOutput,
    /// The program halts (ECALL).
    Halt,
}

/// The row's RAM access; the word address is the lookup output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RamOp {
    /// No RAM access.
    None,
    /// Read the word.
    Load,
    /// Write rs2 to the word.
    Store,
}

/// What one row kind does, for witness generation and R1CS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OpSpec {
    /// The lookup performed, if any.
    pub lookup: Option<Lookup>,
    /// The lookup's left operand.
    pub left: LeftOperand,
    /// The lookup's right operand.
    pub right: RightOperand,
    /// What rd receives.
    pub rd: RdValue,
    /// How the pc moves.
    pub next_pc: NextPc,
    /// The RAM access.
    pub ram: RamOp,
    /// Whether R1CS requires the lookup output to be 1.
    pub assert: bool,
}

const fn row(lookup: Lookup, left: LeftOperand, right: RightOperand, rd: RdValue) -> OpSpec {
    OpSpec {
        lookup: Some(lookup),
        left,
        right,
        rd,
        next_pc: NextPc::Sequential,
        ram: RamOp::None,
        assert: false,
    }
}

const fn alu(lookup: Lookup, right: RightOperand) -> OpSpec {
    row(lookup, LeftOperand::Rs1, right, RdValue::LookupOutput)
}

const fn branch(lookup: Lookup) -> OpSpec {
    OpSpec {
        next_pc: NextPc::BranchIfOutput,
        ..row(lookup, LeftOperand::Rs1, RightOperand::Rs2, RdValue::None)
    }
}

const fn assertion(lookup: Lookup, right: RightOperand) -> OpSpec {
    OpSpec {
        assert: true,
        ..row(lookup, LeftOperand::Rs1, right, RdValue::None)
    }
}

const fn no_lookup(next_pc: NextPc) -> OpSpec {
    OpSpec {
        lookup: None,
        left: LeftOperand::Zero,
        right: RightOperand::Zero,
        rd: RdValue::None,
        next_pc,
        ram: RamOp::None,
        assert: false,
    }
}

/// The spec of a row kind; `None` for opcodes that are always expanded into a sequence
/// (LB, LH, LBU, LHU, SB, SH, MULH, MULHSU, DIV, DIVU, REM, REMU) and for EBREAK.
pub fn spec(op: Op) -> Option<OpSpec> {
    use LeftOperand as L;
    use Lookup as K;
    use RdValue as R;
    use RightOperand::{Imm, Rs2};
    let s = match op {
        Op::Rv(op) => {
            use RvOpcode::*;
            match op {
                Add => alu(K::Add, Rs2),
                Sub => alu(K::Sub, Rs2),
                And => alu(K::And, Rs2),
                Or => alu(K::Or, Rs2),
                Xor => alu(K::Xor, Rs2),
                Slt => alu(K::Slt, Rs2),
                Sltu => alu(K::Sltu, Rs2),
                Sll => alu(K::Sll, Rs2),
                Srl => alu(K::Srl, Rs2),
                Sra => alu(K::Sra, Rs2),
                Addi => alu(K::Add, Imm),
                Andi => alu(K::And, Imm),
                Ori => alu(K::Or, Imm),
                Xori => alu(K::Xor, Imm),
                Slti => alu(K::Slt, Imm),
                Sltiu => alu(K::Sltu, Imm),
                Slli => alu(K::Sll, Imm),
                Srli => alu(K::Srl, Imm),
                Srai => alu(K::Sra, Imm),
                Mul => alu(K::Mul, Rs2),
                Mulhu => alu(K::Mulhu, Rs2),
                Lui => row(K::Add, L::Zero, Imm, R::LookupOutput),
                Auipc => row(K::Add, L::Pc, Imm, R::LookupOutput),
                Jal => OpSpec {
                    next_pc: NextPc::JumpToOutput,
                    ..row(K::Add, L::Pc, Imm, R::PcPlus4)
                },
                Jalr => OpSpec {
                    next_pc: NextPc::JumpToOutput,
                    ..row(K::JalrTarget, L::Rs1, Imm, R::PcPlus4)
                },
                Beq => branch(K::Eq),
                Bne => branch(K::Ne),
                Blt => branch(K::Slt),
                Bge => branch(K::Sge),
                Bltu => branch(K::Sltu),
                Bgeu => branch(K::Sgeu),
                Lw => OpSpec {
                    ram: RamOp::Load,
                    ..row(K::Add, L::Rs1, Imm, R::RamRead)
                },
                Sw => OpSpec {
                    ram: RamOp::Store,
                    ..row(K::Add, L::Rs1, Imm, R::None)
                },
                Fence => no_lookup(NextPc::Sequential),
                Ecall => no_lookup(NextPc::Halt),
                Lb | Lh | Lbu | Lhu | Sb | Sh | Mulh | Mulhsu | Div | Divu | Rem | Remu
                | Ebreak => return None,
            }
        }
        Op::Virtual(op) => {
            use VirtualOpcode::*;
            match op {
                Advice => row(K::Advice, L::Advice, RightOperand::Zero, R::LookupOutput),
                Move => row(K::Move, L::Rs1, RightOperand::Zero, R::LookupOutput),
                Movsign => row(K::Movsign, L::Rs1, RightOperand::Zero, R::LookupOutput),
                AssertEq => assertion(K::Eq, Rs2),
                AssertLte => assertion(K::Leu, Rs2),
                AssertValidDiv0 => assertion(K::ValidDiv0, Rs2),
                AssertValidUnsignedRemainder => assertion(K::ValidUnsignedRemainder, Rs2),
                AssertMuluNoOverflow => assertion(K::AssertMuluNoOverflow, Rs2),
                AssertHalfAligned => assertion(K::AssertHalfAligned, Imm),
                AssertStackPointer => assertion(K::Sge, Imm),
                SignedDivOverflow => alu(K::SignedDivOverflow, Rs2),
                LoadWordAligned => OpSpec {
                    ram: RamOp::Load,
                    ..row(K::AlignWord, L::Rs1, Imm, R::RamRead)
                },
                StoreWordAligned => OpSpec {
                    ram: RamOp::Store,
                    ..row(K::AlignWord, L::Rs1, Imm, R::None)
                },
                ByteOffsetShift => alu(K::ByteOffsetShift, Imm),
                SignExtend8 => row(K::SignExtend8, L::Rs1, RightOperand::Zero, R::LookupOutput),
                SignExtend16 => row(K::SignExtend16, L::Rs1, RightOperand::Zero, R::LookupOutput),
            }
        }
    };
    Some(s)
}

/// Why an instruction cannot be expanded into provable rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    /// EBREAK has no provable meaning (the tracer stops with an error on it).
    #[error("EBREAK is not provable: the VM stops with an error on it; remove it from the guest")]
    Ebreak,
}

/// The row that asserts the stack pointer `sp` is not below the stack whose lowest address
/// is `stack_bottom` ([`VirtualOpcode::AssertStackPointer`]).
pub fn stack_pointer_check(sp: u8, stack_bottom: u32) -> MicroOp {
    MicroOp::new(
        Op::Virtual(VirtualOpcode::AssertStackPointer),
        0,
        sp,
        0,
        stack_bottom,
    )
}

/// The bytecode rows of one RV32IM instruction: itself, or its virtual sequence.
pub fn expand(
    opcode: RvOpcode,
    rd: u8,
    rs1: u8,
    rs2: u8,
    imm: u32,
) -> Result<Vec<MicroOp>, ExpandError> {
    use RvOpcode::*;
    use VirtualOpcode as V;
    let rv = |op: RvOpcode, rd: u8, rs1: u8, rs2: u8, imm: u32| {
        MicroOp::new(Op::Rv(op), rd, rs1, rs2, imm)
    };
    let vr = |op: VirtualOpcode, rd: u8, rs1: u8, rs2: u8, imm: u32| {
        MicroOp::new(Op::Virtual(op), rd, rs1, rs2, imm)
    };
    let rows = match opcode {
        Ebreak => return Err(ExpandError::Ebreak),
        // The shift lookup packs the amount as one byte; masking first keeps it < 32.
        Sll | Srl | Sra => vec![rv(Andi, V0, rs2, 0, 31), rv(opcode, rd, rs1, V0, 0)],
        // Sub-word loads: fetch the word, shift the addressed byte/halfword to the bottom,
        // then sign- or zero-extend it. The shift amount 8·offset ≤ 24 is a lookup output.
        Lb | Lbu | Lh | Lhu => {
            let half = matches!(opcode, Lh | Lhu);
            let mut rows = Vec::with_capacity(5);
            if half {
                rows.push(vr(V::AssertHalfAligned, 0, rs1, 0, imm));
            }
            rows.push(vr(V::LoadWordAligned, V0, rs1, 0, imm));
            rows.push(vr(V::ByteOffsetShift, V1, rs1, 0, imm));
            rows.push(rv(Srl, V0, V0, V1, 0));
            rows.push(match opcode {
                Lb => vr(V::SignExtend8, rd, V0, 0, 0),
                Lh => vr(V::SignExtend16, rd, V0, 0, 0),
                Lbu => rv(Andi, rd, V0, 0, 0xFF),
                _ => rv(Andi, rd, V0, 0, 0xFFFF),
            });
            rows
        }
        // Sub-word stores: new word = old ^ (((old >> s) ^ value) & mask) << s.
        Sb | Sh => {
            let mask = if opcode == Sh { 0xFFFF } else { 0xFF };
            let mut rows = Vec::with_capacity(9);
            if opcode == Sh {
                rows.push(vr(V::AssertHalfAligned, 0, rs1, 0, imm));
            }
            rows.extend([
                vr(V::LoadWordAligned, V0, rs1, 0, imm),
                vr(V::ByteOffsetShift, V1, rs1, 0, imm),
                rv(Srl, V2, V0, V1, 0),
                rv(Xor, V2, V2, rs2, 0),
                rv(Andi, V2, V2, 0, mask),
                rv(Sll, V2, V2, V1, 0),
                rv(Xor, V0, V0, V2, 0),
                vr(V::StoreWordAligned, 0, rs1, V0, imm),
            ]);
            rows
        }
        // MULH(x, y) = MULHU(x, y) − [x < 0]·y − [y < 0]·x  (mod 2^32); MOVSIGN gives the
        // masks 0 / −1, so mask·y is 0 / −y.
        Mulh => vec![
            vr(V::Movsign, V0, rs1, 0, 0),
            vr(V::Movsign, V1, rs2, 0, 0),
            rv(Mulhu, V2, rs1, rs2, 0),
            rv(Mul, V0, V0, rs2, 0),
            rv(Mul, V1, V1, rs1, 0),
            rv(Add, V2, V2, V0, 0),
            rv(Add, rd, V2, V1, 0),
        ],
        // MULHSU(x, y) = MULHU(x, y) − [x < 0]·y  (mod 2^32).
        Mulhsu => vec![
            vr(V::Movsign, V0, rs1, 0, 0),
            rv(Mulhu, V1, rs1, rs2, 0),
            rv(Mul, V0, V0, rs2, 0),
            rv(Add, rd, V1, V0, 0),
        ],
        // Unsigned division, advice q (v0) and r (v1). Soundness: for y ≠ 0 the asserts give
        // r < y, q·y < 2^32 and t = q·y ≤ x; then t + r ≡ x (mod 2^32) cannot wrap (that
        // would need r ≥ 2^32), so x = q·y + r with 0 ≤ r < y: q and r are unique. For y = 0
        // the first assert forces q = 0xFFFF_FFFF, t = 0, and the last one r = x.
        Divu | Remu => vec![
            vr(V::Advice, V0, 0, 0, 0),
            vr(V::Advice, V1, 0, 0, 0),
            vr(V::AssertValidDiv0, 0, rs2, V0, 0),
            vr(V::AssertValidUnsignedRemainder, 0, V1, rs2, 0),
            vr(V::AssertMuluNoOverflow, 0, V0, rs2, 0),
            rv(Mul, V2, V0, rs2, 0),
            vr(V::AssertLte, 0, V2, rs1, 0),
            rv(Add, V2, V2, V1, 0),
            vr(V::AssertEq, 0, V2, rs1, 0),
            vr(V::Move, rd, if opcode == Divu { V0 } else { V1 }, 0, 0),
        ],
        // Signed division, advice q (v0) and |r| (v1).
        // - y' = y + SIGNED_DIV_OVERFLOW(x, y) is y, except 1 for INT_MIN / −1.
        // - MULH(q, y') = sign mask of q·y' (mod 2^32): q·y' fits in i32, so p = q·y' exactly.
        // - r = (|r| ^ s) − s with s the sign mask of x: r is 0 or has x's sign, |r| < 2^31.
        // - p + r ≡ x, and with those signs p + r cannot leave i32, so x = q·y' + r exactly.
        // - y = 0 or |r| < |y|. For y ≠ 0 this is truncating division, whose (q, r) is
        //   unique; for INT_MIN / −1 it forces r = 0, q = INT_MIN; for y = 0 the first
        //   assert forces q = −1 and then r = x.
        Div | Rem => vec![
            vr(V::Advice, V0, 0, 0, 0),
            vr(V::Advice, V1, 0, 0, 0),
            vr(V::AssertValidDiv0, 0, rs2, V0, 0),
            vr(V::SignedDivOverflow, V2, rs1, rs2, 0),
            rv(Add, V2, rs2, V2, 0),
            vr(V::Movsign, V4, V0, 0, 0),
            vr(V::Movsign, V5, V2, 0, 0),
            rv(Mulhu, V3, V0, V2, 0),
            rv(Mul, V4, V4, V2, 0),
            rv(Mul, V5, V5, V0, 0),
            rv(Add, V3, V3, V4, 0),
            rv(Add, V3, V3, V5, 0),
            rv(Mul, V4, V0, V2, 0),
            vr(V::Movsign, V5, V4, 0, 0),
            vr(V::AssertEq, 0, V3, V5, 0),
            vr(V::Movsign, V5, rs1, 0, 0),
            rv(Xor, V6, V1, V5, 0),
            rv(Sub, V6, V6, V5, 0),
            rv(Add, V7, V4, V6, 0),
            vr(V::AssertEq, 0, V7, rs1, 0),
            vr(V::Movsign, V5, rs2, 0, 0),
            rv(Xor, V7, rs2, V5, 0),
            rv(Sub, V7, V7, V5, 0),
            vr(V::AssertValidUnsignedRemainder, 0, V1, V7, 0),
            vr(V::Move, rd, if opcode == Div { V0 } else { V6 }, 0, 0),
        ],
        _ => vec![rv(opcode, rd, rs1, rs2, imm)],
    };
    Ok(rows)
}

/// The advice values a sequence's ADVICE rows take, in order, for operands `x` (rs1) and `y`
/// (rs2). Empty for opcodes without advice.
pub fn advice(opcode: RvOpcode, x: u32, y: u32) -> Vec<u32> {
    use RvOpcode::*;
    match opcode {
        Divu | Remu => {
            let (q, r) = match (x.checked_div(y), x.checked_rem(y)) {
                (Some(q), Some(r)) => (q, r),
                _ => (u32::MAX, x),
            };
            vec![q, r]
        }
        Div | Rem => {
            let (sx, sy) = (x as i32, y as i32);
            let (q, r) = if sy == 0 {
                (-1, sx)
            } else {
                (sx.wrapping_div(sy), sx.wrapping_rem(sy))
            };
            vec![q as u32, r.unsigned_abs()]
        }
        _ => Vec::new(),
    }
}

/// Word-addressed memory as the reference executor sees it.
pub trait WordMemory {
    /// The aligned word at `address`.
    fn load(&mut self, address: u32) -> u32;
    /// Writes the aligned word at `address`.
    fn store(&mut self, address: u32, value: u32);
}

/// A RAM access of one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordAccess {
    /// The aligned byte address.
    pub address: u32,
    /// The word before.
    pub before: u32,
    /// The word after (= before for loads).
    pub after: u32,
}

/// What one row did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MicroStep {
    /// The lookup and its operands and output, if the row performs one.
    pub lookup: Option<(Lookup, u32, u32, u32)>,
    /// The value written to rd (`None` if the row writes none, or rd is x0).
    pub rd_value: Option<u32>,
    /// The RAM access.
    pub ram: Option<WordAccess>,
    /// The next pc when the row ends its instruction (`None` inside a sequence, or on halt).
    pub next_pc: Option<u32>,
}

/// Why a row failed in the reference executor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MicroError {
    /// An assertion row's lookup output was not 1.
    #[error("{0} failed")]
    AssertionFailed(&'static str),
    /// LW/SW on an address that is not a multiple of 4.
    #[error("misaligned word access at {0:#010x}")]
    Misaligned(u32),
    /// An ADVICE row ran out of advice values.
    #[error("an ADVICE row has no advice value")]
    MissingAdvice,
    /// The row kind only exists as a sequence.
    #[error("{0} is not a bytecode row; expand it first")]
    NotARow(&'static str),
}

/// Executes one row: the reference semantics jolt-core's witness generation follows.
/// `last` says whether the row is the last of its instruction (it then moves the pc).
pub fn execute(
    row: &MicroOp,
    pc: u32,
    last: bool,
    regs: &mut [u32; REGISTER_COUNT],
    memory: &mut impl WordMemory,
    advice: &mut impl Iterator<Item = u32>,
) -> Result<MicroStep, MicroError> {
    let spec = spec(row.op).ok_or(MicroError::NotARow(row.op.name()))?;
    let x = match spec.left {
        LeftOperand::Rs1 => regs[usize::from(row.rs1)],
        LeftOperand::Pc => pc,
        LeftOperand::Zero => 0,
        LeftOperand::Advice => advice.next().ok_or(MicroError::MissingAdvice)?,
    };
    let y = match spec.right {
        RightOperand::Rs2 => regs[usize::from(row.rs2)],
        RightOperand::Imm => row.imm,
        RightOperand::Zero => 0,
    };
    let output = spec.lookup.map(|l| l.lookup_entry(x, y));
    let out = output.unwrap_or(0);
    if spec.assert && out != 1 {
        return Err(MicroError::AssertionFailed(row.op.name()));
    }
    let ram = match spec.ram {
        RamOp::None => None,
        RamOp::Load | RamOp::Store => {
            if out % 4 != 0 {
                return Err(MicroError::Misaligned(out));
            }
            let before = memory.load(out);
            let after = if spec.ram == RamOp::Store {
                let value = regs[usize::from(row.rs2)];
                memory.store(out, value);
                value
            } else {
                before
            };
            Some(WordAccess {
                address: out,
                before,
                after,
            })
        }
    };
    let value = match spec.rd {
        RdValue::None => None,
        RdValue::LookupOutput => Some(out),
        RdValue::PcPlus4 => Some(pc.wrapping_add(4)),
        RdValue::RamRead => ram.map(|a| a.before),
    };
    let rd_value = value.filter(|_| row.rd != 0);
    if let Some(v) = rd_value {
        regs[usize::from(row.rd)] = v;
    }
    let next_pc = match spec.next_pc {
        _ if !last => None,
        NextPc::Sequential => Some(pc.wrapping_add(4)),
        NextPc::BranchIfOutput => Some(if out == 1 {
            pc.wrapping_add(row.imm)
        } else {
            pc.wrapping_add(4)
        }),
        NextPc::JumpToOutput => Some(out),
        NextPc::Halt => None,
    };
    Ok(MicroStep {
        lookup: spec.lookup.map(|l| (l, x, y, out)),
        rd_value,
        ram,
        next_pc,
    })
}

//! RV32IM instructions: the opcode set, the decoded form, and the decoder.
//!
//! Decoding follows the RISC-V unprivileged specification (20191213), chapters 2 (RV32I) and
//! 7 (M). Every 32-bit word either decodes to exactly one [`Instruction`] or to a
//! [`DecodeError`] that says why it is not RV32IM; compressed (C-extension) encodings are
//! recognised and reported as such, because they are the most common reason a foreign ELF
//! does not run.

use std::fmt;

use strum::{EnumCount, EnumIter, IntoStaticStr};

/// Every RV32IM opcode: the 40 RV32I instructions (FENCE, ECALL and EBREAK included) and the
/// 8 instructions of the M extension. Immediate forms are distinct opcodes, as in the
/// specification's instruction listing.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, EnumCount, IntoStaticStr,
)]
#[strum(serialize_all = "UPPERCASE")]
#[allow(missing_docs)] // The names are the specification's mnemonics.
pub enum Opcode {
    // U-type.
    Lui,
    Auipc,
    // Jumps.
    Jal,
    Jalr,
    // Branches.
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    // Loads.
    Lb,
    Lh,
    Lw,
    Lbu,
    Lhu,
    // Stores.
    Sb,
    Sh,
    Sw,
    // Register-immediate arithmetic.
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    // Register-register arithmetic.
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
    // System.
    Fence,
    Ecall,
    Ebreak,
    // M extension.
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
}

impl Opcode {
    /// The assembler mnemonic, lower case (`"addi"`).
    pub fn mnemonic(self) -> String {
        let upper: &'static str = self.into();
        upper.to_ascii_lowercase()
    }

    /// The instruction's encoding format.
    pub fn format(self) -> Format {
        use Opcode::*;
        match self {
            Lui | Auipc => Format::U,
            Jal => Format::J,
            Jalr | Lb | Lh | Lw | Lbu | Lhu | Addi | Slti | Sltiu | Xori | Ori | Andi | Slli
            | Srli | Srai | Fence | Ecall | Ebreak => Format::I,
            Beq | Bne | Blt | Bge | Bltu | Bgeu => Format::B,
            Sb | Sh | Sw => Format::S,
            Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Mul | Mulh | Mulhsu
            | Mulhu | Div | Divu | Rem | Remu => Format::R,
        }
    }

    /// Whether the instruction belongs to the M extension.
    pub fn is_m_extension(self) -> bool {
        use Opcode::*;
        matches!(self, Mul | Mulh | Mulhsu | Mulhu | Div | Divu | Rem | Remu)
    }

    /// Whether the instruction reads memory.
    pub fn is_load(self) -> bool {
        matches!(
            self,
            Opcode::Lb | Opcode::Lh | Opcode::Lw | Opcode::Lbu | Opcode::Lhu
        )
    }

    /// Whether the instruction writes memory.
    pub fn is_store(self) -> bool {
        matches!(self, Opcode::Sb | Opcode::Sh | Opcode::Sw)
    }

    /// Whether the instruction is a conditional branch.
    pub fn is_branch(self) -> bool {
        use Opcode::*;
        matches!(self, Beq | Bne | Blt | Bge | Bltu | Bgeu)
    }

    /// Whether the instruction writes `rd` (formats R, I, U and J; FENCE, ECALL and EBREAK
    /// do not).
    pub fn writes_rd(self) -> bool {
        !matches!(self.format(), Format::S | Format::B)
            && !matches!(self, Opcode::Fence | Opcode::Ecall | Opcode::Ebreak)
    }
}

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.mnemonic())
    }
}

/// The base instruction formats of the specification (§2.2–2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Format {
    R,
    I,
    S,
    B,
    U,
    J,
}

/// A decoded instruction: opcode, register indices and the sign-extended immediate.
///
/// Fields an opcode does not use are zero, so two decodings of the same word compare equal
/// and the bytecode rows that `jolt-core` builds from them are canonical. For U-type the
/// immediate is the full 32-bit value (`imm[31:12] << 12`); for shifts it is the shift
/// amount; for branches and JAL it is the signed byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instruction {
    /// The operation.
    pub opcode: Opcode,
    /// Destination register (0 when the opcode writes none).
    pub rd: u8,
    /// First source register (0 when unused).
    pub rs1: u8,
    /// Second source register (0 when unused).
    pub rs2: u8,
    /// Sign-extended immediate (0 when unused).
    pub imm: i32,
}

impl Instruction {
    /// An instruction with all operands given explicitly.
    pub const fn new(opcode: Opcode, rd: u8, rs1: u8, rs2: u8, imm: i32) -> Self {
        Self {
            opcode,
            rd,
            rs1,
            rs2,
            imm,
        }
    }
}

impl fmt::Display for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = self.opcode;
        let (rd, rs1, rs2, imm) = (self.rd, self.rs1, self.rs2, self.imm);
        match op.format() {
            Format::R => write!(f, "{op} x{rd}, x{rs1}, x{rs2}"),
            Format::I if op.is_load() || op == Opcode::Jalr => {
                write!(f, "{op} x{rd}, {imm}(x{rs1})")
            }
            Format::I if matches!(op, Opcode::Fence | Opcode::Ecall | Opcode::Ebreak) => {
                write!(f, "{op}")
            }
            Format::I => write!(f, "{op} x{rd}, x{rs1}, {imm}"),
            Format::S => write!(f, "{op} x{rs2}, {imm}(x{rs1})"),
            Format::B => write!(f, "{op} x{rs1}, x{rs2}, {imm}"),
            Format::U => write!(f, "{op} x{rd}, {:#x}", (imm as u32) >> 12),
            Format::J => write!(f, "{op} x{rd}, {imm}"),
        }
    }
}

/// Why a 32-bit word is not an RV32IM instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The low two bits are not `11`: a 16-bit compressed (C extension) instruction.
    #[error(
        "compressed (RVC) instruction {0:#06x}: the zkVM executes RV32IM only; build the guest \
         for riscv32im-unknown-none-elf (no C extension)"
    )]
    Compressed(u16),
    /// A 32-bit encoding outside RV32IM (another extension, a reserved encoding, or data).
    #[error(
        "illegal instruction {0:#010x}: not an RV32IM encoding (floating point, atomics, CSR \
         access and 64-bit instructions are unsupported); build the guest for \
         riscv32im-unknown-none-elf"
    )]
    Illegal(u32),
}

#[inline]
fn bits(word: u32, hi: u32, lo: u32) -> u32 {
    (word >> lo) & ((1u32 << (hi - lo + 1)) - 1)
}

/// Decodes one instruction word.
pub fn decode(word: u32) -> Result<Instruction, DecodeError> {
    use Opcode::*;
    if word & 0b11 != 0b11 {
        return Err(DecodeError::Compressed(word as u16));
    }
    let illegal = Err(DecodeError::Illegal(word));
    let rd = bits(word, 11, 7) as u8;
    let rs1 = bits(word, 19, 15) as u8;
    let rs2 = bits(word, 24, 20) as u8;
    let funct3 = bits(word, 14, 12);
    let funct7 = bits(word, 31, 25);
    let imm_i = (word as i32) >> 20;
    let imm_s = ((word as i32) >> 25 << 5) | bits(word, 11, 7) as i32;
    let imm_b = ((word as i32) >> 31 << 12)
        | (bits(word, 7, 7) << 11) as i32
        | (bits(word, 30, 25) << 5) as i32
        | (bits(word, 11, 8) << 1) as i32;
    let imm_u = (word & 0xFFFF_F000) as i32;
    let imm_j = ((word as i32) >> 31 << 20)
        | (bits(word, 19, 12) << 12) as i32
        | (bits(word, 20, 20) << 11) as i32
        | (bits(word, 30, 21) << 1) as i32;

    let r = |op| Ok(Instruction::new(op, rd, rs1, rs2, 0));
    let i = |op| Ok(Instruction::new(op, rd, rs1, 0, imm_i));
    let s = |op| Ok(Instruction::new(op, 0, rs1, rs2, imm_s));
    let b = |op| Ok(Instruction::new(op, 0, rs1, rs2, imm_b));

    match bits(word, 6, 0) {
        0b011_0111 => Ok(Instruction::new(Lui, rd, 0, 0, imm_u)),
        0b001_0111 => Ok(Instruction::new(Auipc, rd, 0, 0, imm_u)),
        0b110_1111 => Ok(Instruction::new(Jal, rd, 0, 0, imm_j)),
        0b110_0111 if funct3 == 0 => i(Jalr),
        0b110_0011 => match funct3 {
            0b000 => b(Beq),
            0b001 => b(Bne),
            0b100 => b(Blt),
            0b101 => b(Bge),
            0b110 => b(Bltu),
            0b111 => b(Bgeu),
            _ => illegal,
        },
        0b000_0011 => match funct3 {
            0b000 => i(Lb),
            0b001 => i(Lh),
            0b010 => i(Lw),
            0b100 => i(Lbu),
            0b101 => i(Lhu),
            _ => illegal,
        },
        0b010_0011 => match funct3 {
            0b000 => s(Sb),
            0b001 => s(Sh),
            0b010 => s(Sw),
            _ => illegal,
        },
        0b001_0011 => {
            let shamt = |op| Ok(Instruction::new(op, rd, rs1, 0, bits(word, 24, 20) as i32));
            match (funct3, funct7) {
                (0b000, _) => i(Addi),
                (0b010, _) => i(Slti),
                (0b011, _) => i(Sltiu),
                (0b100, _) => i(Xori),
                (0b110, _) => i(Ori),
                (0b111, _) => i(Andi),
                (0b001, 0b000_0000) => shamt(Slli),
                (0b101, 0b000_0000) => shamt(Srli),
                (0b101, 0b010_0000) => shamt(Srai),
                _ => illegal,
            }
        }
        0b011_0011 => match (funct7, funct3) {
            (0b000_0000, 0b000) => r(Add),
            (0b010_0000, 0b000) => r(Sub),
            (0b000_0000, 0b001) => r(Sll),
            (0b000_0000, 0b010) => r(Slt),
            (0b000_0000, 0b011) => r(Sltu),
            (0b000_0000, 0b100) => r(Xor),
            (0b000_0000, 0b101) => r(Srl),
            (0b010_0000, 0b101) => r(Sra),
            (0b000_0000, 0b110) => r(Or),
            (0b000_0000, 0b111) => r(And),
            (0b000_0001, 0b000) => r(Mul),
            (0b000_0001, 0b001) => r(Mulh),
            (0b000_0001, 0b010) => r(Mulhsu),
            (0b000_0001, 0b011) => r(Mulhu),
            (0b000_0001, 0b100) => r(Div),
            (0b000_0001, 0b101) => r(Divu),
            (0b000_0001, 0b110) => r(Rem),
            (0b000_0001, 0b111) => r(Remu),
            _ => illegal,
        },
        // FENCE (and its TSO/PAUSE hints) is a no-op on a single in-order hart. Its
        // predecessor/successor fields are not operands, so they are dropped. FENCE.I
        // (funct3 = 001, Zifencei) is not RV32I and stays illegal.
        0b000_1111 if funct3 == 0 => Ok(Instruction::new(Fence, 0, 0, 0, 0)),
        0b111_0011 => match word {
            0x0000_0073 => Ok(Instruction::new(Ecall, 0, 0, 0, 0)),
            0x0010_0073 => Ok(Instruction::new(Ebreak, 0, 0, 0, 0)),
            _ => illegal, // CSR instructions (Zicsr) and privileged encodings.
        },
        _ => illegal,
    }
}

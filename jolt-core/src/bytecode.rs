//! The program as the prover sees it: every RV32IM instruction of the text expanded into
//! bytecode rows ([`instruction_tables::rv32im::expand`]), each with its value tuple
//! (pc, rd, rs1, rs2, imm, circuit flags, lookup flags).
//!
//! The bytecode is read-only memory: at every cycle the trace reads the row at address
//! [`Column::Row`] and memory checking proves the value columns
//! equal that row. The verifier evaluates the table's multilinear extension itself from this
//! structure, which it builds from the ELF — never from a proof.
//!
//! Rows that can never execute (padding up to a power of two) are all-zero: no flag is set,
//! in particular not [`CircuitFlag::First`], so no valid control flow can reach them (the
//! entry row is pinned, `Continue` rows move to the next row of the same sequence, and every
//! instruction end must land on a `First` row).

use std::collections::HashMap;

use instruction_tables::rv32im::{
    self, ExpandError, LeftOperand, MicroOp, NextPc, RamOp, RdValue, RightOperand,
};
use instruction_tables::{Lookup, RvOpcode};
use math::{FieldExt, Fr};
use strum::EnumCount;
use tracer::{Instruction, Opcode, Program};

use crate::columns::{CircuitFlag, Column, bytecode_value_columns};

/// Register index of a0 (the exit code at ECALL).
pub const A0: u8 = 10;
/// Register index of a7 (the system call number at ECALL).
pub const A7: u8 = 17;
/// Register index of sp (the jolt runtime's stack rule watches it).
pub const SP: u8 = 2;
/// The Linux `exit` system call number, the only ECALL the VM proves.
pub const SYS_EXIT: u32 = 93;
/// The immediate of an exit (ECALL) row: a halt row with this immediate reads a7 = 93.
pub const EXIT_IMM: u32 = 0;
/// The immediate of the pause row: the halt row that ends a continuation shard which is not
/// the last (see [`Bytecode::pause_row`]).
pub const PAUSE_IMM: u32 = 1;

/// One bytecode row with everything the value tuple needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BytecodeRow {
    /// The micro-op (for RAM rows with the immediate biased by $-input\_start$, as
    /// committed and executed: see [`crate::memory`]).
    pub micro: MicroOp,
    /// The RISC-V address of the instruction it belongs to.
    pub pc: u32,
    /// rd as committed (0 when the row writes no register).
    pub rd: u8,
    /// rs1 as committed.
    pub rs1: u8,
    /// rs2 as committed.
    pub rs2: u8,
    /// The immediate as committed (for branches: the absolute target; for RAM rows: the
    /// immediate minus `input_start`).
    pub imm: u32,
    /// Circuit flags, indexed by `CircuitFlag as usize`.
    pub flags: [bool; CircuitFlag::COUNT],
    /// The lookup performed.
    pub lookup: Option<Lookup>,
    /// Whether this is the last row of its instruction.
    pub last: bool,
}

impl BytecodeRow {
    /// Whether circuit flag `f` is set.
    pub fn flag(&self, f: CircuitFlag) -> bool {
        self.flags[f as usize]
    }

    /// The row's value in bytecode value column `column`.
    pub fn value(&self, column: Column) -> u32 {
        match column {
            Column::Pc => self.pc,
            Column::Rd => u32::from(self.rd),
            Column::Rs1 => u32::from(self.rs1),
            Column::Rs2 => u32::from(self.rs2),
            Column::Imm => self.imm,
            Column::Flag(f) => u32::from(self.flag(f)),
            Column::LookupFlag(l) => u32::from(self.lookup == Some(l)),
            _ => 0,
        }
    }

    fn new(mut micro: MicroOp, pc: u32, first: bool, last: bool, input_start: u32) -> Option<Self> {
        let spec = rv32im::spec(micro.op)?;
        // RAM rows address relative to the I/O region's start, so that their lookup output
        // maps into RAM's part of the address space only (see `crate::memory`).
        if spec.ram != RamOp::None {
            micro.imm = micro.imm.wrapping_sub(input_start);
        }
        let mut flags = [false; CircuitFlag::COUNT];
        let mut set = |f: CircuitFlag| flags[f as usize] = true;
        match spec.left {
            LeftOperand::Rs1 => set(CircuitFlag::LeftRs1),
            LeftOperand::Pc => set(CircuitFlag::LeftPc),
            LeftOperand::Zero | LeftOperand::Advice => {}
        }
        match spec.right {
            RightOperand::Rs2 => set(CircuitFlag::RightRs2),
            RightOperand::Imm => set(CircuitFlag::RightImm),
            RightOperand::Zero => {}
        }
        let writes = micro.rd != 0;
        match spec.rd {
            RdValue::LookupOutput if writes => set(CircuitFlag::RdLookup),
            RdValue::PcPlus4 if writes => set(CircuitFlag::RdPcPlus4),
            RdValue::RamRead if writes => set(CircuitFlag::RdRam),
            _ => {}
        }
        match spec.ram {
            RamOp::Load => set(CircuitFlag::Load),
            RamOp::Store => set(CircuitFlag::Store),
            RamOp::None => {}
        }
        if spec.assert {
            set(CircuitFlag::Assert);
        }
        let is_branch = spec.next_pc == NextPc::BranchIfOutput;
        if !last {
            set(CircuitFlag::Continue);
        } else {
            set(match spec.next_pc {
                NextPc::Sequential => CircuitFlag::Sequential,
                NextPc::BranchIfOutput => CircuitFlag::Branch,
                NextPc::JumpToOutput => CircuitFlag::Jump,
                NextPc::Halt => CircuitFlag::Halt,
            });
        }
        if first {
            set(CircuitFlag::First);
        }
        let halt = spec.next_pc == NextPc::Halt;
        let uses_rs1 = spec.left == LeftOperand::Rs1;
        let uses_rs2 = spec.right == RightOperand::Rs2 || spec.ram == RamOp::Store;
        let rs1 = if halt {
            A0
        } else if uses_rs1 {
            micro.rs1
        } else {
            0
        };
        let rs2 = if halt {
            A7
        } else if uses_rs2 {
            micro.rs2
        } else {
            0
        };
        let rd = if spec.rd != RdValue::None {
            micro.rd
        } else {
            0
        };
        let imm = if is_branch {
            pc.wrapping_add(micro.imm)
        } else if halt {
            EXIT_IMM
        } else {
            micro.imm
        };
        Some(Self {
            micro,
            pc,
            rd,
            rs1,
            rs2,
            imm,
            flags,
            lookup: spec.lookup,
            last,
        })
    }
}

/// Why the program cannot be turned into bytecode.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BytecodeError {
    /// The entry point is not a decodable instruction of the text.
    #[error(
        "the entry point {0:#010x} is not an RV32IM instruction in the program's text; \
         check the ELF's entry symbol"
    )]
    BadEntry(u32),
    /// The text holds no instruction at all.
    #[error("the program has no RV32IM instructions in its text")]
    Empty,
}

/// The program's bytecode rows and the pc → row map.
///
/// # The pause row
/// After the program's rows comes one more, the **pause row** ([`Bytecode::pause_row`]): a
/// halt row (flags `Halt` and `First`) that reads x0 twice, writes nothing, touches no RAM and
/// has immediate [`PAUSE_IMM`] (exit rows have [`EXIT_IMM`]). No pc maps to it. Its pc entry
/// is **per shard**: in a continuation shard that is not the last it is the shard's end pc
/// $pc_{j+1}$, in every other proof 0 (the table the digest absorbs). A shard that is not the
/// last must end on it (R1CS: the last row's immediate is the statement's `LAST_IMM`), so its
/// last real instruction moves the pc to $pc_{j+1}$ exactly as R1CS's next-pc rules say — the
/// pause row is just the row that sits at that pc. It is entered only where an instruction
/// ends (it is a `First` row, and a `Continue` row moves to the next row of its own sequence),
/// so a shard never ends inside a virtual sequence.
#[derive(Clone, Debug)]
pub struct Bytecode {
    rows: Vec<BytecodeRow>,
    first_row: HashMap<u32, u32>,
    entry_row: u32,
    log_size: usize,
}

/// The [`RvOpcode`] of a tracer opcode: the opcode of the same name.
///
/// The tracer and the instruction tables do not depend on each other, so each has its own
/// enum; this `match` is where they meet. It is exhaustive on purpose (no wildcard arm): an
/// opcode added to the tracer does not compile until it is mapped here, so it can never fall
/// back to some other instruction's bytecode.
pub fn rv_opcode(opcode: Opcode) -> RvOpcode {
    match opcode {
        Opcode::Lui => RvOpcode::Lui,
        Opcode::Auipc => RvOpcode::Auipc,
        Opcode::Jal => RvOpcode::Jal,
        Opcode::Jalr => RvOpcode::Jalr,
        Opcode::Beq => RvOpcode::Beq,
        Opcode::Bne => RvOpcode::Bne,
        Opcode::Blt => RvOpcode::Blt,
        Opcode::Bge => RvOpcode::Bge,
        Opcode::Bltu => RvOpcode::Bltu,
        Opcode::Bgeu => RvOpcode::Bgeu,
        Opcode::Lb => RvOpcode::Lb,
        Opcode::Lh => RvOpcode::Lh,
        Opcode::Lw => RvOpcode::Lw,
        Opcode::Lbu => RvOpcode::Lbu,
        Opcode::Lhu => RvOpcode::Lhu,
        Opcode::Sb => RvOpcode::Sb,
        Opcode::Sh => RvOpcode::Sh,
        Opcode::Sw => RvOpcode::Sw,
        Opcode::Addi => RvOpcode::Addi,
        Opcode::Slti => RvOpcode::Slti,
        Opcode::Sltiu => RvOpcode::Sltiu,
        Opcode::Xori => RvOpcode::Xori,
        Opcode::Ori => RvOpcode::Ori,
        Opcode::Andi => RvOpcode::Andi,
        Opcode::Slli => RvOpcode::Slli,
        Opcode::Srli => RvOpcode::Srli,
        Opcode::Srai => RvOpcode::Srai,
        Opcode::Add => RvOpcode::Add,
        Opcode::Sub => RvOpcode::Sub,
        Opcode::Sll => RvOpcode::Sll,
        Opcode::Slt => RvOpcode::Slt,
        Opcode::Sltu => RvOpcode::Sltu,
        Opcode::Xor => RvOpcode::Xor,
        Opcode::Srl => RvOpcode::Srl,
        Opcode::Sra => RvOpcode::Sra,
        Opcode::Or => RvOpcode::Or,
        Opcode::And => RvOpcode::And,
        Opcode::Fence => RvOpcode::Fence,
        Opcode::Ecall => RvOpcode::Ecall,
        Opcode::Ebreak => RvOpcode::Ebreak,
        Opcode::Mul => RvOpcode::Mul,
        Opcode::Mulh => RvOpcode::Mulh,
        Opcode::Mulhsu => RvOpcode::Mulhsu,
        Opcode::Mulhu => RvOpcode::Mulhu,
        Opcode::Div => RvOpcode::Div,
        Opcode::Divu => RvOpcode::Divu,
        Opcode::Rem => RvOpcode::Rem,
        Opcode::Remu => RvOpcode::Remu,
    }
}

/// The bytecode rows of one decoded instruction at `pc` (`Err` for EBREAK), for a program
/// whose I/O region starts at `input_start` (RAM rows' immediates are relative to it).
///
/// `stack_bottom` is the jolt runtime's stack rule ([`Program::uses_jolt_runtime`]): the
/// tracer faults when an instruction moves `sp` (x2) into RAM below the stack, so every
/// instruction that writes x2 gets an `ASSERT_STACK_POINTER` row after it (one more row per
/// `sp` update, typically two per non-leaf call). A jump that writes x2 gets no rows at all:
/// its return address is in the text, which lies below the stack, so the tracer always faults
/// on it (and a trailing assertion would take the jump's place as the row that moves the pc).
pub fn expand_instruction(
    instruction: &Instruction,
    pc: u32,
    input_start: u32,
    stack_bottom: Option<u32>,
) -> Result<Vec<BytecodeRow>, ExpandError> {
    let mut micro = rv32im::expand(
        rv_opcode(instruction.opcode),
        instruction.rd,
        instruction.rs1,
        instruction.rs2,
        instruction.imm as u32,
    )?;
    if let Some(stack_bottom) = stack_bottom
        && instruction.rd == SP
        && instruction.opcode.writes_rd()
    {
        if matches!(instruction.opcode, Opcode::Jal | Opcode::Jalr) {
            return Ok(Vec::new());
        }
        micro.push(rv32im::stack_pointer_check(SP, stack_bottom));
    }
    let n = micro.len();
    Ok(micro
        .into_iter()
        .enumerate()
        .filter_map(|(k, m)| BytecodeRow::new(m, pc, k == 0, k + 1 == n, input_start))
        .collect())
}

impl Bytecode {
    /// Expands every decodable instruction of the program's text, in address order.
    /// Undecodable words (literal pools) and EBREAK get no rows: executing them is an error
    /// in the tracer and unprovable here.
    pub fn new(program: &Program) -> Result<Self, BytecodeError> {
        let mut rows = Vec::new();
        let mut first_row = HashMap::new();
        for (i, slot) in program.code().iter().enumerate() {
            let Some(Ok(instruction)) = slot else {
                continue;
            };
            let pc = program.text_start().wrapping_add(4 * i as u32);
            let stack_rule = program
                .uses_jolt_runtime()
                .then_some(program.layout().stack_bottom);
            let Ok(expanded) =
                expand_instruction(instruction, pc, program.layout().input_start, stack_rule)
            else {
                continue;
            };
            if expanded.is_empty() {
                continue;
            }
            first_row.insert(pc, rows.len() as u32);
            rows.extend(expanded);
        }
        if rows.is_empty() {
            return Err(BytecodeError::Empty);
        }
        rows.push(pause_row(program.layout().input_start));
        let entry_row = *first_row
            .get(&program.entry())
            .ok_or(BytecodeError::BadEntry(program.entry()))?;
        let log_size = rows.len().next_power_of_two().trailing_zeros().max(1) as usize;
        Ok(Self {
            rows,
            first_row,
            entry_row,
            log_size,
        })
    }

    /// The rows (without padding), the pause row last.
    pub fn rows(&self) -> &[BytecodeRow] {
        &self.rows
    }

    /// The pause row's index (the last row).
    pub fn pause_row(&self) -> u32 {
        self.rows.len() as u32 - 1
    }

    /// How many rows the instruction at `pc` runs (`None`: no instruction there).
    pub fn sequence_len(&self, pc: u32) -> Option<usize> {
        let first = self.first_row(pc)? as usize;
        let last = self.rows[first..].iter().position(|r| r.last)?;
        Some(last + 1)
    }

    /// The row index of the first row of the instruction at `pc`.
    pub fn first_row(&self, pc: u32) -> Option<u32> {
        self.first_row.get(&pc).copied()
    }

    /// The entry instruction's first row.
    pub fn entry_row(&self) -> u32 {
        self.entry_row
    }

    /// $\log_2$ of the padded table size.
    pub fn log_size(&self) -> usize {
        self.log_size
    }

    /// The MLEs of every value column ([`bytecode_value_columns`] order) at `point`
    /// (`log_size` coordinates), with the pause row's pc set to `pause_pc`: what the verifier
    /// evaluates instead of trusting a commitment.
    pub fn evaluate_values(&self, point: &[Fr], pause_pc: u32) -> Vec<Fr> {
        let columns = bytecode_value_columns();
        let eq = math::EqPolynomial::new(point.to_vec()).evals();
        let mut out = self.evaluate_base(&eq, &columns);
        if let Some(k) = columns.iter().position(|c| *c == Column::Pc) {
            out[k] += eq[self.pause_row() as usize] * Fr::from_u32(pause_pc);
        }
        out
    }

    fn evaluate_base(&self, eq: &[Fr], columns: &[Column]) -> Vec<Fr> {
        let mut out = vec![Fr::from_u8(0); columns.len()];
        for (row, weight) in self.rows.iter().zip(eq) {
            for (acc, column) in out.iter_mut().zip(columns) {
                let v = row.value(*column);
                if v == 1 {
                    *acc += weight;
                } else if v != 0 {
                    *acc += *weight * Fr::from_u32(v);
                }
            }
        }
        out
    }

    /// The value columns as tables of `2^log_size` entries (prover side), with the pause
    /// row's pc set to `pause_pc`.
    pub fn value_tables(&self, pause_pc: u32) -> Vec<Vec<u32>> {
        let size = 1usize << self.log_size;
        let pause = self.pause_row() as usize;
        bytecode_value_columns()
            .iter()
            .map(|c| {
                let mut t: Vec<u32> = self.rows.iter().map(|r| r.value(*c)).collect();
                if *c == Column::Pc {
                    t[pause] = pause_pc;
                }
                t.resize(size, 0);
                t
            })
            .collect()
    }

    /// Absorbs the whole bytecode into a digest transcript.
    pub(crate) fn absorb(&self, t: &mut math::Transcript) {
        t.append_u64(b"bytecode_rows", self.rows.len() as u64);
        t.append_u64(b"bytecode_entry_row", u64::from(self.entry_row));
        let columns = bytecode_value_columns();
        let mut bytes = Vec::with_capacity(self.rows.len() * columns.len() * 4);
        for row in &self.rows {
            for c in &columns {
                bytes.extend_from_slice(&row.value(*c).to_le_bytes());
            }
        }
        t.append_bytes(b"bytecode_values", &bytes);
    }
}

/// The pause row (see [`Bytecode`]): a halt that reads x0 twice, pc 0 in the base table.
fn pause_row(input_start: u32) -> BytecodeRow {
    let micro = MicroOp {
        op: rv32im::Op::Rv(RvOpcode::Ecall),
        rd: 0,
        rs1: 0,
        rs2: 0,
        imm: 0,
    };
    let halt = BytecodeRow::new(micro, 0, true, true, input_start).expect("ECALL has a row spec");
    BytecodeRow {
        rs1: 0,
        rs2: 0,
        imm: PAUSE_IMM,
        ..halt
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use strum::IntoEnumIterator;

    use super::*;

    /// The mapping is the identity on names and a bijection: every tracer opcode reaches the
    /// [`RvOpcode`] with its own variant name, and every `RvOpcode` is reached exactly once.
    #[test]
    fn every_tracer_opcode_maps_to_the_rv_opcode_of_its_name() {
        let mut reached = HashSet::new();
        for op in Opcode::iter() {
            let rv = rv_opcode(op);
            assert_eq!(
                format!("{rv:?}"),
                format!("{op:?}"),
                "{op:?} maps to {rv:?}"
            );
            assert!(reached.insert(rv), "{rv:?} is reached twice");
        }
        assert_eq!(
            Opcode::COUNT,
            RvOpcode::COUNT,
            "the two opcode lists differ"
        );
        assert_eq!(
            reached.len(),
            RvOpcode::COUNT,
            "an RvOpcode no tracer opcode reaches"
        );
    }
}

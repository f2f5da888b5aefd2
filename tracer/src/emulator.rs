//! The RV32IM interpreter.
//!
//! One generic step function serves both modes: `run` instantiates it without recording
//! (the row is never built), `trace` with a row per instruction. Memory is one flat byte
//! array from the input region to the top of the stack with a permission byte per 4 KiB page,
//! so every access is a subtraction, one bounds check and one table lookup.
//!
//! Alignment policy: loads and stores must be naturally aligned (halfwords on even
//! addresses, words on multiples of 4); a misaligned access is an error. Rust's code
//! generation for `riscv32im-unknown-none-elf` only emits aligned accesses.

use crate::error::TracerError;
use crate::instruction::{Instruction, Opcode};
use crate::layout::{Layout, PAGE_SIZE, RAM_START};
use crate::program::{Access, Program};
use crate::trace::{RamAccess, TraceRow};

const READ: u8 = 1;
const WRITE: u8 = 2;
/// The Linux `exit` system call number (a7), so the same ELF exits cleanly under qemu-user.
pub const SYS_EXIT: u32 = 93;
/// `exit_group`, which Linux C runtimes use; accepted as a synonym of [`SYS_EXIT`].
pub const SYS_EXIT_GROUP: u32 = 94;

/// The result of a run that reached `exit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The exit code (`a0` at the exit ecall).
    pub exit_code: u32,
    /// Instructions executed, the exit ecall included.
    pub cycles: u64,
    /// The panic flag of the I/O region.
    pub panicked: bool,
    /// The termination flag of the I/O region (the runtime sets it just before exiting).
    pub terminated: bool,
    /// The output bytes the guest wrote.
    pub output: Vec<u8>,
}

/// Guest memory: `[layout.input_start, layout.ram_end())` as bytes, page permissions beside.
#[derive(Clone, Debug)]
struct Memory {
    base: u32,
    bytes: Vec<u8>,
    perms: Vec<u8>,
}

impl Memory {
    fn new(program: &Program, input: &[u8]) -> Result<Self, TracerError> {
        let layout = program.layout();
        let max = layout.config.max_input_size;
        if input.len() > max as usize {
            return Err(TracerError::InputTooLarge {
                len: input.len(),
                max,
            });
        }
        let base = layout.lowest_address();
        let size = (layout.ram_end() - base) as usize;
        let mut perms = vec![0u8; size / PAGE_SIZE as usize];
        for region in program.access_map() {
            let pages = ((region.start - base) / PAGE_SIZE) as usize
                ..((region.end - base) / PAGE_SIZE) as usize;
            perms[pages].fill(match region.access {
                Access::None => 0,
                Access::Read => READ,
                Access::ReadWrite => READ | WRITE,
            });
        }
        let mut bytes = vec![0u8; size];
        // The image has no non-zero word in the I/O region (checked at load), so the input
        // words below land on zeros.
        for (address, word) in program
            .image_words()
            .into_iter()
            .chain(layout.input_words(input))
        {
            let offset = (address - base) as usize;
            bytes[offset..offset + 4].copy_from_slice(&word.to_le_bytes());
        }
        Ok(Self { base, bytes, perms })
    }

    /// Offset of the aligned word containing `address`, after checking permissions.
    #[inline(always)]
    fn word_offset(
        &self,
        address: u32,
        need: u8,
        pc: u32,
        layout: &Layout,
    ) -> Result<usize, TracerError> {
        let offset = address.wrapping_sub(self.base) as usize;
        if offset >= self.bytes.len() {
            return Err(TracerError::OutOfBounds {
                pc,
                address,
                lowest: self.base,
                ram_end: layout.ram_end(),
            });
        }
        let perm = self.perms[offset / PAGE_SIZE as usize];
        if perm & need == 0 {
            return Err(self.permission_error(address, need, pc, layout));
        }
        Ok(offset & !3)
    }

    #[cold]
    fn permission_error(&self, address: u32, need: u8, pc: u32, layout: &Layout) -> TracerError {
        if (layout.heap_end..layout.stack_bottom).contains(&address) {
            let verb = if need == WRITE {
                "store to"
            } else {
                "load from"
            };
            return TracerError::StackOverflow {
                pc,
                detail: format!("{verb} {address:#010x} hits the guard page below the stack"),
                stack_size: layout.config.stack_size,
                stack_bottom: layout.stack_bottom,
                stack_top: layout.stack_top,
            };
        }
        let what = if address < RAM_START {
            "the input region"
        } else {
            "program code or constants"
        };
        TracerError::WriteToReadOnly { pc, address, what }
    }

    #[inline(always)]
    fn word_at(&self, offset: usize) -> u32 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&self.bytes[offset..offset + 4]);
        u32::from_le_bytes(w)
    }

    #[inline(always)]
    fn set_word_at(&mut self, offset: usize, value: u32) {
        self.bytes[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// A word for inspection (no permission check): `None` outside guest memory.
    fn peek_word(&self, address: u32) -> Option<u32> {
        let offset = address.wrapping_sub(self.base) as usize & !3;
        (offset + 4 <= self.bytes.len()).then(|| self.word_at(offset))
    }
}

/// RISC-V division and remainder: `[quotient, remainder]`, total on every input.
#[inline]
pub fn div_rem(opcode: Opcode, a: u32, b: u32) -> [u32; 2] {
    match opcode {
        Opcode::Div | Opcode::Rem => {
            let (x, y) = (a as i32, b as i32);
            if y == 0 {
                [u32::MAX, a]
            } else {
                // wrapping_* give INT_MIN / -1 = INT_MIN and INT_MIN % -1 = 0, as RISC-V does.
                [x.wrapping_div(y) as u32, x.wrapping_rem(y) as u32]
            }
        }
        _ => match (a.checked_div(b), a.checked_rem(b)) {
            (Some(q), Some(r)) => [q, r],
            _ => [u32::MAX, a],
        },
    }
}

/// The register result of a register-register or register-immediate ALU operation
/// (`b` is `rs2` or the immediate). `None` for opcodes that are not ALU operations.
#[inline(always)]
pub fn alu(opcode: Opcode, a: u32, b: u32) -> Option<u32> {
    use Opcode::*;
    Some(match opcode {
        Add | Addi => a.wrapping_add(b),
        Sub => a.wrapping_sub(b),
        Sll | Slli => a << (b & 31),
        Srl | Srli => a >> (b & 31),
        Sra | Srai => ((a as i32) >> (b & 31)) as u32,
        Slt | Slti => u32::from((a as i32) < (b as i32)),
        Sltu | Sltiu => u32::from(a < b),
        Xor | Xori => a ^ b,
        Or | Ori => a | b,
        And | Andi => a & b,
        Mul => a.wrapping_mul(b),
        Mulh => ((i64::from(a as i32) * i64::from(b as i32)) >> 32) as u32,
        Mulhsu => ((i64::from(a as i32) * i64::from(b)) >> 32) as u32,
        Mulhu => ((u64::from(a) * u64::from(b)) >> 32) as u32,
        Div | Divu => div_rem(opcode, a, b)[0],
        Rem | Remu => div_rem(opcode, a, b)[1],
        _ => return None,
    })
}

/// An RV32IM hart with its memory, executing one [`Program`].
#[derive(Clone, Debug)]
pub struct Emulator<'p> {
    program: &'p Program,
    layout: Layout,
    regs: [u32; 32],
    pc: u32,
    cycles: u64,
    memory: Memory,
    check_stack: bool,
}

impl<'p> Emulator<'p> {
    /// A hart at the program's entry with all registers zero (the runtime's `_start` sets
    /// `sp`) and the input placed in the input region.
    pub fn new(program: &'p Program, input: &[u8]) -> Result<Self, TracerError> {
        Ok(Self {
            program,
            layout: *program.layout(),
            regs: [0; 32],
            pc: program.entry(),
            cycles: 0,
            memory: Memory::new(program, input)?,
            check_stack: program.uses_jolt_runtime(),
        })
    }

    /// The registers x0..x31.
    pub fn registers(&self) -> &[u32; 32] {
        &self.regs
    }
    /// Sets a register (writes to x0 are ignored, as in hardware). For tests and tools.
    pub fn set_register(&mut self, index: usize, value: u32) {
        if index != 0 && index < 32 {
            self.regs[index] = value;
        }
    }
    /// The program counter.
    pub fn pc(&self) -> u32 {
        self.pc
    }
    /// Instructions executed so far.
    pub fn cycles(&self) -> u64 {
        self.cycles
    }
    /// The aligned word containing `address`, or `None` outside guest memory.
    pub fn peek_word(&self, address: u32) -> Option<u32> {
        self.memory.peek_word(address)
    }

    /// Runs to `exit` without recording, at most `max_cycles` instructions.
    pub fn run(&mut self, max_cycles: u64) -> Result<Outcome, TracerError> {
        let mut sink = Vec::new();
        while self.cycles < max_cycles {
            if let Some(code) = self.execute::<false>(&mut sink)? {
                return self.outcome(code);
            }
        }
        Err(TracerError::CycleLimit { limit: max_cycles })
    }

    /// Runs to `exit`, recording one [`TraceRow`] per instruction.
    pub fn trace(&mut self, max_cycles: u64) -> Result<(Outcome, Vec<TraceRow>), TracerError> {
        let mut rows = Vec::with_capacity(max_cycles.min(1 << 16) as usize);
        while self.cycles < max_cycles {
            if let Some(code) = self.execute::<true>(&mut rows)? {
                let outcome = self.outcome(code)?;
                return Ok((outcome, rows));
            }
        }
        Err(TracerError::CycleLimit { limit: max_cycles })
    }

    /// Records one [`TraceRow`] per instruction into `rows` for as long as `admit(pc)` accepts
    /// the next instruction (at `pc`), and stops after the exit. Returns the outcome when the
    /// run exited, `None` when `admit` refused an instruction (which is then not executed).
    /// Continuation shards are traced this way, one at a time, so a run's whole trace is
    /// never held; `max_cycles` bounds the run as a whole.
    pub fn trace_while(
        &mut self,
        max_cycles: u64,
        rows: &mut Vec<TraceRow>,
        mut admit: impl FnMut(u32) -> bool,
    ) -> Result<Option<Outcome>, TracerError> {
        loop {
            if self.cycles >= max_cycles {
                return Err(TracerError::CycleLimit { limit: max_cycles });
            }
            if !admit(self.pc) {
                return Ok(None);
            }
            if let Some(code) = self.execute::<true>(rows)? {
                return self.outcome(code).map(Some);
            }
        }
    }

    /// Like [`Emulator::trace_while`] without recording (run-mode speed): executes
    /// instructions for as long as `admit(pc)` accepts the next one, and stops after the exit.
    /// Continuation planning counts rows this way without holding any.
    pub fn run_while(
        &mut self,
        max_cycles: u64,
        mut admit: impl FnMut(u32) -> bool,
    ) -> Result<Option<Outcome>, TracerError> {
        let mut sink = Vec::new();
        loop {
            if self.cycles >= max_cycles {
                return Err(TracerError::CycleLimit { limit: max_cycles });
            }
            if !admit(self.pc) {
                return Ok(None);
            }
            if let Some(code) = self.execute::<false>(&mut sink)? {
                return self.outcome(code).map(Some);
            }
        }
    }

    /// Executes one instruction and returns its row, and the exit code if it was the exit
    /// ecall.
    pub fn step(&mut self) -> Result<(TraceRow, Option<u32>), TracerError> {
        let mut rows = Vec::with_capacity(1);
        let exit = self.execute::<true>(&mut rows)?;
        let row = rows.pop().ok_or(TracerError::PcOutOfText { pc: self.pc })?;
        Ok((row, exit))
    }

    fn outcome(&self, exit_code: u32) -> Result<Outcome, TracerError> {
        let layout = &self.layout;
        let word = |a| self.memory.peek_word(a).unwrap_or(0);
        let len = word(layout.output_len_address());
        let max = layout.config.max_output_size;
        if len > max {
            return Err(TracerError::OutputTooLarge { len, max });
        }
        let start = (layout.output_data_start() - self.memory.base) as usize;
        Ok(Outcome {
            exit_code,
            cycles: self.cycles,
            panicked: word(layout.panic_address()) != 0,
            terminated: word(layout.termination_address()) != 0,
            output: self.memory.bytes[start..start + len as usize].to_vec(),
        })
    }

    #[inline(always)]
    fn fetch(&self) -> Result<Instruction, TracerError> {
        let pc = self.pc;
        let index = (pc.wrapping_sub(self.program.text_start()) >> 2) as usize;
        match self.program.code().get(index) {
            Some(Some(Ok(instruction))) if pc & 3 == 0 => Ok(*instruction),
            _ => Err(self.fetch_error()),
        }
    }

    #[cold]
    fn fetch_error(&self) -> TracerError {
        let pc = self.pc;
        if pc & 3 != 0 {
            return TracerError::MisalignedPc { pc };
        }
        let index = (pc.wrapping_sub(self.program.text_start()) >> 2) as usize;
        match self.program.code().get(index) {
            Some(Some(Err(source))) => TracerError::IllegalInstruction {
                pc,
                source: *source,
            },
            _ => TracerError::PcOutOfText { pc },
        }
    }

    #[cold]
    fn stack_overflow(&self, sp: u32) -> TracerError {
        TracerError::StackOverflow {
            pc: self.pc,
            detail: format!("the stack pointer moved to {sp:#010x}, below the stack"),
            stack_size: self.layout.config.stack_size,
            stack_bottom: self.layout.stack_bottom,
            stack_top: self.layout.stack_top,
        }
    }

    /// Loads `size` bytes (1, 2, 4) at `address`: (aligned word offset, the whole word).
    #[inline(always)]
    fn load(&self, address: u32, size: u32) -> Result<(usize, u32), TracerError> {
        if address & (size - 1) != 0 {
            return Err(TracerError::MisalignedAccess {
                pc: self.pc,
                address,
                size,
            });
        }
        let offset = self
            .memory
            .word_offset(address, READ, self.pc, &self.layout)?;
        Ok((offset, self.memory.word_at(offset)))
    }

    /// One instruction. `TRACE` decides at compile time whether a row is built.
    #[inline(always)]
    fn execute<const TRACE: bool>(
        &mut self,
        rows: &mut Vec<TraceRow>,
    ) -> Result<Option<u32>, TracerError> {
        use Opcode::*;
        let instruction = self.fetch()?;
        let pc = self.pc;
        let Instruction {
            opcode,
            rd,
            rs1,
            rs2,
            imm,
        } = instruction;
        let a = self.regs[rs1 as usize];
        let b = self.regs[rs2 as usize];
        let immu = imm as u32;
        let mut next_pc = pc.wrapping_add(4);
        let mut result = 0u32;
        let mut access = None;
        let mut advice = [0u32; 2];
        let mut exit = None;

        match opcode {
            Lui => result = immu,
            Auipc => result = pc.wrapping_add(immu),
            Jal => {
                result = next_pc;
                next_pc = pc.wrapping_add(immu);
            }
            Jalr => {
                result = next_pc;
                next_pc = a.wrapping_add(immu) & !1;
            }
            Beq | Bne | Blt | Bge | Bltu | Bgeu => {
                let taken = match opcode {
                    Beq => a == b,
                    Bne => a != b,
                    Blt => (a as i32) < (b as i32),
                    Bge => (a as i32) >= (b as i32),
                    Bltu => a < b,
                    _ => a >= b,
                };
                if taken {
                    next_pc = pc.wrapping_add(immu);
                }
            }
            Lb | Lh | Lw | Lbu | Lhu => {
                let address = a.wrapping_add(immu);
                let size = match opcode {
                    Lb | Lbu => 1,
                    Lh | Lhu => 2,
                    _ => 4,
                };
                let (_, word) = self.load(address, size)?;
                let shift = (address & 3) * 8;
                let raw = word >> shift;
                result = match opcode {
                    Lb => raw as u8 as i8 as i32 as u32,
                    Lbu => raw as u8 as u32,
                    Lh => raw as u16 as i16 as i32 as u32,
                    Lhu => raw as u16 as u32,
                    _ => word,
                };
                access = Some(RamAccess {
                    address,
                    word_before: word,
                    word_after: word,
                });
            }
            Sb | Sh | Sw => {
                let address = a.wrapping_add(immu);
                let size: u32 = match opcode {
                    Sb => 1,
                    Sh => 2,
                    _ => 4,
                };
                if address & (size - 1) != 0 {
                    return Err(TracerError::MisalignedAccess { pc, address, size });
                }
                let offset = self.memory.word_offset(address, WRITE, pc, &self.layout)?;
                let before = self.memory.word_at(offset);
                let shift = (address & 3) * 8;
                let mask: u32 = match size {
                    1 => 0xFF << shift,
                    2 => 0xFFFF << shift,
                    _ => u32::MAX,
                };
                let after = (before & !mask) | ((b << shift) & mask);
                self.memory.set_word_at(offset, after);
                access = Some(RamAccess {
                    address,
                    word_before: before,
                    word_after: after,
                });
            }
            Addi | Slti | Sltiu | Xori | Ori | Andi | Slli | Srli | Srai => {
                result = alu(opcode, a, immu).unwrap_or(0);
            }
            Div | Divu | Rem | Remu => {
                advice = div_rem(opcode, a, b);
                result = if matches!(opcode, Div | Divu) {
                    advice[0]
                } else {
                    advice[1]
                };
            }
            Fence => {}
            Ecall => {
                let number = self.regs[17];
                if number == SYS_EXIT || number == SYS_EXIT_GROUP {
                    exit = Some(self.regs[10]);
                } else {
                    return Err(TracerError::UnsupportedEcall { pc, number });
                }
            }
            Ebreak => return Err(TracerError::Breakpoint { pc }),
            _ => result = alu(opcode, a, b).unwrap_or(0),
        }

        let rd_before = self.regs[rd as usize];
        if rd != 0 && opcode.writes_rd() {
            if rd == 2
                && self.check_stack
                && result < self.layout.stack_bottom
                && result >= RAM_START
            {
                return Err(self.stack_overflow(result));
            }
            self.regs[rd as usize] = result;
        }
        if TRACE {
            rows.push(TraceRow {
                pc,
                instruction,
                rs1_value: a,
                rs2_value: b,
                rd_before,
                rd_after: self.regs[rd as usize],
                memory: access,
                advice,
            });
        }
        self.cycles += 1;
        self.pc = next_pc;
        Ok(exit)
    }
}

/// Runs `program` on `input` to exit without recording a trace.
pub fn run(program: &Program, input: &[u8], max_cycles: u64) -> Result<Outcome, TracerError> {
    Emulator::new(program, input)?.run(max_cycles)
}

/// Runs `program` on `input` to exit, recording the trace.
pub fn trace(
    program: &Program,
    input: &[u8],
    max_cycles: u64,
) -> Result<(Outcome, Vec<TraceRow>), TracerError> {
    Emulator::new(program, input)?.trace(max_cycles)
}

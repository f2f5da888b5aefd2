//! A small RV32IM assembler: [`Instruction`] → instruction word, and instruction words → a
//! statically linked ELF that both [`crate::Program::from_elf`] and `qemu-riscv32` load.
//!
//! It exists for tests and the differential fuzzer, which build programs instruction by
//! instruction; guests proper are compiled by rustc. [`encode`] is the exact inverse of
//! [`crate::decode`] on its domain: it rejects every operand that has no encoding (a register
//! above x31, an immediate out of range or with bits the format drops, a non-zero field the
//! format does not have), so `decode(encode(i)?) == i` whenever `encode` succeeds.
//!
//! Immediates follow the decoded form of [`Instruction`]: sign-extended byte offsets for
//! branches and JAL (even, 13 and 21 bits signed), the full 32-bit value for LUI/AUIPC (low 12
//! bits zero), the shift amount (0..=31) for SLLI/SRLI/SRAI, and a 12-bit signed value
//! otherwise.
//!
//! FENCE is encoded as `0x0ff0000f` (`fence iorw, iorw`, what assemblers emit for a bare
//! `fence`); the decoder maps every FENCE (any predecessor/successor sets) to the same
//! operand-free [`Instruction`], so the choice is invisible after decoding.

use object::elf;
use object::write::elf::{FileHeader, ProgramHeader, Sym, Writer};

use crate::error::TracerError;
use crate::instruction::{Format, Instruction, Opcode};
use crate::layout::{Layout, MemoryConfig, PAGE_SIZE, RAM_START};

/// Register numbers by ABI name, and the names themselves.
pub mod reg {
    /// Hard-wired zero.
    pub const ZERO: u8 = 0;
    /// Return address.
    pub const RA: u8 = 1;
    /// Stack pointer.
    pub const SP: u8 = 2;
    /// Global pointer.
    pub const GP: u8 = 3;
    /// Thread pointer.
    pub const TP: u8 = 4;
    /// First temporary.
    pub const T0: u8 = 5;
    /// First argument / return value (the exit code at `exit`).
    pub const A0: u8 = 10;
    /// Second argument / return value.
    pub const A1: u8 = 11;
    /// The system call number register.
    pub const A7: u8 = 17;

    /// The ABI name of every register, indexed by number (`NAMES[2] == "sp"`).
    pub const NAMES: [&str; 32] = [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
        "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
        "t5", "t6",
    ];
}

/// Why an [`Instruction`] has no RV32IM encoding.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// A register index above 31.
    #[error("{opcode}: register {field} = x{value} does not exist (x0..x31)")]
    Register {
        /// The instruction's opcode.
        opcode: Opcode,
        /// Which operand (`"rd"`, `"rs1"`, `"rs2"`).
        field: &'static str,
        /// The index given.
        value: u8,
    },
    /// An immediate the format cannot hold.
    #[error("{opcode}: immediate {imm} ({imm:#x}) is out of range: {expected}")]
    Immediate {
        /// The instruction's opcode.
        opcode: Opcode,
        /// The immediate given.
        imm: i32,
        /// What the format accepts.
        expected: &'static str,
    },
    /// A non-zero operand the format does not have (it would be lost by encoding).
    #[error("{opcode}: operand {field} = {value} is not part of this instruction (must be 0)")]
    UnusedOperand {
        /// The instruction's opcode.
        opcode: Opcode,
        /// Which operand (`"rd"`, `"rs1"`, `"rs2"`, `"imm"`).
        field: &'static str,
        /// The value given.
        value: i32,
    },
}

/// Major opcode, funct3 and funct7 of each instruction (funct7 only for R-type and the
/// immediate shifts).
fn fields(opcode: Opcode) -> (u32, u32, u32) {
    use Opcode::*;
    match opcode {
        Lui => (0b011_0111, 0, 0),
        Auipc => (0b001_0111, 0, 0),
        Jal => (0b110_1111, 0, 0),
        Jalr => (0b110_0111, 0, 0),
        Beq => (0b110_0011, 0b000, 0),
        Bne => (0b110_0011, 0b001, 0),
        Blt => (0b110_0011, 0b100, 0),
        Bge => (0b110_0011, 0b101, 0),
        Bltu => (0b110_0011, 0b110, 0),
        Bgeu => (0b110_0011, 0b111, 0),
        Lb => (0b000_0011, 0b000, 0),
        Lh => (0b000_0011, 0b001, 0),
        Lw => (0b000_0011, 0b010, 0),
        Lbu => (0b000_0011, 0b100, 0),
        Lhu => (0b000_0011, 0b101, 0),
        Sb => (0b010_0011, 0b000, 0),
        Sh => (0b010_0011, 0b001, 0),
        Sw => (0b010_0011, 0b010, 0),
        Addi => (0b001_0011, 0b000, 0),
        Slti => (0b001_0011, 0b010, 0),
        Sltiu => (0b001_0011, 0b011, 0),
        Xori => (0b001_0011, 0b100, 0),
        Ori => (0b001_0011, 0b110, 0),
        Andi => (0b001_0011, 0b111, 0),
        Slli => (0b001_0011, 0b001, 0),
        Srli => (0b001_0011, 0b101, 0),
        Srai => (0b001_0011, 0b101, 0b010_0000),
        Add => (0b011_0011, 0b000, 0),
        Sub => (0b011_0011, 0b000, 0b010_0000),
        Sll => (0b011_0011, 0b001, 0),
        Slt => (0b011_0011, 0b010, 0),
        Sltu => (0b011_0011, 0b011, 0),
        Xor => (0b011_0011, 0b100, 0),
        Srl => (0b011_0011, 0b101, 0),
        Sra => (0b011_0011, 0b101, 0b010_0000),
        Or => (0b011_0011, 0b110, 0),
        And => (0b011_0011, 0b111, 0),
        Fence => (0b000_1111, 0, 0),
        Ecall | Ebreak => (0b111_0011, 0, 0),
        Mul => (0b011_0011, 0b000, 1),
        Mulh => (0b011_0011, 0b001, 1),
        Mulhsu => (0b011_0011, 0b010, 1),
        Mulhu => (0b011_0011, 0b011, 1),
        Div => (0b011_0011, 0b100, 1),
        Divu => (0b011_0011, 0b101, 1),
        Rem => (0b011_0011, 0b110, 1),
        Remu => (0b011_0011, 0b111, 1),
    }
}

/// The encoding of `fence` (`fence iorw, iorw`).
pub const FENCE_WORD: u32 = 0x0ff0_000f;
/// The encoding of `ecall`.
pub const ECALL_WORD: u32 = 0x0000_0073;
/// The encoding of `ebreak`.
pub const EBREAK_WORD: u32 = 0x0010_0073;

/// Encodes one instruction; the inverse of [`crate::decode`].
pub fn encode(instruction: &Instruction) -> Result<u32, EncodeError> {
    use Opcode::*;
    let Instruction {
        opcode,
        rd,
        rs1,
        rs2,
        imm,
    } = *instruction;
    let register = |field: &'static str, value: u8| {
        if value < 32 {
            Ok(u32::from(value))
        } else {
            Err(EncodeError::Register {
                opcode,
                field,
                value,
            })
        }
    };
    let unused = |field: &'static str, value: i32| {
        if value == 0 {
            Ok(())
        } else {
            Err(EncodeError::UnusedOperand {
                opcode,
                field,
                value,
            })
        }
    };
    let bad_imm = |expected: &'static str| {
        Err(EncodeError::Immediate {
            opcode,
            imm,
            expected,
        })
    };
    let (major, funct3, funct7) = fields(opcode);
    let immu = imm as u32;

    match opcode {
        Fence | Ecall | Ebreak => {
            unused("rd", rd.into())?;
            unused("rs1", rs1.into())?;
            unused("rs2", rs2.into())?;
            unused("imm", imm)?;
            return Ok(match opcode {
                Fence => FENCE_WORD,
                Ecall => ECALL_WORD,
                _ => EBREAK_WORD,
            });
        }
        Slli | Srli | Srai => {
            unused("rs2", rs2.into())?;
            if !(0..=31).contains(&imm) {
                return bad_imm("a shift amount is 0..=31");
            }
            return Ok(funct7 << 25
                | immu << 20
                | register("rs1", rs1)? << 15
                | funct3 << 12
                | register("rd", rd)? << 7
                | major);
        }
        _ => {}
    }

    Ok(match opcode.format() {
        Format::R => {
            unused("imm", imm)?;
            funct7 << 25
                | register("rs2", rs2)? << 20
                | register("rs1", rs1)? << 15
                | funct3 << 12
                | register("rd", rd)? << 7
                | major
        }
        Format::I => {
            unused("rs2", rs2.into())?;
            if !(-2048..=2047).contains(&imm) {
                return bad_imm("an I-type immediate is 12 bits signed (-2048..=2047)");
            }
            (immu & 0xfff) << 20
                | register("rs1", rs1)? << 15
                | funct3 << 12
                | register("rd", rd)? << 7
                | major
        }
        Format::S => {
            unused("rd", rd.into())?;
            if !(-2048..=2047).contains(&imm) {
                return bad_imm("an S-type immediate is 12 bits signed (-2048..=2047)");
            }
            ((immu >> 5) & 0x7f) << 25
                | register("rs2", rs2)? << 20
                | register("rs1", rs1)? << 15
                | funct3 << 12
                | (immu & 0x1f) << 7
                | major
        }
        Format::B => {
            unused("rd", rd.into())?;
            if !(-4096..=4094).contains(&imm) || imm % 2 != 0 {
                return bad_imm("a branch offset is even and 13 bits signed (-4096..=4094)");
            }
            ((immu >> 12) & 1) << 31
                | ((immu >> 5) & 0x3f) << 25
                | register("rs2", rs2)? << 20
                | register("rs1", rs1)? << 15
                | funct3 << 12
                | ((immu >> 1) & 0xf) << 8
                | ((immu >> 11) & 1) << 7
                | major
        }
        Format::U => {
            unused("rs1", rs1.into())?;
            unused("rs2", rs2.into())?;
            if immu & 0xfff != 0 {
                return bad_imm("a U-type immediate is the full value, with its low 12 bits zero");
            }
            immu | register("rd", rd)? << 7 | major
        }
        Format::J => {
            unused("rs1", rs1.into())?;
            unused("rs2", rs2.into())?;
            if !(-(1 << 20)..(1 << 20)).contains(&imm) || imm % 2 != 0 {
                return bad_imm("a JAL offset is even and 21 bits signed (-1048576..=1048574)");
            }
            ((immu >> 20) & 1) << 31
                | ((immu >> 1) & 0x3ff) << 21
                | ((immu >> 11) & 1) << 20
                | ((immu >> 12) & 0xff) << 12
                | register("rd", rd)? << 7
                | major
        }
    })
}

/// Encodes a whole program.
pub fn assemble(instructions: &[Instruction]) -> Result<Vec<u32>, EncodeError> {
    instructions.iter().map(encode).collect()
}

// ---- constructors ------------------------------------------------------------------------

/// A register-register instruction (`op rd, rs1, rs2`).
pub const fn r(opcode: Opcode, rd: u8, rs1: u8, rs2: u8) -> Instruction {
    Instruction::new(opcode, rd, rs1, rs2, 0)
}

/// A register-immediate instruction, load or JALR (`op rd, rs1, imm` / `op rd, imm(rs1)`).
pub const fn i(opcode: Opcode, rd: u8, rs1: u8, imm: i32) -> Instruction {
    Instruction::new(opcode, rd, rs1, 0, imm)
}

/// A store: `op rs2, imm(rs1)` writes `rs2` to `rs1 + imm`.
pub const fn s(opcode: Opcode, rs2: u8, imm: i32, rs1: u8) -> Instruction {
    Instruction::new(opcode, 0, rs1, rs2, imm)
}

/// A conditional branch by `offset` bytes from its own address.
pub const fn b(opcode: Opcode, rs1: u8, rs2: u8, offset: i32) -> Instruction {
    Instruction::new(opcode, 0, rs1, rs2, offset)
}

/// `lui rd, value` with the full 32-bit value (low 12 bits zero).
pub const fn lui(rd: u8, value: u32) -> Instruction {
    Instruction::new(Opcode::Lui, rd, 0, 0, value as i32)
}

/// `auipc rd, value` with the full 32-bit value (low 12 bits zero): `rd = pc + value`.
pub const fn auipc(rd: u8, value: u32) -> Instruction {
    Instruction::new(Opcode::Auipc, rd, 0, 0, value as i32)
}

/// `jal rd, offset`.
pub const fn jal(rd: u8, offset: i32) -> Instruction {
    Instruction::new(Opcode::Jal, rd, 0, 0, offset)
}

/// `jalr rd, imm(rs1)`.
pub const fn jalr(rd: u8, rs1: u8, imm: i32) -> Instruction {
    Instruction::new(Opcode::Jalr, rd, rs1, 0, imm)
}

/// `addi rd, rs1, imm`.
pub const fn addi(rd: u8, rs1: u8, imm: i32) -> Instruction {
    i(Opcode::Addi, rd, rs1, imm)
}

/// `fence`.
pub const fn fence() -> Instruction {
    Instruction::new(Opcode::Fence, 0, 0, 0, 0)
}

/// `ecall`.
pub const fn ecall() -> Instruction {
    Instruction::new(Opcode::Ecall, 0, 0, 0, 0)
}

/// `ebreak`.
pub const fn ebreak() -> Instruction {
    Instruction::new(Opcode::Ebreak, 0, 0, 0, 0)
}

/// `li rd, value`: one `addi` when the value fits 12 bits signed, otherwise `lui` of the
/// upper part rounded so that the sign-extended low 12 bits added by `addi` land exactly on
/// `value` (the `addi` is left out when those bits are zero).
pub fn li(rd: u8, value: u32) -> Vec<Instruction> {
    let signed = value as i32;
    if (-2048..=2047).contains(&signed) {
        return vec![addi(rd, 0, signed)];
    }
    // The addi adds the sign-extended low 12 bits: subtract that from the upper part.
    let low = ((value & 0xfff) as i32) << 20 >> 20;
    let upper = value.wrapping_sub(low as u32);
    let mut out = vec![lui(rd, upper)];
    if low != 0 {
        out.push(addi(rd, rd, low));
    }
    out
}

/// `li a0, code; li a7, 93; ecall`: the Linux `exit` system call that ends every guest.
pub fn exit(code: u32) -> Vec<Instruction> {
    let mut out = li(reg::A0, code);
    out.extend(li(reg::A7, crate::SYS_EXIT));
    out.push(ecall());
    out
}

// ---- ELF ---------------------------------------------------------------------------------

/// Why [`elf()`] could not build an image.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ElfError {
    /// The memory configuration is invalid.
    #[error(transparent)]
    Config(#[from] TracerError),
    /// Code and data do not fit below the heap end of the configuration.
    #[error(
        "{code_bytes} bytes of code and {data_bytes} bytes of data do not fit below the heap \
         end {heap_end:#010x}; raise memory_size"
    )]
    TooLarge {
        /// Size of the code.
        code_bytes: usize,
        /// Size of the data.
        data_bytes: usize,
        /// The configuration's heap end.
        heap_end: u32,
    },
    /// The ELF writer failed.
    #[error("writing the ELF failed: {0}")]
    Write(String),
}

const fn page_align(x: u64) -> u64 {
    x.div_ceil(PAGE_SIZE as u64) * PAGE_SIZE as u64
}

/// Where [`elf()`] places the data of a program with `code_words` instruction words: the first
/// 4 KiB page boundary after the code (RAM_START + one page for an empty program).
pub fn data_address(code_words: usize) -> u32 {
    let code_bytes = (code_words as u64 * 4).max(1);
    (u64::from(RAM_START) + page_align(code_bytes)) as u32
}

/// A statically linked RV32IM executable (ELF32, little endian, `EM_RISCV`, `ET_EXEC`,
/// `e_flags = 0`: no compressed instructions) for the memory layout of `config`, entry at
/// [`RAM_START`]. Its segments, each on its own pages so qemu-user can protect them:
///
/// | segment | address | flags | contents |
/// |---|---|---|---|
/// | input  | `input_start`  | R   | zeros in the file (a harness may patch an input in, see [`crate::qemu`]) |
/// | output | `output_start` | RW  | no file bytes (zero) |
/// | text   | [`RAM_START`]  | R X | `code` |
/// | data   | [`data_address`] up to `heap_end` | RW | `data`, then zeros |
/// | stack  | `stack_bottom` up to `stack_top` | RW | no file bytes |
///
/// So qemu maps exactly the memory our emulator lets a program touch, except the gaps the
/// emulator treats as writable RAM (between text and data, when the text's last page is not
/// full) — fuzzers keep their accesses in the data segment.
///
/// The configuration is **not** recorded as `__jolt_*` symbols (use [`elf_recording_config`]
/// for that), so [`crate::Program::uses_jolt_runtime`] is false: the stack pointer is an
/// ordinary register. Load the result with [`crate::Program::from_elf_with_config`]`(bytes,
/// *config)`, or [`crate::Program::from_elf`] when `config` is the default.
pub fn elf(code: &[u32], data: &[u8], config: &MemoryConfig) -> Result<Vec<u8>, ElfError> {
    build_elf(code, data, config, false)
}

/// Like [`elf()`], but also records the configuration in the `__jolt_*` absolute symbols that
/// the jolt linker script defines, so the result loads like a guest built with the jolt
/// runtime ([`crate::Program::from_elf`] picks up `config` and checks the stack pointer).
pub fn elf_recording_config(
    code: &[u32],
    data: &[u8],
    config: &MemoryConfig,
) -> Result<Vec<u8>, ElfError> {
    build_elf(code, data, config, true)
}

fn build_elf(
    code: &[u32],
    data: &[u8],
    config: &MemoryConfig,
    record_config: bool,
) -> Result<Vec<u8>, ElfError> {
    let layout = Layout::new(*config)?;
    let code_bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    let data_start = data_address(code.len());
    let data_end = u64::from(data_start) + data.len() as u64;
    let code_end = u64::from(RAM_START) + code_bytes.len() as u64;
    if data_end > u64::from(layout.heap_end) || code_end > u64::from(layout.heap_end) {
        return Err(ElfError::TooLarge {
            code_bytes: code_bytes.len(),
            data_bytes: data.len(),
            heap_end: layout.heap_end,
        });
    }
    let input_size = layout.output_start - layout.input_start;
    let input_zeros = vec![0u8; input_size as usize];

    let (r, w, x) = (elf::PF_R.0, elf::PF_W.0, elf::PF_X.0);
    // (vaddr, file bytes, memory size, flags)
    let segments: Vec<(u32, &[u8], u32, u32)> = [
        (layout.input_start, &input_zeros[..], input_size, r),
        (
            layout.output_start,
            &[][..],
            RAM_START - layout.output_start,
            r | w,
        ),
        (RAM_START, &code_bytes[..], code_bytes.len() as u32, r | x),
        (
            data_start,
            data,
            layout.heap_end.saturating_sub(data_start),
            r | w,
        ),
        (
            layout.stack_bottom,
            &[][..],
            layout.stack_top - layout.stack_bottom,
            r | w,
        ),
    ]
    .into_iter()
    .filter(|&(_, _, mem_size, _)| mem_size > 0)
    .collect();
    let symbols: [(&[u8], u32); 4] = [
        (b"__jolt_memory_size", config.memory_size),
        (b"__jolt_stack_size", config.stack_size),
        (b"__jolt_max_input_size", config.max_input_size),
        (b"__jolt_max_output_size", config.max_output_size),
    ];

    let mut buffer = Vec::new();
    let mut writer = Writer::new(object::Endianness::Little, false, &mut buffer);
    // Phase 1: reserve every file range, in file order.
    writer.reserve_file_header();
    writer.reserve_program_headers(segments.len() as u32);
    let offsets: Vec<u64> = segments
        .iter()
        .map(|(_, bytes, _, _)| match bytes.len() {
            // A segment without file bytes needs no file range; offset 0 keeps the
            // offset ≡ vaddr (mod page size) rule, every vaddr being page aligned.
            0 => 0,
            // File offset ≡ vaddr (mod page size), as mmap needs.
            len => writer.reserve(len as u64, u64::from(PAGE_SIZE)),
        })
        .collect();
    let mut names = Vec::new();
    if record_config {
        writer.reserve_symtab_section_index();
        writer.reserve_strtab_section_index();
        writer.reserve_shstrtab_section_index();
        for (name, _) in symbols {
            names.push(writer.add_string(name));
            writer.reserve_symbol_index(None);
        }
        writer.reserve_symtab();
        writer
            .reserve_strtab()
            .map_err(|e| ElfError::Write(e.to_string()))?;
        writer
            .reserve_shstrtab()
            .map_err(|e| ElfError::Write(e.to_string()))?;
        writer.reserve_section_headers();
    }

    // Phase 2: write in the same order.
    writer
        .write_file_header(&FileHeader {
            os_abi: elf::ELFOSABI_SYSV,
            abi_version: 0,
            e_type: elf::ET_EXEC,
            e_machine: elf::EM_RISCV,
            e_entry: u64::from(RAM_START),
            e_flags: elf::FileFlags(0),
        })
        .map_err(|e| ElfError::Write(e.to_string()))?;
    writer.write_align_program_headers();
    for (&(vaddr, bytes, mem_size, flags), &offset) in segments.iter().zip(&offsets) {
        writer.write_program_header(&ProgramHeader {
            p_type: elf::PT_LOAD,
            p_flags: elf::ProgramFlags(flags),
            p_offset: offset,
            p_vaddr: vaddr.into(),
            p_paddr: vaddr.into(),
            p_filesz: bytes.len() as u64,
            p_memsz: mem_size.into(),
            p_align: PAGE_SIZE.into(),
        });
    }
    for (&(_, bytes, _, _), &offset) in segments.iter().zip(&offsets) {
        if !bytes.is_empty() {
            writer.pad_until(offset);
            writer.write(bytes);
        }
    }
    if record_config {
        writer.write_null_symbol();
        for ((_, value), name) in symbols.iter().zip(&names) {
            writer.write_symbol(&Sym {
                section: None,
                st_name: writer.string_offset(Some(*name)),
                st_info: elf::SymbolInfo::new(elf::STB_GLOBAL, elf::STT_NOTYPE),
                st_other: elf::SymbolOther(0),
                st_shndx: elf::SHN_ABS,
                st_value: (*value).into(),
                st_size: 0,
            });
        }
        writer.write_strtab();
        writer.write_shstrtab();
        writer.write_null_section_header();
        writer.write_symtab_section_header(1);
        writer.write_strtab_section_header();
        writer.write_shstrtab_section_header();
    }
    Ok(buffer)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use strum::IntoEnumIterator;

    use super::*;
    use crate::{Program, decode};

    /// A random instruction with operands valid for its opcode (unused fields zero).
    fn valid(opcode: Opcode) -> impl Strategy<Value = Instruction> {
        let reg = 0u8..32;
        let regs = (reg.clone(), reg.clone(), reg);
        (regs, any::<i32>()).prop_map(move |((rd, rs1, rs2), raw)| {
            use Opcode::*;
            match opcode {
                Fence | Ecall | Ebreak => Instruction::new(opcode, 0, 0, 0, 0),
                Slli | Srli | Srai => i(opcode, rd, rs1, raw & 31),
                Lui | Auipc => Instruction::new(opcode, rd, 0, 0, raw & !0xfff),
                Jal => jal(rd, (raw << 11 >> 11) & !1),
                _ => match opcode.format() {
                    Format::R => r(opcode, rd, rs1, rs2),
                    Format::I => i(opcode, rd, rs1, raw << 20 >> 20),
                    Format::S => s(opcode, rs2, raw << 20 >> 20, rs1),
                    Format::B => b(opcode, rs1, rs2, (raw << 19 >> 19) & !1),
                    Format::U | Format::J => unreachable!("handled above"),
                },
            }
        })
    }

    fn any_valid() -> impl Strategy<Value = Instruction> {
        let opcodes: Vec<Opcode> = Opcode::iter().collect();
        proptest::sample::select(opcodes).prop_flat_map(valid)
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(instruction in any_valid()) {
            let word = encode(&instruction).expect("valid operands encode");
            prop_assert_eq!(decode(word), Ok(instruction));
        }

        #[test]
        fn encode_inverts_decode(word in any::<u32>()) {
            // Every word that decodes re-encodes to a word decoding the same (FENCE's fields
            // and the rd/rs1 of ECALL-like encodings are not operands, so compare decodings).
            if let Ok(instruction) = decode(word) {
                let again = encode(&instruction).expect("decoded instructions encode");
                prop_assert_eq!(decode(again), Ok(instruction));
                if instruction.opcode != Opcode::Fence {
                    prop_assert_eq!(again, word);
                }
            }
        }

        #[test]
        fn li_loads_every_value(value in any::<u32>(), rd in 1u8..32) {
            let code = li(rd, value);
            prop_assert!(code.len() <= 2);
            // Evaluate the sequence by its definition.
            let mut x = 0u32;
            for ins in &code {
                prop_assert!(encode(ins).is_ok());
                x = match ins.opcode {
                    Opcode::Lui => ins.imm as u32,
                    Opcode::Addi => {
                        let base = if ins.rs1 == 0 { 0 } else { x };
                        base.wrapping_add(ins.imm as u32)
                    }
                    other => panic!("unexpected {other}"),
                };
            }
            prop_assert_eq!(x, value);
        }
    }

    #[test]
    fn every_opcode_round_trips_at_the_edges() {
        for opcode in Opcode::iter() {
            for instruction in [
                Instruction::new(opcode, 0, 0, 0, 0),
                match opcode.format() {
                    Format::R => r(opcode, 31, 31, 31),
                    _ if matches!(opcode, Opcode::Fence | Opcode::Ecall | Opcode::Ebreak) => {
                        Instruction::new(opcode, 0, 0, 0, 0)
                    }
                    _ if matches!(opcode, Opcode::Slli | Opcode::Srli | Opcode::Srai) => {
                        i(opcode, 31, 31, 31)
                    }
                    Format::I => i(opcode, 31, 31, -2048),
                    Format::S => s(opcode, 31, 2047, 31),
                    Format::B => b(opcode, 31, 31, -4096),
                    Format::U => Instruction::new(opcode, 31, 0, 0, i32::MIN),
                    Format::J => jal(31, (1 << 20) - 2),
                },
            ] {
                let word = encode(&instruction).unwrap();
                assert_eq!(
                    decode(word),
                    Ok(instruction),
                    "{instruction} -> {word:#010x}"
                );
            }
        }
    }

    #[test]
    fn known_encodings() {
        // Cross-checked against the GNU assembler's output for the same mnemonics.
        assert_eq!(encode(&addi(reg::A0, 0, 0)).unwrap(), 0x0000_0513); // li a0, 0
        assert_eq!(encode(&addi(reg::A7, 0, 93)).unwrap(), 0x05d0_0893); // li a7, 93
        assert_eq!(encode(&r(Opcode::Add, 10, 11, 12)).unwrap(), 0x00c5_8533);
        assert_eq!(encode(&r(Opcode::Sub, 10, 11, 12)).unwrap(), 0x40c5_8533);
        assert_eq!(encode(&r(Opcode::Mul, 10, 11, 12)).unwrap(), 0x02c5_8533);
        assert_eq!(encode(&i(Opcode::Srai, 10, 11, 3)).unwrap(), 0x4035_d513);
        assert_eq!(encode(&s(Opcode::Sw, 1, 12, 2)).unwrap(), 0x0011_2623); // sw ra, 12(sp)
        assert_eq!(encode(&i(Opcode::Lw, 1, 2, 12)).unwrap(), 0x00c1_2083); // lw ra, 12(sp)
        assert_eq!(encode(&jal(0, 0)).unwrap(), 0x0000_006f); // j .
        assert_eq!(encode(&jal(1, -4)).unwrap(), 0xffdf_f0ef);
        assert_eq!(encode(&b(Opcode::Beq, 0, 0, -8)).unwrap(), 0xfe00_0ce3);
        assert_eq!(encode(&lui(10, 0x1234_5000)).unwrap(), 0x1234_5537);
        assert_eq!(encode(&jalr(0, 1, 0)).unwrap(), 0x0000_8067); // ret
        assert_eq!(encode(&fence()).unwrap(), FENCE_WORD);
        assert_eq!(encode(&ecall()).unwrap(), ECALL_WORD);
        assert_eq!(encode(&ebreak()).unwrap(), EBREAK_WORD);
        assert_eq!(decode(0x0000_000f).unwrap(), fence()); // the other FENCE spelling
    }

    #[test]
    fn bad_operands_are_rejected() {
        let imm = |ins: Instruction| {
            assert!(
                matches!(encode(&ins), Err(EncodeError::Immediate { .. })),
                "{ins:?} should be rejected: {:?}",
                encode(&ins)
            );
        };
        imm(addi(1, 1, 2048));
        imm(addi(1, 1, -2049));
        imm(i(Opcode::Lw, 1, 1, 4096));
        imm(s(Opcode::Sw, 1, -2049, 2));
        imm(i(Opcode::Slli, 1, 1, 32));
        imm(i(Opcode::Srai, 1, 1, -1));
        imm(b(Opcode::Beq, 1, 2, 3)); // odd
        imm(b(Opcode::Bne, 1, 2, 4096)); // too far
        imm(b(Opcode::Bne, 1, 2, -4098));
        imm(jal(1, 1 << 20));
        imm(jal(1, 5));
        imm(lui(1, 0x1234_5001));
        imm(auipc(1, 0x800));

        assert!(matches!(
            encode(&r(Opcode::Add, 32, 0, 0)),
            Err(EncodeError::Register {
                field: "rd",
                value: 32,
                ..
            })
        ));
        assert!(matches!(
            encode(&r(Opcode::Add, 0, 40, 0)),
            Err(EncodeError::Register { field: "rs1", .. })
        ));
        assert!(matches!(
            encode(&s(Opcode::Sb, 255, 0, 0)),
            Err(EncodeError::Register { field: "rs2", .. })
        ));
        let unused = |ins: Instruction| {
            assert!(
                matches!(encode(&ins), Err(EncodeError::UnusedOperand { .. })),
                "{ins:?} should be rejected"
            );
        };
        unused(Instruction::new(Opcode::Add, 1, 2, 3, 4));
        unused(Instruction::new(Opcode::Addi, 1, 2, 3, 4));
        unused(Instruction::new(Opcode::Sw, 1, 2, 3, 4));
        unused(Instruction::new(Opcode::Beq, 1, 2, 3, 4));
        unused(Instruction::new(Opcode::Lui, 1, 2, 0, 0));
        unused(Instruction::new(Opcode::Jal, 1, 0, 3, 0));
        unused(Instruction::new(Opcode::Ecall, 0, 0, 0, 1));
        unused(Instruction::new(Opcode::Fence, 1, 0, 0, 0));
        let message = encode(&addi(1, 1, 5000)).unwrap_err().to_string();
        assert!(
            message.contains("addi") && message.contains("-2048..=2047"),
            "{message}"
        );
    }

    #[test]
    fn elf_loads_and_places_data() {
        let mut code = li(5, 0x1234_5678);
        code.extend(exit(7));
        let words = assemble(&code).unwrap();
        let config = MemoryConfig::default();
        let data = [1u8, 2, 3, 4, 5];
        let bytes = elf(&words, &data, &config).unwrap();
        let program = Program::from_elf(&bytes).unwrap();
        assert_eq!(program.entry(), RAM_START);
        assert!(!program.uses_jolt_runtime());
        assert_eq!(program.layout().config, config);
        let data_segment = program
            .segments()
            .iter()
            .find(|s| s.address == data_address(words.len()))
            .expect("data segment");
        assert!(data_segment.writable && !data_segment.executable);
        assert_eq!(data_segment.data, data);
        assert_eq!(data_address(words.len()), RAM_START + PAGE_SIZE);
        assert_eq!(data_address(1024), RAM_START + PAGE_SIZE);
        assert_eq!(data_address(1025), RAM_START + 2 * PAGE_SIZE);
        let outcome = crate::run(&program, &[], 100).unwrap();
        assert_eq!(outcome.exit_code, 7);

        let small = MemoryConfig {
            memory_size: 1 << 20,
            stack_size: 8192,
            ..config
        };
        let recorded = elf_recording_config(&words, &data, &small).unwrap();
        let program = Program::from_elf(&recorded).unwrap();
        assert!(program.uses_jolt_runtime());
        assert_eq!(program.layout().config, small);
        // Without the symbols the configuration must be given.
        let plain = elf(&words, &data, &small).unwrap();
        assert_eq!(
            Program::from_elf_with_config(&plain, small)
                .unwrap()
                .layout()
                .config,
            small
        );
    }

    #[test]
    fn elf_rejects_what_does_not_fit() {
        let config = MemoryConfig {
            memory_size: 3 * PAGE_SIZE,
            stack_size: PAGE_SIZE,
            ..MemoryConfig::default()
        };
        // One page of program image: code fits, data does not.
        assert!(matches!(
            elf(&[ECALL_WORD], &[0], &config),
            Err(ElfError::TooLarge { .. })
        ));
        assert!(matches!(
            elf(&[ECALL_WORD; 1025], &[], &config),
            Err(ElfError::TooLarge { .. })
        ));
        let program =
            Program::from_elf_with_config(&elf(&[ECALL_WORD], &[], &config).unwrap(), config);
        assert!(program.is_ok(), "{program:?}");
        let bad = MemoryConfig {
            memory_size: 1000,
            ..MemoryConfig::default()
        };
        assert!(matches!(
            elf(&[ECALL_WORD], &[], &bad),
            Err(ElfError::Config(_))
        ));
    }
}

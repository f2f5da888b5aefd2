//! The lookup layer against an independent implementation: every RV32IM opcode, run as its
//! rows through `rv32im::execute` (whose results are lookup entries), agrees with the tracer
//! — all sign combinations, ÷0 and overflow included. The tracer itself is checked in
//! lockstep against qemu (tracer/tests/qemu_fuzz.rs), so this also ties the lookups to qemu.

use std::collections::HashMap;

use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use instruction_tables::rv32im::{
    MicroError, REGISTER_COUNT, RvOpcode, WordMemory, advice, execute, expand,
};
use strum::IntoEnumIterator;
use tracer::asm;
use tracer::{Emulator, Instruction, MemoryConfig, Opcode, Program};

const EDGES: [u32; 12] = [
    0,
    1,
    2,
    7,
    31,
    32,
    0x7FFF_FFFF,
    0x8000_0000,
    0x8000_0001,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0x1234_5678,
];

fn config() -> MemoryConfig {
    MemoryConfig {
        memory_size: 1 << 20,
        ..MemoryConfig::default()
    }
}

fn opcode(op: RvOpcode) -> Opcode {
    let name: &'static str = op.into();
    Opcode::iter()
        .find(|o| {
            let n: &'static str = (*o).into();
            n == name
        })
        .expect("the tracer has every RV32IM opcode")
}

fn pairs(seed: u64, random: usize) -> Vec<(u32, u32)> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut v: Vec<(u32, u32)> = EDGES
        .iter()
        .flat_map(|&a| EDGES.iter().map(move |&b| (a, b)))
        .collect();
    v.extend((0..random).map(|_| (rng.r#gen::<u32>(), rng.r#gen::<u32>())));
    v.extend((0..random / 4).map(|_| (rng.r#gen::<u32>(), rng.gen_range(0..64))));
    v
}

#[derive(Default)]
struct Ram(HashMap<u32, u32>);

impl WordMemory for Ram {
    fn load(&mut self, address: u32) -> u32 {
        self.0.get(&address).copied().unwrap_or(0)
    }
    fn store(&mut self, address: u32, value: u32) {
        self.0.insert(address, value);
    }
}

/// Runs the rows of one instruction; returns the registers and the last row's next pc.
fn run_rows(
    instr: &Instruction,
    op: RvOpcode,
    pc: u32,
    regs32: &[u32; 32],
    ram: &mut Ram,
) -> Result<([u32; REGISTER_COUNT], Option<u32>), MicroError> {
    let rows = expand(op, instr.rd, instr.rs1, instr.rs2, instr.imm as u32).expect("provable");
    let mut regs = [0u32; REGISTER_COUNT];
    regs[..32].copy_from_slice(regs32);
    let mut advice = advice(
        op,
        regs32[usize::from(instr.rs1)],
        regs32[usize::from(instr.rs2)],
    )
    .into_iter();
    let mut next = None;
    for (k, row) in rows.iter().enumerate() {
        let step = execute(row, pc, k + 1 == rows.len(), &mut regs, ram, &mut advice)?;
        next = step.next_pc;
    }
    assert!(advice.next().is_none(), "{op:?}: advice left over");
    Ok((regs, next))
}

/// One program of `n` copies of `instr`; the caller sets registers before each step.
fn repeated(instr: Instruction, n: usize) -> Program {
    let words = asm::assemble(&vec![instr; n]).expect("encodes");
    Program::from_words(&words, config()).expect("loads")
}

#[test]
fn register_and_immediate_alu_ops_agree_with_the_tracer() {
    use RvOpcode::*;
    let mut rng = StdRng::seed_from_u64(11);
    for op in RvOpcode::iter() {
        let imm_form = matches!(
            op,
            Addi | Slti | Sltiu | Xori | Ori | Andi | Slli | Srli | Srai
        );
        let reg_form = matches!(
            op,
            Add | Sub
                | Sll
                | Slt
                | Sltu
                | Xor
                | Srl
                | Sra
                | Or
                | And
                | Mul
                | Mulh
                | Mulhsu
                | Mulhu
                | Div
                | Divu
                | Rem
                | Remu
        );
        if !imm_form && !reg_form {
            continue;
        }
        let cases = pairs(op as u64, 1000);
        // Immediates: one instruction per value; registers: one instruction reused.
        let imms: Vec<i32> = if imm_form {
            let shift = matches!(op, Slli | Srli | Srai);
            let mut v: Vec<i32> = if shift {
                (0..32).collect()
            } else {
                vec![0, 1, -1, 2047, -2048, 0x7F, -0x80]
            };
            v.extend((0..8).map(|_| {
                if shift {
                    rng.gen_range(0..32)
                } else {
                    rng.gen_range(-2048..2048)
                }
            }));
            v
        } else {
            vec![0]
        };
        for imm in imms {
            let instr = if imm_form {
                asm::i(opcode(op), 7, 5, imm)
            } else {
                asm::r(opcode(op), 7, 5, 6)
            };
            let program = repeated(instr, cases.len());
            let mut emu = Emulator::new(&program, &[]).expect("starts");
            for &(a, b) in &cases {
                emu.set_register(5, a);
                emu.set_register(6, b);
                let regs: [u32; 32] = *emu.registers();
                let pc = emu.pc();
                let (row, _) = emu.step().expect("executes");
                let (ours, next) = run_rows(&instr, op, pc, &regs, &mut Ram::default())
                    .unwrap_or_else(|e| panic!("{op:?}({a:#x}, {b:#x}, {imm}): {e}"));
                assert_eq!(ours[7], row.rd_after, "{op:?}({a:#x}, {b:#x}, imm {imm})");
                assert_eq!(next, Some(emu.pc()));
                // rows write only rd and virtual registers
                assert_eq!(ours[..32][..7], regs[..7]);
            }
        }
    }
}

#[test]
fn writes_to_x0_are_discarded() {
    let instr = asm::i(Opcode::Addi, 0, 5, 9);
    let regs = {
        let mut r = [0u32; 32];
        r[5] = 1;
        r
    };
    let (ours, _) = run_rows(
        &instr,
        RvOpcode::Addi,
        0x8000_0000,
        &regs,
        &mut Ram::default(),
    )
    .expect("runs");
    assert_eq!(ours[0], 0);
}

#[test]
fn branches_jumps_and_upper_immediates_agree_with_the_tracer() {
    use RvOpcode::*;
    // Branches: copies that skip the next one when taken (offset 8); pc deltas compared.
    for op in [Beq, Bne, Blt, Bge, Bltu, Bgeu] {
        let instr = asm::b(opcode(op), 5, 6, 8);
        let cases = pairs(op as u64, 500);
        let program = repeated(instr, 2 * cases.len() + 2);
        let mut emu = Emulator::new(&program, &[]).expect("starts");
        for &(a, b) in &cases {
            emu.set_register(5, a);
            emu.set_register(6, b);
            let regs = *emu.registers();
            let pc = emu.pc();
            emu.step().expect("executes");
            let (_, next) = run_rows(&instr, op, pc, &regs, &mut Ram::default()).expect("runs");
            assert_eq!(next, Some(emu.pc()), "{op:?}({a:#x}, {b:#x})");
        }
    }
    // LUI, AUIPC: many immediates in one program.
    let mut rng = StdRng::seed_from_u64(12);
    for op in [Lui, Auipc] {
        let values: Vec<u32> = (0..200).map(|_| rng.r#gen::<u32>() & !0xFFF).collect();
        let instrs: Vec<Instruction> = values
            .iter()
            .map(|&v| {
                if op == Lui {
                    asm::lui(7, v)
                } else {
                    asm::auipc(7, v)
                }
            })
            .collect();
        let words = asm::assemble(&instrs).expect("encodes");
        let program = Program::from_words(&words, config()).expect("loads");
        let mut emu = Emulator::new(&program, &[]).expect("starts");
        for instr in &instrs {
            let regs = *emu.registers();
            let pc = emu.pc();
            let (row, _) = emu.step().expect("executes");
            let (ours, next) = run_rows(instr, op, pc, &regs, &mut Ram::default()).expect("runs");
            assert_eq!(ours[7], row.rd_after, "{op:?} {:#x}", instr.imm);
            assert_eq!(next, Some(emu.pc()));
        }
    }
    // JAL, JALR: targets, link register, and JALR clearing bit 0.
    for (op, imm, base) in [
        (Jal, 8, 0),
        (Jal, -4, 0),
        (Jalr, 8, 0x8000_0000u32),
        (Jalr, 9, 0x8000_0000),
        (Jalr, -3, 0x8000_0010),
        (Jalr, 0, 0x8000_0005),
    ] {
        let instr = if op == Jal {
            asm::jal(1, imm)
        } else {
            asm::jalr(1, 5, imm)
        };
        let program = repeated(instr, 8);
        let mut emu = Emulator::new(&program, &[]).expect("starts");
        emu.set_register(5, base);
        let regs = *emu.registers();
        let pc = emu.pc();
        let (row, _) = emu.step().expect("executes");
        let (ours, next) = run_rows(&instr, op, pc, &regs, &mut Ram::default()).expect("runs");
        assert_eq!(ours[1], row.rd_after, "{op:?} {imm}");
        assert_eq!(next, Some(emu.pc()), "{op:?} {imm} from {base:#x}");
    }
}

/// A heap address the tracer lets the program write.
const BASE: u32 = 0x8000_8000;

#[test]
fn loads_and_stores_agree_with_the_tracer() {
    use RvOpcode::*;
    let mut rng = StdRng::seed_from_u64(13);
    for op in [Lb, Lh, Lw, Lbu, Lhu, Sb, Sh, Sw] {
        let store = matches!(op, Sb | Sh | Sw);
        let width = match op {
            Lb | Lbu | Sb => 1,
            Lh | Lhu | Sh => 2,
            _ => 4,
        };
        // SW x6, 0(x5) seeds the word; the access under test uses x8 + imm; LW x7, 0(x5)
        // reads the word back after a store.
        let imm = [0, 3, -1, 6][rng.gen_range(0..4)];
        let access = if store {
            asm::s(opcode(op), 9, imm, 8)
        } else {
            asm::i(opcode(op), 7, 8, imm)
        };
        let seed = asm::s(Opcode::Sw, 6, 0, 5);
        let read_back = asm::i(Opcode::Lw, 7, 5, 0);
        let cases: Vec<(u32, u32, u32)> = (0..400)
            .map(|k| {
                let word = if k < 4 {
                    [0, u32::MAX, 0x8080_8080, 0x7F7F_7F7F][k]
                } else {
                    rng.r#gen()
                };
                let offset = width * rng.gen_range(0..4 / width);
                (word, offset, rng.r#gen())
            })
            .collect();
        let mut program_instrs = Vec::new();
        for _ in &cases {
            program_instrs.push(seed);
            program_instrs.push(access);
            if store {
                program_instrs.push(read_back);
            }
        }
        let words = asm::assemble(&program_instrs).expect("encodes");
        let program = Program::from_words(&words, config()).expect("loads");
        let mut emu = Emulator::new(&program, &[]).expect("starts");
        for &(word, offset, value) in &cases {
            let address = BASE + offset;
            emu.set_register(5, BASE);
            emu.set_register(6, word);
            emu.set_register(8, address.wrapping_sub(imm as u32));
            emu.set_register(9, value);
            emu.step().expect("seed store");
            let regs = *emu.registers();
            let pc = emu.pc();
            let (row, _) = emu.step().expect("access");
            let mut ram = Ram::default();
            ram.store(BASE, word);
            let (ours, next) = run_rows(&access, op, pc, &regs, &mut ram)
                .unwrap_or_else(|e| panic!("{op:?} word {word:#x} offset {offset}: {e}"));
            assert_eq!(next, Some(emu.pc()));
            if store {
                let (back, _) = emu.step().expect("read back");
                assert_eq!(
                    ram.load(BASE),
                    back.rd_after,
                    "{op:?} {value:#x} into {word:#x} at offset {offset}"
                );
            } else {
                assert_eq!(ours[7], row.rd_after, "{op:?} {word:#x} offset {offset}");
            }
        }
    }
}

#[test]
fn misaligned_and_unprovable_instructions_are_rejected() {
    use RvOpcode::*;
    let mut regs = [0u32; 32];
    regs[8] = BASE + 1;
    for op in [Lw, Sw, Lh, Sh, Lhu] {
        let instr = if matches!(op, Sw | Sh) {
            asm::s(opcode(op), 9, 0, 8)
        } else {
            asm::i(opcode(op), 7, 8, 0)
        };
        let err = run_rows(&instr, op, 0, &regs, &mut Ram::default()).expect_err("misaligned");
        assert!(
            matches!(
                err,
                MicroError::Misaligned(_) | MicroError::AssertionFailed(_)
            ),
            "{op:?}: {err}"
        );
    }
    assert!(expand(Ebreak, 0, 0, 0, 0).is_err());
}

/// Wrong advice never gets through a division sequence: for random operands and every
/// advice value that differs from the true quotient/remainder in one word, some assertion
/// fails.
#[test]
fn division_sequences_reject_wrong_advice() {
    use RvOpcode::*;
    let mut rng = StdRng::seed_from_u64(14);
    for op in [Div, Divu, Rem, Remu] {
        for &(a, b) in &pairs(op as u64, 300) {
            let honest = advice(op, a, b);
            let tweaks: Vec<u32> = vec![1, u32::MAX, 0x8000_0000, rng.r#gen::<u32>() | 1];
            for which in 0..2 {
                for &t in &tweaks {
                    let mut bad = honest.clone();
                    bad[which] = bad[which].wrapping_add(t);
                    // 0x8000_0000 is the classic overflow forgery: q + 2^31 gives the same
                    // product mod 2^32 whenever y is even.
                    let rows = expand(op, 7, 5, 6, 0).expect("expands");
                    let mut regs = [0u32; REGISTER_COUNT];
                    regs[5] = a;
                    regs[6] = b;
                    let mut adv = bad.clone().into_iter();
                    let mut result = Ok(());
                    for (k, row) in rows.iter().enumerate() {
                        if let Err(e) = execute(
                            row,
                            0,
                            k + 1 == rows.len(),
                            &mut regs,
                            &mut Ram::default(),
                            &mut adv,
                        ) {
                            result = Err(e);
                            break;
                        }
                    }
                    assert!(
                        matches!(result, Err(MicroError::AssertionFailed(_))),
                        "{op:?}({a:#x}, {b:#x}) accepted advice {bad:x?} (honest {honest:x?})"
                    );
                }
            }
        }
    }
}

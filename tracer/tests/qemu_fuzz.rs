//! Differential fuzzing against qemu: random RV32IM programs run in lockstep under
//! `qemu-riscv32-static` and our emulator, compared after every instruction (see
//! `tracer::qemu` for what is compared and why that covers memory too).
//!
//! - `TRACER_FUZZ_PROGRAMS` — number of programs (default 1000: a few seconds on two cores).
//! - `TRACER_FUZZ_SEED` — base seed, decimal or 0x-hex (default fixed). Program *k* uses a seed
//!   derived from the base seed and *k*, so a failure is reproduced by the same base seed and
//!   `TRACER_FUZZ_PROGRAMS = k + 1`; the failing program's listing is printed.
//!
//! Each program: a prologue that loads x31 with the data base address (never written again)
//! and x1..x30 with edge values (0, ±1, INT_MIN, INT_MAX, 0xffff, 0x8000, small ints, random);
//! a body of random instructions over every opcode except ECALL/EBREAK, with forward-only
//! branches and jumps, aligned loads and stores inside the data segment, DIV/REM seeded with
//! x/0 and INT_MIN/-1, shifts by 0/31 and by register amounts ≥ 32; an epilogue that exits
//! with a mix of registers. The qemu tests fail (rather than skip) when qemu is missing: CI
//! installs it with `bash .ci/setup`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use strum::IntoEnumIterator;
use tracer::asm::{self, b, i, jal, jalr, li, r, s};
use tracer::qemu::{DivergenceKind, Ending, LockstepError, Qemu, QemuError};
use tracer::{Instruction, MemoryConfig, Opcode, Program, TracerError, decode};

/// The register that holds the data base address; the body never writes it.
const BASE: u8 = 31;
/// Size of the data segment the body loads from and stores to; offsets from x31 fit an I-imm.
const DATA_SIZE: u32 = 2048;
/// Lockstep step limit (programs are forward-only: at most their length).
const MAX_STEPS: u64 = 10_000;

/// splitmix64: tiny, seedable, and good enough to pick instructions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn word(&mut self) -> u32 {
        self.next() as u32
    }
    /// Uniform in `0..n`.
    fn below(&mut self, n: u32) -> u32 {
        (((self.next() >> 32) * u64::from(n)) >> 32) as u32
    }
    fn range(&mut self, lo: i32, hi_inclusive: i32) -> i32 {
        lo + self.below((hi_inclusive - lo + 1) as u32) as i32
    }
    fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u32) as usize]
    }
}

const EDGE_VALUES: [u32; 20] = [
    0,
    1,
    2,
    3,
    7,
    31,
    32,
    33,
    63,
    0xffff_ffff,
    0xffff_fffe,
    0x8000_0000,
    0x8000_0001,
    0x7fff_ffff,
    0xffff,
    0x8000,
    0x7fff,
    0xff,
    0x80,
    0xffff_8000,
];

fn value(rng: &mut Rng) -> u32 {
    if rng.percent(60) {
        rng.pick(&EDGE_VALUES)
    } else {
        rng.word()
    }
}

fn imm12(rng: &mut Rng) -> i32 {
    if rng.percent(40) {
        rng.pick(&[
            0, 1, -1, 2, 31, 32, 2047, -2048, 0x7ff, -0x800, 0x555, -0x556,
        ])
    } else {
        rng.range(-2048, 2047)
    }
}

/// A destination: sometimes x0 (the write must be ignored), never x31.
fn dest(rng: &mut Rng) -> u8 {
    if rng.percent(5) {
        0
    } else {
        rng.range(1, 30) as u8
    }
}

/// A scratch register for multi-instruction items: x1..x30.
fn scratch(rng: &mut Rng) -> u8 {
    rng.range(1, 30) as u8
}

fn source(rng: &mut Rng) -> u8 {
    rng.below(32) as u8
}

/// A random program as instruction words, and its data bytes.
struct Generated {
    words: Vec<u32>,
    data: Vec<u8>,
}

fn generate(seed: u64) -> Generated {
    use Opcode::*;
    let mut rng = Rng(seed);
    let body_target = rng.range(100, 300) as usize;

    // Prologue (x31 is loaded by one `lui`: the data address is page aligned).
    let mut code: Vec<Instruction> = vec![asm::lui(BASE, 0)]; // patched below
    for rd in 1..=30 {
        code.extend(li(rd, value(&mut rng)));
    }
    let body_start = code.len();
    // Where each item (one or a few instructions that belong together, like `auipc; jalr`)
    // starts: forward branches and jumps land only there, never between `auipc` and its
    // `jalr`.
    let mut item_starts = Vec::new();
    // (index of a branch/jump, index its offset is relative to, earliest target, odd bit).
    let mut fixups: Vec<(usize, usize, usize, i32)> = Vec::new();

    const ALU_R: [Opcode; 18] = [
        Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And, Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem,
        Remu,
    ];
    const ALU_I: [Opcode; 6] = [Addi, Slti, Sltiu, Xori, Ori, Andi];
    const SHIFT_I: [Opcode; 3] = [Slli, Srli, Srai];
    const SHIFT_R: [Opcode; 3] = [Sll, Srl, Sra];
    const DIVS: [Opcode; 4] = [Div, Divu, Rem, Remu];
    const MULS: [Opcode; 4] = [Mul, Mulh, Mulhsu, Mulhu];
    const BRANCHES: [Opcode; 6] = [Beq, Bne, Blt, Bge, Bltu, Bgeu];
    const LOADS: [(Opcode, u32); 5] = [(Lb, 1), (Lbu, 1), (Lh, 2), (Lhu, 2), (Lw, 4)];
    const STORES: [(Opcode, u32); 3] = [(Sb, 1), (Sh, 2), (Sw, 4)];

    while code.len() - body_start < body_target {
        let here = code.len();
        item_starts.push(here);
        match rng.below(100) {
            0..=24 => code.push(r(
                rng.pick(&ALU_R),
                dest(&mut rng),
                source(&mut rng),
                source(&mut rng),
            )),
            25..=36 => code.push(i(
                rng.pick(&ALU_I),
                dest(&mut rng),
                source(&mut rng),
                imm12(&mut rng),
            )),
            37..=42 => {
                let shamt = if rng.percent(50) {
                    rng.pick(&[0, 1, 31, 16])
                } else {
                    rng.range(0, 31)
                };
                code.push(i(
                    rng.pick(&SHIFT_I),
                    dest(&mut rng),
                    source(&mut rng),
                    shamt,
                ));
            }
            43..=46 => {
                // Register shift amounts: only the low 5 bits count.
                let amount = scratch(&mut rng);
                let v = rng.pick(&[
                    0,
                    1,
                    31,
                    32,
                    33,
                    63,
                    64,
                    0xffff_ffe0,
                    0x8000_001f,
                    0xffff_ffff,
                ]);
                code.extend(li(amount, v));
                code.push(r(
                    rng.pick(&SHIFT_R),
                    dest(&mut rng),
                    source(&mut rng),
                    amount,
                ));
            }
            47..=51 => {
                // DIV/REM and MUL edge operands.
                let (x, y) = (scratch(&mut rng), scratch(&mut rng));
                let (vx, vy) = rng.pick(&[
                    (0x8000_0000, 0xffff_ffff),
                    (0x8000_0000, 1),
                    (0x7fff_ffff, 0xffff_ffff),
                    (5, 0),
                    (0, 0),
                    (0xffff_ffff, 0),
                    (0x8000_0000, 0),
                    (0xffff_fff9, 2),
                    (7, 0xffff_fffe),
                    (0xffff_fff9, 0xffff_fffe),
                    (0xffff_ffff, 0xffff_ffff),
                    (0x8000_0000, 0x8000_0000),
                ]);
                code.extend(li(x, vx));
                code.extend(li(y, vy));
                let op = if rng.percent(70) {
                    rng.pick(&DIVS)
                } else {
                    rng.pick(&MULS)
                };
                code.push(r(op, dest(&mut rng), x, y));
            }
            52..=61 => {
                let (op, size) = rng.pick(&LOADS);
                if rng.percent(75) {
                    let offset = rng.below(DATA_SIZE / size) * size;
                    code.push(i(op, dest(&mut rng), BASE, offset as i32));
                } else {
                    // A negative offset from a register near the end of the data.
                    let t = scratch(&mut rng);
                    code.push(asm::addi(t, BASE, (DATA_SIZE - 4) as i32));
                    let back = rng.below((DATA_SIZE - 4) / size + 1) * size;
                    code.push(i(op, dest(&mut rng), t, -(back as i32)));
                }
            }
            62..=71 => {
                let (op, size) = rng.pick(&STORES);
                if rng.percent(75) {
                    let offset = rng.below(DATA_SIZE / size) * size;
                    code.push(s(op, source(&mut rng), offset as i32, BASE));
                } else {
                    let t = scratch(&mut rng);
                    code.push(asm::addi(t, BASE, (DATA_SIZE - 4) as i32));
                    let back = rng.below((DATA_SIZE - 4) / size + 1) * size;
                    code.push(s(op, source(&mut rng), -(back as i32), t));
                }
            }
            72..=79 => {
                // Forward branch over k instructions; sometimes on equal registers.
                let k = rng.range(0, 6);
                let (rs1, rs2) = if rng.percent(20) {
                    let x = source(&mut rng);
                    (x, x)
                } else {
                    (source(&mut rng), source(&mut rng))
                };
                code.push(b(rng.pick(&BRANCHES), rs1, rs2, 0));
                fixups.push((here, here, here + 1 + k as usize, 0));
            }
            80..=83 => {
                let k = rng.range(0, 6);
                code.push(jal(dest(&mut rng), 0));
                fixups.push((here, here, here + 1 + k as usize, 0));
            }
            84..=87 => {
                // auipc t, 0 ; jalr rd, imm(t) to just after the pair plus k (bit 0 of the
                // sum is cleared by JALR, so an odd imm lands on the same instruction).
                let k = rng.range(0, 6);
                let t = scratch(&mut rng);
                let odd = i32::from(rng.percent(30));
                code.push(asm::auipc(t, 0));
                code.push(jalr(dest(&mut rng), t, 0));
                fixups.push((here + 1, here, here + 2 + k as usize, odd));
            }
            88..=91 => {
                let upper = value(&mut rng) & !0xfff;
                let op = if rng.percent(50) { Lui } else { Auipc };
                code.push(Instruction::new(op, dest(&mut rng), 0, 0, upper as i32));
            }
            92..=93 => code.push(asm::fence()),
            _ => code.push(r(
                rng.pick(&MULS),
                dest(&mut rng),
                source(&mut rng),
                source(&mut rng),
            )),
        }
    }
    // Epilogue: exit with a mix of registers. Its first instruction is the last place a
    // forward jump may land.
    item_starts.push(code.len());
    for (at, relative_to, earliest, odd) in fixups {
        let target = item_starts
            .iter()
            .copied()
            .find(|&start| start >= earliest)
            .unwrap_or(code.len());
        code[at].imm = 4 * (target - relative_to) as i32 + odd;
    }
    let (x, y) = (source(&mut rng), source(&mut rng));
    code.push(r(Xor, asm::reg::A0, x, y));
    code.push(r(Add, asm::reg::A0, asm::reg::A0, source(&mut rng)));
    code.extend(li(asm::reg::A7, tracer::SYS_EXIT));
    code.push(asm::ecall());

    code[0] = asm::lui(BASE, asm::data_address(code.len()));
    let words = asm::assemble(&code).expect("the generator emits encodable instructions");
    let data = (0..DATA_SIZE).map(|_| rng.next() as u8).collect();
    Generated { words, data }
}

fn program_seed(base: u64, index: u64) -> u64 {
    Rng(base ^ index.wrapping_mul(0xa076_1d64_78bd_642f)).next()
}

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => {
            let text = text.trim();
            let parsed = match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse(),
            };
            parsed.unwrap_or_else(|e| panic!("{name}={text:?} is not a number: {e}"))
        }
        Err(_) => default,
    }
}

fn qemu() -> Qemu {
    match Qemu::locate() {
        Ok(qemu) => qemu.with_timeout(Duration::from_secs(60)),
        Err(e) => panic!("{e}"),
    }
}

fn listing(words: &[u32]) -> String {
    words
        .iter()
        .enumerate()
        .map(|(k, &w)| {
            let pc = tracer::RAM_START + 4 * k as u32;
            match decode(w) {
                Ok(ins) => format!("{pc:#010x}: {w:08x}  {ins}\n"),
                Err(e) => format!("{pc:#010x}: {w:08x}  <{e}>\n"),
            }
        })
        .collect()
}

#[test]
fn random_programs_agree_with_qemu() {
    let programs = env_u64("TRACER_FUZZ_PROGRAMS", 1000);
    let seed = env_u64("TRACER_FUZZ_SEED", 0x5eed_2024);
    let qemu = qemu();
    let config = MemoryConfig::default();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8) as u64;
    let start = Instant::now();
    let instructions: u64 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let qemu = &qemu;
                scope.spawn(move || {
                    let mut executed = 0;
                    for index in (t..programs).step_by(threads as usize) {
                        let generated = generate(program_seed(seed, index));
                        let elf = asm::elf(&generated.words, &generated.data, &config).unwrap();
                        let program = Program::from_elf(&elf).unwrap();
                        match qemu.lockstep(&program, &elf, &[], MAX_STEPS) {
                            Ok(report) => {
                                assert!(matches!(report.ending, Ending::Exit { .. }), "{report:?}");
                                executed += report.instructions;
                            }
                            Err(e) => panic!(
                                "program {index} (reproduce with TRACER_FUZZ_SEED={seed:#x} \
                                 TRACER_FUZZ_PROGRAMS={}): {e}\nprogram:\n{}",
                                index + 1,
                                listing(&generated.words)
                            ),
                        }
                    }
                    executed
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a fuzz worker panicked"))
            .sum()
    });
    let seconds = start.elapsed().as_secs_f64();
    eprintln!(
        "qemu lockstep fuzz: {programs} programs, {instructions} instructions, seed {seed:#x}, \
         {seconds:.2} s ({:.0} programs/s on {threads} threads)",
        programs as f64 / seconds
    );
}

#[test]
fn the_fuzzer_covers_every_opcode() {
    let mut histogram: BTreeMap<Opcode, u64> = BTreeMap::new();
    for index in 0..50 {
        for word in generate(program_seed(1, index)).words {
            *histogram.entry(decode(word).unwrap().opcode).or_default() += 1;
        }
    }
    let missing: Vec<Opcode> = Opcode::iter()
        .filter(|op| !matches!(op, Opcode::Ecall | Opcode::Ebreak))
        .filter(|op| !histogram.contains_key(op))
        .collect();
    assert!(
        missing.is_empty(),
        "the fuzzer never generates {missing:?}; histogram {histogram:?}"
    );
    // Edge cases the generator seeds on purpose.
    let programs: Vec<Vec<Instruction>> = (0..50)
        .map(|k| {
            generate(program_seed(1, k))
                .words
                .iter()
                .map(|&w| decode(w).unwrap())
                .collect()
        })
        .collect();
    let seen = |pred: &dyn Fn(&Instruction) -> bool| programs.iter().flatten().any(pred);
    assert!(seen(&|ins| ins.opcode == Opcode::Slli && ins.imm == 0));
    assert!(seen(&|ins| ins.opcode == Opcode::Srai && ins.imm == 31));
    assert!(seen(&|ins| ins.opcode.writes_rd()
        && ins.rd == 0
        && ins.opcode != Opcode::Jal));
    assert!(seen(&|ins| ins.opcode == Opcode::Jalr && ins.imm % 2 == 1));
    assert!(seen(&|ins| ins.opcode.is_branch() && ins.rs1 == ins.rs2));
    assert!(seen(&|ins| ins.opcode.is_load() && ins.imm < 0));
}

// ---- the harness itself -------------------------------------------------------------------

fn build(code: &[Instruction], data: &[u8]) -> (Vec<u8>, Program) {
    let words = asm::assemble(code).expect("test programs encode");
    let elf = asm::elf(&words, data, &MemoryConfig::default()).expect("test programs fit");
    let program = Program::from_elf(&elf).expect("test programs load");
    (elf, program)
}

#[test]
fn lockstep_reports_a_real_difference() {
    // qemu runs `addi t0, t0, 1`, we run `addi t0, t0, 2`: caught right after step 1.
    let mut ours = li(5, 40);
    ours.push(asm::addi(5, 5, 2));
    ours.extend(asm::exit(0));
    let mut theirs = ours.clone();
    theirs[1] = asm::addi(5, 5, 1);
    let (_, program) = build(&ours, &[]);
    let (elf, _) = build(&theirs, &[]);
    let error = qemu().lockstep(&program, &elf, &[], 100).unwrap_err();
    let LockstepError::Diverged(divergence) = &error else {
        panic!("{error}")
    };
    assert_eq!(divergence.step, 1);
    assert_eq!(divergence.pc, tracer::RAM_START + 4);
    assert_eq!(
        divergence.kind,
        DivergenceKind::Register {
            index: 5,
            ours: 42,
            qemu: 41
        }
    );
    let message = error.to_string();
    assert!(
        message.contains("x5/t0") && message.contains("addi x5, x5, 2"),
        "{message}"
    );

    // Different exit codes.
    let (elf, _) = build(&asm::exit(3), &[]);
    let (_, program) = build(&asm::exit(4), &[]);
    let error = qemu().lockstep(&program, &elf, &[], 100).unwrap_err();
    assert!(error.to_string().contains("x10/a0"), "{error}");
}

#[test]
fn lockstep_reports_why_qemu_refused_the_elf() {
    let (mut elf, program) = build(&asm::exit(0), &[]);
    elf[18..20].copy_from_slice(&3u16.to_le_bytes()); // e_machine = EM_386 for qemu only
    let error = qemu().lockstep(&program, &elf, &[], 100).unwrap_err();
    let LockstepError::Diverged(divergence) = &error else {
        panic!("{error}")
    };
    assert!(
        matches!(&divergence.kind, DivergenceKind::QemuStopped { output, .. } if output.contains("Invalid ELF image")),
        "{error}"
    );
    assert_eq!(divergence.instruction, None, "nothing ran");
}

#[test]
fn lockstep_accepts_agreeing_faults_and_rejects_disagreeing_ones() {
    // Both fault on a load outside memory: qemu with SIGSEGV, ours with OutOfBounds.
    let mut code = li(5, 0x1000);
    code.push(i(Opcode::Lw, 6, 5, 0));
    code.extend(asm::exit(0));
    let (elf, program) = build(&code, &[]);
    let report = qemu().lockstep(&program, &elf, &[], 100).unwrap();
    assert_eq!(report.instructions, 2);
    assert!(
        matches!(
            report.ending,
            Ending::Fault {
                error: TracerError::OutOfBounds { .. },
                signal: 11
            }
        ),
        "{report:?}"
    );

    // A misaligned load: qemu-user performs it, our emulator refuses it.
    let mut code = vec![asm::lui(5, asm::data_address(6))];
    code.push(i(Opcode::Lw, 6, 5, 2));
    code.extend(asm::exit(0));
    let (elf, program) = build(&code, &[0; 8]);
    let error = qemu().lockstep(&program, &elf, &[], 100).unwrap_err();
    let LockstepError::Diverged(divergence) = &error else {
        panic!("{error}")
    };
    assert!(
        matches!(
            divergence.kind,
            DivergenceKind::EmulatorError {
                error: TracerError::MisalignedAccess { .. },
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(divergence.step, 1);
}

#[test]
fn lockstep_gives_the_input_to_both() {
    // a0 = input length + first input word; the exit status shows both saw the same input.
    let layout = tracer::Layout::new(MemoryConfig::default()).unwrap();
    let mut code = li(5, layout.input_start);
    code.push(i(Opcode::Lw, 6, 5, 0)); // length
    code.push(i(Opcode::Lbu, 7, 5, 4)); // first byte
    code.push(i(Opcode::Lw, 8, 5, 8)); // bytes 4..8
    code.push(r(Opcode::Add, 10, 6, 7));
    code.push(r(Opcode::Add, 10, 10, 8));
    code.extend(li(17, 93));
    code.push(asm::ecall());
    let (elf, program) = build(&code, &[]);
    let input = [9u8, 0, 0, 0, 100, 0, 0, 0, 7];
    let report = qemu().lockstep(&program, &elf, &input, 100).unwrap();
    assert_eq!(report.ending, Ending::Exit { code: 9 + 9 + 100 });
    let run = qemu().run(&elf, &input).unwrap();
    assert_eq!(run.exit_code(), Some(9 + 9 + 100));
    // Too large for the layout: ours refuses before qemu starts.
    let huge = vec![0u8; MemoryConfig::default().max_input_size as usize + 1];
    assert!(matches!(
        qemu().lockstep(&program, &elf, &huge, 100),
        Err(LockstepError::Setup(TracerError::InputTooLarge { .. }))
    ));
}

#[test]
fn hangs_are_bounded() {
    let (elf, program) = build(&[jal(0, 0)], &[]);
    // The log cap stops qemu long before the timeout.
    let error = qemu().lockstep(&program, &elf, &[], 1000).unwrap_err();
    assert_eq!(error, LockstepError::StepLimit { max_steps: 1000 });
    // Without a log, the wall-clock limit does.
    let start = Instant::now();
    let error = qemu()
        .with_timeout(Duration::from_millis(300))
        .run(&elf, &[])
        .unwrap_err();
    assert!(matches!(error, QemuError::Timeout { .. }), "{error}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

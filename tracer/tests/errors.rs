//! Every way loading or running a guest can fail gives its specific `TracerError`, with a
//! message that names the fix, and never a panic.

use tracer::asm::{self, i, jal, jalr, li, r, s};
use tracer::instruction::DecodeError;
use tracer::layout::PAGE_SIZE;
use tracer::{
    Emulator, Instruction, Layout, MemoryConfig, Opcode, Program, RAM_START, TracerError, decode,
};

use Opcode::*;

/// Data of the test programs lives here (all are under 1024 words).
const DATA: u32 = RAM_START + PAGE_SIZE;

fn elf_of(code: &[Instruction], data: &[u8]) -> Vec<u8> {
    let words = asm::assemble(code).expect("test programs encode");
    asm::elf(&words, data, &MemoryConfig::default()).expect("test programs fit")
}

fn load_error(bytes: &[u8]) -> TracerError {
    Program::from_elf(bytes).expect_err("the ELF must be rejected")
}

/// Runs `code` (with 16 bytes of data at `DATA`) and returns the error it stops with.
fn run_error(code: &[Instruction]) -> TracerError {
    let program = Program::from_elf(&elf_of(code, &[0; 16])).expect("test programs load");
    tracer::run(&program, &[], 10_000).expect_err("the program must fail")
}

fn assert_mentions(error: &TracerError, words: &[&str]) {
    let message = error.to_string();
    for word in words {
        assert!(
            message.contains(word),
            "{message:?} should mention {word:?}"
        );
    }
}

fn exit_program() -> Vec<u8> {
    elf_of(&asm::exit(0), &[1, 2, 3, 4])
}

// ---- loading -------------------------------------------------------------------------------

#[test]
fn not_an_elf() {
    let text = load_error(b"fn main() { println!(\"hello\"); }\n");
    assert!(
        matches!(&text, TracerError::NotElf(what) if what.contains("text file")),
        "{text}"
    );
    assert_mentions(&text, &["riscv32im-unknown-none-elf"]);

    let empty = load_error(&[]);
    assert!(
        matches!(&empty, TracerError::NotElf(what) if what.contains("empty")),
        "{empty}"
    );

    let binary = load_error(&[0x00, 0xff, 0x13, 0x37, 0x42, 0x00, 0x01]);
    assert!(
        matches!(&binary, TracerError::NotElf(what) if what.contains("starts with")),
        "{binary}"
    );
}

#[test]
fn truncated_elfs() {
    let elf = exit_program();
    // Only the identification: the header itself is cut.
    for len in [20, 40, 60, 100] {
        let error = load_error(&elf[..len]);
        assert!(
            matches!(error, TracerError::MalformedElf(_)),
            "{len} bytes: {error}"
        );
        assert_mentions(&error, &["truncated or corrupt"]);
    }
    // Headers intact, segment data cut off.
    let error = load_error(&elf[..elf.len() - 1]);
    assert!(matches!(error, TracerError::MalformedElf(_)), "{error}");
}

#[test]
fn foreign_architectures() {
    // The test binary itself: an x86-64 (or other 64-bit) host executable.
    let host = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    let error = load_error(&host);
    assert!(
        matches!(&error, TracerError::UnsupportedElf(what) if what.starts_with("64-bit")),
        "{error}"
    );
    #[cfg(target_arch = "x86_64")]
    assert_mentions(&error, &["x86-64", "riscv32im-unknown-none-elf"]);

    // RV64: our ELF with its class flipped to ELFCLASS64.
    let mut rv64 = exit_program();
    rv64[4] = 2;
    let error = load_error(&rv64);
    assert_eq!(
        error,
        TracerError::UnsupportedElf("64-bit RISC-V (RV64)".into())
    );
    assert_mentions(&error, &["RV32IM"]);

    // Big endian.
    let mut big = exit_program();
    big[5] = 2;
    assert!(
        matches!(load_error(&big), TracerError::UnsupportedElf(what) if what.contains("big-endian"))
    );

    // A 32-bit ELF for another machine (e_machine = EM_386).
    let mut i386 = exit_program();
    i386[18..20].copy_from_slice(&3u16.to_le_bytes());
    let error = load_error(&i386);
    assert!(
        matches!(&error, TracerError::UnsupportedElf(what) if what.contains("x86")),
        "{error}"
    );

    // A relocatable object (e_type = ET_REL).
    let mut object = exit_program();
    object[16..18].copy_from_slice(&1u16.to_le_bytes());
    let error = load_error(&object);
    assert!(
        matches!(&error, TracerError::UnsupportedElf(what) if what.contains("relocatable")),
        "{error}"
    );
}

#[test]
fn compressed_flag() {
    let mut elf = exit_program();
    elf[36..40].copy_from_slice(&1u32.to_le_bytes()); // e_flags = EF_RISCV_RVC
    let error = load_error(&elf);
    assert_eq!(error, TracerError::CompressedElf);
    assert_mentions(&error, &["riscv32im-unknown-none-elf", "EF_RISCV_RVC"]);
}

#[test]
fn segments_outside_memory_and_configuration_mismatch() {
    let words = asm::assemble(&asm::exit(0)).unwrap();
    // Linked for 8 MiB of RAM: its stack segment ends beyond a 4 MiB configuration.
    let big = MemoryConfig {
        memory_size: 8 << 20,
        ..MemoryConfig::default()
    };
    let elf = asm::elf(&words, &[], &big).unwrap();
    let error = Program::from_elf_with_config(&elf, MemoryConfig::default()).unwrap_err();
    assert!(
        matches!(error, TracerError::SegmentOutsideMemory { .. }),
        "{error}"
    );
    assert_mentions(&error, &["memory_size"]);
    assert!(Program::from_elf_with_config(&elf, big).is_ok());

    // The configuration recorded in the ELF differs from the one asked for.
    let recorded = asm::elf_recording_config(&words, &[], &big).unwrap();
    let error = Program::from_elf_with_config(&recorded, MemoryConfig::default()).unwrap_err();
    assert!(
        matches!(error, TracerError::ConfigMismatch { .. }),
        "{error}"
    );

    // An invalid configuration.
    let odd = MemoryConfig {
        memory_size: (4 << 20) + 1,
        ..MemoryConfig::default()
    };
    let error = Program::from_words(&words, odd).unwrap_err();
    assert!(matches!(error, TracerError::InvalidConfig(_)), "{error}");
    assert_mentions(&error, &["memory_size", "4096"]);
}

/// Program header `index` of an `asm::elf` image (32 bytes each from e_phoff = 52).
fn program_header(elf: &mut [u8], index: usize) -> &mut [u8] {
    let at = 52 + 32 * index;
    &mut elf[at..at + 32]
}

#[test]
fn entry_and_text() {
    // Entry point in the data segment.
    let mut elf = exit_program();
    elf[24..28].copy_from_slice(&DATA.to_le_bytes());
    assert_eq!(load_error(&elf), TracerError::EntryNotInText(DATA));
    // Misaligned entry.
    let mut elf = exit_program();
    elf[24..28].copy_from_slice(&(RAM_START + 2).to_le_bytes());
    assert_eq!(load_error(&elf), TracerError::EntryNotInText(RAM_START + 2));
    // No executable segment at all (clear PF_X of the text, header 2).
    let mut elf = exit_program();
    program_header(&mut elf, 2)[24] &= !1;
    assert_eq!(load_error(&elf), TracerError::NoText);
    // File bytes in the I/O region (the tracer owns it).
    let mut elf = exit_program();
    let input_offset = u32::from_le_bytes(program_header(&mut elf, 0)[4..8].try_into().unwrap());
    elf[input_offset as usize] = 1;
    let error = load_error(&elf);
    assert!(
        matches!(error, TracerError::SegmentInReservedRegion { .. }),
        "{error}"
    );
}

#[test]
fn corrupted_elfs_never_panic() {
    // Random bit flips in the headers (ELF header, program headers, and for the second image
    // also the symbol table and section headers at its end): loading, and briefly running
    // whatever still loads, must return, never panic. `TRACER_CORRUPT_ELFS` sets the count.
    let count: usize = std::env::var("TRACER_CORRUPT_ELFS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let words = asm::assemble(&asm::exit(0)).unwrap();
    let config = MemoryConfig::default();
    let originals = [
        exit_program(),
        asm::elf_recording_config(&words, &[5; 8], &config).unwrap(),
    ];
    let mut state = 0x1234_5678_9abc_def0u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut loaded = 0;
    for k in 0..count {
        let mut elf = originals[k % 2].clone();
        let len = elf.len() as u64;
        for _ in 0..1 + next() % 4 {
            let at = if next() % 4 == 0 {
                len - 1 - next() % 400.min(len)
            } else {
                next() % 212
            };
            elf[at as usize] ^= 1 << (next() % 8);
        }
        if let Ok(program) = Program::from_elf(&elf) {
            loaded += 1;
            let _ = tracer::run(&program, &[], 1000);
            let _ = tracer::trace(&program, b"input", 1000);
        }
    }
    assert!(
        loaded > 0,
        "some flips (e.g. in padding) keep the ELF loadable"
    );
}

// ---- execution -----------------------------------------------------------------------------

#[test]
fn illegal_instructions() {
    let cases: [(u32, &str); 5] = [
        (0xc000_2573, "csrrs a0, cycle, x0 (Zicsr)"),
        (0x0005_2007, "flw f0, 0(a0) (F)"),
        (0x1005_202f, "lr.w x0, (a0) (A)"),
        (0x0000_100f, "fence.i (Zifencei)"),
        (0x0000_0000, "all zeros"),
    ];
    for (word, what) in cases {
        let mut words = asm::assemble(&li(10, 1)).unwrap();
        words.push(word);
        let program = Program::from_words(&words, MemoryConfig::default()).unwrap();
        let error = tracer::run(&program, &[], 100).unwrap_err();
        let pc = RAM_START + 4;
        match (&error, decode(word)) {
            (
                TracerError::IllegalInstruction {
                    pc: at,
                    source: DecodeError::Illegal(w),
                },
                _,
            ) => {
                assert_eq!((*at, *w), (pc, word), "{what}");
                assert_mentions(
                    &error,
                    &["not an RV32IM encoding", "riscv32im-unknown-none-elf"],
                );
            }
            (
                TracerError::IllegalInstruction {
                    pc: at,
                    source: DecodeError::Compressed(_),
                },
                _,
            ) => {
                // 0x0000_0000 has low bits 00: the decoder calls it compressed (c.unimp).
                assert_eq!((*at, word), (pc, 0), "{what}");
            }
            _ => panic!("{what}: {error}"),
        }
    }
}

#[test]
fn compressed_instruction_executed() {
    // c.addi a0, 1 (0x0505) followed by c.nop (0x0001): a 16-bit pair in one word.
    let mut words = asm::assemble(&li(10, 1)).unwrap();
    words.push(0x0001_0505);
    let program = Program::from_words(&words, MemoryConfig::default()).unwrap();
    let error = tracer::run(&program, &[], 100).unwrap_err();
    assert_eq!(
        error,
        TracerError::IllegalInstruction {
            pc: RAM_START + 4,
            source: DecodeError::Compressed(0x0505)
        }
    );
    assert_mentions(&error, &["compressed", "riscv32im-unknown-none-elf"]);
}

#[test]
fn unsupported_ecall_and_ebreak() {
    // write(1, buf, 0): a7 = 64.
    let mut code = li(17, 64);
    code.push(asm::ecall());
    let error = run_error(&code);
    assert_eq!(
        error,
        TracerError::UnsupportedEcall {
            pc: RAM_START + 4,
            number: 64
        }
    );
    assert_mentions(&error, &["a7 = 93"]);

    let error = run_error(&[asm::fence(), asm::ebreak()]);
    assert_eq!(error, TracerError::Breakpoint { pc: RAM_START + 4 });
    assert_mentions(&error, &["breakpoint"]);
}

#[test]
fn misaligned_accesses() {
    let cases = [
        (i(Lw, 6, 5, 2), 2, 4),
        (i(Lw, 6, 5, 1), 1, 4),
        (i(Lh, 6, 5, 1), 1, 2),
        (i(Lhu, 6, 5, 3), 3, 2),
        (s(Sw, 6, 2, 5), 2, 4),
        (s(Sh, 6, 1, 5), 1, 2),
    ];
    for (ins, offset, size) in cases {
        let mut code = li(5, DATA);
        code.push(ins);
        code.extend(asm::exit(0));
        let error = run_error(&code);
        assert_eq!(
            error,
            TracerError::MisalignedAccess {
                pc: RAM_START + 4,
                address: DATA + offset,
                size
            },
            "{ins}"
        );
        assert_mentions(&error, &["aligned"]);
    }
    // Byte accesses are never misaligned.
    let mut code = li(5, DATA);
    code.extend([i(Lb, 6, 5, 3), s(Sb, 6, 1, 5)]);
    code.extend(asm::exit(0));
    let program = Program::from_elf(&elf_of(&code, &[0; 16])).unwrap();
    assert!(tracer::run(&program, &[], 100).is_ok());
}

#[test]
fn accesses_outside_memory() {
    let layout = Layout::new(MemoryConfig::default()).unwrap();
    for (address, ins) in [
        (0x1000u32, i(Lw, 6, 5, 0)),
        (0xffff_fff0, s(Sw, 6, 0, 5)),
        (layout.ram_end(), i(Lb, 6, 5, 0)),
        (layout.input_start - 4, s(Sw, 6, 0, 5)),
    ] {
        let mut code = li(5, address);
        let pc = RAM_START + 4 * code.len() as u32;
        code.push(ins);
        code.extend(asm::exit(0));
        let error = run_error(&code);
        assert_eq!(
            error,
            TracerError::OutOfBounds {
                pc,
                address,
                lowest: layout.lowest_address(),
                ram_end: layout.ram_end()
            }
        );
        assert_mentions(&error, &["memory_size"]);
    }
}

#[test]
fn stores_to_read_only_memory() {
    let layout = Layout::new(MemoryConfig::default()).unwrap();
    // The program's own code.
    let mut code = li(5, RAM_START);
    code.push(s(Sw, 0, 0, 5));
    code.extend(asm::exit(0));
    let error = run_error(&code);
    assert!(
        matches!(error, TracerError::WriteToReadOnly { address: RAM_START, what, .. } if what.contains("code")),
        "{error}"
    );
    // The input region.
    let mut code = li(5, layout.input_start);
    code.push(s(Sb, 0, 4, 5));
    code.extend(asm::exit(0));
    let error = run_error(&code);
    assert!(
        matches!(error, TracerError::WriteToReadOnly { what, .. } if what.contains("input")),
        "{error}"
    );
    // Loads from both are fine (the run fails only at the final load from address 0).
    let mut code = li(5, layout.input_start);
    code.push(i(Lw, 6, 5, 0));
    code.extend(li(8, RAM_START));
    code.push(i(Lw, 9, 8, 0));
    code.push(i(Lw, 7, 0, 0));
    let error = run_error(&code);
    assert!(
        matches!(error, TracerError::OutOfBounds { address: 0, .. }),
        "{error}"
    );
}

#[test]
fn stack_overflow() {
    let config = MemoryConfig::default();
    let layout = Layout::new(config).unwrap();
    // A store into the guard page below the stack.
    let mut code = li(5, layout.stack_bottom - 8);
    code.push(s(Sw, 0, 0, 5));
    code.extend(asm::exit(0));
    let error = run_error(&code);
    assert!(
        matches!(error, TracerError::StackOverflow { .. }),
        "{error}"
    );
    assert_mentions(&error, &["stack_size", "guard page"]);

    // With the jolt runtime's configuration symbols, sp itself is checked.
    let mut code = li(2, layout.stack_top);
    code.push(asm::addi(2, 2, -16));
    code.extend(li(6, config.stack_size));
    code.push(r(Sub, 2, 2, 6)); // sp below the stack
    code.extend(asm::exit(0));
    let words = asm::assemble(&code).unwrap();
    let program =
        Program::from_elf(&asm::elf_recording_config(&words, &[], &config).unwrap()).unwrap();
    assert!(program.uses_jolt_runtime());
    let error = tracer::run(&program, &[], 100).unwrap_err();
    assert!(
        matches!(&error, TracerError::StackOverflow { detail, .. } if detail.contains("stack pointer")),
        "{error}"
    );
    // Without them, sp is an ordinary register.
    let program = Program::from_elf(&asm::elf(&words, &[], &config).unwrap()).unwrap();
    assert!(tracer::run(&program, &[], 100).is_ok());
}

#[test]
fn bad_jumps() {
    // jalr to pc + 2: a misaligned pc (the C extension would allow it).
    let mut code = li(5, RAM_START);
    code.push(jalr(0, 5, 10)); // RAM_START + 10
    code.extend(asm::exit(0));
    let error = run_error(&code);
    assert_eq!(error, TracerError::MisalignedPc { pc: RAM_START + 10 });
    assert_mentions(&error, &["4-byte aligned"]);

    // Past the end of the code.
    let error = run_error(&[jal(0, 8)]);
    assert_eq!(error, TracerError::PcOutOfText { pc: RAM_START + 8 });
    // Into the data segment.
    let mut code = li(5, DATA);
    code.push(jalr(1, 5, 0));
    let error = run_error(&code);
    assert_eq!(error, TracerError::PcOutOfText { pc: DATA });
    // Backwards, below the code.
    let error = run_error(&[asm::fence(), jal(0, -8)]);
    assert_eq!(error, TracerError::PcOutOfText { pc: RAM_START - 4 });
    assert_mentions(&error, &["outside the program's code"]);
}

#[test]
fn cycle_limit() {
    let program = Program::from_words(
        &asm::assemble(&[jal(0, 0)]).unwrap(),
        MemoryConfig::default(),
    )
    .unwrap();
    let error = tracer::run(&program, &[], 1000).unwrap_err();
    assert_eq!(error, TracerError::CycleLimit { limit: 1000 });
    assert_mentions(&error, &["max-cycles", "infinite loop"]);
    let error = tracer::trace(&program, &[], 10).unwrap_err();
    assert_eq!(error, TracerError::CycleLimit { limit: 10 });
    // Stepping past the limit is the caller's business: step never refuses.
    let mut emulator = Emulator::new(&program, &[]).unwrap();
    for _ in 0..5 {
        emulator.step().unwrap();
    }
    assert_eq!(emulator.cycles(), 5);
}

#[test]
fn inputs_and_outputs_too_large() {
    let config = MemoryConfig::default();
    let program = Program::from_words(&asm::assemble(&asm::exit(0)).unwrap(), config).unwrap();
    let input = vec![0u8; config.max_input_size as usize + 1];
    let error = Emulator::new(&program, &input).unwrap_err();
    assert_eq!(
        error,
        TracerError::InputTooLarge {
            len: input.len(),
            max: config.max_input_size
        }
    );
    assert_mentions(&error, &["max_input_size"]);
    // Exactly the maximum is fine.
    assert!(Emulator::new(&program, &input[1..]).is_ok());

    // The guest claims more output than fits.
    let layout = Layout::new(config).unwrap();
    let mut code = li(5, layout.output_len_address());
    code.extend(li(6, config.max_output_size + 1));
    code.push(s(Sw, 6, 0, 5));
    code.extend(asm::exit(0));
    let error = run_error(&code);
    assert_eq!(
        error,
        TracerError::OutputTooLarge {
            len: config.max_output_size + 1,
            max: config.max_output_size
        }
    );
    assert_mentions(&error, &["max_output_size"]);
}

// ---- the initial image and the access map ---------------------------------------------------

/// A text segment with `code` at RAM_START plus `data` segments `(address, bytes, writable)`.
fn program_of(code: &[Instruction], data: &[(u32, &[u8], bool)]) -> Result<Program, TracerError> {
    let words = asm::assemble(code).expect("test programs encode");
    let text: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut segments = vec![tracer::Segment {
        address: RAM_START,
        mem_size: text.len() as u32,
        data: text,
        writable: false,
        executable: true,
    }];
    for (address, bytes, writable) in data {
        segments.push(tracer::Segment {
            address: *address,
            mem_size: bytes.len() as u32,
            data: bytes.to_vec(),
            writable: *writable,
            executable: false,
        });
    }
    Program::from_parts(MemoryConfig::default(), RAM_START, segments, false)
}

/// `lw a0, 0(address); exit(a0)`.
fn load_and_exit(address: u32) -> Vec<Instruction> {
    let mut code = li(5, address);
    code.push(i(Lw, 10, 5, 0));
    code.extend(li(17, tracer::SYS_EXIT));
    code.push(asm::ecall());
    code
}

#[test]
fn overlapping_segments_are_rejected() {
    let code = load_and_exit(DATA);
    let error = program_of(
        &code,
        &[(DATA, &[1, 0, 0, 0], true), (DATA + 2, &[2, 0], true)],
    )
    .expect_err("overlapping segments");
    assert!(
        matches!(error, TracerError::OverlappingSegments { .. }),
        "{error}"
    );
    assert_mentions(&error, &["overlap", "linker script"]);
    // The same through an ELF: move the data segment (header 3) onto the text.
    let mut elf = elf_of(&code, &[1, 2, 3, 4]);
    program_header(&mut elf, 3)[8..12].copy_from_slice(&RAM_START.to_le_bytes());
    program_header(&mut elf, 3)[12..16].copy_from_slice(&RAM_START.to_le_bytes());
    assert!(matches!(
        load_error(&elf),
        TracerError::OverlappingSegments { .. }
    ));
    // Touching segments are fine.
    program_of(&code, &[(DATA, &[1, 0], true), (DATA + 2, &[2, 0], true)]).expect("adjacent");
}

#[test]
fn unaligned_segments_are_placed_byte_for_byte() {
    // Four bytes at page + 2: the word at the page holds the first two in its high half.
    let program = program_of(
        &load_and_exit(DATA),
        &[(DATA + 2, &[0x11, 0x22, 0x33, 0x44], true)],
    )
    .unwrap();
    let outcome = tracer::run(&program, &[], 100).expect("runs");
    assert_eq!(outcome.exit_code, 0x2211_0000);
    let image = program.image_words();
    assert!(image.contains(&(DATA, 0x2211_0000)));
    assert!(image.contains(&(DATA + 4, 0x4433)));
    // Two segments sharing one word, in either order, give one word.
    for order in [[0usize, 1], [1, 0]] {
        let parts: [(u32, &[u8], bool); 2] = [(DATA, &[0xaa], true), (DATA + 1, &[0xbb], true)];
        let program =
            program_of(&load_and_exit(DATA), &[parts[order[0]], parts[order[1]]]).unwrap();
        assert_eq!(tracer::run(&program, &[], 100).unwrap().exit_code, 0xbbaa);
        assert_eq!(
            program
                .image_words()
                .iter()
                .filter(|(a, _)| *a == DATA)
                .collect::<Vec<_>>(),
            [&(DATA, 0xbbaa)]
        );
    }
}

#[test]
fn the_access_map_is_what_the_emulator_enforces() {
    use tracer::Access;
    let layout = Layout::new(MemoryConfig::default()).unwrap();
    let program = program_of(
        &asm::exit(0),
        &[(DATA, &[1; 8], false), (DATA + PAGE_SIZE, &[2; 8], true)],
    )
    .unwrap();
    let map = program.access_map();
    // Contiguous, page-aligned, covering the I/O region and RAM exactly.
    assert_eq!(map[0].start, layout.input_start);
    assert_eq!(map.last().unwrap().end, layout.ram_end());
    for pair in map.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
        assert_ne!(pair[0].access, pair[1].access);
    }
    let access_at = |a: u32| {
        map.iter()
            .find(|r| (r.start..r.end).contains(&a))
            .unwrap()
            .access
    };
    assert_eq!(access_at(layout.input_start), Access::Read);
    assert_eq!(access_at(layout.output_start), Access::ReadWrite);
    assert_eq!(access_at(RAM_START), Access::Read);
    assert_eq!(access_at(DATA), Access::Read);
    assert_eq!(access_at(DATA + PAGE_SIZE), Access::ReadWrite);
    assert_eq!(access_at(layout.heap_end), Access::None);
    assert_eq!(access_at(layout.stack_bottom), Access::ReadWrite);
    // The emulator agrees at every region's first and last word, for loads and stores.
    for region in map {
        for address in [region.start, region.end - 4] {
            let mut load = li(5, address);
            load.push(i(Lw, 6, 5, 0));
            load.extend(asm::exit(0));
            let mut store = li(5, address);
            store.push(s(Sw, 0, 0, 5));
            store.extend(asm::exit(0));
            let run = |code: &[Instruction]| {
                let p = program_of(
                    code,
                    &[(DATA, &[1; 8], false), (DATA + PAGE_SIZE, &[2; 8], true)],
                )
                .unwrap();
                tracer::run(&p, &[], 100).is_ok()
            };
            assert_eq!(run(&load), region.access.readable(), "load {address:#x}");
            assert_eq!(run(&store), region.access.writable(), "store {address:#x}");
        }
    }
}

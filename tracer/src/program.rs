//! Loading an RV32IM ELF into a [`Program`]: checked header, segments placed in the
//! [`Layout`], text pre-decoded once.

use object::elf::{FileHeader32, PT_LOAD};
use object::read::elf::{ElfFile32, FileHeader as _, ProgramHeader as _};
use object::{LittleEndian, Object as _, ObjectSymbol as _};

use crate::error::TracerError;
use crate::instruction::{DecodeError, Instruction, decode};
use crate::layout::{Layout, MemoryConfig, PAGE_SIZE, RAM_START};

const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const EF_RISCV_RVC: u32 = 0x1;
const PF_X: u32 = 1;
const PF_W: u32 = 2;

/// One loadable segment of the program image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Virtual (= physical) start address.
    pub address: u32,
    /// The file-backed bytes; the rest of `mem_size` is zero.
    pub data: Vec<u8>,
    /// Size in memory (≥ `data.len()`).
    pub mem_size: u32,
    /// Whether the guest may write it.
    pub writable: bool,
    /// Whether it holds code.
    pub executable: bool,
}

/// What the guest may do with a byte of its memory. The emulator faults on anything else, and
/// `jolt-core` proves every RAM access against the same map ([`Program::access_map`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Access {
    /// No access at all: the stack guard page.
    None,
    /// Loads only: the input region, and pages of text and read-only data.
    Read,
    /// Loads and stores: the output region, writable data, heap and stack.
    ReadWrite,
}

impl Access {
    /// Whether a load may read it.
    pub fn readable(self) -> bool {
        self != Access::None
    }
    /// Whether a store may write it.
    pub fn writable(self) -> bool {
        self == Access::ReadWrite
    }
}

/// A maximal run of pages with one [`Access`]: bytes `start..end` (both page-aligned).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AccessRegion {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// What the guest may do there.
    pub access: Access,
}

/// A guest program ready to run: its layout, its initial memory image and its decoded code.
///
/// The text is decoded once at load time; words that are not RV32IM instructions (literal
/// pools, padding) are kept as their [`DecodeError`] and only become an error if executed.
#[derive(Clone, Debug)]
pub struct Program {
    layout: Layout,
    entry: u32,
    segments: Vec<Segment>,
    text_start: u32,
    code: Vec<Option<Result<Instruction, DecodeError>>>,
    uses_jolt_runtime: bool,
    access_map: Vec<AccessRegion>,
}

/// The `__jolt_*` configuration symbols the linker script records, if all are present.
fn recorded_config(elf: &ElfFile32<'_, LittleEndian>) -> Option<MemoryConfig> {
    let mut values = [None; 4];
    let names = [
        "__jolt_memory_size",
        "__jolt_stack_size",
        "__jolt_max_input_size",
        "__jolt_max_output_size",
    ];
    for symbol in elf.symbols() {
        if let Ok(name) = symbol.name()
            && let Some(i) = names.iter().position(|n| *n == name)
        {
            values[i] = u32::try_from(symbol.address()).ok();
        }
    }
    Some(MemoryConfig {
        memory_size: values[0]?,
        stack_size: values[1]?,
        max_input_size: values[2]?,
        max_output_size: values[3]?,
    })
}

fn machine_name(machine: u16) -> String {
    match machine {
        3 => "x86 (i386)".into(),
        62 => "x86-64".into(),
        40 => "ARM".into(),
        183 => "AArch64".into(),
        8 => "MIPS".into(),
        EM_RISCV => "RISC-V".into(),
        other => format!("machine type {other}"),
    }
}

impl Program {
    /// Loads an ELF with the memory configuration recorded in it by the jolt linker script,
    /// or the default configuration if the ELF was linked some other way.
    pub fn from_elf(bytes: &[u8]) -> Result<Self, TracerError> {
        Self::load(bytes, None)
    }

    /// Loads an ELF with an explicit memory configuration. If the ELF records a different
    /// configuration (it was linked for other addresses) this is an error, not a silent
    /// relayout.
    pub fn from_elf_with_config(bytes: &[u8], config: MemoryConfig) -> Result<Self, TracerError> {
        Self::load(bytes, Some(config))
    }

    fn load(bytes: &[u8], requested: Option<MemoryConfig>) -> Result<Self, TracerError> {
        check_ident(bytes)?;
        let elf = ElfFile32::<LittleEndian>::parse(bytes)
            .map_err(|e| TracerError::MalformedElf(e.to_string()))?;
        let endian = LittleEndian;
        let header: &FileHeader32<LittleEndian> = elf.elf_header();
        let machine = header.e_machine(endian).0;
        if machine != EM_RISCV {
            return Err(TracerError::UnsupportedElf(format!(
                "32-bit {}",
                machine_name(machine)
            )));
        }
        if header.e_type(endian).0 != ET_EXEC {
            return Err(TracerError::UnsupportedElf(
                "a relocatable or shared-object (not statically linked executable)".into(),
            ));
        }
        if header.e_flags(endian).0 & EF_RISCV_RVC != 0 {
            return Err(TracerError::CompressedElf);
        }

        let recorded = recorded_config(&elf);
        let config = match (recorded, requested) {
            (Some(elf_config), Some(req)) if elf_config != req => {
                return Err(TracerError::ConfigMismatch {
                    elf: elf_config,
                    requested: req,
                });
            }
            (Some(c), _) | (None, Some(c)) => c,
            (None, None) => MemoryConfig::default(),
        };
        let layout = Layout::new(config)?;

        let mut segments = Vec::new();
        for ph in elf.elf_program_headers() {
            if ph.p_type(endian).0 != PT_LOAD.0 || ph.p_memsz(endian) == 0 {
                continue;
            }
            let address = ph.p_vaddr(endian);
            let mem_size = ph.p_memsz(endian);
            let data = ph.data(endian, bytes).map_err(|()| {
                TracerError::MalformedElf("a segment's data lies past the end of the file".into())
            })?;
            if data.len() as u64 > u64::from(mem_size) {
                return Err(TracerError::MalformedElf(
                    "a segment's file size exceeds its memory size".into(),
                ));
            }
            let flags = ph.p_flags(endian).0;
            let segment = Segment {
                address,
                data: data.to_vec(),
                mem_size,
                writable: flags & PF_W != 0,
                executable: flags & PF_X != 0,
            };
            check_placement(&layout, &segment)?;
            segments.push(segment);
        }

        let entry = header.e_entry(endian);
        Self::assemble(layout, entry, segments, recorded.is_some())
    }

    /// A program from its parts, as [`Self::segments`], [`Self::entry`],
    /// [`Self::layout`] and [`Self::uses_jolt_runtime`] return them: what a saved
    /// preprocessing stores instead of the ELF. Every check of ELF loading is repeated
    /// (segment placement, text decoding, entry point), so parts read from a file are as
    /// trustworthy as an ELF read from one.
    pub fn from_parts(
        config: MemoryConfig,
        entry: u32,
        segments: Vec<Segment>,
        uses_jolt_runtime: bool,
    ) -> Result<Self, TracerError> {
        let layout = Layout::new(config)?;
        for segment in &segments {
            if segment.data.len() as u64 > u64::from(segment.mem_size) {
                return Err(TracerError::MalformedElf(
                    "a segment's file size exceeds its memory size".into(),
                ));
            }
            check_placement(&layout, segment)?;
        }
        Self::assemble(layout, entry, segments, uses_jolt_runtime)
    }

    /// Decodes the text of placed segments and checks the entry point.
    fn assemble(
        layout: Layout,
        entry: u32,
        segments: Vec<Segment>,
        uses_jolt_runtime: bool,
    ) -> Result<Self, TracerError> {
        check_overlaps(&segments)?;
        let (text_start, code) = decode_text(&segments)?;
        let text_end = text_start as u64 + 4 * code.len() as u64;
        let entry_in_text = (text_start as u64..text_end).contains(&(entry as u64))
            && matches!(code.get(((entry - text_start) / 4) as usize), Some(Some(_)));
        if !entry_in_text || !entry.is_multiple_of(4) {
            return Err(TracerError::EntryNotInText(entry));
        }
        let access_map = access_map(&layout, &segments);
        Ok(Self {
            layout,
            entry,
            segments,
            text_start,
            code,
            uses_jolt_runtime,
            access_map,
        })
    }

    /// A program from raw instruction words placed at [`RAM_START`], with no data segments.
    /// For tests and tools that assemble code directly (see [`crate::asm`]).
    pub fn from_words(words: &[u32], config: MemoryConfig) -> Result<Self, TracerError> {
        let layout = Layout::new(config)?;
        let data: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let segment = Segment {
            address: RAM_START,
            mem_size: data.len() as u32,
            data,
            writable: false,
            executable: true,
        };
        check_placement(&layout, &segment)?;
        Self::assemble(layout, RAM_START, vec![segment], false)
    }

    /// The memory layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    /// The entry point.
    pub fn entry(&self) -> u32 {
        self.entry
    }
    /// The loadable segments (the initial memory image).
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
    /// Address of the first code word.
    pub fn text_start(&self) -> u32 {
        self.text_start
    }
    /// The decoded code, one entry per word from [`Self::text_start`]: `None` for words in a
    /// gap between executable segments, `Some(Err(_))` for words that are not RV32IM.
    pub fn code(&self) -> &[Option<Result<Instruction, DecodeError>>] {
        &self.code
    }
    /// Whether the ELF was linked with the jolt linker script (it records its configuration).
    /// Only then is the stack pointer known to be the runtime's, and checked for overflow.
    pub fn uses_jolt_runtime(&self) -> bool {
        self.uses_jolt_runtime
    }

    /// What the guest may do with each byte from [`Layout::lowest_address`] to
    /// [`Layout::ram_end`]: maximal page runs, in address order, covering that range exactly.
    ///
    /// The input region is read-only and the output region writable; in RAM, a page is
    /// read-only if a non-writable segment covers part of it and no writable segment does,
    /// the guard page below the stack is not accessible, and every other page is writable.
    /// The emulator's faults and `jolt-core`'s proven access classes both come from this map.
    pub fn access_map(&self) -> &[AccessRegion] {
        &self.access_map
    }

    /// The initial program image as non-zero words `(address, value)` in address order, each
    /// address a multiple of 4: every segment's file bytes at their addresses (segments
    /// never overlap, so the order of segments does not matter; a segment need not be
    /// word-aligned), everything else zero. The emulator's initial memory and `jolt-core`'s
    /// initial memory evaluation are both built from it.
    pub fn image_words(&self) -> Vec<(u32, u32)> {
        let mut words: Vec<(u32, u32)> = Vec::new();
        let mut segments: Vec<&Segment> = self.segments.iter().collect();
        segments.sort_by_key(|s| s.address);
        for segment in segments {
            for (k, byte) in segment.data.iter().enumerate() {
                if *byte == 0 {
                    continue;
                }
                let address = segment.address + k as u32;
                let word = address & !3;
                let bits = u32::from(*byte) << (8 * (address & 3));
                // Segments are disjoint and sorted, so a word's bytes arrive in order.
                match words.last_mut() {
                    Some((a, v)) if *a == word => *v |= bits,
                    _ => words.push((word, bits)),
                }
            }
        }
        words
    }
}

/// Rejects segments whose memory ranges share a byte.
fn check_overlaps(segments: &[Segment]) -> Result<(), TracerError> {
    let mut ranges: Vec<(u32, u64)> = segments
        .iter()
        .filter(|s| s.mem_size > 0)
        .map(|s| (s.address, u64::from(s.address) + u64::from(s.mem_size)))
        .collect();
    ranges.sort_unstable();
    for pair in ranges.windows(2) {
        let ((first_start, first_end), (second_start, second_end)) = (pair[0], pair[1]);
        if u64::from(second_start) < first_end {
            return Err(TracerError::OverlappingSegments {
                first_start,
                first_end,
                second_start,
                second_end,
            });
        }
    }
    Ok(())
}

/// The page permissions of [`Program::access_map`].
fn access_map(layout: &Layout, segments: &[Segment]) -> Vec<AccessRegion> {
    let base = layout.lowest_address();
    let pages = ((layout.ram_end() - base) / PAGE_SIZE) as usize;
    let page_of = |address: u32| ((address - base) / PAGE_SIZE) as usize;
    let mut access = vec![Access::ReadWrite; pages];
    // I/O: the input is read-only to the guest; outputs and flags stay writable.
    access[page_of(layout.input_start)..page_of(layout.output_start)].fill(Access::Read);
    // Read-only segments, except on pages a writable segment shares.
    let pages_of = |s: &Segment| page_of(s.address)..=page_of(s.address + s.mem_size.max(1) - 1);
    let mut shared = vec![false; pages];
    for segment in segments.iter().filter(|s| s.writable) {
        shared[pages_of(segment)].fill(true);
    }
    for segment in segments.iter().filter(|s| !s.writable) {
        for page in pages_of(segment) {
            if !shared[page] {
                access[page] = Access::Read;
            }
        }
    }
    // The guard page: no access at all.
    access[page_of(layout.heap_end)..page_of(layout.stack_bottom)].fill(Access::None);
    let mut out: Vec<AccessRegion> = Vec::new();
    for (page, a) in access.into_iter().enumerate() {
        let start = base + page as u32 * PAGE_SIZE;
        match out.last_mut() {
            Some(region) if region.access == a => region.end = start + PAGE_SIZE,
            _ => out.push(AccessRegion {
                start,
                end: start + PAGE_SIZE,
                access: a,
            }),
        }
    }
    out
}

/// The identification bytes, checked by hand so that the message can say *what* the file is.
fn check_ident(bytes: &[u8]) -> Result<(), TracerError> {
    if bytes.len() < 20 || &bytes[..4] != b"\x7fELF" {
        let what = if bytes.is_empty() {
            "the file is empty".to_string()
        } else if bytes
            .iter()
            .take(256)
            .all(|b| b.is_ascii() && (!b.is_ascii_control() || b.is_ascii_whitespace()))
        {
            "it looks like a text file".to_string()
        } else {
            format!("it starts with {:02x?}", &bytes[..bytes.len().min(4)])
        };
        return Err(TracerError::NotElf(what));
    }
    let class = bytes[4];
    let little = bytes[5] == 1;
    let machine = if little {
        u16::from_le_bytes([bytes[18], bytes[19]])
    } else {
        u16::from_be_bytes([bytes[18], bytes[19]])
    };
    match (class, little) {
        (1, true) => Ok(()),
        (2, _) if machine == EM_RISCV => {
            Err(TracerError::UnsupportedElf("64-bit RISC-V (RV64)".into()))
        }
        (2, _) => Err(TracerError::UnsupportedElf(format!(
            "64-bit {}",
            machine_name(machine)
        ))),
        (1, false) => Err(TracerError::UnsupportedElf(format!(
            "big-endian {}",
            machine_name(machine)
        ))),
        _ => Err(TracerError::MalformedElf(format!(
            "unknown ELF class {class}"
        ))),
    }
}

/// Every segment must lie in guest memory; file bytes may not land in the I/O region (the
/// tracer owns it: zeros plus the input) or in the stack guard page.
fn check_placement(layout: &Layout, segment: &Segment) -> Result<(), TracerError> {
    let start = segment.address;
    let end = u64::from(start) + u64::from(segment.mem_size);
    if u64::from(start) < u64::from(layout.lowest_address()) || end > u64::from(layout.ram_end()) {
        return Err(TracerError::SegmentOutsideMemory {
            vaddr: start,
            end,
            region: format!(
                "I/O {:#010x}..{RAM_START:#010x}, RAM {RAM_START:#010x}..{:#010x}",
                layout.lowest_address(),
                layout.ram_end()
            ),
        });
    }
    let file_end = start + segment.data.len() as u32;
    let nonzero_file = segment.data.iter().any(|&b| b != 0);
    let overlaps = |lo: u32, hi: u32| start < hi && file_end > lo;
    if nonzero_file && overlaps(layout.input_start, RAM_START) {
        return Err(TracerError::SegmentInReservedRegion {
            vaddr: start,
            end: file_end,
            what: "the I/O region (filled by the tracer with the input)",
        });
    }
    if segment.executable && overlaps(layout.input_start, RAM_START) {
        return Err(TracerError::SegmentInReservedRegion {
            vaddr: start,
            end: file_end,
            what: "the I/O region (code there is not allowed)",
        });
    }
    if !segment.data.is_empty() && overlaps(layout.heap_end, layout.stack_bottom) {
        return Err(TracerError::SegmentInReservedRegion {
            vaddr: start,
            end: file_end,
            what: "the stack guard page",
        });
    }
    Ok(())
}

type DecodedText = (u32, Vec<Option<Result<Instruction, DecodeError>>>);

/// Decodes every executable segment into one table spanning them all.
fn decode_text(segments: &[Segment]) -> Result<DecodedText, TracerError> {
    let exec: Vec<&Segment> = segments.iter().filter(|s| s.executable).collect();
    let start = exec
        .iter()
        .map(|s| s.address)
        .min()
        .ok_or(TracerError::NoText)?;
    let end = exec
        .iter()
        .map(|s| u64::from(s.address) + u64::from(s.mem_size))
        .max()
        .unwrap_or(0);
    let start = start & !3;
    let words = (end - u64::from(start)).div_ceil(4) as usize;
    if words as u64 * 4 > u64::from(crate::layout::MAX_MEMORY_SIZE) {
        return Err(TracerError::MalformedElf(
            "the executable segments span more than 1 GiB".into(),
        ));
    }
    let mut code = vec![None; words];
    for s in exec {
        // Whole words inside this segment; a trailing partial word reads as zero-padded.
        let first = (s.address - start).div_ceil(4) as usize;
        let seg_words = (s.address + s.mem_size - start) as usize / 4;
        for (i, slot) in code.iter_mut().enumerate().take(seg_words).skip(first) {
            let offset = i * 4 + start as usize - s.address as usize;
            let mut word = [0u8; 4];
            for (k, b) in word.iter_mut().enumerate() {
                *b = s.data.get(offset + k).copied().unwrap_or(0);
            }
            *slot = Some(decode(u32::from_le_bytes(word)));
        }
    }
    Ok((start, code))
}

//! The read-write address space: registers, program I/O and RAM in one memory of words.
//!
//! ```text
//!   index 0 .. 64              registers x0..x31, virtual v0..v7 (40 used)
//!   index 64 .. ram_base       padding up to 2^log_size: never initialised, never accessed
//!   index ram_base .. K        one word per 4 bytes from layout.input_start up to RAM's end:
//!                              input length, input bytes, panic flag, termination flag,
//!                              output length, output bytes, then RAM (program image, heap,
//!                              guard page, stack)
//! ```
//!
//! RAM is word-addressed ([`instruction_tables::rv32im`]'s memory model). The bytecode biases
//! the immediate of every RAM row by $-input\_start$ (see
//! [`BytecodeRow`](crate::bytecode::BytecodeRow)), so the row's lookup output is
//! $A' = (A - input\_start) mod 2^{32}$ for the byte address $A$, and R1CS requires
//! $4 \cdot index - 4 \cdot ram\_base = A'$. Since $A'$ is a 32-bit lookup output, a
//! multiple of 4 gives $index \ge ram\_base$ and anything else an index outside $[0, K)$;
//! memory checking rejects indices $\ge K$. So a RAM access reaches exactly the words from
//! `input_start` to RAM's end — never a register and never the padding (before this layout the
//! padding followed RAM and the index was $64 + (A - input\_start)/4$ over the field, so an
//! address in the 256 bytes below `input_start` reached a register and one past RAM's end the
//! padding, both of which the tracer rejects as out of bounds).
//!
//! # Permissions
//! Reaching a word is not enough: the tracer faults on a store to the input region, to text or
//! read-only data, and on any access to the guard page below the stack ([`Program::access_map`],
//! per 4 KiB page). Every word therefore has an [`AccessClass`] — read-write (0), read-only (1)
//! or no access (2, also the padding) — which read-write memory checking carries as an
//! immutable tag: every access's tuples hold the tag of the word it touches, the initial and
//! final tuples hold the verifier's $\tilde g$ ([`access_tag_mle`], $O(\log K)$ per range of
//! equal class). Register accesses carry 0 (registers are read-write). A RAM access carries
//! the committed bit `RamReadOnly` $\omega$, and R1CS requires $\omega (1 - \omega) = 0$ and
//! $store \cdot \omega = 0$. So a RAM access with tag 2 has no consistent chain, a store with
//! tag 1 violates R1CS, and a load reads any readable word: exactly the tracer's rule. Cost per
//! cycle: one committed bit column, two R1CS rows, one more fingerprint term per access.
//!
//! Everything here is a function of the program (its [`Layout`] and [`Program::access_map`])
//! and the public I/O: the verifier evaluates the initial memory, the tags, the I/O mask and
//! the I/O values itself.

use math::{FieldExt, Fr};
use tracer::{Access, Layout, Program};

/// Address-space slots reserved for registers.
pub const REGISTER_SLOTS: u32 = 64;

/// The address space of one program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressSpace {
    /// The layout it is derived from.
    pub layout: Layout,
    /// Number of I/O words (from `input_start` to RAM's start).
    pub io_words: u32,
    /// Number of used indices (registers + I/O + RAM).
    pub used: u32,
    /// $\log_2 K$.
    pub log_size: usize,
    /// The index of the first I/O word (`input_start`): registers, then padding.
    pub ram_base: u32,
}

impl AddressSpace {
    /// The address space of `layout`.
    pub fn new(layout: Layout) -> Self {
        let io_words = (tracer::RAM_START - layout.input_start) / 4;
        let ram_words = (layout.ram_end() - tracer::RAM_START) / 4;
        let used = REGISTER_SLOTS + io_words + ram_words;
        let log_size = used.next_power_of_two().trailing_zeros() as usize;
        Self {
            layout,
            io_words,
            used,
            log_size,
            ram_base: (1u32 << log_size) - io_words - ram_words,
        }
    }

    /// $K$.
    pub fn size(&self) -> usize {
        1 << self.log_size
    }

    /// The index of the word at byte address `address` (a multiple of 4 inside the I/O region
    /// or RAM), or `None`.
    pub fn word_index(&self, address: u32) -> Option<u32> {
        if !address.is_multiple_of(4) || address < self.layout.input_start {
            return None;
        }
        let index = u64::from(self.ram_base) + u64::from(address - self.layout.input_start) / 4;
        (index < self.size() as u64).then_some(index as u32)
    }

    /// The constant $c$ of the R1CS relation $4 \cdot index + c = A'$, where
    /// $A' = (A - input\_start) \bmod 2^{32}$ is a RAM row's lookup output: $c = -4 \cdot
    /// ram\_base$ (see the module docs).
    pub fn address_offset(&self) -> Fr {
        -Fr::from_u64(4 * u64::from(self.ram_base))
    }

    /// A RAM row's lookup output for byte address `address`: $(A - input\_start) \bmod 2^{32}$.
    pub fn biased_address(&self, address: u32) -> u32 {
        address.wrapping_sub(self.layout.input_start)
    }

    /// The byte address of a RAM row's lookup output (the inverse of [`Self::biased_address`]).
    pub fn unbiased_address(&self, output: u32) -> u32 {
        output.wrapping_add(self.layout.input_start)
    }

    /// The initial memory: the input region and the program image, as non-zero-or-input
    /// `(index, value)` words; registers start at zero. Both come from the tracer's own
    /// functions ([`Program::image_words`], [`Layout::input_words`]), so the verifier's initial
    /// memory is the image the VM loads, byte for byte.
    pub fn initial_words(&self, program: &Program, input: &[u8]) -> Vec<(u32, u32)> {
        let mut words = self.initial_words_for_input(input);
        words.extend(self.image_words(program));
        words
    }

    /// The program image's non-zero words as `(index, value)` ([`Program::image_words`]).
    /// Every segment lies in the I/O region or RAM (checked when the program loads) and has no
    /// non-zero byte in the I/O region, so every word has an index outside the I/O region.
    pub fn image_words(&self, program: &Program) -> Vec<(u32, u32)> {
        program
            .image_words()
            .into_iter()
            .filter_map(|(address, value)| Some((self.word_index(address)?, value)))
            .collect()
    }

    /// The input region's words: length, then the bytes little-endian
    /// ([`Layout::input_words`]).
    pub fn initial_words_for_input(&self, input: &[u8]) -> Vec<(u32, u32)> {
        self.layout
            .input_words(input)
            .into_iter()
            .filter_map(|(address, value)| Some((self.word_index(address)?, value)))
            .collect()
    }

    /// The public I/O region's final words: the input (unchanged), panic flag, termination
    /// flag, output length and output bytes; every other I/O word is 0.
    pub fn io_words(&self, io: &PublicIo) -> Vec<(u32, u32)> {
        let mut words = self.initial_words_for_input(&io.input);
        let l = &self.layout;
        let mut push = |address: u32, value: u32| {
            if let Some(i) = self.word_index(address) {
                words.push((i, value));
            }
        };
        push(l.panic_address(), u32::from(io.panicked));
        push(l.termination_address(), u32::from(io.terminated));
        push(l.output_len_address(), io.output.len() as u32);
        for (k, chunk) in io.output.chunks(4).enumerate() {
            let mut bytes = [0u8; 4];
            bytes[..chunk.len()].copy_from_slice(chunk);
            push(
                l.output_data_start() + 4 * k as u32,
                u32::from_le_bytes(bytes),
            );
        }
        words
    }

    /// Every word's access class ([`AccessClass`]) that is not [`AccessClass::ReadWrite`],
    /// as disjoint index ranges in order: the padding between registers and the I/O region
    /// (never accessible), then the program's [`Program::access_map`] (input region,
    /// read-only pages, the guard page). Registers and everything else are read-write.
    pub fn access_classes(&self, program: &Program) -> Vec<(core::ops::Range<u32>, AccessClass)> {
        let mut out = Vec::new();
        if self.ram_base > REGISTER_SLOTS {
            out.push((REGISTER_SLOTS..self.ram_base, AccessClass::NoAccess));
        }
        for region in program.access_map() {
            let class = AccessClass::of(region.access);
            if class == AccessClass::ReadWrite {
                continue;
            }
            // Regions are page-aligned and inside [input_start, ram_end).
            let (Some(first), Some(last)) = (
                self.word_index(region.start),
                self.word_index(region.end - 4),
            ) else {
                continue;
            };
            out.push((first..last + 1, class));
        }
        out
    }

    /// The I/O region as an index range.
    pub fn io_range(&self) -> core::ops::Range<u32> {
        self.ram_base..self.ram_base + self.io_words
    }
}

/// What a RAM access may do with a word: the tag every address-space word carries through
/// read-write memory checking (see [`memory_checking::read_write`]). Each access carries the
/// class of the word it touches; R1CS requires it to be read-write or read-only (a bit), and
/// read-write for a store. So a load reaches exactly the readable words and a store the
/// writable ones, as the tracer's [`Access`] map says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum AccessClass {
    /// Loads and stores (registers too).
    ReadWrite = 0,
    /// Loads only.
    ReadOnly = 1,
    /// Nothing: the guard page and the padding.
    NoAccess = 2,
}

impl AccessClass {
    /// The class of a tracer access right.
    pub fn of(access: Access) -> Self {
        match access {
            Access::ReadWrite => AccessClass::ReadWrite,
            Access::Read => AccessClass::ReadOnly,
            Access::None => AccessClass::NoAccess,
        }
    }

    /// The tag value.
    pub fn tag(self) -> u8 {
        self as u8
    }
}

/// The dense tag column of `size` words from [`AddressSpace::access_classes`]' ranges.
pub fn access_tags(size: usize, classes: &[(core::ops::Range<u32>, AccessClass)]) -> Vec<u8> {
    let mut tags = vec![AccessClass::ReadWrite.tag(); size];
    for (range, class) in classes {
        let end = (range.end as usize).min(size);
        let start = (range.start as usize).min(end);
        tags[start..end].fill(class.tag());
    }
    tags
}

/// $\tilde g(r)$ for the tags of [`AddressSpace::access_classes`]' ranges: one
/// [`range_mle`] per range, $O(\log K)$ each.
pub fn access_tag_mle(point: &[Fr], classes: &[(core::ops::Range<u32>, AccessClass)]) -> Fr {
    classes
        .iter()
        .map(|(range, class)| Fr::from_u8(class.tag()) * range_mle(point, range.clone()))
        .sum()
}

/// The public input and output of one run.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PublicIo {
    /// The input bytes.
    pub input: Vec<u8>,
    /// The output bytes.
    pub output: Vec<u8>,
    /// Whether the guest panicked (the panic flag word is 1).
    pub panicked: bool,
    /// Whether the guest set the termination flag word (to 1) before exiting. Programs
    /// without the guest runtime leave it 0; halting itself is proven either way.
    pub terminated: bool,
    /// The exit code (a0 at the exit ECALL).
    pub exit_code: u32,
}

/// $\sum_i v_i \cdot \widetilde{eq}(r, i)$ for sparse `(index, value)` entries, with split eq
/// tables ($O(2^{n/2})$ work for the tables, one multiplication per entry).
pub fn sparse_mle(point: &[Fr], entries: impl IntoIterator<Item = (u32, Fr)>) -> Fr {
    let n = point.len();
    let lo_vars = n / 2;
    let hi = math::EqPolynomial::new(point[..n - lo_vars].to_vec()).evals();
    let lo = math::EqPolynomial::new(point[n - lo_vars..].to_vec()).evals();
    let mask = (1usize << lo_vars) - 1;
    let mut acc = Fr::from_u8(0);
    for (index, value) in entries {
        let i = index as usize;
        if let (Some(h), Some(l)) = (hi.get(i >> lo_vars), lo.get(i & mask)) {
            acc += *h * l * value;
        }
    }
    acc
}

/// $\sum_{i \in [start, end)} \widetilde{eq}(r, i)$, the multilinear extension of the range's
/// indicator, in $O(\log K)$: $lt_{end}(r) - lt_{start}(r)$ with [`less_than_mle`].
pub fn range_mle(point: &[Fr], range: core::ops::Range<u32>) -> Fr {
    if range.start >= range.end {
        return Fr::from_u8(0);
    }
    less_than_mle(point, u64::from(range.end)) - less_than_mle(point, u64::from(range.start))
}

/// The multilinear extension of the indicator of $i < c$ over $n$ = `point.len()` variables (`point[0]` the
/// most significant bit), at `point`: $\sum_{k : c_k = 1} (1 - r_k) \prod_{j < k}
/// \widetilde{eq}(r_j, c_j)$ — the indices below $c$ are those that first differ from $c$ at a
/// bit where $c$ has a 1 and they a 0. $c \ge 2^n$ gives 1.
pub fn less_than_mle(point: &[Fr], c: u64) -> Fr {
    let n = point.len();
    let one = Fr::from_u8(1);
    if n < 64 && c >> n != 0 {
        return one;
    }
    let mut acc = Fr::from_u8(0);
    let mut prefix = one;
    for (k, r) in point.iter().enumerate() {
        let bit = (c >> (n - 1 - k)) & 1 == 1;
        if bit {
            acc += prefix * (one - r);
            prefix *= r;
        } else {
            prefix *= one - r;
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use math::DensePolynomial;

    #[test]
    fn ram_rows_reach_exactly_the_io_region_and_ram() {
        let config = tracer::MemoryConfig {
            memory_size: 1 << 16,
            stack_size: 8 << 10,
            max_input_size: 256,
            max_output_size: 256,
        };
        let space = AddressSpace::new(Layout::new(config).expect("valid"));
        let l = space.layout;
        assert!(space.ram_base >= REGISTER_SLOTS);
        assert_eq!(
            space.ram_base as usize + (space.used - REGISTER_SLOTS) as usize,
            space.size()
        );
        // The index R1CS assigns to a RAM row's (32-bit, word-aligned) lookup output.
        let index = |a: u32| u64::from(space.ram_base) + u64::from(space.biased_address(a)) / 4;
        assert_eq!(index(l.input_start), u64::from(space.ram_base));
        assert_eq!(index(l.ram_end() - 4), space.size() as u64 - 1);
        assert_eq!(index(l.ram_end()), space.size() as u64);
        for below in (4..=1024).step_by(4) {
            assert!(
                index(l.input_start - below) >= space.size() as u64,
                "{below}"
            );
        }
        for a in [
            l.input_start,
            l.output_start,
            tracer::RAM_START,
            l.ram_end() - 4,
        ] {
            assert_eq!(space.word_index(a).map(u64::from), Some(index(a)));
            assert_eq!(space.unbiased_address(space.biased_address(a)), a);
        }
        assert_eq!(space.word_index(l.ram_end()), None);
        assert_eq!(space.word_index(l.input_start - 4), None);
    }

    #[test]
    fn range_mle_matches_dense() {
        let n = 6;
        let point: Vec<Fr> = (0..n).map(|i| Fr::from_u64(7 + 11 * i as u64)).collect();
        for (start, end) in [
            (0, 0),
            (0, 1),
            (0, 64),
            (3, 17),
            (17, 3),
            (32, 64),
            (63, 64),
            (5, 6),
        ] {
            let dense: Vec<Fr> = (0..64u32)
                .map(|i| Fr::from_u8(u8::from((start..end).contains(&i))))
                .collect();
            let expected = DensePolynomial::new(dense).evaluate(&point);
            assert_eq!(range_mle(&point, start..end), expected, "{start}..{end}");
        }
        assert_eq!(less_than_mle(&point, 1 << 40), Fr::from_u8(1));
    }

    #[test]
    fn access_classes_follow_the_tracers_map() {
        use tracer::asm::{assemble, exit};
        let config = tracer::MemoryConfig {
            memory_size: 1 << 16,
            stack_size: 8 << 10,
            max_input_size: 256,
            max_output_size: 256,
        };
        let words = assemble(&exit(0)).expect("assembles");
        let program = Program::from_words(&words, config).expect("loads");
        let space = AddressSpace::new(*program.layout());
        let classes = space.access_classes(&program);
        let tags = access_tags(space.size(), &classes);
        let l = space.layout;
        let tag_at = |a: u32| tags[space.word_index(a).expect("in range") as usize];
        assert_eq!(
            tags[..REGISTER_SLOTS as usize],
            [0; REGISTER_SLOTS as usize]
        );
        assert!(
            tags[REGISTER_SLOTS as usize..space.ram_base as usize]
                .iter()
                .all(|t| *t == 2)
        );
        assert_eq!(tag_at(l.input_start), AccessClass::ReadOnly.tag());
        assert_eq!(tag_at(l.output_start - 4), AccessClass::ReadOnly.tag());
        assert_eq!(tag_at(l.output_start), AccessClass::ReadWrite.tag());
        assert_eq!(
            tag_at(tracer::RAM_START),
            AccessClass::ReadOnly.tag(),
            "text"
        );
        assert_eq!(
            tag_at(tracer::RAM_START + 4096),
            AccessClass::ReadWrite.tag(),
            "heap"
        );
        assert_eq!(tag_at(l.heap_end), AccessClass::NoAccess.tag(), "guard");
        assert_eq!(
            tag_at(l.stack_bottom - 4),
            AccessClass::NoAccess.tag(),
            "guard"
        );
        assert_eq!(
            tag_at(l.stack_bottom),
            AccessClass::ReadWrite.tag(),
            "stack"
        );
        assert_eq!(
            tag_at(l.ram_end() - 4),
            AccessClass::ReadWrite.tag(),
            "stack"
        );
        let point: Vec<Fr> = (0..space.log_size)
            .map(|i| Fr::from_u64(5 + 3 * i as u64))
            .collect();
        let dense: Vec<Fr> = tags.iter().map(|t| Fr::from_u8(*t)).collect();
        assert_eq!(
            access_tag_mle(&point, &classes),
            DensePolynomial::new(dense).evaluate(&point)
        );
    }

    #[test]
    fn sparse_mle_matches_dense() {
        let n = 7;
        let point: Vec<Fr> = (0..n).map(|i| Fr::from_u64(3 + 5 * i as u64)).collect();
        let entries = [(0u32, 5u32), (3, 9), (64, 1), (127, 77)];
        let mut dense = vec![Fr::from_u8(0); 1 << n];
        for (i, v) in entries {
            dense[i as usize] = Fr::from_u32(v);
        }
        let expected = DensePolynomial::new(dense).evaluate(&point);
        let got = sparse_mle(&point, entries.iter().map(|(i, v)| (*i, Fr::from_u32(*v))));
        assert_eq!(got, expected);
    }
}

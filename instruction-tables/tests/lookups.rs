//! Every lookup's collation of subtable values equals its native result; degrees are as
//! declared; every chunk is range-checked; no chunk is free.

use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use instruction_tables::{C, Lookup, LookupInstruction, QueryShape, SubtableKind};
use math::{FieldExt, Fr};
use strum::IntoEnumIterator;

/// Operands every lookup is checked on, besides random ones.
const EDGES: [u32; 16] = [
    0,
    1,
    2,
    3,
    31,
    32,
    33,
    0x7F,
    0x80,
    0xFF,
    0xFFFF,
    0x7FFF_FFFF,
    0x8000_0000,
    0x8000_0001,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
];

/// $g$ over the subtable values the query's chunks select.
fn g(lookup: Lookup, indices: &[u64; C]) -> Fr {
    let values: Vec<Fr> = lookup
        .subtables()
        .iter()
        .map(|&(table, chunk)| Fr::from_u64(table.entry(indices[chunk] as u32)))
        .collect();
    lookup.collate(&values)
}

fn indices(lookup: Lookup, x: u32, y: u32) -> [u64; C] {
    lookup.to_indices(x, y).map(u64::from)
}

fn operand_pairs(seed: u64) -> Vec<(u32, u32)> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut pairs: Vec<(u32, u32)> = EDGES
        .iter()
        .flat_map(|&x| EDGES.iter().map(move |&y| (x, y)))
        .collect();
    pairs.extend((0..1000).map(|_| (rng.r#gen::<u32>(), rng.r#gen::<u32>())));
    // Equal operands and small shift amounts (≥ 32 included) are their own edge cases.
    pairs.extend((0..100).map(|_| {
        let x = rng.r#gen::<u32>();
        (x, x)
    }));
    pairs.extend((0..100).map(|_| (rng.r#gen::<u32>(), rng.gen_range(0..300))));
    pairs
}

#[test]
fn collation_equals_lookup_entry_on_random_and_edge_operands() {
    for lookup in Lookup::iter() {
        for (x, y) in operand_pairs(1) {
            assert_eq!(
                g(lookup, &indices(lookup, x, y)),
                Fr::from_u32(lookup.lookup_entry(x, y)),
                "{}({x:#x}, {y:#x})",
                lookup.name()
            );
        }
    }
}

#[test]
fn lookup_entries_have_their_riscv_meaning() {
    use Lookup::*;
    let min = 0x8000_0000u32;
    assert_eq!(Sub.lookup_entry(0, 1), u32::MAX);
    assert_eq!(Mulhu.lookup_entry(u32::MAX, u32::MAX), 0xFFFF_FFFE);
    assert_eq!(JalrTarget.lookup_entry(0x1001, 2), 0x1002);
    assert_eq!(AlignWord.lookup_entry(0x1000, 7), 0x1004);
    assert_eq!(ByteOffsetShift.lookup_entry(0x1000, 7), 24);
    assert_eq!(Slt.lookup_entry(min, 0), 1);
    assert_eq!(Sltu.lookup_entry(min, 0), 0);
    assert_eq!(Sra.lookup_entry(min, 31), u32::MAX);
    assert_eq!(Sll.lookup_entry(1, 33), 2);
    assert_eq!(ValidDiv0.lookup_entry(0, 5), 0);
    assert_eq!(ValidDiv0.lookup_entry(0, u32::MAX), 1);
    assert_eq!(ValidUnsignedRemainder.lookup_entry(5, 5), 0);
    assert_eq!(ValidUnsignedRemainder.lookup_entry(5, 0), 1);
    assert_eq!(SignedDivOverflow.lookup_entry(min, u32::MAX), 2);
    assert_eq!(AssertMuluNoOverflow.lookup_entry(0x10000, 0x10000), 0);
    assert_eq!(SignExtend8.lookup_entry(0x1234_5680, 0), 0xFFFF_FF80);
}

/// $g$ restricted to a random line, interpolated through `degree + 1` points, predicts the
/// next point; through `degree` points it does not (the declared degree is tight).
#[test]
fn g_degree_is_as_declared() {
    let mut rng = StdRng::seed_from_u64(2);
    let mut random = || Fr::from_u64(rng.r#gen::<u64>());
    for lookup in Lookup::iter() {
        let n = lookup.subtables().len();
        let a: Vec<Fr> = (0..n).map(|_| random()).collect();
        let b: Vec<Fr> = (0..n).map(|_| random()).collect();
        let at = |t: u64| {
            let t = Fr::from_u64(t);
            let v: Vec<Fr> = a.iter().zip(&b).map(|(a, b)| *a + t * b).collect();
            lookup.collate(&v)
        };
        let d = lookup.g_degree();
        let evals: Vec<Fr> = (0..=d as u64 + 1).map(at).collect();
        let predicts = |k: usize| {
            // Lagrange-extrapolate the points 0..k to k.
            let mut acc = Fr::from_u8(0);
            for (i, e) in evals.iter().enumerate().take(k) {
                let mut w = Fr::from_u8(1);
                for j in (0..k).filter(|&j| j != i) {
                    w *= (Fr::from_u64(k as u64) - Fr::from_u64(j as u64))
                        / (Fr::from_u64(i as u64) - Fr::from_u64(j as u64));
                }
                acc += w * e;
            }
            acc == evals[k]
        };
        assert!(predicts(d + 1), "{}: degree above {d}", lookup.name());
        assert!(!predicts(d), "{}: degree below {d}", lookup.name());
    }
}

#[test]
fn every_chunk_of_every_lookup_is_read_by_a_subtable() {
    for lookup in Lookup::iter() {
        for chunk in 0..C {
            assert!(
                lookup.subtables().iter().any(|&(_, c)| c == chunk),
                "{}: chunk {chunk} is not range-checked",
                lookup.name()
            );
        }
        assert!(lookup.subtables().iter().all(|&(_, c)| c < C));
    }
}

/// A prover's witness for one query: the byte pair $(l_i, r_i)$ of each chunk, as integers
/// that may be out of range (a cheating prover's would be).
type Pairs = [(i128, i128); C];

fn pairs(indices: &[u64; C]) -> Pairs {
    indices.map(|c| (i128::from(c >> 8), i128::from(c & 0xFF)))
}

/// What R1CS packs from the pairs (see the `lookups` module docs).
fn packing(shape: QueryShape, p: &Pairs) -> Vec<i128> {
    let bytes =
        |f: fn(&(i128, i128)) -> i128| -> i128 { (0..C).map(|i| f(&p[i]) << (8 * (3 - i))).sum() };
    match shape {
        QueryShape::Interleaved => vec![bytes(|q| q.0), bytes(|q| q.1)],
        QueryShape::Shift => {
            let mut v = vec![bytes(|q| q.0)];
            v.extend(p.iter().map(|q| q.1));
            v
        }
        QueryShape::Arithmetic => vec![
            (0..C)
                .map(|i| ((p[i].0 << 8) + p[i].1) << (16 * (3 - i)))
                .sum(),
        ],
    }
}

/// The range check jolt-core's memories perform: each chunk that some subtable reads is
/// looked up as the pair of its bytes, which must both be in $[0, 2^8)$.
fn range_checked(lookup: Lookup, p: &Pairs) -> bool {
    (0..C).all(|i| {
        let read = lookup.subtables().iter().any(|&(_, c)| c == i);
        let byte = |b: i128| (0..1 << 8).contains(&b);
        !read || (byte(p[i].0) && byte(p[i].1))
    })
}

/// No free chunks. Changing one chunk to another in-range index changes the collated result
/// or what R1CS packs; and every change that keeps R1CS's packing intact — moving a carry
/// into a neighbouring chunk, or between the two bytes of a chunk — leaves the range of some
/// subtable's index, so the memory check rejects it.
#[test]
fn no_chunk_is_free() {
    let mut rng = StdRng::seed_from_u64(3);
    for lookup in Lookup::iter() {
        let shape = lookup.shape();
        for _ in 0..200 {
            let (x, y) = (rng.r#gen::<u32>(), rng.r#gen::<u32>());
            let honest = indices(lookup, x, y);
            let (g0, p0) = (g(lookup, &honest), packing(shape, &pairs(&honest)));
            for i in 0..C {
                let mut changed = honest;
                changed[i] = (honest[i] + rng.gen_range(1..1 << 16)) % (1 << 16);
                assert!(
                    g(lookup, &changed) != g0 || packing(shape, &pairs(&changed)) != p0,
                    "{}: chunk {i} is free",
                    lookup.name()
                );
                let h = pairs(&honest);
                let mut attacks: Vec<Pairs> = Vec::new();
                for sign in [1i128, -1] {
                    if i + 1 < C {
                        // One unit of a byte of chunk i is 2^8 units of that byte of chunk
                        // i + 1 (x and y bytes for interleaved/shift; chunk i's low byte and
                        // chunk i + 1's high byte, 2^16 apart, for arithmetic).
                        let mut a = h;
                        if shape == QueryShape::Arithmetic {
                            a[i].1 += sign;
                        } else {
                            a[i].0 += sign;
                        }
                        a[i + 1].0 -= sign << 8;
                        attacks.push(a);
                        if shape == QueryShape::Interleaved {
                            let mut a = h;
                            a[i].1 += sign;
                            a[i + 1].1 -= sign << 8;
                            attacks.push(a);
                        }
                    }
                    if shape == QueryShape::Arithmetic {
                        // Within a chunk: l + 1, r − 2^8 is the same 16-bit value.
                        let mut a = h;
                        a[i].0 += sign;
                        a[i].1 -= sign << 8;
                        attacks.push(a);
                    }
                }
                for a in attacks {
                    assert_eq!(
                        packing(shape, &a),
                        p0,
                        "{}: attack must keep the packing",
                        lookup.name()
                    );
                    assert!(
                        !range_checked(lookup, &a),
                        "{}: a carry through chunk {i} passes the range checks",
                        lookup.name()
                    );
                }
            }
        }
    }
}

#[test]
fn memories_are_shared_across_lookups() {
    let memories = instruction_tables::memories();
    let total: usize = Lookup::iter().map(|l| l.subtables().len()).sum();
    assert!(memories.len() < total);
    // Every subtable in the set is either read by some lookup or documented as unused.
    let unused: Vec<_> = SubtableKind::iter()
        .filter(|t| !memories.iter().any(|(m, _)| m == t))
        .map(SubtableKind::name)
        .collect();
    assert_eq!(
        unused,
        ["EQ_ABS"],
        "EQ_ABS is kept for reference; SLT uses EQ on chunk 0"
    );
}

#[test]
fn print_instruction_table() {
    let table = instruction_tables::report::instruction_table();
    println!("{table}");
    for opcode in instruction_tables::RvOpcode::iter() {
        let name: &str = opcode.into();
        assert!(table.contains(&format!("| {name} |")), "{name} missing");
    }
}

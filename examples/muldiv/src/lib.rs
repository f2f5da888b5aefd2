//! The multiply/divide workload, shared by the guest (`main.rs`) and the host tests, which
//! run this same source natively and compare.
#![no_std]

use core::hint::black_box;

/// Mixes signed and unsigned 32-bit MUL/MULH/MULHU/MULHSU/DIV/DIVU/REM/REMU (including
/// division by zero and INT_MIN / -1, which RISC-V defines) and 64-bit division over `n`
/// rounds of an LCG seeded with `seed`; returns a checksum.
pub fn checksum(n: u32, seed: u32) -> u32 {
    let mut x = seed | 1;
    let mut acc = 0u32;
    for i in 0..n {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let a = x;
        let b = x.rotate_left(i % 32) >> (i % 5);
        let sa = a as i32;
        let sb = black_box(if i % 7 == 0 { -1 } else { b as i32 });
        // RISC-V semantics: division by zero and overflow do not trap.
        let q = if sb == 0 { -1 } else { sa.wrapping_div(sb) };
        let r = if sb == 0 { sa } else { sa.wrapping_rem(sb) };
        let uq = a.checked_div(b).unwrap_or(u32::MAX);
        let ur = a.checked_rem(b).unwrap_or(a);
        let hi_signed = ((i64::from(sa) * i64::from(sb)) >> 32) as u32;
        let hi_unsigned = ((u64::from(a) * u64::from(b)) >> 32) as u32;
        let hi_mixed = ((i64::from(sa) * i64::from(b)) >> 32) as u32;
        let wide = (u64::from(a) << 32 | u64::from(b)) / (u64::from(b) | 1);
        acc = acc
            .wrapping_mul(31)
            .wrapping_add(q as u32 ^ r as u32 ^ uq ^ ur ^ hi_signed ^ hi_unsigned ^ hi_mixed)
            .wrapping_add(wide as u32 ^ (wide >> 32) as u32);
    }
    acc
}

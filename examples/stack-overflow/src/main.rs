//! Recurses `depth` times (input `depth: u32`) with a 1 KiB frame; output the sum of the frame
//! values. A depth beyond the stack size must stop with a clear stack-overflow error.
#![no_std]
#![no_main]

use core::hint::black_box;

guest::entry!(main);

fn recurse(depth: u32) -> u32 {
    let frame = black_box([depth as u8; 1024]);
    if depth == 0 {
        return u32::from(frame[0]);
    }
    recurse(depth - 1).wrapping_add(u32::from(black_box(frame)[depth as usize % 1024]))
}

fn main() {
    let depth: u32 = guest::read_input();
    guest::write_output(&recurse(depth));
}

//! Panics on purpose: input `n: u32`; outputs `n * 2` for `n <= 10`, otherwise panics with a
//! message. The proof of a panicking run proves the panic (flag set, message as output).
#![no_std]
#![no_main]

guest::entry!(main);

fn main() {
    let n: u32 = guest::read_input();
    if n > 10 {
        panic!("n = {n} is larger than 10");
    }
    guest::write_output(&(n * 2));
}

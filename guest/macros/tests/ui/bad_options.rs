use guest_macros::provable;

#[provable(stack = 4096)]
fn unknown_option(x: u32) -> u32 {
    x
}

#[provable(max_trace_length = 1024, max_trace_length = 2048)]
fn twice(x: u32) -> u32 {
    x
}

#[provable(memory_size)]
fn no_value(x: u32) -> u32 {
    x
}

fn main() {}

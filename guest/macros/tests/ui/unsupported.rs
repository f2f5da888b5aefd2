use guest_macros::provable;

struct Counter(u32);

impl Counter {
    #[provable]
    fn get(&self) -> u32 {
        self.0
    }
}

#[provable]
fn generic<T: Default>(x: T) -> T {
    x
}

#[provable]
fn opaque(x: impl Into<u32>) -> u32 {
    x.into()
}

#[provable]
async fn later(x: u32) -> u32 {
    x
}

#[provable]
fn borrowed(bytes: &[u8]) -> usize {
    bytes.len()
}

#[provable]
fn nested(values: Vec<&str>) -> usize {
    values.len()
}

#[provable]
fn returns_opaque(x: u32) -> impl Copy {
    x
}

fn main() {}

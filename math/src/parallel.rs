//! The one place for the `parallel` feature switch of every prover crate (`math`,
//! `memory-checking`, `jolt-core`): chunked map-reduce, maps and fills over index ranges.
//!
//! With `math`'s `parallel` feature the work runs on rayon's pool; without it, in order on the
//! calling thread. Either way the result is the same: every entry is written once, and every
//! reduction here is over a commutative group.

use core::ops::Range;

/// Smallest chunk handed to one task: below this, scheduling costs more than the field work.
pub const MIN_PARALLEL_CHUNK: usize = 1 << 10;

/// Splits `0..len` into chunks of at least `min_chunk` indices, applies `map` to each chunk and
/// combines the results with `reduce`. Returns `None` only when `len == 0`.
pub fn map_reduce<T, M, R>(len: usize, min_chunk: usize, map: M, reduce: R) -> Option<T>
where
    T: Send,
    M: Fn(Range<usize>) -> T + Sync + Send,
    R: Fn(T, T) -> T + Sync + Send,
{
    if len == 0 {
        return None;
    }
    let chunk = chunk_size(len, min_chunk);
    let num_chunks = len.div_ceil(chunk);
    let range = move |c: usize| c * chunk..((c + 1) * chunk).min(len);
    if num_chunks == 1 {
        return Some(map(0..len));
    }
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..num_chunks)
            .into_par_iter()
            .map(|c| map(range(c)))
            .reduce_with(reduce)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..num_chunks).map(|c| map(range(c))).reduce(reduce)
    }
}

/// Chunk length for `len` items: about eight chunks per worker, never below `min_chunk`.
fn chunk_size(len: usize, min_chunk: usize) -> usize {
    #[cfg(feature = "parallel")]
    let workers = rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    let workers = 1;
    len.div_ceil(workers * 8).max(min_chunk).max(1)
}

/// `range.map(f).collect()`, one task per index (for coarse work: a column, a memory).
pub fn par_map<T, F>(range: Range<usize>, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        range.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        range.map(f).collect()
    }
}

/// Smallest chunk of [`fill_chunks`] and [`collect`] (field work per entry is small).
const MIN_FILL_CHUNK: usize = 1 << 12;

/// Calls `fill(start, chunk)` on disjoint chunks covering `out`, where `chunk` is
/// `out[start..start + chunk.len()]`.
pub fn fill_chunks<T, F>(out: &mut [T], fill: F)
where
    T: Send,
    F: Fn(usize, &mut [T]) + Sync + Send,
{
    if out.is_empty() {
        return;
    }
    let chunk = chunk_size(out.len(), MIN_FILL_CHUNK);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        out.par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(c, slice)| fill(c * chunk, slice));
    }
    #[cfg(not(feature = "parallel"))]
    {
        out.chunks_mut(chunk)
            .enumerate()
            .for_each(|(c, slice)| fill(c * chunk, slice));
    }
}

/// `(0..len).map(f).collect()`, in chunks of at least 4096 indices.
pub fn collect<T, F>(len: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        (0..len)
            .into_par_iter()
            .with_min_len(MIN_FILL_CHUNK)
            .map(f)
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..len).map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_every_index_once() {
        for len in [0usize, 1, 7, 1023, 1024, 1025, 100_000] {
            let total = map_reduce(len, 16, |r| r.map(|i| i as u64).sum::<u64>(), |a, b| a + b);
            let expected = (len as u64) * (len as u64).saturating_sub(1) / 2;
            assert_eq!(total.unwrap_or(0), expected, "len {len}");
        }
    }
}

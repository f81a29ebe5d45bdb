//! What a component's linear memories start with, measured before it is compiled, to pick
//! how its instances initialize memory.
//!
//! wasmtime can map a memory's initial data copy-on-write from an image (the default) or
//! copy it in at each instantiation. Copy-on-write is free to set up, but every page a run
//! writes takes a fault that flushes the TLB of every core running the host; copying costs a
//! memcpy of the data and faults only on fresh zero pages. For the small data of most skills
//! copying wins clearly (measured with `scripts/bench`: echo's throughput rose from 18k to
//! 30k requests/s); for interpreters carrying megabytes of snapshot it would cost
//! milliseconds per run, so they keep copy-on-write.

use wasmparser::{DataKind, Parser, Payload};

/// Components whose active data segments total at most this many bytes copy their data in.
pub(crate) const EAGER_INIT_MAX_BYTES: u64 = 64 << 10;

/// The bytes of active data segments in every core module of `bytes` (a component or a
/// module). Unparsable input counts as large: compiling it will report the real error.
pub(crate) fn data_bytes(bytes: &[u8]) -> u64 {
    let mut total = 0u64;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload {
            Ok(Payload::DataSection(reader)) => {
                for data in reader.into_iter().flatten() {
                    if matches!(data.kind, DataKind::Active { .. }) {
                        total += data.data.len() as u64;
                    }
                }
            }
            Ok(_) => {}
            Err(_) => return u64::MAX,
        }
    }
    total
}

/// Whether instances of a component with `data_bytes` of data copy it in.
pub(crate) fn eager(data_bytes: u64) -> bool {
    data_bytes <= EAGER_INIT_MAX_BYTES
}

#[cfg(test)]
mod tests {
    #[test]
    fn garbage_counts_as_large_and_an_empty_module_as_empty() {
        assert_eq!(super::data_bytes(b"not wasm"), u64::MAX);
        assert_eq!(super::data_bytes(b"\0asm\x01\0\0\0"), 0);
        assert!(!super::eager(u64::MAX));
    }
}

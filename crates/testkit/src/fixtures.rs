//! Reading the committed reference fixtures: JSON files in a crate's
//! `tests/fixtures/`, written by the scripts in `scripts/` (so that Rust
//! tests never need Python).
//!
//! Test helpers: a missing or malformed fixture is a broken checkout, and
//! they panic with its path.

use std::path::Path;

use serde_json::Value;

/// The fixture `tests/fixtures/NAME` of the crate being tested, parsed:
/// [`read`] with the calling crate's `CARGO_MANIFEST_DIR`.
#[macro_export]
macro_rules! fixture {
    ($name:expr) => {
        $crate::fixtures::read(env!("CARGO_MANIFEST_DIR"), $name)
    };
}

/// The fixture `tests/fixtures/NAME` below `crate_dir`, parsed.
///
/// # Panics
/// When the file cannot be read or is not JSON.
pub fn read(crate_dir: impl AsRef<Path>, name: &str) -> Value {
    let path = crate_dir.as_ref().join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// A JSON array of numbers.
///
/// # Panics
/// When `v` is not such an array.
pub fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

/// A JSON array of non-negative integers.
///
/// # Panics
/// When `v` is not such an array.
pub fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("integer") as usize)
        .collect()
}

/// A CSR matrix written as `{shape, indptr, indices, data}` (SciPy's
/// `csr_matrix` arrays).
///
/// # Panics
/// When `m` is not such an object.
pub fn csr(m: &Value) -> sprs::CsMat<f64> {
    let shape = usizes(&m["shape"]);
    sprs::CsMat::new(
        (shape[0], shape[1]),
        usizes(&m["indptr"]),
        usizes(&m["indices"]),
        floats(&m["data"]),
    )
}

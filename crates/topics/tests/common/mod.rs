//! Reading the committed reference fixtures (`tests/fixtures/*.json`).
#![allow(dead_code)] // each test file uses its own subset

use serde_json::Value;

/// The fixture `tests/fixtures/NAME`, parsed.
pub fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

/// A JSON array of numbers.
pub fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

/// A JSON array of non-negative integers.
pub fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("integer") as usize)
        .collect()
}

/// A CSR matrix written as `{shape, indptr, indices, data}`.
pub fn csr(m: &Value) -> sprs::CsMat<f64> {
    let shape = usizes(&m["shape"]);
    sprs::CsMat::new(
        (shape[0], shape[1]),
        usizes(&m["indptr"]),
        usizes(&m["indices"]),
        floats(&m["data"]),
    )
}

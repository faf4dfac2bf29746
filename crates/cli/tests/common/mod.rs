//! Helpers shared by the CLI's integration tests (included with
//! `mod common;`): the binary, run from the repository root so that the
//! shipped corpora are at `corpus/…`.
#![allow(dead_code)] // each test file uses its own subset

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root exists")
}

/// The `tidings` binary, run in the repository root.
pub fn tidings() -> Command {
    let mut cmd = Command::cargo_bin("tidings").expect("binary is built");
    cmd.current_dir(repo());
    cmd
}

/// The standard output of `tidings ARGS`, which must succeed.
pub fn run(args: &[&str]) -> Vec<u8> {
    let out = tidings().args(args).output().expect("tidings runs");
    assert!(
        out.status.success(),
        "tidings {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The standard output of `tidings ARGS`, which must succeed, as JSON.
pub fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run(args)).expect("JSON output")
}

//! `tidings vectorize`

use anyhow::{bail, Result};

use crate::args::VectorizeArgs;

pub fn run(_args: VectorizeArgs, _quiet: bool) -> Result<()> {
    bail!("not yet wired")
}

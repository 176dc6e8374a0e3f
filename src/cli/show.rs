//! `heroin show ENV`: placeholder.
use super::Cli;
use crate::error::Error;
use crate::ui::{Sources, Ui};
use std::collections::BTreeMap;
#[derive(Debug, clap::Args)]
pub struct Args {
    pub env: String,
}
pub fn run(
    _cli: &Cli,
    _args: &Args,
    _ui: &Ui,
    _s: &mut Sources,
    _p: &BTreeMap<String, String>,
) -> Result<u8, Error> {
    Ok(0)
}

//! `heroin schema`: prints the JSON Schema of the files, as shipped in
//! `schemas/heroin.schema.json`, for editors and other validators.

use crate::error::Error;
use crate::ui::{Stream, Ui};

/// The JSON Schema (draft-07) of heroin's files.
pub const SCHEMA: &str = include_str!("../../schemas/heroin.schema.json");

pub fn run(ui: &Ui) -> Result<u8, Error> {
    ui.line(Stream::Out, SCHEMA.trim_end())?;
    Ok(0)
}

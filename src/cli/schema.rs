//! `heroin schema`: prints the JSON Schema of the files, as shipped in
//! `schemas/heroin.schema.json`, for editors and other validators.

use crate::error::Error;
use crate::ui::Stream;

/// The JSON Schema (draft-07) of heroin's files.
pub const SCHEMA: &str = include_str!("../../schemas/heroin.schema.json");

pub fn run(cx: &mut super::Context<'_>) -> Result<u8, Error> {
    cx.ui.line(Stream::Out, SCHEMA.trim_end())?;
    Ok(0)
}

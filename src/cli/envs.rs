//! `heroin envs`: lists the environments of the configuration directory (the
//! overlays that exist), one per line, or as JSON with their files.

use crate::config::files;
use crate::error::Error;
use crate::ui::Stream;

pub fn run(cx: &mut super::Context<'_>) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    let layout = files::discover(&cli.dir)?;
    if cli.json {
        ui.json(&crate::render::listing::envs_json(&layout))?;
    } else if layout.overlays.is_empty() {
        ui.line(
            Stream::Err,
            &format!(
                "no environments: {} has no overlay such as heroin.staging.toml",
                layout.dir.display()
            ),
        )?;
    } else {
        ui.line(Stream::Out, &layout.envs().join("\n"))?;
    }
    Ok(0)
}

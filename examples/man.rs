//! Writes heroin's man pages (`make man`): `heroin.1` and one page per
//! command (`heroin-diff.1`, ...), generated from the command line's
//! definition with clap_mangen, into the directory given (default
//! `target/man`).

use clap::CommandFactory;

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/man".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let command = heroin::cli::Cli::command().version(heroin::cli::VERSION);
    // Every page, the subcommands' included (`heroin-init.1`, ...).
    clap_mangen::generate_to(command, &dir)?;
    let mut pages: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".1"))
        .collect();
    pages.sort();
    println!("{} man pages in {}", pages.len(), dir.display());
    Ok(())
}

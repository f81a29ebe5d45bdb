//! `skillhost skill`: create, build, inspect and run skills.

mod run;

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use skillhost_author::{BuildOptions, Lang};

#[derive(Subcommand)]
pub(crate) enum SkillCommand {
    /// Create a skill project that builds as generated.
    New {
        /// rust, js, python or c.
        #[arg(long, value_parser = ["rust", "js", "python", "c"])]
        lang: String,
        /// The skill's name: its id, and the project's directory name.
        name: String,
        /// Where to create the project directory.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Build a skill project into a component (checked against the a2a:skill world).
    Build {
        /// The project directory (holding skill.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the component [default: `component` in skill.toml].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Where JavaScript and Python toolchains are installed on first use.
        #[arg(long, env = "SKILLHOST_TOOLCHAINS")]
        toolchains: Option<PathBuf>,
    },
    /// Report which world and version a component implements, and what it lacks.
    Inspect {
        /// The component (.wasm).
        file: PathBuf,
    },
    /// Talk to a component with no server: each event is printed as it is emitted, and
    /// when the skill asks for input the next message is read at the prompt.
    Run(run::RunArgs),
}

pub(crate) fn run(command: SkillCommand) -> anyhow::Result<()> {
    match command {
        SkillCommand::New { lang, name, dir } => {
            let lang = Lang::parse(&lang).context("unknown language")?;
            let root = skillhost_author::new_project(lang, &name, &dir)?;
            println!(
                "created {}; build it with: skillhost skill build {}",
                root.display(),
                root.display()
            );
        }
        SkillCommand::Build {
            dir,
            out,
            toolchains,
        } => {
            let out = skillhost_author::build(&BuildOptions {
                dir,
                out,
                toolchains,
            })?;
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            println!("built {} ({size} bytes)", out.display());
        }
        SkillCommand::Run(args) => run::run(args)?,
        SkillCommand::Inspect { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let report = skillhost_author::inspect(&bytes)?;
            println!("{report}");
            if !report.matches() {
                bail!(
                    "{} does not implement a2a:skill@0.1.0/plugin",
                    file.display()
                );
            }
        }
    }
    Ok(())
}

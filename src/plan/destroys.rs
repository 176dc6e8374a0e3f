//! What a destroying change loses, as a value: the add-on, its plan,
//! whether its data goes with it, and where else it is attached. The
//! planner fills it, the renderer and the consent dialogue read it; nothing
//! parses its sentence back. Pure.

use crate::live::Elsewhere;

/// An add-on a change destroys: which, on which plan, and whether data is
/// lost with it. Shown as `destroys postgresql-curved-1 (heroku-postgresql:
/// essential-0) and all its data`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destroys {
    /// The add-on's global name (what the person types back).
    pub addon: String,
    /// Its Heroku plan, `service:plan`.
    pub addon_plan: String,
    /// Whether its data is lost with it (a data service that was provisioned).
    pub loses_data: bool,
    /// Its attachments on other apps, which go with it: destroying it needs
    /// the person's yes to detach it from them.
    pub also_attached: Vec<Elsewhere>,
}

impl std::fmt::Display for Destroys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "destroys {} ({})", self.addon, self.addon_plan)?;
        if self.loses_data {
            f.write_str(" and all its data")?;
        }
        if !self.also_attached.is_empty() {
            write!(f, "; also attached to {}", self.others())?;
        }
        Ok(())
    }
}

impl Destroys {
    /// The other apps it is attached to: `billing-worker as DATABASE, ...`.
    pub fn others(&self) -> String {
        let others: Vec<String> = self.also_attached.iter().map(ToString::to_string).collect();
        others.join(", ")
    }
}

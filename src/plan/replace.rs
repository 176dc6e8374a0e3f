//! Replacing an add-on without ever leaving the app without it.
//!
//! The new add-on is created first, under a temporary attachment name, and
//! awaited until it is provisioned; then the attachment name (`DATABASE`) is
//! moved to it (`POST /addon-attachments` with `confirm`), and only then is the
//! old add-on destroyed and the temporary name dropped. Should any step before
//! the destroy fail, the old add-on is still there and still attached as
//! before. Heroku never lets an add-on lose its last attachment, so an old
//! add-on with only the one name on the app is first given a second one (it
//! is "parked") for the name to be moved off it. Pure: steps as data.

use std::collections::BTreeMap;

use super::{AddonRef, Step};
use crate::live::LiveAddon;
use crate::secret::Text;

/// The temporary attachment name a replacement of `attachment` is created
/// under (`DATABASE_HEROIN_NEW`).
pub fn temporary(attachment: &str) -> String {
    format!("{attachment}_HEROIN_NEW")
}

/// The second attachment name an old add-on is given so that `attachment`
/// can be moved off it (`DATABASE_HEROIN_OLD`).
pub fn parking(attachment: &str) -> String {
    format!("{attachment}_HEROIN_OLD")
}

/// What takes over the attachment name.
pub enum Incoming<'a> {
    /// A new add-on of this plan, with these provisioning options.
    Create {
        /// `service:plan`.
        addon_plan: &'a str,
        /// Provisioning options.
        config: BTreeMap<String, Text>,
    },
    /// An add-on that exists, as `billing-app::ATTACHMENT`: another app's
    /// (an `attach` entry), or the one an interrupted replacement created.
    Existing(AddonRef),
}

/// The steps that give attachment name `attachment` on `app` to `incoming`
/// instead of `old`, in order: create (under the temporary name), park the
/// old add-on if the name is its only one here, move the name, destroy the
/// old add-on when the app pays for it (else it just loses the name), and
/// drop the temporary name.
pub fn replacement(app: &str, attachment: &str, old: &LiveAddon, incoming: Incoming) -> Vec<Step> {
    let mut steps = Vec::new();
    let temporary = temporary(attachment);
    let (target, created) = match incoming {
        Incoming::Create { addon_plan, config } => {
            steps.push(Step::CreateAddon {
                app: app.to_string(),
                addon_plan: addon_plan.to_string(),
                attachment: temporary.clone(),
                config,
            });
            (AddonRef::attached(app, &temporary), true)
        }
        Incoming::Existing(addon) => {
            let ours = addon == AddonRef::attached(app, &temporary);
            (addon, ours)
        }
    };
    let billed_here = old.billing_app == app;
    if billed_here && old.attachments.len() == 1 {
        steps.push(Step::Attach {
            app: app.to_string(),
            addon: AddonRef::Name(old.name.clone()),
            attachment: parking(attachment),
        });
    }
    steps.push(Step::MoveAttachment {
        app: app.to_string(),
        addon: target,
        attachment: attachment.to_string(),
    });
    if billed_here {
        steps.push(Step::DestroyReplaced {
            app: app.to_string(),
            addon: AddonRef::Name(old.name.clone()),
            attachment: attachment.to_string(),
            shared: !old.elsewhere.is_empty(),
        });
    }
    if created {
        steps.push(Step::DetachTemporary {
            app: app.to_string(),
            attachment: temporary,
        });
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old(attachments: &[&str], billing_app: &str) -> LiveAddon {
        LiveAddon {
            name: "postgresql-old-1".into(),
            service: "heroku-postgresql".into(),
            addon_plan: "heroku-postgresql:essential-0".into(),
            billing_app: billing_app.into(),
            attachments: attachments.iter().map(|a| a.to_string()).collect(),
            state: crate::live::AddonState::Provisioned,
            ..LiveAddon::default()
        }
    }

    #[test]
    fn the_new_add_on_comes_first_and_the_old_one_goes_last() {
        let create = Incoming::Create {
            addon_plan: "heroku-postgresql:standard-0",
            config: BTreeMap::new(),
        };
        let steps = replacement("shop", "DATABASE", &old(&["DATABASE"], "shop"), create);
        let create = Step::CreateAddon {
            app: "shop".into(),
            addon_plan: "heroku-postgresql:standard-0".into(),
            attachment: "DATABASE_HEROIN_NEW".into(),
            config: BTreeMap::new(),
        };
        let park = Step::Attach {
            app: "shop".into(),
            addon: crate::plan::AddonRef::Name("postgresql-old-1".into()),
            attachment: "DATABASE_HEROIN_OLD".into(),
        };
        let move_ = Step::MoveAttachment {
            app: "shop".into(),
            addon: crate::plan::AddonRef::attached("shop", "DATABASE_HEROIN_NEW"),
            attachment: "DATABASE".into(),
        };
        let destroy = Step::DestroyReplaced {
            app: "shop".into(),
            addon: crate::plan::AddonRef::Name("postgresql-old-1".into()),
            attachment: "DATABASE".into(),
            shared: false,
        };
        let drop = Step::DetachTemporary {
            app: "shop".into(),
            attachment: "DATABASE_HEROIN_NEW".into(),
        };
        assert_eq!(
            steps,
            [create, park, move_.clone(), destroy.clone(), drop.clone()]
        );
        // A second name already: no parking. Another app's add-on: only the
        // name moves, nothing is destroyed.
        let again = Incoming::Existing(AddonRef::attached("shop", "DATABASE_HEROIN_NEW"));
        let steps = replacement(
            "shop",
            "DATABASE",
            &old(&["DATABASE", "HEROKU_POSTGRESQL_RED"], "shop"),
            again,
        );
        assert_eq!(steps, [move_.clone(), destroy, drop]);
        let shared = Incoming::Existing(AddonRef::attached("shop", "DATABASE_HEROIN_NEW"));
        let steps = replacement("shop", "DATABASE", &old(&["DATABASE"], "hub"), shared);
        assert_eq!(steps[0], move_);
        assert_eq!(steps.len(), 2, "{steps:?}");
    }
}

//! Failures a test injects into the add-on lifecycle ([`AddonFaults`]): a
//! start option of the simulator that the core holds and the add-on routes
//! read. A leaf: plain data.

/// Failures injected into the add-on lifecycle, each by service or name, so
/// that a test can make one step of a replacement fail and leave the rest.
#[derive(Clone, Debug, Default)]
pub struct AddonFaults {
    /// Services whose add-on creation the provider refuses (422).
    pub refuse_create: Vec<String>,
    /// Services whose new add-ons fail to provision: `provisioning` for
    /// `provision_ms` (at least 1 ms), then `deprovisioned`, as Heroku shows a
    /// provider that gave up.
    pub fail_provisioning: Vec<String>,
    /// Attachment names that `POST /addon-attachments` refuses (422), moves
    /// of a taken name included.
    pub refuse_attach: Vec<String>,
    /// Services whose add-ons cannot be destroyed (422).
    pub refuse_destroy: Vec<String>,
}

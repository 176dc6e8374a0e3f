//! The state of telemetry drains and SNI endpoints (see `state`).

use serde::{Deserialize, Serialize};

/// A telemetry drain of a Fir-generation app.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TelemetryDrain {
    /// UUID.
    pub id: String,
    /// The owning app's id.
    pub app_id: String,
    /// `traces`, `metrics`, `logs`, in the order given.
    pub signals: Vec<String>,
    /// `otlphttp` or `otlp`.
    pub exporter_type: String,
    /// The consumer's URI.
    pub endpoint: String,
    /// Headers sent to the consumer.
    pub headers: serde_json::Map<String, serde_json::Value>,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}

/// An SNI endpoint: a certificate chain and its key on an app.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SniEndpoint {
    /// UUID (derived from the name, as domains refer to it).
    pub id: String,
    /// Heroku's name for it.
    pub name: String,
    /// The app's id.
    pub app_id: String,
    /// The PEM chain, as given.
    pub chain: String,
    /// The PEM private key: accepted, never returned.
    pub key: String,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}
